import { z } from 'zod';
import { isoDate, requiredText } from './fields';

/** DOMAIN §4.5: a complaint a provider receives about the care it gives (specs/004 Standard 15). */
export const ComplaintStatuses = ['received', 'acknowledged', 'responded', 'closed'] as const;
export type ComplaintStatus = (typeof ComplaintStatuses)[number];

export const ComplaintOutcomes = ['upheld', 'partly_upheld', 'not_upheld'] as const;
export type ComplaintOutcome = (typeof ComplaintOutcomes)[number];
export const NoticeMethods = ['phone', 'email', 'letter', 'in_person'] as const;

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

/** `POST /api/v1/complaints` (a provider lead). */
export const RecordComplaintSchema = z.object({
  receivedAt: pastInstant('when it was received'),
  /** The complaint affects or prevents the person's care: their social worker must be told within 24 hours. */
  affectsCare: z.boolean({ error: 'Say whether it affects or prevents the person’s care (true or false)' }),
  complainantRelationship: requiredText(
    'the complainant’s relationship to the person',
    200,
    'The complainant’s relationship',
  ),
  summary: requiredText('a summary of the complaint', 10_000, 'The summary'),
  /** A case it belongs with (a concern the complaint also raises, say). */
  linkedCaseId: z.uuid({ error: 'The linked case ID must be a UUID' }).optional(),
});
export type RecordComplaint = z.infer<typeof RecordComplaintSchema>;

export const AcknowledgeComplaintSchema = z
  .object({ acknowledgedOn: pastDate('The acknowledgement date') })
  .meta({ id: 'AcknowledgeComplaint' });

/** Standard 15.8: the person's social worker told within 24 hours when care is affected. */
export const NotifySocialWorkerSchema = z
  .object({
    notifiedAt: pastInstant('when the social worker was told'),
    method: z.enum(NoticeMethods, { error: `Choose how: ${NoticeMethods.join(', ')}` }),
  })
  .meta({ id: 'NotifySocialWorker' });

export const RespondToComplaintSchema = z
  .object({
    respondedOn: pastDate('The response date'),
    outcome: z.enum(ComplaintOutcomes, { error: `Choose the outcome: ${ComplaintOutcomes.join(', ')}` }),
  })
  .meta({ id: 'RespondToComplaint' });

export const ShareComplaintOutcomeSchema = z
  .object({ sharedOn: pastDate('The date it was shared') })
  .meta({ id: 'ShareComplaintOutcome' });

/** `POST /api/v1/cases/:id/tasks/:taskId/extend`: a new due date agreed, with the reason. */
export const ExtendTaskSchema = z
  .object({
    dueOn: isoDate('The new due date').refine((v) => v >= today(), {
      error: 'The new due date must be today or later',
    }),
    reason: requiredText('why the date moves', 2_000, 'The reason'),
  })
  .meta({ id: 'ExtendTask' });
export type ExtendTask = z.infer<typeof ExtendTaskSchema>;
