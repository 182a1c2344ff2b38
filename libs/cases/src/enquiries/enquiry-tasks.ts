import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  AgreeSafeguardingPlanSchema,
  DecideEnquiryLeadSchema,
  RecordAdultViewsSchema,
  RecordOutcomeSchema,
  ReviewPlanSchema,
  SignOffSchema,
  SubmitProviderReportSchema,
  type CaseOutcome,
  type TaskType,
} from '@vigil/contracts';
import { conflict, TaskLabels, VigilError } from '@vigil/domain';
import { CaseLinkRepository, CaseRepository, TaskRepository } from '@vigil/persistence';
import type { AccessibleCase, RequestContext } from '../case-access.service';
import { CaseEngine } from '../engine/case-engine.service';
import { stepDone, type SchemaInput, type TaskHandler, type TaskHandlerSet } from '../engine/task-handler';
import { EnquiryRepository } from './enquiry.repository';

/** How a Section 42 enquiry's steps complete (DOMAIN §4.2). Each step's fields are kept on the enquiry. */
@Injectable()
export class EnquiryTasks implements TaskHandlerSet {
  constructor(
    private readonly enquiries: EnquiryRepository,
    private readonly tasks: TaskRepository,
    private readonly cases: CaseRepository,
    private readonly links: CaseLinkRepository,
    private readonly engine: CaseEngine,
  ) {}

  readonly handlers = {
    record_adult_views: {
      schema: RecordAdultViewsSchema,
      complete: async (em, _ctx, c, task, input) => {
        await this.enquiries.update(em, c.id, {
          msp: input.msp,
          desiredOutcomes: input.desiredOutcomes ?? null,
          capacity: input.capacity ?? null,
          advocate: input.advocate ?? null,
        });
        return stepDone(task, 'record_adult_views', { msp: input.msp });
      },
    } satisfies TaskHandler<SchemaInput<typeof RecordAdultViewsSchema>>,

    decide_enquiry_lead: {
      schema: DecideEnquiryLeadSchema,
      complete: async (em, _ctx, c, task, input) => {
        if (input.lead === 'council_led') {
          await this.enquiries.update(em, c.id, { lead: input.lead, strategy: input.strategy });
          return stepDone(task, 'decide_enquiry_lead:council_led', { lead: input.lead });
        }
        await this.enquiries.update(em, c.id, {
          lead: input.lead,
          scope: input.scope,
          questions: input.questions,
          reportDueOn: input.reportDueOn ?? null,
        });
        return {
          ...stepDone(task, 'decide_enquiry_lead:provider_caused', { lead: input.lead }),
          openTasks: [
            { type: 'submit_provider_report', ...(input.reportDueOn ? { dueOn: input.reportDueOn } : {}) },
          ],
        };
      },
    } satisfies TaskHandler<SchemaInput<typeof DecideEnquiryLeadSchema>>,

    submit_provider_report: {
      schema: SubmitProviderReportSchema,
      complete: async (em, _ctx, c, task, input) => {
        await this.enquiries.update(em, c.id, { report: input.report });
        return stepDone(task, 'submit_provider_report');
      },
    } satisfies TaskHandler<SchemaInput<typeof SubmitProviderReportSchema>>,

    record_outcome: {
      schema: RecordOutcomeSchema,
      complete: async (em, _ctx, c, task, input) => {
        await this.requireDone(em, c, ['record_adult_views'], 'Record the adult’s views before the outcome');
        const ceased = input.outcome === 'ceased_at_request';
        await this.enquiries.update(em, c.id, {
          outcome: input.outcome,
          riskNow: input.riskNow,
          outcomesMet: input.outcomesMet,
        });
        return {
          ...stepDone(task, ceased ? 'record_outcome:ceased_at_request' : 'record_outcome', {
            outcome: input.outcome,
          }),
          // Ceasing at the adult's request ends the lead decision and any report still awaited.
          ...(ceased ? { cancelTasks: ['decide_enquiry_lead', 'submit_provider_report'] as TaskType[] } : {}),
          openTasks: [{ type: 'agree_safeguarding_plan' }],
        };
      },
    } satisfies TaskHandler<SchemaInput<typeof RecordOutcomeSchema>>,

    agree_safeguarding_plan: {
      schema: AgreeSafeguardingPlanSchema,
      complete: async (em, _ctx, c, task, input) => {
        if (input.plan === 'none_needed') {
          await this.enquiries.update(em, c.id, { plan: 'none_needed' });
          return {
            ...stepDone(task, 'agree_safeguarding_plan:none_needed', { plan: input.plan }),
            openTasks: [{ type: 'sign_off' }],
          };
        }
        await this.enquiries.update(em, c.id, {
          plan: 'agreed',
          planSummary: input.summary,
          reviewOn: input.reviewOn,
        });
        return {
          ...stepDone(task, 'agree_safeguarding_plan:agreed', { plan: input.plan }),
          openTasks: [{ type: 'review_plan', dueOn: input.reviewOn }],
        };
      },
    } satisfies TaskHandler<SchemaInput<typeof AgreeSafeguardingPlanSchema>>,

    review_plan: {
      schema: ReviewPlanSchema,
      complete: async (em, _ctx, c, task, input) => {
        if (input.final)
          return {
            ...stepDone(task, 'review_plan:final', { final: true }),
            openTasks: [{ type: 'sign_off' }],
          };
        if (input.nextReviewOn) await this.enquiries.update(em, c.id, { reviewOn: input.nextReviewOn });
        return {
          ...stepDone(task, 'review_plan', { final: false }),
          openTasks: [{ type: 'review_plan', ...(input.nextReviewOn ? { dueOn: input.nextReviewOn } : {}) }],
        };
      },
    } satisfies TaskHandler<SchemaInput<typeof ReviewPlanSchema>>,

    /**
     * Signing off closes the enquiry, and with it the concern it came from (that concern's `enquiry_closed`
     * transition, with the enquiry's outcome on its timeline). DOMAIN §4.2's closure rule comes first: every
     * other step done, the adult's capacity recorded, and the provider's care plan review on each linked
     * concern done (Std 6.5); otherwise 409 naming each gap. Returning it sends it back for a new outcome
     * (and for the adult's views again when their capacity is still not recorded).
     */
    sign_off: {
      schema: SignOffSchema,
      complete: async (em, ctx, c, task, input) => {
        const { outcome, capacity } = await this.enquiries.closure(em, c.id);
        if (input.decision === 'returned') {
          return {
            ...stepDone(task, 'sign_off:returned', { decision: input.decision }),
            openTasks: [
              ...(capacity === null ? [{ type: 'record_adult_views' as const }] : []),
              { type: 'record_outcome' },
            ],
          };
        }
        const gaps = await this.signOffGaps(em, c, task.id, capacity);
        if (gaps.length > 0) {
          throw new VigilError(
            'conflict',
            `Finish these before signing off: ${gaps.map((g) => g.label).join('; ')}`,
            gaps.map((g) => ({ pointer: g.pointer, detail: g.detail })),
          );
        }
        const commandIds = await this.closeConcerns(em, ctx, c, outcome);
        return {
          ...stepDone(task, 'sign_off:signed_off', { decision: input.decision }),
          ...(outcome ? { outcome: outcome as CaseOutcome } : {}),
          commandIds,
        };
      },
    } satisfies TaskHandler<SchemaInput<typeof SignOffSchema>>,
  };

  /**
   * What stands between the enquiry and its sign-off (DOMAIN §4.2 "Tasks done; care plan reviewed";
   * "Closure: outcome, MSP and capacity recorded"), one entry per gap, pointing at it: the enquiry's own
   * open steps (`#/tasks/<id>`), the adult's capacity (`#/details/capacity`; "not assessed" is an answer),
   * and each linked concern's open care plan review (`#/links/<concern id>/tasks/<id>`). References and
   * labels only: no personal details.
   */
  private async signOffGaps(
    em: EntityManager,
    c: AccessibleCase,
    signOffTaskId: string,
    capacity: string | null,
  ): Promise<{ label: string; pointer: string; detail: string }[]> {
    const gaps: { label: string; pointer: string; detail: string }[] = [];
    for (const t of await this.tasks.openTasks(em, c.id)) {
      if (t.id === signOffTaskId) continue;
      gaps.push({
        label: TaskLabels[t.type],
        pointer: `#/tasks/${t.id}`,
        detail: `${TaskLabels[t.type]} is open`,
      });
    }
    if (capacity === null) {
      gaps.push({
        label: 'The adult’s capacity',
        pointer: '#/details/capacity',
        detail:
          'The adult’s capacity is not recorded (“not assessed” is an answer): return the enquiry to record it',
      });
    }
    for (const link of await this.links.linksOf(em, c.id)) {
      if (link.type !== 'concern') continue;
      for (const t of await this.tasks.openTasks(em, link.id, ['care_plan_review'])) {
        gaps.push({
          label: `The provider’s care plan review on ${link.reference}`,
          pointer: `#/links/${link.id}/tasks/${t.id}`,
          detail: `The provider’s care plan review on ${link.reference} is open (Standard 6.5)`,
        });
      }
    }
    return gaps;
  }

  /** 409 while any task of these types is still open on the case. */
  private async requireDone(
    em: EntityManager,
    c: AccessibleCase,
    types: TaskType[],
    message: string,
  ): Promise<void> {
    if ((await this.tasks.openTasks(em, c.id, types)).length > 0) throw conflict(message);
  }

  /** Closes each linked concern still waiting for this enquiry (DOMAIN §4.1: "An s42 concern closes with its enquiry"). */
  private async closeConcerns(
    em: EntityManager,
    ctx: RequestContext,
    enquiry: AccessibleCase,
    outcome: string | null,
  ): Promise<string[]> {
    const commandIds: string[] = [];
    for (const link of await this.links.linksOf(em, enquiry.id)) {
      if (link.type !== 'concern') continue;
      const concern = await this.cases.core(em, link.id, { lock: true });
      if (!concern || concern.status !== 'enquiry_open') continue;
      const applied = await this.engine.apply(em, ctx, concern, {
        event: 'enquiry_closed',
        timeline: { kind: 'concern.enquiry_closed', details: { enquiryId: enquiry.id, outcome } },
        audit: { action: 'case.transitioned', details: { event: 'enquiry_closed', enquiryId: enquiry.id } },
        outcome: 'section_42_enquiry',
      });
      commandIds.push(...applied.commandIds);
    }
    return commandIds;
  }
}
