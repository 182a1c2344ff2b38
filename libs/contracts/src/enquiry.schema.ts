import { z } from 'zod';
import { isoDate, narrative, requiredText } from './fields';

/** DOMAIN §4.2: the Section 42 enquiry's statuses, in the order an enquiry usually moves through them. */
export const EnquiryStatuses = [
  'planning',
  'awaiting_provider_report',
  'in_progress',
  'outcome_recorded',
  'plan_active',
  'awaiting_signoff',
  'closed',
] as const;
export type EnquiryStatus = (typeof EnquiryStatuses)[number];

export const MspValues = ['outcomes_expressed', 'none_expressed', 'not_asked'] as const;
export const CapacityValues = ['has_capacity', 'lacks_capacity', 'not_assessed'] as const;
export const EnquiryLeads = ['council_led', 'provider_caused'] as const;
export const EnquiryOutcomes = [
  'risk_identified_action_taken',
  'risk_identified_no_action',
  'no_risk',
  'ceased_at_request',
] as const;
export type EnquiryOutcome = (typeof EnquiryOutcomes)[number];
export const RiskNowValues = ['removed', 'reduced', 'remains'] as const;
export const OutcomesMetValues = ['fully', 'partly', 'not', 'not_expressed'] as const;

const choice = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { error: `Choose ${what}: ${values.join(', ')}` });

/** `POST /api/v1/enquiries`: an officer opens an enquiry directly (after an SI or LSE, for example). */
export const OpenEnquirySchema = z.object({
  providerId: z.uuid({ error: 'Choose the provider the enquiry is about (its ID)' }),
  adultAtRisk: z.object(
    {
      name: requiredText("the adult's name", 200),
      dateOfBirth: isoDate('The date of birth')
        .refine((v) => v <= new Date().toISOString().slice(0, 10), {
          error: 'The date of birth must be in the past',
        })
        .optional(),
    },
    { error: 'Enter the adult at risk' },
  ),
  summary: requiredText('a summary of why the enquiry is needed', 10_000),
  immediateRisk: z
    .boolean({ error: 'Say whether the adult is at immediate risk (true or false)' })
    .default(false),
  concernId: z.uuid({ error: 'The concern ID must be a UUID' }).optional(),
});
export type OpenEnquiry = z.infer<typeof OpenEnquirySchema>;

export const RecordAdultViewsSchema = z
  .object({
    msp: choice(MspValues, "whether the adult's desired outcomes were asked"),
    desiredOutcomes: narrative('Desired outcomes', 5_000),
    capacity: choice(CapacityValues, 'a capacity finding').optional(),
    advocate: z.boolean({ error: 'Say whether an advocate is involved (true or false)' }).optional(),
  })
  .refine((v) => v.msp !== 'outcomes_expressed' || (v.desiredOutcomes ?? '').length > 0, {
    error: 'Enter the outcomes the adult wants',
    path: ['desiredOutcomes'],
  })
  .meta({ id: 'RecordAdultViews' });

export const DecideEnquiryLeadSchema = z
  .discriminatedUnion(
    'lead',
    [
      z.object({ lead: z.literal('council_led'), strategy: requiredText('the strategy', 10_000) }),
      z.object({
        lead: z.literal('provider_caused'),
        scope: requiredText('the scope of the provider’s enquiry', 10_000),
        questions: requiredText('the questions the provider must answer', 10_000),
        reportDueOn: isoDate('The report due date')
          .refine((v) => v >= new Date().toISOString().slice(0, 10), {
            error: 'The report due date must be today or later',
          })
          .optional(),
      }),
    ],
    { error: `Choose who leads the enquiry: ${EnquiryLeads.join(', ')}` },
  )
  .meta({ id: 'DecideEnquiryLead' });
export type DecideEnquiryLead = z.infer<typeof DecideEnquiryLeadSchema>;

export const SubmitProviderReportSchema = z
  .object({ report: requiredText('the report', 50_000) })
  .meta({ id: 'SubmitProviderReport' });

export const ReturnProviderReportSchema = z
  .object({
    reason: requiredText('why the report is returned', 10_000),
    reportDueOn: isoDate('The new due date').refine((v) => v >= new Date().toISOString().slice(0, 10), {
      error: 'The new due date must be today or later',
    }),
  })
  .meta({ id: 'ReturnProviderReport' });
export type ReturnProviderReport = z.infer<typeof ReturnProviderReportSchema>;

export const RecordOutcomeSchema = z
  .object({
    outcome: choice(EnquiryOutcomes, 'the outcome'),
    riskNow: choice(RiskNowValues, 'how the risk stands now'),
    outcomesMet: choice(OutcomesMetValues, "whether the adult's outcomes were met"),
  })
  .meta({ id: 'RecordOutcome' });
export type RecordOutcome = z.infer<typeof RecordOutcomeSchema>;

export const AgreeSafeguardingPlanSchema = z
  .discriminatedUnion(
    'plan',
    [
      z.object({
        plan: z.literal('agreed'),
        summary: requiredText('a summary of the plan', 10_000),
        reviewOn: isoDate('The review date').refine((v) => v >= new Date().toISOString().slice(0, 10), {
          error: 'The review date must be today or later',
        }),
      }),
      z.object({ plan: z.literal('none_needed') }),
    ],
    { error: 'Choose whether a safeguarding plan was agreed: agreed, none_needed' },
  )
  .meta({ id: 'AgreeSafeguardingPlan' });

export const ReviewPlanSchema = z
  .object({
    notes: narrative('Review notes', 10_000),
    final: z.boolean({ error: 'Say whether this is the final review (true or false)' }).default(false),
    nextReviewOn: isoDate('The next review date')
      .refine((v) => v >= new Date().toISOString().slice(0, 10), {
        error: 'The next review date must be today or later',
      })
      .optional(),
  })
  .meta({ id: 'ReviewPlan' });

export const SignOffSchema = z
  .discriminatedUnion(
    'decision',
    [
      z.object({ decision: z.literal('signed_off') }),
      z.object({ decision: z.literal('returned'), reason: requiredText('why it is returned', 10_000) }),
    ],
    { error: 'Choose signed_off or returned' },
  )
  .meta({ id: 'SignOff' });
