import { z } from 'zod';
import { isoDate, narrative, requiredText } from './fields';

export const ConcernCategories = [
  'physical',
  'sexual',
  'psychological',
  'financial',
  'neglect',
  'discriminatory',
  'organisational',
  'domestic_abuse',
  'modern_slavery',
  'self_neglect',
] as const;
export const ConcernCategorySchema = z.enum(ConcernCategories);
export type ConcernCategory = z.infer<typeof ConcernCategorySchema>;

export const ConsentValues = ['given', 'refused', 'lacks_capacity', 'not_asked'] as const;
export const ConsentSchema = z.enum(ConsentValues);

export const TriageDecisions = ['section_42_enquiry', 'no_further_action', 'signpost'] as const;
export const TriageDecisionSchema = z.enum(TriageDecisions);
export type TriageDecision = z.infer<typeof TriageDecisionSchema>;

/** Allowance for clock skew between a client and the server when checking "not in the future". */
const FUTURE_SKEW_MS = 5 * 60 * 1000;

const instant = (label: string) =>
  z.iso
    .datetime({
      offset: true,
      error: `Enter ${label} as an ISO-8601 date and time, like 2026-03-04T14:15:00Z`,
    })
    .refine((v) => Date.parse(v) <= Date.now() + FUTURE_SKEW_MS, {
      error: `${capitalise(label)} must not be in the future`,
    });

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const RaiseConcernSchema = z
  .object({
    adultAtRisk: z.object(
      {
        name: requiredText("the adult's name", 200),
        dateOfBirth: z.iso
          .date({ error: 'Enter the date of birth as an ISO-8601 date, like 1941-07-30' })
          .refine((v) => v <= new Date().toISOString().slice(0, 10), {
            error: 'The date of birth must be in the past',
          })
          .optional(),
      },
      { error: 'Enter the adult at risk' },
    ),
    category: z.enum(ConcernCategories, { error: `Choose a category: ${ConcernCategories.join(', ')}` }),
    summary: requiredText('a summary of the concern', 10_000, 'The summary'),
    occurredAt: instant('when it happened'),
    awareAt: instant('when you became aware').optional(),
    immediateRisk: z.boolean({ error: 'Say whether the adult is at immediate risk (true or false)' }),
    /** With an immediate risk: whether the emergency services (999) have been called. */
    emergencyServicesCalled: z
      .boolean({ error: 'Say whether the emergency services were called (true or false)' })
      .optional(),
    consent: z.enum(ConsentValues, { error: `Choose consent: ${ConsentValues.join(', ')}` }).optional(),
    /** Why the adult was not asked for (or could not give) consent. */
    consentReason: narrative('The reason consent was not asked', 5_000),
    desiredOutcomes: narrative('Desired outcomes', 5_000),
    /** Another case about the same provider this concern arises from (a serious incident, say): linked both ways. */
    linkedCaseId: z.uuid({ error: 'The linked case ID must be a UUID' }).optional(),
  })
  .refine((v) => !v.awareAt || Date.parse(v.awareAt) >= Date.parse(v.occurredAt), {
    error: 'When you became aware must be the same as or after when it happened',
    path: ['awareAt'],
  });
export type RaiseConcern = z.infer<typeof RaiseConcernSchema>;

export const CompleteTriageTaskSchema = z.object({
  decision: z.enum(TriageDecisions, { error: `Choose a decision: ${TriageDecisions.join(', ')}` }),
  rationale: requiredText('the rationale for the decision', 10_000, 'The rationale'),
});
export type CompleteTriageTask = z.infer<typeof CompleteTriageTaskSchema>;

/** The provider's review of the adult's care plan after a concern (Std 6.5), or why none is needed. */
export const CarePlanReviewSchema = z
  .union(
    [
      z.strictObject({
        reviewedOn: isoDate('The review date').refine((v) => v <= new Date().toISOString().slice(0, 10), {
          error: 'The review date must be today or in the past',
        }),
      }),
      z.strictObject({
        notNeeded: z.literal(true, { error: 'notNeeded must be true' }),
        reason: requiredText('why no review is needed', 10_000, 'The reason'),
      }),
    ],
    { error: 'Send { "reviewedOn": "YYYY-MM-DD" } or { "notNeeded": true, "reason": "…" }' },
  )
  .meta({ id: 'CarePlanReview' });
export type CarePlanReview = z.infer<typeof CarePlanReviewSchema>;

/** A team manager withdraws a concern, or merges it into another case, with a reason (DOMAIN §4.1). */
export const WithdrawConcernSchema = z
  .object({ reason: requiredText('why the concern is withdrawn', 10_000, 'The reason') })
  .meta({ id: 'WithdrawConcern' });
export const MergeConcernSchema = z
  .object({
    reason: requiredText('why the concern is merged', 10_000, 'The reason'),
    intoCaseId: z.uuid({ error: 'Give the ID of the case it is merged into' }),
  })
  .meta({ id: 'MergeConcern' });
