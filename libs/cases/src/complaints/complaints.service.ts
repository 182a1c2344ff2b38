import { Injectable } from '@nestjs/common';
import { type CaseView, type RecordComplaint } from '@vigil/contracts';
import { CaseLinkRepository, CaseRepository } from '@vigil/persistence';
import type { RequestContext } from '../case-access.service';
import type { OpenTask } from '../engine/case-change';
import { CaseCreation } from '../engine/case-creation.service';
import { CaseEngine } from '../engine/case-engine.service';
import { ComplaintRepository } from './complaint.repository';

/**
 * Recording a complaint (DOMAIN §4.5): by the provider's lead, about their own service. Acknowledging it and
 * responding start at once; telling the person's social worker too when the complaint affects or prevents
 * their care (the 24-hour notice, Std 15.8). Their clocks run from when it was received.
 */
@Injectable()
export class ComplaintsService {
  constructor(
    private readonly creation: CaseCreation,
    private readonly engine: CaseEngine,
    private readonly cases: CaseRepository,
    private readonly complaints: ComplaintRepository,
    private readonly links: CaseLinkRepository,
  ) {}

  async record(
    ctx: RequestContext,
    rawBody: unknown,
    input: RecordComplaint,
    idempotencyKey: string,
  ): Promise<{ view: CaseView; created: boolean }> {
    const { principal } = ctx;
    await this.creation.requireRole(
      ctx,
      'complaint.record',
      'Only a provider’s safeguarding lead can record a complaint',
      {
        providersOnly: true,
      },
    );
    return this.creation.create(ctx, idempotencyKey, rawBody, async (em, store) => {
      await this.creation.checkLinked(em, principal, input.linkedCaseId, principal.organisationId);
      // Each duty runs from receipt (DOMAIN §4.5), not from when the complaint reached Vigil: one recorded
      // a day late has a day less, or is already overdue.
      const from = new Date(input.receivedAt);
      const tasks: OpenTask[] = [
        { type: 'acknowledge', from },
        ...(input.affectsCare ? [{ type: 'notify_social_worker' as const, from }] : []),
        { type: 'respond', from },
      ];
      return this.engine.open(em, ctx, {
        type: 'complaint',
        providerId: principal.organisationId,
        councilId: principal.councilId,
        teamId: principal.teamId ?? (await this.cases.defaultTeam(em, principal.councilId)),
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
  }
}
