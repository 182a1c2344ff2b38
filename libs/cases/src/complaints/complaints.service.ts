import { Injectable } from '@nestjs/common';
import { type CaseView, type RecordComplaint } from '@vigil/contracts';
import { canSeeCase, forbidden, roleMay, VigilError } from '@vigil/domain';
import { CaseLinkRepository, CaseRepository } from '@vigil/persistence';
import { CaseAccess, type RequestContext } from '../case-access.service';
import { CaseEngine } from '../engine/case-engine.service';
import { CaseViews } from '../engine/case-views.service';
import { CommandDelivery } from '../engine/command-delivery.service';
import type { OpenTask } from '../engine/case-change';
import { IdempotentCreates } from '../idempotency';
import { ComplaintRepository } from './complaint.repository';

/**
 * Recording a complaint (DOMAIN §4.5): by the provider's lead, about their own service. Acknowledging it and
 * responding start at once; telling the person's social worker too when the complaint affects or prevents
 * their care (the 24-hour notice, Std 15.8).
 */
@Injectable()
export class ComplaintsService {
  constructor(
    private readonly access: CaseAccess,
    private readonly engine: CaseEngine,
    private readonly cases: CaseRepository,
    private readonly complaints: ComplaintRepository,
    private readonly links: CaseLinkRepository,
    private readonly idempotent: IdempotentCreates,
    private readonly views: CaseViews,
    private readonly delivery: CommandDelivery,
  ) {}

  async record(
    ctx: RequestContext,
    rawBody: unknown,
    input: RecordComplaint,
    idempotencyKey: string,
  ): Promise<{ view: CaseView; created: boolean }> {
    const { principal } = ctx;
    if (!roleMay(principal.role, 'complaint.record') || principal.organisationKind !== 'provider') {
      await this.access.refuse(ctx, null, 'complaint.record', 'forbidden');
      throw forbidden('Only a provider’s safeguarding lead can record a complaint');
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
      const tasks: OpenTask[] = [
        { type: 'acknowledge' },
        ...(input.affectsCare ? [{ type: 'notify_social_worker' as const }] : []),
        { type: 'respond' },
      ];
      return this.engine.open(em, ctx, {
        type: 'complaint',
        providerId: principal.organisationId,
        councilId: principal.councilId,
        teamId: principal.teamId ?? (await this.cases.defaultTeam(em, principal.councilId)),
        involvesChildren: false,
        facts: {},
        tasks,
        details: async (tx, caseId) => {
          await this.complaints.insert(tx, caseId, input);
          if (input.linkedCaseId) await this.links.link(tx, caseId, input.linkedCaseId, new Date());
        },
        timeline: {
          kind: 'complaint.recorded',
          details: {
            affectsCare: input.affectsCare,
            ...(input.linkedCaseId ? { linkedCaseId: input.linkedCaseId } : {}),
          },
        },
        notices: () => [],
        beforeAudit: store,
      });
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
}
