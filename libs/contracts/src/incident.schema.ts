import { z } from 'zod';
import { isoDate, narrative, requiredText } from './fields';

/** DOMAIN §4.4: a serious incident a provider reports (specs/000 §24). */
export const IncidentCategories = [
  'unexpected_death',
  'serious_harm',
  'service_continuity',
  'allegation_of_abuse',
  'adverse_media',
  'controlled_drugs',
  'information_security_breach',
  'professional_standards_breach',
] as const;
export type IncidentCategory = (typeof IncidentCategories)[number];

/** Categories the CQC must be told of without delay (CQC Regulations 2009, regs 16 and 18). */
export const CqcCategories: readonly IncidentCategory[] = [
  'unexpected_death',
  'serious_harm',
  'allegation_of_abuse',
  'controlled_drugs',
];

export const IncidentStatuses = ['reported', 'investigating', 'report_submitted', 'closed'] as const;
export type IncidentStatus = (typeof IncidentStatuses)[number];

const FUTURE_SKEW_MS = 5 * 60 * 1000;
const today = () => new Date().toISOString().slice(0, 10);
const pastInstant = (label: string) =>
  z.iso
    .datetime({
      offset: true,
      error: `Enter ${label} as an ISO-8601 date and time, like 2026-03-04T14:15:00Z`,
    })
    .refine((v) => Date.parse(v) <= Date.now() + FUTURE_SKEW_MS, {
      error: `${label.charAt(0).toUpperCase()}${label.slice(1)} must not be in the future`,
    });
const pastDate = (label: string) =>
  isoDate(label).refine((v) => v <= today(), { error: `${label} must be today or in the past` });

/** `POST /api/v1/incidents` (a provider lead). */
export const RecordIncidentSchema = z
  .object({
    category: z.enum(IncidentCategories, { error: `Choose the category: ${IncidentCategories.join(', ')}` }),
    occurredAt: pastInstant('when it happened'),
    awareAt: pastInstant('when you became aware').optional(),
    summary: requiredText('what happened', 10_000, 'The summary'),
    /** Personal data was lost or exposed: the ICO must be told within 72 hours (UK GDPR Art 33). */
    personalDataBreach: z
      .boolean({ error: 'Say whether personal data was breached (true or false)' })
      .optional(),
    linkedCaseId: z.uuid({ error: 'The linked case ID must be a UUID' }).optional(),
    /**
     * A threat to continuity of service only: whether people's care was interrupted. The council must hear
     * within 4 hours of awareness if so, within 1 working day if not (`provider.continuity[_interrupted]`).
     */
    careInterrupted: z
      .boolean({ error: 'Say whether people’s care was interrupted (true or false)' })
      .optional(),
  })
  .refine((v) => !v.awareAt || Date.parse(v.awareAt) >= Date.parse(v.occurredAt), {
    error: 'When you became aware must be the same as or after when it happened',
    path: ['awareAt'],
  })
  .refine((v) => v.category !== 'service_continuity' || v.careInterrupted !== undefined, {
    error: 'Say whether people’s care was interrupted (true or false)',
    path: ['careInterrupted'],
  })
  .refine((v) => v.category === 'service_continuity' || v.careInterrupted === undefined, {
    error: 'Only a threat to continuity of service says whether care was interrupted',
    path: ['careInterrupted'],
  });
export type RecordIncident = z.infer<typeof RecordIncidentSchema>;

/** The commissioner's decision on a serious-incident meeting. */
export const SiMeetingDecisionSchema = z
  .object({
    meeting: z.boolean({ error: 'Say whether a meeting is needed (true or false)' }),
    rationale: requiredText('the reason for the decision', 5_000, 'The rationale'),
  })
  .meta({ id: 'SiMeetingDecision' });

export const InitialReviewSchema = z
  .object({
    completedOn: pastDate('The review date'),
    findings: requiredText('what the initial review found', 10_000, 'The findings'),
  })
  .meta({ id: 'InitialReview' });

/** A notice to an outside body (the CQC, the ICO) or the duty-of-candour letter: sent, or why not needed. */
export const ExternalNoticeSchema = z
  .discriminatedUnion(
    'decision',
    [
      z.object({
        decision: z.literal('notified'),
        notifiedOn: pastDate('The date it was sent'),
        reference: requiredText('the reference it was given', 200, 'The reference'),
      }),
      z.object({
        decision: z.literal('not_required'),
        reason: requiredText('why it is not required', 5_000, 'The reason'),
      }),
    ],
    { error: 'Choose notified or not_required' },
  )
  .meta({ id: 'ExternalNotice' });

/** Regulation 20: the duty-of-candour letter sent to the person or their family, or why it is not owed. */
export const DutyOfCandourSchema = z
  .discriminatedUnion(
    'decision',
    [
      z.object({ decision: z.literal('sent'), sentOn: pastDate('The date the letter was sent') }),
      z.object({
        decision: z.literal('not_required'),
        reason: requiredText('why the duty does not apply', 5_000, 'The reason'),
      }),
    ],
    { error: 'Choose sent or not_required' },
  )
  .meta({ id: 'DutyOfCandour' });

export const InvestigationReportSchema = z
  .object({
    submittedOn: pastDate('The date it was submitted'),
    summary: requiredText('the investigation’s findings and actions', 20_000, 'The summary'),
  })
  .meta({ id: 'InvestigationReport' });

export const AcceptLearningSchema = z
  .object({
    accepted: z.literal(true, { error: 'Accepting the learning records true' }),
    notes: narrative('The notes', 5_000),
  })
  .meta({ id: 'AcceptLearning' });
