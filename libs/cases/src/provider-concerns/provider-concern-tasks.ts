import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  ActionUpdateSchema,
  AffectedPeopleSchema,
  CompleteTransfersSchema,
  EndLseSchema,
  InstigateFailureSchema,
  IssueNoticeSchema,
  LogContinuitySchema,
  LseDecisionSchema,
  NoticeComplianceSchema,
  PlanReviewSchema,
  ReferralSuspensionDecisionSchema,
  RequestActionPlanSchema,
  ResumptionDecisionSchema,
  SubmitActionPlanSchema,
  type CaseOutcome,
  type NoticeRequest,
  type ReferralStatus,
} from '@vigil/contracts';
import { conflict, VigilError } from '@vigil/domain';
import { CaseNoteRepository, TaskRepository } from '@vigil/persistence';
import { randomUUID } from 'node:crypto';
import type { CaseChange, OpenTask } from '../engine/case-change';
import {
  stepDone,
  type CloseHandler,
  type CloseHandlerSet,
  type SchemaInput,
  type TaskHandler,
  type TaskHandlerSet,
  type TransitionHandler,
  type TransitionHandlerSet,
} from '../engine/task-handler';
import { ProviderConcernRepository } from './provider-concern.repository';

/** The provider is told (reference and link only) that something it must see changed: referrals, a notice. */
const tellProvider = (key: string): NoticeRequest => ({
  stepKey: key,
  template: 'case.updated',
  audience: { kind: 'role', role: 'provider_manager' },
  caseType: 'provider_concern',
});

/** "Days from today" as a `YYYY-MM-DD` London date (a notice period's end). */
const daysFromToday = (days: number, now = new Date()): string => {
  const london = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now);
  const d = new Date(`${london}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/**
 * specs/001 §3.25 and decision 7: the notice period runs 30 days for one or two people, 60 for three to
 * five, 180 for six or more.
 */
export const noticePeriodDays = (people: number): number => (people <= 2 ? 30 : people <= 5 ? 60 : 180);

/**
 * How a provider concern's steps complete (DOMAIN §4.7) and its manual events (a notice, a request for an
 * action plan, provider failure). The provider's referral status changes here and only here: suspended by
 * the commissioner's decision, or while a notice or a large-scale enquiry is active (specs/003 §7.6 c);
 * resumed in phases or at once only once no notice or enquiry is active.
 */
@Injectable()
export class ProviderConcernTasks implements TaskHandlerSet, TransitionHandlerSet, CloseHandlerSet {
  constructor(
    private readonly concerns: ProviderConcernRepository,
    private readonly tasks: TaskRepository,
    private readonly notes: CaseNoteRepository,
  ) {}

  /** Referrals suspended (if they were open or phased), with the decision on resuming them opened once. */
  private async suspend(em: EntityManager, caseId: string, why: string): Promise<Partial<CaseChange>> {
    const { referralStatus } = await this.concerns.state(em, caseId);
    if (referralStatus === 'suspended' || referralStatus === 'closed_to_new_business') return {};
    await this.concerns.update(em, caseId, { referralStatus: 'suspended', weeklyCap: null });
    const pending = await this.tasks.openTasks(em, caseId, ['decide_resumption']);
    return {
      openTasks: pending.length === 0 ? [{ type: 'decide_resumption' }] : [],
      notices: [tellProvider(`referrals.suspended#${why}`)],
    };
  }

  readonly handlers = {
    decide_referral_suspension: {
      schema: ReferralSuspensionDecisionSchema,
      complete: async (em, _ctx, c, task, input) => {
        const done = stepDone(task, `decide_referral_suspension:${input.decision}`, {
          decision: input.decision,
        });
        if (input.decision === 'no_suspension') return done;
        return { ...done, ...(await this.suspend(em, c.id, task.id)) };
      },
    } satisfies TaskHandler<SchemaInput<typeof ReferralSuspensionDecisionSchema>>,

    /** Phased resumption reopens the decision for the next review; `resume` ends the suspension. */
    decide_resumption: {
      schema: ResumptionDecisionSchema,
      complete: async (em, _ctx, c, task, input) => {
        const { lseActive, activeNotices } = await this.concerns.state(em, c.id);
        if (lseActive || activeNotices > 0) {
          throw conflict(
            'Referrals stay suspended while a notice or a large-scale enquiry is active (specs/003 §7.6 c)',
          );
        }
        const phased = input.decision === 'phased_resumption';
        const status: ReferralStatus = phased ? 'phased_resumption' : 'open';
        await this.concerns.update(em, c.id, {
          referralStatus: status,
          weeklyCap: phased ? input.weeklyCap : null,
        });
        return {
          ...stepDone(task, `decide_resumption:${input.decision}`, {
            decision: input.decision,
            referralStatus: status,
            ...(phased ? { weeklyCap: input.weeklyCap } : {}),
          }),
          // The provider hears of it from the transition (phased resumption, or monitoring).
          openTasks: phased ? [{ type: 'decide_resumption' }] : [],
        };
      },
    } satisfies TaskHandler<SchemaInput<typeof ResumptionDecisionSchema>>,

    decide_lse: {
      schema: LseDecisionSchema,
      complete: async (em, _ctx, c, task, input) => {
        const done = stepDone(task, `decide_lse:${input.decision}`, { decision: input.decision });
        if (input.decision === 'no_lse') return done;
        await this.concerns.update(em, c.id, { lseActive: true });
        const suspended = await this.suspend(em, c.id, task.id);
        return { ...done, ...suspended, openTasks: [...(suspended.openTasks ?? []), { type: 'close_lse' }] };
      },
    } satisfies TaskHandler<SchemaInput<typeof LseDecisionSchema>>,

    close_lse: {
      schema: EndLseSchema,
      complete: async (em, _ctx, c, task) => {
        await this.concerns.update(em, c.id, { lseActive: false });
        return stepDone(task, 'close_lse');
      },
    } satisfies TaskHandler<SchemaInput<typeof EndLseSchema>>,

    /** Each action becomes a task of its own, due on its agreed date; the commissioner reviews the plan. */
    submit_siap: {
      schema: SubmitActionPlanSchema,
      complete: async (em, _ctx, c, task, input) => {
        const now = new Date();
        await this.concerns.update(em, c.id, {
          actionPlanSummary: input.summary || null,
          actionPlanSubmittedAt: now,
        });
        const items: OpenTask[] = input.actions.map((a) => ({ type: 'siap_action', dueOn: a.dueOn }));
        return {
          ...stepDone(task, 'submit_siap', { actions: input.actions.length }),
          openTasks: [...items, { type: 'siap_review' }],
          afterOpen: async (tx, opened) => {
            const actionTasks = opened.filter((t) => t.type === 'siap_action');
            for (const [i, t] of actionTasks.entries()) {
              // A millisecond apart, so the plan reads back in the order the provider wrote it.
              await this.concerns.addActionItem(
                tx,
                c.id,
                t.taskId,
                input.actions[i],
                new Date(now.getTime() + i),
              );
            }
          },
        };
      },
    } satisfies TaskHandler<SchemaInput<typeof SubmitActionPlanSchema>>,

    siap_action: {
      schema: ActionUpdateSchema,
      complete: async (em, _ctx, _c, task, input) => {
        await this.concerns.recordEvidence(em, task.id, input.evidence);
        return stepDone(task, 'siap_action');
      },
    } satisfies TaskHandler<SchemaInput<typeof ActionUpdateSchema>>,

    /** Reviewed on a cycle while any action is still open. */
    siap_review: {
      schema: PlanReviewSchema,
      complete: async (em, _ctx, c, task, input) => {
        const open = await this.tasks.openTasks(em, c.id, ['siap_action']);
        return {
          ...stepDone(task, 'siap_review', { progress: input.progress }),
          openTasks: open.length > 0 ? [{ type: 'siap_review' }] : [],
        };
      },
    } satisfies TaskHandler<SchemaInput<typeof PlanReviewSchema>>,

    /** Complied: the oldest active notice is lifted. Not complied: reviewed again on a new date. */
    notice_compliance: {
      schema: NoticeComplianceSchema,
      complete: async (em, _ctx, c, task, input) => {
        const done = stepDone(task, `notice_compliance:${input.decision}`, { decision: input.decision });
        if (input.decision === 'not_complied') {
          return { ...done, openTasks: [{ type: 'notice_compliance', dueOn: input.nextReviewOn }] };
        }
        await this.concerns.liftOldestNotice(em, c.id, new Date());
        return { ...done, notices: [tellProvider(`notice.lifted#${task.id}`)] };
      },
    } satisfies TaskHandler<SchemaInput<typeof NoticeComplianceSchema>>,

    /** The people to move; the notice period (by how many) runs until everyone has moved. */
    affected_people: {
      schema: AffectedPeopleSchema,
      complete: async (em, _ctx, c, task, input) => {
        await this.concerns.addPeople(
          em,
          c.id,
          input.people.map((p) => p.name),
          new Date(),
        );
        const days = noticePeriodDays(input.people.length);
        return {
          ...stepDone(task, 'affected_people', { people: input.people.length, noticePeriodDays: days }),
          openTasks: [{ type: 'complete_transfers', dueOn: daysFromToday(days) }],
        };
      },
    } satisfies TaskHandler<SchemaInput<typeof AffectedPeopleSchema>>,

    /** Everyone's move, each person exactly once: the provider is decommissioned. */
    complete_transfers: {
      schema: CompleteTransfersSchema,
      complete: async (em, _ctx, c, task, input) => {
        const people = await this.concerns.peopleIds(em, c.id);
        const given = input.moves.map((m) => m.personId);
        const errors = [
          ...people
            .filter((id) => !given.includes(id))
            .map((id) => ({ pointer: `#/moves/${id}`, detail: 'Record this person’s move' })),
          ...given
            .map((id, i) => ({ id, i }))
            .filter(({ id, i }) => !people.includes(id) || given.indexOf(id) !== i)
            .map(({ i }) => ({
              pointer: `#/moves/${i}/personId`,
              detail: 'This is not one of the people listed, or is listed twice',
            })),
        ];
        if (errors.length > 0)
          throw new VigilError('validation', 'Check the fields listed in errors', errors);
        for (const move of input.moves) await this.concerns.recordMove(em, c.id, move);
        await this.concerns.update(em, c.id, { referralStatus: 'decommissioned' });
        return {
          ...stepDone(task, 'complete_transfers', { people: people.length }),
          outcome: 'decommissioned' as CaseOutcome,
          // Decommissioned is the end: whatever else was still open is over with the provider.
          cancelTasks: ['decide_lse', 'close_lse', 'siap_action', 'siap_review', 'notice_compliance'],
        };
      },
    } satisfies TaskHandler<SchemaInput<typeof CompleteTransfersSchema>>,
  };

  readonly transitions = {
    'provider_concern:request_action_plan': {
      schema: RequestActionPlanSchema,
      apply: async (em, _ctx, c) => {
        const pending = await this.tasks.openTasks(em, c.id, ['submit_siap']);
        if (pending.length > 0) throw conflict('The provider has already been asked for an action plan');
        return {
          event: 'request_action_plan',
          timeline: { kind: 'provider_concern.plan_requested', details: {} },
          audit: { action: 'case.transitioned', details: { event: 'request_action_plan' } },
          openTasks: [{ type: 'submit_siap' }],
        };
      },
    } satisfies TransitionHandler<SchemaInput<typeof RequestActionPlanSchema>>,

    'provider_concern:issue_notice': {
      schema: IssueNoticeSchema,
      apply: async (em, _ctx, c, input) => {
        await this.concerns.addNotice(em, c.id, input, new Date());
        const suspended = await this.suspend(em, c.id, `notice-${c.version}`);
        return {
          event: 'issue_notice',
          timeline: { kind: 'provider_concern.notice_issued', details: { kind: input.kind } },
          audit: { action: 'case.transitioned', details: { event: 'issue_notice', kind: input.kind } },
          openTasks: [
            ...(suspended.openTasks ?? []),
            { type: 'notice_compliance', dueOn: input.complianceDate },
          ],
          notices: [tellProvider(`notice.issued#v${c.version}`)],
        };
      },
    } satisfies TransitionHandler<SchemaInput<typeof IssueNoticeSchema>>,

    /** An entry in the continuity log: the stage on the timeline, its words in PostgreSQL only. */
    'provider_concern:log_continuity': {
      schema: LogContinuitySchema,
      apply: async (em, ctx, c, input) => {
        const eventId = randomUUID();
        await this.notes.add(em, {
          id: randomUUID(),
          caseId: c.id,
          eventId,
          text: input.note,
          authorId: ctx.principal.userId,
          at: new Date(),
        });
        return {
          event: 'log_continuity',
          timeline: {
            id: eventId,
            kind: 'provider_concern.continuity_logged',
            details: { stage: input.stage },
          },
          audit: { action: 'case.transitioned', details: { event: 'log_continuity', stage: input.stage } },
        };
      },
    } satisfies TransitionHandler<SchemaInput<typeof LogContinuitySchema>>,

    /** New business closes; pending decisions on referrals end; the provider lists who must move. */
    'provider_concern:instigate_failure': {
      schema: InstigateFailureSchema,
      apply: async (em, _ctx, c) => {
        await this.concerns.update(em, c.id, { referralStatus: 'closed_to_new_business', weeklyCap: null });
        return {
          event: 'instigate_failure',
          timeline: { kind: 'provider_concern.failure', details: {} },
          audit: { action: 'case.transitioned', details: { event: 'instigate_failure' } },
          cancelTasks: ['decide_referral_suspension', 'decide_resumption', 'submit_siap', 'siap_review'],
          openTasks: [{ type: 'affected_people' }],
        };
      },
    } satisfies TransitionHandler<SchemaInput<typeof InstigateFailureSchema>>,
  };

  readonly closers = {
    provider_concern: {
      close: async (em, _ctx, c, input) => {
        const { referralStatus, lseActive, activeNotices } = await this.concerns.state(em, c.id);
        if (referralStatus !== 'open' || lseActive || activeNotices > 0) {
          throw conflict(
            'Close it once referrals are open again, every notice is lifted and any large-scale enquiry has ended',
          );
        }
        await this.concerns.update(em, c.id, { closingRationale: input.rationale });
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
