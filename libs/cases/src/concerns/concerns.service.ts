import { Injectable } from '@nestjs/common';
import { type CaseView, type NoticeRequest, type RaiseConcern } from '@vigil/contracts';
import { CaseLinkRepository, CaseRepository } from '@vigil/persistence';
import type { RequestContext } from '../case-access.service';
import { CaseCreation } from '../engine/case-creation.service';
import { CaseEngine, type OpenedTask } from '../engine/case-engine.service';
import { ConcernRepository } from './concern.repository';

export interface CreateResult {
  view: CaseView;
  /** False when an earlier request with the same Idempotency-Key created the case. */
  created: boolean;
}

/**
 * The notices a new concern's workflow sends: the triage team, the raiser, the commissioner (masked); for
 * organisational abuse also the head of service (DOMAIN decision 8: it is an early warning in itself).
 */
function raiseNotices(opened: readonly OpenedTask[], organisational: boolean): NoticeRequest[] {
  const triage = opened.find((t) => t.type === 'triage_decision');
  const dueAt = triage?.dueAt ? triage.dueAt.toISOString() : undefined;
  const at = dueAt ? { dueAt } : {};
  return [
    {
      stepKey: 'concern.raised#council',
      template: 'concern.raised.council',
      audience: { kind: 'role', role: 'assignee' },
      ...at,
    },
    {
      stepKey: 'concern.raised#raiser',
      template: 'concern.raised.raiser',
      audience: { kind: 'raiser' },
      ...at,
    },
    {
      stepKey: 'concern.raised#commissioner',
      template: 'concern.raised.commissioner',
      audience: { kind: 'role', role: 'commissioner' },
    },
    ...(organisational
      ? [
          {
            stepKey: 'concern.raised#head_of_service',
            template: 'case.opened',
            audience: { kind: 'role', role: 'head_of_service' },
            caseType: 'concern',
          } satisfies NoticeRequest,
        ]
      : []),
  ];
}

/** Raising a safeguarding concern (DOMAIN §4.1); what it does next is its task handlers'. */
@Injectable()
export class ConcernsService {
  constructor(
    private readonly engine: CaseEngine,
    private readonly cases: CaseRepository,
    private readonly concerns: ConcernRepository,
    private readonly creation: CaseCreation,
    private readonly links: CaseLinkRepository,
  ) {}

  /**
   * One transaction stores the case, its tasks and clocks, the timeline entry, the workflow start request,
   * the idempotency record and the audit event. The start is delivered after commit (without waiting); if
   * that fails (crash, Temporal down) the worker's relay delivers it, so no concern is left without a clock.
   */
  async raise(
    ctx: RequestContext,
    rawBody: unknown,
    input: RaiseConcern,
    idempotencyKey: string,
  ): Promise<CreateResult> {
    const { principal } = ctx;
    await this.creation.requireRole(
      ctx,
      'concern.raise',
      'Only provider staff and safeguarding leads can raise a concern here',
      { providersOnly: true },
    );
    return this.creation.create(ctx, idempotencyKey, rawBody, async (em, store) => {
      const now = new Date();
      await this.creation.checkLinked(em, principal, input.linkedCaseId, principal.organisationId);
      return this.engine.open(em, ctx, {
        type: 'concern',
        providerId: principal.organisationId,
        councilId: principal.councilId,
        teamId: await this.cases.defaultTeam(em, principal.councilId),
        facts: { immediateRisk: input.immediateRisk },
        tasks: [{ type: 'triage_decision' }, { type: 'care_plan_review' }],
        details: async (tx, caseId) => {
          await this.concerns.insert(tx, caseId, input, now);
          if (input.linkedCaseId) await this.links.link(tx, caseId, input.linkedCaseId, now);
        },
        timeline: {
          kind: 'concern.raised',
          details: { category: input.category, immediateRisk: input.immediateRisk },
        },
        notices: (opened) => raiseNotices(opened, input.category === 'organisational'),
        beforeAudit: store,
      });
    });
  }
}
