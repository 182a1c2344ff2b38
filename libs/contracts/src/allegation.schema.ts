import { z } from 'zod';
import { isoDate, requiredText } from './fields';

/** DOMAIN §4.3: an allegation against a member of a provider's staff or a volunteer. */
export const AllegationStatuses = ['open', 'suspension_in_place', 'investigating', 'closed'] as const;
export type AllegationStatus = (typeof AllegationStatuses)[number];

export const StaffTypes = ['employee', 'volunteer', 'agency'] as const;
export const Regulators = ['NMC', 'GMC', 'HCPC', 'SWE', 'other'] as const;
export const AllegationOutcomes = [
  'substantiated',
  'unsubstantiated',
  'unfounded',
  'false',
  'malicious',
] as const;
export type AllegationOutcome = (typeof AllegationOutcomes)[number];
export const EmploymentOutcomes = [
  'no_change',
  'dismissed',
  'resigned',
  'retired',
  'removed_from_regulated_activity',
] as const;
/** Employment outcomes that start the DBS referral decision (SVGA 2006 s35; DOMAIN decision 5). */
export const RemovalOutcomes: readonly string[] = [
  'dismissed',
  'resigned',
  'retired',
  'removed_from_regulated_activity',
];
export const LadoDecisions = ['threshold_met', 'threshold_not_met', 'advice_only'] as const;

const FUTURE_SKEW_MS = 5 * 60 * 1000;
const today = () => new Date().toISOString().slice(0, 10);

/** `POST /api/v1/allegations`. */
export const RaiseAllegationSchema = z.object({
  /** Required when a council officer raises it; a provider lead's own organisation otherwise. */
  providerId: z.uuid({ error: 'Choose the provider (its ID)' }).optional(),
  concernId: z.uuid({ error: 'The concern ID must be a UUID' }).optional(),
  /** Another case about the same provider it arises from (a serious incident, say): linked both ways. */
  linkedCaseId: z.uuid({ error: 'The linked case ID must be a UUID' }).optional(),
  staffMember: z.object(
    {
      name: requiredText('the staff member’s name', 200, 'The staff member’s name'),
      jobTitle: requiredText('their job title', 200, 'The job title'),
      type: z.enum(StaffTypes, { error: `Choose the type: ${StaffTypes.join(', ')}` }).optional(),
    },
    { error: 'Enter the staff member' },
  ),
  worksWithChildren: z.boolean({ error: 'Say whether they work with children (true or false)' }),
  regulatedActivityProvider: z
    .boolean({ error: 'Say whether the provider is a regulated-activity provider (true or false)' })
    .optional(),
  regulator: z.enum(Regulators, { error: `Choose the regulator: ${Regulators.join(', ')}` }).optional(),
  summary: requiredText('a summary of the allegation', 10_000, 'The summary'),
});
export type RaiseAllegation = z.infer<typeof RaiseAllegationSchema>;

export const ConfirmSuspensionSchema = z
  .object({
    suspendedAt: z.iso
      .datetime({ offset: true, error: 'Enter when they were suspended, like 2026-03-04T14:15:00Z' })
      .refine((v) => Date.parse(v) <= Date.now() + FUTURE_SKEW_MS, {
        error: 'The suspension time must not be in the future',
      }),
  })
  .meta({ id: 'ConfirmSuspension' });

/**
 * What the LADO's evaluation (strategy) meeting decided should happen next (Working Together; KCSIE Part 4):
 * a police investigation, children's social care enquiries, the employer's own investigation, or nothing more.
 */
export const LadoEvaluationSteps = [
  'police_investigation',
  'childrens_social_care',
  'employer_investigation',
  'no_further_action',
] as const;

/** The LADO's evaluation meeting, when the referral met the threshold: when it was held and what follows. */
export const LadoEvaluationSchema = z
  .object({
    heldOn: isoDate('The meeting date').refine((v) => v <= today(), {
      error: 'The meeting date must not be in the future',
    }),
    nextStep: z.enum(LadoEvaluationSteps, {
      error: `Choose what happens next: ${LadoEvaluationSteps.join(', ')}`,
    }),
  })
  .meta({ id: 'LadoEvaluation' });

export const LadoReferralSchema = z
  .object({
    decision: z.enum(LadoDecisions, { error: `Choose the LADO's decision: ${LadoDecisions.join(', ')}` }),
    decidedOn: isoDate('The decision date').refine((v) => v <= today(), {
      error: 'The decision date must not be in the future',
    }),
  })
  .meta({ id: 'LadoReferral' });

export const RecordEmploymentOutcomeSchema = z
  .object({
    outcome: z.enum(EmploymentOutcomes, { error: `Choose the outcome: ${EmploymentOutcomes.join(', ')}` }),
  })
  .meta({ id: 'RecordEmploymentOutcome' });

/** A DBS or regulator referral decision: the referral's date and reference, or why none is required. */
/** Why an allegation is not yet resolved at a review (guidance: 80% within 1 month, 90% within 3, all but the exceptional within 12). */
export const ResolutionWaits = [
  'police_investigation',
  'employer_investigation',
  'disciplinary_process',
  'referral_decision',
  'other',
] as const;

/** The council's review of an allegation still open at 1, 3 and 12 months (DOMAIN §4.3, `allegation.resolution`). */
export const ResolutionReviewSchema = z
  .object({
    waitingFor: z.enum(ResolutionWaits, {
      error: `Choose what it is waiting for: ${ResolutionWaits.join(', ')}`,
    }),
  })
  .meta({ id: 'ResolutionReview' });

export const ReferralDecisionSchema = z
  .discriminatedUnion(
    'decision',
    [
      z.object({
        decision: z.literal('referred'),
        referredOn: isoDate('The referral date').refine((v) => v <= today(), {
          error: 'The referral date must not be in the future',
        }),
        reference: requiredText('the referral’s reference', 200, 'The reference'),
      }),
      z.object({
        decision: z.literal('not_required'),
        reason: requiredText('why no referral is required', 10_000, 'The reason'),
      }),
    ],
    { error: 'Choose referred or not_required' },
  )
  .meta({ id: 'ReferralDecision' });

/**
 * After a DBS referral, the provider gives the council "written details of all actions taken" (specs/003
 * §7.16; DOMAIN §4.6, an automatic notice): when they were sent, and the details (PostgreSQL only).
 */
export const DbsActionsNoticeSchema = z
  .object({
    sentOn: isoDate('The date they were sent').refine((v) => v <= today(), {
      error: 'The date they were sent must not be in the future',
    }),
    details: requiredText('the actions taken', 10_000, 'The details'),
  })
  .meta({ id: 'DbsActionsNotice' });

export const SuspensionReviewSchema = z
  .object({ continues: z.literal(true, { error: 'A review records that the suspension continues (true)' }) })
  .meta({ id: 'SuspensionReview' });

export const LiftSuspensionSchema = z
  .object({ rationale: requiredText('why the suspension is lifted', 10_000, 'The rationale') })
  .meta({ id: 'LiftSuspension' });

/** `POST /api/v1/cases/:id/close`: the rationale, and the type's outcome where it has one. */
export const CloseCaseSchema = z
  .object({
    rationale: requiredText('the rationale for closing', 10_000, 'The rationale'),
    outcome: z
      .string({ error: 'Choose the outcome' })
      .regex(/^[a-z_]{1,40}$/, { error: 'Choose the outcome' })
      .optional(),
    /** A complaint: whether it was resolved at the provider's stage (required for that type). */
    resolvedAtProviderStage: z
      .boolean({ error: 'Say whether it was resolved at the provider’s stage (true or false)' })
      .optional(),
  })
  .meta({ id: 'CloseCase' });
export type CloseCase = z.infer<typeof CloseCaseSchema>;
