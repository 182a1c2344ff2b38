import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  NotificationTriggerTiers,
  type CaseView,
  type NoticeRequest,
  type NotificationTrigger,
  type RecordNotification,
} from '@vigil/contracts';
import { VigilError } from '@vigil/domain';
import { CaseLinkRepository, CaseRepository } from '@vigil/persistence';
import type { RequestContext } from '../case-access.service';
import { CaseEngine } from '../engine/case-engine.service';
import { CaseCreation } from '../engine/case-creation.service';
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
  /** When it was sent; now unless the caller already judged its window at an instant. */
  sentAt?: Date;
}

/**
 * Notifications to the commissioner (DOMAIN §4.6): recorded by a provider lead, or raised by another case's
 * event (an enquiry opening is a safeguarding investigation, trigger 9). Its window is its tier's clock from
 * when the provider became aware; one recorded after it is `sent_late` and needs a reason.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly creation: CaseCreation,
    private readonly engine: CaseEngine,
    private readonly cases: CaseRepository,
    private readonly notifications: NotificationRepository,
    private readonly links: CaseLinkRepository,
    private readonly policy: TimescalePolicyService,
  ) {}

  /** The end of a notice's window and whether `sentAt` is past it. */
  window(trigger: NotificationTrigger, awareAt: Date, sentAt: Date): { dueAt: Date; late: boolean } {
    const [planned] = this.policy.plan([NotificationTriggerTiers[trigger]], awareAt);
    return { dueAt: planned.dueAt, late: sentAt.getTime() > planned.dueAt.getTime() };
  }

  async record(
    ctx: RequestContext,
    rawBody: unknown,
    input: RecordNotification,
    idempotencyKey: string,
  ): Promise<{ view: CaseView; created: boolean }> {
    const { principal } = ctx;
    await this.creation.requireRole(
      ctx,
      'notification.record',
      'Only a provider’s safeguarding lead can send a notification to the commissioner',
      { providersOnly: true },
    );
    return this.creation.create(ctx, idempotencyKey, rawBody, async (em, store) => {
      await this.creation.checkLinked(em, principal, input.linkedCaseId, principal.organisationId);
      const occurredAt = new Date(input.occurredAt);
      const awareAt = new Date(input.awareAt ?? input.occurredAt);
      // One instant decides both the refusal and the stored lateness, so a notice at the window's edge
      // cannot be stored late without its reason.
      const sentAt = new Date();
      const { late } = this.window(input.trigger, awareAt, sentAt);
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
          sentAt,
        },
        store,
      );
    });
  }

  /** Opens one in the caller's transaction (a provider's, or one another case's event raises). */
  async open(
    em: EntityManager,
    ctx: RequestContext,
    spec: NotificationSpec,
    beforeAudit?: (caseId: string) => Promise<void>,
  ): Promise<{ caseId: string; reference: string; commandIds: string[] }> {
    const sentAt = spec.sentAt ?? new Date();
    const { dueAt, late } = this.window(spec.trigger, spec.awareAt, sentAt);
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
          // A reason is kept only for a notice past its window.
          lateReason: late ? spec.lateReason : null,
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
