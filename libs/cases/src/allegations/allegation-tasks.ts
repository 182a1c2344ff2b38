import { Injectable } from '@nestjs/common';
import {
  ConfirmSuspensionSchema,
  DbsActionsNoticeSchema,
  LadoEvaluationSchema,
  LadoReferralSchema,
  LiftSuspensionSchema,
  RecordEmploymentOutcomeSchema,
  ReferralDecisionSchema,
  RemovalOutcomes,
  ResolutionReviewSchema,
  SuspensionReviewSchema,
  type CaseOutcome,
  type TaskType,
} from '@vigil/contracts';
import { conflict, VigilError } from '@vigil/domain';
import { TaskRepository } from '@vigil/persistence';
import type { CaseChange } from '../engine/case-change';
import {
  stepDone,
  type SchemaInput,
  type CloseHandler,
  type CloseHandlerSet,
  type TaskHandler,
  type TaskHandlerSet,
  type TransitionHandler,
  type TransitionHandlerSet,
} from '../engine/task-handler';
import { addLocalMonths, londonDate } from '@vigil/domain/calendar';
import { AllegationRepository } from './allegation.repository';

/** Months after raising at which an unresolved allegation is reviewed (DOMAIN §4.3), then every 3 months. */
const REVIEW_MONTHS = [1, 3, 12] as const;

/** The London date of the review after one due at `dueAt`, for an allegation raised at `raisedAt`. */
export function nextResolutionReview(raisedAt: Date | string, dueAt: Date | string | null): string {
  // Rows read with raw SQL carry timestamps as ISO strings (the ORM's driver settings), typed as Dates.
  const raised = londonDate(new Date(raisedAt));
  const after = londonDate(dueAt ? new Date(dueAt) : new Date());
  const milestone = REVIEW_MONTHS.map((m) => addLocalMonths(raised, m)).find((d) => d > after);
  return milestone ?? addLocalMonths(after, 3);
}

/** Statuses in which the person is suspended, or is still to be: a removal ends that. */
const SUSPENSION_OWED: readonly string[] = ['open', 'suspension_in_place'];

/**
 * What recording an employment outcome does besides storing it (DOMAIN §4.3, SVGA s35): a removal
 * (dismissal, resignation, retirement, removal from regulated activity) starts the DBS referral decision,
 * unless one was already started, and ends the suspension: someone who has left is no longer suspended, nor
 * to be, so the confirmation still owed, the commissioner's review and the lift end with it.
 */
export function employmentOutcomeEffects(
  status: string,
  outcome: string,
  dbsStarted: boolean,
): { left: boolean } & Pick<CaseChange, 'openTasks' | 'cancelTasks'> {
  if (!RemovalOutcomes.includes(outcome)) return { left: false };
  return {
    left: SUSPENSION_OWED.includes(status),
    ...(dbsStarted ? {} : { openTasks: [{ type: 'dbs_referral_decision' as const }] }),
    cancelTasks: ['confirm_suspension', 'suspension_review', 'lift_suspension'] as TaskType[],
  };
}

/** How an allegation's duties complete (DOMAIN §4.3); each decision is kept on the allegation. */
@Injectable()
export class AllegationTasks implements TaskHandlerSet, CloseHandlerSet, TransitionHandlerSet {
  constructor(
    private readonly allegations: AllegationRepository,
    private readonly tasks: TaskRepository,
  ) {}

  readonly handlers = {
    /** The provider confirms the suspension: the commissioner's review and lift open with it. */
    confirm_suspension: {
      schema: ConfirmSuspensionSchema,
      complete: async (em, _ctx, c, task, input) => {
        await this.allegations.update(em, c.id, { suspendedAt: input.suspendedAt });
        return {
          ...stepDone(task, 'confirm_suspension'),
          openTasks: [{ type: 'suspension_review' }, { type: 'lift_suspension' }],
        };
      },
    } satisfies TaskHandler<SchemaInput<typeof ConfirmSuspensionSchema>>,

    lado_referral: {
      schema: LadoReferralSchema,
      complete: async (em, _ctx, c, task, input) => {
        await this.allegations.update(em, c.id, { ladoDecision: input.decision });
        return {
          ...stepDone(task, 'lado_referral', { decision: input.decision }),
          // The threshold met: the LADO convenes an evaluation meeting (allegation.lado_evaluation).
          ...(input.decision === 'threshold_met'
            ? { openTasks: [{ type: 'lado_evaluation' as const }] }
            : {}),
        };
      },
    } satisfies TaskHandler<SchemaInput<typeof LadoReferralSchema>>,

    /** The evaluation meeting held: when, and what follows it; on the timeline, the words stay out. */
    lado_evaluation: {
      schema: LadoEvaluationSchema,
      complete: async (_em, _ctx, _c, task, input) =>
        stepDone(task, 'lado_evaluation', { heldOn: input.heldOn, nextStep: input.nextStep }),
    } satisfies TaskHandler<SchemaInput<typeof LadoEvaluationSchema>>,

    /**
     * Dismissal, resignation, retirement or removal starts the DBS referral decision (SVGA s35, DOMAIN
     * decision 5) and ends the suspension, even one not yet confirmed (see `employmentOutcomeEffects`).
     */
    record_employment_outcome: {
      schema: RecordEmploymentOutcomeSchema,
      complete: async (em, _ctx, c, task, input) => {
        await this.allegations.update(em, c.id, { employmentOutcome: input.outcome });
        const { left, ...effects } = employmentOutcomeEffects(c.status, input.outcome, false);
        return {
          ...stepDone(task, left ? 'record_employment_outcome:left' : 'record_employment_outcome', {
            outcome: input.outcome,
          }),
          ...effects,
        };
      },
    } satisfies TaskHandler<SchemaInput<typeof RecordEmploymentOutcomeSchema>>,

    /** A referral made opens the notice of the actions taken, owed to the council (specs/003 §7.16). */
    dbs_referral_decision: {
      schema: ReferralDecisionSchema,
      complete: async (_em, _ctx, _c, task, input) => ({
        ...stepDone(task, 'dbs_referral_decision', { decision: input.decision }),
        ...(input.decision === 'referred' ? { openTasks: [{ type: 'dbs_actions_notice' as const }] } : {}),
      }),
    } satisfies TaskHandler<SchemaInput<typeof ReferralDecisionSchema>>,

    /** The written details reach the council through Vigil (kept with the task); the commissioner is told. */
    dbs_actions_notice: {
      schema: DbsActionsNoticeSchema,
      complete: async (_em, _ctx, _c, task, input) => ({
        ...stepDone(task, 'dbs_actions_notice', { sentOn: input.sentOn }),
        notices: [
          {
            stepKey: `allegation.dbs_actions_notice#${task.id}`,
            template: 'case.updated',
            audience: { kind: 'role', role: 'commissioner' },
            caseType: 'allegation',
          },
        ],
      }),
    } satisfies TaskHandler<SchemaInput<typeof DbsActionsNoticeSchema>>,

    regulator_referral_decision: {
      schema: ReferralDecisionSchema,
      complete: async (_em, _ctx, _c, task, input) =>
        stepDone(task, 'regulator_referral_decision', { decision: input.decision }),
    } satisfies TaskHandler<SchemaInput<typeof ReferralDecisionSchema>>,

    /** The suspension continues: the next review opens on `allegation.suspension_review`. */
    suspension_review: {
      schema: SuspensionReviewSchema,
      complete: async (_em, _ctx, _c, task) => ({
        ...stepDone(task, 'suspension_review'),
        openTasks: [{ type: 'suspension_review' }],
      }),
    } satisfies TaskHandler<SchemaInput<typeof SuspensionReviewSchema>>,

    /**
     * Still unresolved: what it waits for, on the timeline; the next review falls due at the next of 1, 3 and
     * 12 months from raising after this one's due date, then every 3 months.
     */
    resolution_review: {
      schema: ResolutionReviewSchema,
      complete: async (_em, _ctx, c, task, input) => ({
        ...stepDone(task, 'resolution_review', { waitingFor: input.waitingFor }),
        openTasks: [{ type: 'resolution_review', dueOn: nextResolutionReview(c.createdAt, task.dueAt) }],
      }),
    } satisfies TaskHandler<SchemaInput<typeof ResolutionReviewSchema>>,

    /** Only the commissioner lifts it, with a rationale ("resolved to the satisfaction of the Commissioner"). */
    lift_suspension: {
      schema: LiftSuspensionSchema,
      complete: async (em, _ctx, c, task, input) => {
        await this.allegations.update(em, c.id, {
          suspensionLiftedAt: new Date(),
          liftRationale: input.rationale,
        });
        return { ...stepDone(task, 'lift_suspension'), cancelTasks: ['suspension_review'] };
      },
    } satisfies TaskHandler<SchemaInput<typeof LiftSuspensionSchema>>,
  };

  readonly transitions = {
    /**
     * The employment outcome changed after it was recorded (kept in post, then resigned): a new entry on the
     * timeline, the stored outcome replaced, and the same effects as the task, except that the DBS referral
     * decision is started once only, however often the outcome changes.
     */
    'allegation:change_employment_outcome': {
      schema: RecordEmploymentOutcomeSchema,
      apply: async (em, _ctx, c, input) => {
        const tasks = await this.tasks.forCase(em, c.id, false);
        const recorded = tasks.filter((t) => t.type === 'record_employment_outcome');
        if (!recorded.some((t) => t.status === 'completed') || recorded.some((t) => t.status === 'open')) {
          throw conflict('Record the employment outcome first; a change can follow it');
        }
        const previous = await this.allegations.employmentOutcome(em, c.id);
        if (previous === input.outcome) {
          throw new VigilError('validation', 'Check the fields listed in errors', [
            { pointer: '#/outcome', detail: 'Choose an outcome other than the one already recorded' },
          ]);
        }
        await this.allegations.update(em, c.id, { employmentOutcome: input.outcome });
        const dbsStarted = tasks.some((t) => t.type === 'dbs_referral_decision');
        const { left, ...effects } = employmentOutcomeEffects(c.status, input.outcome, dbsStarted);
        const details = { from: previous, outcome: input.outcome };
        return {
          event: left ? 'record_employment_outcome:left' : 'change_employment_outcome',
          timeline: { kind: 'allegation.employment_outcome_changed', details },
          audit: { action: 'case.transitioned', details: { event: 'change_employment_outcome', ...details } },
          ...effects,
        };
      },
    } satisfies TransitionHandler<SchemaInput<typeof RecordEmploymentOutcomeSchema>>,
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
