import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { CaseView, NoticeRequest, NotificationTrigger, RecordNotification } from '@vigil/contracts';
import { canSeeCase, forbidden, roleMay, VigilError } from '@vigil/domain';
import { CaseLinkRepository, CaseRepository } from '@vigil/persistence';
import { CaseAccess, type RequestContext } from '../case-access.service';
import { CaseEngine } from '../engine/case-engine.service';
import { CaseViews } from '../engine/case-views.service';
import { CommandDelivery } from '../engine/command-delivery.service';
import { IdempotentCreates } from '../idempotency';
import { TimescalePolicyService } from '../timescale-policy.service';
import { NotificationRepository } from './notification.repository';

/** The commissioner is told at once, by reference and link only. */
const toCommissioner = (): NoticeRequest[] => [
  {
    stepKey: 'notification.recorded#commissioner',
    template: 'case.opened',
    audience: { kind: 'role', role: 'commissioner' },
    caseType: 'notification',
  },
];

export interface NotificationSpec {
  trigger: NotificationTrigger;
  occurredAt: Date;
  awareAt: Date;
  summary: string;
  lateReason: string | null;
  providerId: string;
  councilId: string;
  teamId: string | null;
  linkedCaseId?: string;
}

/**
 * Notifications to the commissioner (DOMAIN §4.6): recorded by a provider lead, or raised by another case's
 * event (an enquiry opening is a safeguarding investigation, trigger 9). Its window is `notice.prompt` from
 * when the provider became aware; one recorded after it is `sent_late` and needs a reason.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly access: CaseAccess,
    private readonly engine: CaseEngine,
    private readonly cases: CaseRepository,
    private readonly notifications: NotificationRepository,
    private readonly links: CaseLinkRepository,
    private readonly idempotent: IdempotentCreates,
    private readonly views: CaseViews,
    private readonly delivery: CommandDelivery,
    private readonly policy: TimescalePolicyService,
  ) {}

  /** The end of a notice's window and whether `sentAt` is past it. */
  window(awareAt: Date, sentAt: Date): { dueAt: Date; late: boolean } {
    const [planned] = this.policy.plan(['notice.prompt'], awareAt);
    return { dueAt: planned.dueAt, late: sentAt.getTime() > planned.dueAt.getTime() };
  }

  async record(
    ctx: RequestContext,
    rawBody: unknown,
    input: RecordNotification,
    idempotencyKey: string,
  ): Promise<{ view: CaseView; created: boolean }> {
    const { principal } = ctx;
    if (!roleMay(principal.role, 'notification.record') || principal.organisationKind !== 'provider') {
      await this.access.refuse(ctx, null, 'notification.record', 'forbidden');
      throw forbidden('Only a provider’s safeguarding lead can send a notification to the commissioner');
    }
    const outcome = await this.idempotent.create(ctx, idempotencyKey, rawBody, async (em, store) => {
      if (input.linkedCaseId) {
        const linked = await this.cases.core(em, input.linkedCaseId);
        if (!linked || !canSeeCase(principal, linked) || linked.providerId !== principal.organisationId) {
          throw new VigilError('validation', 'Check the fields listed in errors', [
            { pointer: '#/linkedCaseId', detail: 'There is no case about your organisation with that ID' },
          ]);
        }
      }
      const occurredAt = new Date(input.occurredAt);
      const awareAt = new Date(input.awareAt ?? input.occurredAt);
      const { late } = this.window(awareAt, new Date());
      if (late && !input.lateReason) {
        throw new VigilError('validation', 'Check the fields listed in errors', [
          {
            pointer: '#/lateReason',
            detail: 'This notification is past its window: say why it was not sent sooner',
          },
        ]);
      }
      return this.open(
        em,
        ctx,
        {
          trigger: input.trigger,
          occurredAt,
          awareAt,
          summary: input.summary,
          lateReason: late ? (input.lateReason ?? null) : null,
          providerId: principal.organisationId,
          councilId: principal.councilId,
          teamId: principal.teamId ?? (await this.cases.defaultTeam(em, principal.councilId)),
          linkedCaseId: input.linkedCaseId,
        },
        store,
      );
    });
    this.delivery.deliverInBackground(outcome.commandIds, principal);
    const view = await this.access.transaction(ctx, async (em) => {
      if (!outcome.created) {
        await this.access.record(em, ctx, 'case.viewed', outcome.caseId, { via: 'idempotent_replay' });
      }
      return this.views.load(em, outcome.caseId, principal);
    });
    return { view, created: outcome.created };
  }

  /** Opens one in the caller's transaction (a provider's, or one another case's event raises). */
  async open(
    em: EntityManager,
    ctx: RequestContext,
    spec: NotificationSpec,
    beforeAudit?: (caseId: string) => Promise<void>,
  ): Promise<{ caseId: string; reference: string; commandIds: string[] }> {
    const sentAt = new Date();
    const { dueAt, late } = this.window(spec.awareAt, sentAt);
    return this.engine.open(em, ctx, {
      type: 'notification',
      status: late ? 'sent_late' : 'sent',
      providerId: spec.providerId,
      councilId: spec.councilId,
      teamId: spec.teamId,
      facts: {},
      tasks: [{ type: 'acknowledge_notification' }],
      details: async (tx, caseId) => {
        await this.notifications.insert(tx, caseId, {
          trigger: spec.trigger,
          occurredAt: spec.occurredAt,
          awareAt: spec.awareAt,
          dueAt,
          sentAt,
          late,
          lateReason: spec.lateReason,
          summary: spec.summary,
        });
        if (spec.linkedCaseId) await this.links.link(tx, caseId, spec.linkedCaseId, sentAt);
      },
      timeline: { kind: 'notification.recorded', details: { trigger: spec.trigger, late } },
      notices: toCommissioner,
      beforeAudit,
    });
  }
}
