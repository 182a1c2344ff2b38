import { Injectable } from '@nestjs/common';
import {
  CarePlanReviewSchema,
  CompleteTriageTaskSchema,
  isUuid,
  MergeConcernSchema,
  WithdrawConcernSchema,
  type CarePlanReview,
  type CompleteTriageTask,
} from '@vigil/contracts';
import { canSeeCase, VigilError } from '@vigil/domain';
import { CaseLinkRepository, CaseRepository } from '@vigil/persistence';
import { randomUUID } from 'node:crypto';
import type {
  TaskHandler,
  TaskHandlerSet,
  TransitionHandler,
  TransitionHandlerSet,
} from '../engine/task-handler';
import { EnquiryOpener } from '../enquiries/enquiry-opener.service';
import { ConcernRepository } from './concern.repository';

/** How a concern's tasks complete (DOMAIN §4.1): the triage decision and the provider's care-plan review. */
@Injectable()
export class ConcernTasks implements TaskHandlerSet {
  constructor(
    private readonly concerns: ConcernRepository,
    private readonly enquiries: EnquiryOpener,
  ) {}

  readonly handlers = {
    /**
     * Records the decision with its rationale; `section_42_enquiry` opens the linked enquiry in the same
     * transaction (its own case and workflow), and the concern stays open until that enquiry closes.
     */
    triage_decision: {
      schema: CompleteTriageTaskSchema,
      complete: async (em, ctx, c, task, input) => {
        await this.concerns.recordDecision(em, c.id, input, ctx.principal.userId, new Date());
        const enquiry =
          input.decision === 'section_42_enquiry'
            ? await this.enquiries.openFromConcern(em, ctx, c, await this.concerns.forEnquiry(em, c.id))
            : null;
        return {
          event: `triage_decision:${input.decision}`,
          timeline: {
            kind: 'concern.triaged',
            id: randomUUID(),
            details: {
              decision: input.decision,
              taskId: task.id,
              ...(enquiry ? { enquiryId: enquiry.caseId } : {}),
            },
          },
          audit: { action: 'case.triaged', details: { decision: input.decision, taskId: task.id } },
          ...(input.decision === 'section_42_enquiry' ? {} : { outcome: input.decision }),
          commandIds: enquiry?.commandIds ?? [],
        };
      },
    } satisfies TaskHandler<CompleteTriageTask>,

    care_plan_review: {
      schema: CarePlanReviewSchema,
      complete: async (_em, _ctx, _c, task, input) => ({
        event: 'care_plan_review',
        timeline: {
          kind: 'task.completed',
          details: { taskType: task.type, taskId: task.id, reviewed: 'reviewedOn' in input },
        },
        audit: { action: 'task.completed', details: { taskType: task.type, taskId: task.id } },
      }),
    } satisfies TaskHandler<CarePlanReview>,
  };
}

/** A team manager withdraws a concern, or merges it into another case, with a reason (DOMAIN §4.1). */
@Injectable()
export class ConcernTransitions implements TransitionHandlerSet {
  constructor(
    private readonly concerns: ConcernRepository,
    private readonly cases: CaseRepository,
    private readonly links: CaseLinkRepository,
  ) {}

  readonly transitions = {
    'concern:withdraw': {
      schema: WithdrawConcernSchema,
      apply: async (em, _ctx, c, input) => {
        await this.concerns.recordClosure(em, c.id, 'withdrawn', input.reason);
        return {
          event: 'withdraw',
          timeline: { kind: 'concern.withdrawn' },
          audit: { action: 'case.transitioned', details: { event: 'withdraw' } },
          cancelTasks: ['triage_decision', 'care_plan_review'],
          outcome: 'withdrawn',
        };
      },
    } satisfies TransitionHandler<{ reason: string }>,

    'concern:merge': {
      schema: MergeConcernSchema,
      apply: async (em, ctx, c, input) => {
        const into = isUuid(input.intoCaseId) ? await this.cases.core(em, input.intoCaseId) : null;
        if (!into || into.id === c.id || !canSeeCase(ctx.principal, into)) {
          throw new VigilError('validation', 'Check the fields listed in errors', [
            { pointer: '#/intoCaseId', detail: 'Give the ID of another case you can see' },
          ]);
        }
        await this.concerns.recordClosure(em, c.id, 'merged', input.reason);
        await this.links.link(em, c.id, into.id, new Date());
        return {
          event: 'merge',
          timeline: { kind: 'concern.merged', details: { intoCaseId: into.id } },
          audit: { action: 'case.transitioned', details: { event: 'merge', intoCaseId: into.id } },
          cancelTasks: ['triage_decision', 'care_plan_review'],
          outcome: 'merged',
        };
      },
    } satisfies TransitionHandler<{ reason: string; intoCaseId: string }>,
  };
}
