import { Injectable } from '@nestjs/common';
import {
  ConfirmSuspensionSchema,
  LadoReferralSchema,
  LiftSuspensionSchema,
  RecordEmploymentOutcomeSchema,
  ReferralDecisionSchema,
  RemovalOutcomes,
  SuspensionReviewSchema,
  type CaseOutcome,
  type TaskType,
} from '@vigil/contracts';
import type { TaskRow } from '@vigil/persistence';
import type { CaseChange } from '../engine/case-change';
import type { CloseHandler, CloseHandlerSet, TaskHandler, TaskHandlerSet } from '../engine/task-handler';
import { AllegationRepository } from './allegation.repository';

type Input<S> = S extends { safeParse(v: unknown): { success: true; data: infer T } | { success: false } }
  ? T
  : never;

function done(task: TaskRow, event: string, extra: Record<string, unknown> = {}): CaseChange {
  const details = { taskType: task.type, taskId: task.id, ...extra };
  return {
    event,
    timeline: { kind: 'task.completed', details },
    audit: { action: 'task.completed', details },
  };
}

/** How an allegation's duties complete (DOMAIN §4.3); each decision is kept on the allegation. */
@Injectable()
export class AllegationTasks implements TaskHandlerSet, CloseHandlerSet {
  constructor(private readonly allegations: AllegationRepository) {}

  readonly handlers = {
    /** The provider confirms the suspension: the commissioner's review and lift open with it. */
    confirm_suspension: {
      schema: ConfirmSuspensionSchema,
      complete: async (em, _ctx, c, task, input) => {
        await this.allegations.update(em, c.id, { suspendedAt: input.suspendedAt });
        return {
          ...done(task, 'confirm_suspension'),
          openTasks: [{ type: 'suspension_review' }, { type: 'lift_suspension' }],
        };
      },
    } satisfies TaskHandler<Input<typeof ConfirmSuspensionSchema>>,

    lado_referral: {
      schema: LadoReferralSchema,
      complete: async (em, _ctx, c, task, input) => {
        await this.allegations.update(em, c.id, { ladoDecision: input.decision });
        return done(task, 'lado_referral', { decision: input.decision });
      },
    } satisfies TaskHandler<Input<typeof LadoReferralSchema>>,

    /**
     * Dismissal, resignation, retirement or removal starts the DBS referral decision (SVGA s35, DOMAIN
     * decision 5); someone who has left is no longer suspended, so the commissioner's review and lift end.
     */
    record_employment_outcome: {
      schema: RecordEmploymentOutcomeSchema,
      complete: async (em, _ctx, c, task, input) => {
        await this.allegations.update(em, c.id, { employmentOutcome: input.outcome });
        const removed = RemovalOutcomes.includes(input.outcome);
        const left = removed && c.status === 'suspension_in_place';
        return {
          ...done(task, left ? 'record_employment_outcome:left' : 'record_employment_outcome', {
            outcome: input.outcome,
          }),
          ...(removed ? { openTasks: [{ type: 'dbs_referral_decision' as const }] } : {}),
          ...(removed ? { cancelTasks: ['suspension_review', 'lift_suspension'] as TaskType[] } : {}),
        };
      },
    } satisfies TaskHandler<Input<typeof RecordEmploymentOutcomeSchema>>,

    dbs_referral_decision: {
      schema: ReferralDecisionSchema,
      complete: async (_em, _ctx, _c, task, input) =>
        done(task, 'dbs_referral_decision', { decision: input.decision }),
    } satisfies TaskHandler<Input<typeof ReferralDecisionSchema>>,

    regulator_referral_decision: {
      schema: ReferralDecisionSchema,
      complete: async (_em, _ctx, _c, task, input) =>
        done(task, 'regulator_referral_decision', { decision: input.decision }),
    } satisfies TaskHandler<Input<typeof ReferralDecisionSchema>>,

    /** The suspension continues: the next review opens on `allegation.suspension_review`. */
    suspension_review: {
      schema: SuspensionReviewSchema,
      complete: async (_em, _ctx, _c, task) => ({
        ...done(task, 'suspension_review'),
        openTasks: [{ type: 'suspension_review' }],
      }),
    } satisfies TaskHandler<Input<typeof SuspensionReviewSchema>>,

    /** Only the commissioner lifts it, with a rationale ("resolved to the satisfaction of the Commissioner"). */
    lift_suspension: {
      schema: LiftSuspensionSchema,
      complete: async (em, _ctx, c, task, input) => {
        await this.allegations.update(em, c.id, {
          suspensionLiftedAt: new Date(),
          liftRationale: input.rationale,
        });
        return { ...done(task, 'lift_suspension'), cancelTasks: ['suspension_review'] };
      },
    } satisfies TaskHandler<Input<typeof LiftSuspensionSchema>>,
  };

  readonly closers = {
    allegation: {
      close: async (em, _ctx, c, input) => {
        await this.allegations.update(em, c.id, {
          outcome: input.outcome,
          closingRationale: input.rationale,
        });
        return {
          event: 'close',
          timeline: { kind: 'case.closed_with_outcome', details: { outcome: input.outcome } },
          audit: { action: 'case.transitioned', details: { event: 'close', outcome: input.outcome } },
          outcome: input.outcome as CaseOutcome,
        };
      },
    } satisfies CloseHandler,
  };
}
