import { z } from 'zod';

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
        name: z
          .string({ error: "Enter the adult's name" })
          .trim()
          .min(1, { error: "Enter the adult's name" })
          .max(200, { error: "The adult's name must be 200 characters or fewer" }),
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
    summary: z
      .string({ error: 'Enter a summary of the concern' })
      .trim()
      .min(1, { error: 'Enter a summary of the concern' })
      .max(10_000, { error: 'The summary must be 10,000 characters or fewer' }),
    occurredAt: instant('when it happened'),
    awareAt: instant('when you became aware').optional(),
    immediateRisk: z.boolean({ error: 'Say whether the adult is at immediate risk (true or false)' }),
    consent: z.enum(ConsentValues, { error: `Choose consent: ${ConsentValues.join(', ')}` }).optional(),
    desiredOutcomes: z
      .string({ error: 'Desired outcomes must be text' })
      .trim()
      .max(5_000, { error: 'Desired outcomes must be 5,000 characters or fewer' })
      .optional(),
  })
  .refine((v) => !v.awareAt || Date.parse(v.awareAt) >= Date.parse(v.occurredAt), {
    error: 'When you became aware must be the same as or after when it happened',
    path: ['awareAt'],
  });
export type RaiseConcern = z.infer<typeof RaiseConcernSchema>;

export const CompleteTriageTaskSchema = z.object({
  decision: z.enum(TriageDecisions, { error: `Choose a decision: ${TriageDecisions.join(', ')}` }),
  rationale: z
    .string({ error: 'Enter the rationale for the decision' })
    .trim()
    .min(1, { error: 'Enter the rationale for the decision' })
    .max(10_000, { error: 'The rationale must be 10,000 characters or fewer' }),
});
export type CompleteTriageTask = z.infer<typeof CompleteTriageTaskSchema>;
