import { z } from 'zod';
import { isoDate, narrative, requiredText } from './fields';

/*
 * DOMAIN §4.7: a provider concern, opened for one provider by a commissioner or a council manager, or by
 * Vigil itself when the early-warning threshold is crossed (DOMAIN decision 8). The provider's referral
 * status is part of the case's state.
 */

export const ReferralStatuses = [
  'open',
  'suspended',
  'phased_resumption',
  'closed_to_new_business',
  'decommissioned',
] as const;
export type ReferralStatus = (typeof ReferralStatuses)[number];

export const ProviderConcernStatuses = [
  'concern_open',
  'improvement_plan',
  'phased_resumption',
  'monitoring',
  'provider_failure',
  'decommissioned',
  'closed',
] as const;
export type ProviderConcernStatus = (typeof ProviderConcernStatuses)[number];

export const ProviderConcernOutcomes = ['standard_reached', 'no_action_needed', 'decommissioned'] as const;
export const ProviderNoticeKinds = ['improvement', 'default'] as const;
export type ProviderNoticeKind = (typeof ProviderNoticeKinds)[number];

/** Why the case was opened (DOMAIN §4.7 "Starts"). */
/** How a provider concern opened: by hand, by the early-warning threshold, or by a continuity report. */
export const ProviderConcernSources = ['manual', 'early_warning', 'continuity'] as const;
export type ProviderConcernSource = (typeof ProviderConcernSources)[number];

const today = () => new Date().toISOString().slice(0, 10);
const futureDate = (label: string) =>
  isoDate(label).refine((v) => v >= today(), { error: `${label} must be today or in the future` });

/** `POST /api/v1/provider-concerns` (a commissioner, team manager or head of service). */
export const OpenProviderConcernSchema = z.strictObject({
  providerId: z.uuid({ error: 'The provider ID must be a UUID' }),
  reason: requiredText('why the provider is a concern', 10_000, 'The reason'),
});
export type OpenProviderConcern = z.infer<typeof OpenProviderConcernSchema>;

const rationale = requiredText('the reason for the decision', 5_000, 'The rationale');

/** The commissioner's decision on suspending new referrals (specs/003 §7.6 b). */
export const ReferralSuspensionDecisionSchema = z
  .discriminatedUnion(
    'decision',
    [
      z.strictObject({ decision: z.literal('suspend'), rationale }),
      z.strictObject({ decision: z.literal('no_suspension'), rationale }),
    ],
    { error: 'Choose the decision: suspend or no_suspension' },
  )
  .meta({ id: 'ReferralSuspensionDecision' });

/** Ending a suspension: in phases with a weekly cap of new referrals (DOMAIN decision 9), or at once. */
export const ResumptionDecisionSchema = z
  .discriminatedUnion(
    'decision',
    [
      z.strictObject({
        decision: z.literal('phased_resumption'),
        weeklyCap: z
          .number({ error: 'Enter the weekly cap of new referrals as a whole number' })
          .int({ error: 'The weekly cap must be a whole number' })
          .min(1, { error: 'The weekly cap must be at least 1' })
          .max(1_000, { error: 'The weekly cap must be 1,000 or fewer' }),
        rationale: narrative('The rationale', 5_000),
      }),
      z.strictObject({ decision: z.literal('resume'), rationale: narrative('The rationale', 5_000) }),
    ],
    { error: 'Choose the decision: phased_resumption or resume' },
  )
  .meta({ id: 'ResumptionDecision' });

/** The head of service's decision on a large-scale enquiry (DOMAIN §4.7, provider.lse_decision). */
export const LseDecisionSchema = z
  .discriminatedUnion(
    'decision',
    [
      z.strictObject({ decision: z.literal('open_lse'), rationale }),
      z.strictObject({ decision: z.literal('no_lse'), rationale }),
    ],
    { error: 'Choose the decision: open_lse or no_lse' },
  )
  .meta({ id: 'LseDecision' });

/** One item of a service improvement action plan: what, who, by when (specs/003 §8.1 "time specific"). */
export const ActionItemSchema = z.strictObject({
  action: requiredText('the action', 2_000),
  owner: requiredText('who owns the action', 200, 'The owner'),
  /** Agreed due date; absent, the policy's `provider.siap_action` applies. */
  dueOn: futureDate('The due date').optional(),
});
export type ActionItem = z.infer<typeof ActionItemSchema>;

/** The provider's service improvement action plan (SIAP). */
export const SubmitActionPlanSchema = z
  .strictObject({
    summary: narrative('The summary', 10_000),
    actions: z
      .array(ActionItemSchema, { error: 'Enter the plan’s actions as a list' })
      .min(1, { error: 'Enter at least one action' })
      .max(50, { error: 'A plan may have at most 50 actions' }),
  })
  .meta({ id: 'SubmitActionPlan' });

/** The provider's update on one action (the evidence that it is done). */
export const ActionUpdateSchema = z
  .strictObject({ evidence: requiredText('the evidence that the action is done', 10_000, 'The evidence') })
  .meta({ id: 'ActionUpdate' });

/** The commissioner's periodic review of the plan (provider.siap_review). */
export const PlanReviewSchema = z
  .strictObject({
    progress: z.enum(['on_track', 'off_track'], { error: 'Choose the progress: on_track or off_track' }),
    notes: requiredText('what the review found', 5_000, 'The notes'),
  })
  .meta({ id: 'PlanReview' });

/** Issuing an Improvement or Default Notice (a manual event: `POST /cases/:id/transitions` with `event`). */
export const IssueNoticeSchema = z.object({
  kind: z.enum(ProviderNoticeKinds, { error: 'Choose the notice: improvement or default' }),
  requirements: requiredText('what the notice requires', 10_000, 'The requirements'),
  complianceDate: futureDate('The compliance date'),
});
export type IssueNotice = z.infer<typeof IssueNoticeSchema>;

/** Reviewing a notice on its compliance date: lifted, or kept with a new date. */
export const NoticeComplianceSchema = z
  .discriminatedUnion(
    'decision',
    [
      z.strictObject({
        decision: z.literal('complied'),
        notes: requiredText('what was found', 5_000, 'The notes'),
      }),
      z.strictObject({
        decision: z.literal('not_complied'),
        notes: requiredText('what was found', 5_000, 'The notes'),
        nextReviewOn: futureDate('The next review date'),
      }),
    ],
    { error: 'Choose the decision: complied or not_complied' },
  )
  .meta({ id: 'NoticeCompliance' });

/** The head of service ending a large-scale enquiry. */
export const EndLseSchema = z.strictObject({ rationale }).meta({ id: 'EndLse' });

/** Asking the provider for an action plan (a manual event). */
export const RequestActionPlanSchema = z.object({ note: narrative('The note', 5_000) });

/** The stages of a provider's business continuity plan its log records (specs/001 §3.24, DOMAIN §4.7). */
export const ContinuityStages = ['invoked', 'early_warning', 'back_to_normal', 'review'] as const;
export type ContinuityStage = (typeof ContinuityStages)[number];

/** An entry in the continuity log (a manual event, `log_continuity`): the stage and what happened (†). */
export const LogContinuitySchema = z.object({
  stage: z.enum(ContinuityStages, { error: `Choose the stage: ${ContinuityStages.join(', ')}` }),
  note: requiredText('what happened', 5_000, 'The note'),
});

/** Instigating provider failure (Care Act s48): new business closes and everyone is to move. */
export const InstigateFailureSchema = z.object({ rationale });

/** A person who must move (†: PostgreSQL only). */
export const AffectedPersonSchema = z.strictObject({
  name: requiredText('the person’s name', 200, 'The name'),
});

/** The provider's list of the people it supports (provider.affected_people). */
export const AffectedPeopleSchema = z
  .strictObject({
    people: z
      .array(AffectedPersonSchema, { error: 'Enter the people as a list' })
      .min(1, { error: 'Enter at least one person' })
      .max(500, { error: 'Enter at most 500 people' }),
  })
  .meta({ id: 'AffectedPeople' });

/** Every person's move, which decommissions the provider (provider.notice_period). */
export const CompleteTransfersSchema = z
  .strictObject({
    moves: z
      .array(
        z.strictObject({
          personId: z.uuid({ error: 'The person ID must be a UUID' }),
          movedTo: requiredText('where the person moved to', 300, 'Where they moved to'),
          movedOn: isoDate('The date of the move'),
        }),
        { error: 'Enter the moves as a list' },
      )
      .min(1, { error: 'Enter at least one move' }),
  })
  .meta({ id: 'CompleteTransfers' });

/** `GET /api/v1/providers` and `/providers/:id`. */
export const ProviderViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  referralStatus: z.enum(ReferralStatuses),
  /** New referrals a week while resumption is phased. */
  weeklyCap: z.number().int().nullable(),
  /** The open provider-concern case, when there is one the viewer can see. */
  providerConcern: z.object({ id: z.uuid(), reference: z.string() }).nullable(),
  openCases: z.record(z.string(), z.number().int()),
  /** Concerns, serious incidents and upheld complaints raised within the last 90 days. */
  last90Days: z.object({
    concern: z.number().int(),
    incident: z.number().int(),
    complaint: z.number().int(),
  }),
  /** The early-warning count within the policy's window, and its threshold (null when switched off). */
  earlyWarning: z
    .object({ count: z.number().int(), threshold: z.number().int(), window: z.string() })
    .nullable(),
});
export type ProviderView = z.infer<typeof ProviderViewSchema>;

export const ProviderListSchema = z.object({ items: z.array(ProviderViewSchema) });
