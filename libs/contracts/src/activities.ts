import { z } from 'zod';
import { CaseStatusSchema, CaseTypeSchema, TaskTypeSchema } from './case.schema';
import { ClockKeys } from './clock-keys';
import { LadderRoles } from './roles';

/* Activity contracts: one input object in, one result object out; IDs and enums only. */

export const NoticeTemplates = [
  'concern.raised.council',
  'concern.raised.raiser',
  'concern.decided.raiser',
  'concern.raised.commissioner',
  'clock.escalation',
  'case.break_glass',
  'case.break_glass.other_council',
  // Any case type: the labels come from enums (case type, task type, status), never from case data.
  'case.opened',
  'case.status_changed',
  /** Something on the case changed that its reader must see there (a provider's referral status). */
  'case.updated',
  'task.assigned',
  'task.returned',
  /** A case assigned to an officer by someone else: told once, reference and link only. */
  'case.assigned',
] as const;
export type NoticeTemplate = (typeof NoticeTemplates)[number];

export const NoticeAudienceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('role'), role: z.enum(LadderRoles) }),
  z.object({ kind: z.literal('raiser') }),
  /** The user's line manager, or the council's auditors when they have none. */
  z.object({ kind: z.literal('line_manager'), userId: z.uuid() }),
]);
export type NoticeAudience = z.infer<typeof NoticeAudienceSchema>;

export const SendNoticeInputSchema = z.object({
  workflowId: z.string().regex(/^[a-z0-9-]+:[0-9a-f-]{36}$/),
  caseId: z.uuid(),
  /** Stable per step, e.g. `concern.triage#rung-2`; with the recipient it is the outbox key. */
  stepKey: z.string().regex(/^[a-z0-9._#:-]{1,120}$/),
  template: z.enum(NoticeTemplates),
  audience: NoticeAudienceSchema,
  clockId: z.uuid().optional(),
  clockName: z.enum(ClockKeys).optional(),
  rung: z.number().int().min(1).optional(),
  dueAt: z.iso.datetime().optional(),
  caseType: CaseTypeSchema.optional(),
  taskType: TaskTypeSchema.optional(),
  status: CaseStatusSchema.optional(),
});
export type SendNoticeInput = z.infer<typeof SendNoticeInputSchema>;

export interface SendNoticeResult {
  /** Emails accepted by the SMTP server in this call. */
  sent: number;
  /** Emails already sent by an earlier attempt (outbox rows found SENT). */
  alreadySent: number;
  /** Recipients found for the audience at send time. */
  recipients: number;
  /** True when the notice no longer applies (its clock was met first) and nothing was sent. */
  skipped: boolean;
}

/**
 * Several notices of one case in one activity (a case's opening notices): one activity task instead of one
 * per notice. Each notice keeps its own step key and outbox rows, so a retry sends only what is pending.
 */
export const SendNoticesInputSchema = z.object({
  workflowId: SendNoticeInputSchema.shape.workflowId,
  caseId: z.uuid(),
  notices: z
    .array(SendNoticeInputSchema.omit({ workflowId: true, caseId: true }))
    .min(1)
    .max(20),
});
export type SendNoticesInput = z.infer<typeof SendNoticesInputSchema>;

export interface SendNoticesResult {
  /** One result per notice, in the input's order. */
  results: SendNoticeResult[];
}

export interface ClockBreachInput {
  caseId: string;
  clockId: string;
  at: string;
  /** The timeline entry's step key; absent in runs from before the case engine (`<clock>#breach`). */
  stepKey?: string;
}
export interface ClockBreachResult {
  state: 'breached' | 'met' | 'cancelled';
}

export interface CaseRecordActivities {
  markClockBreached(input: ClockBreachInput): Promise<ClockBreachResult>;
}

/**
 * A clock falling due: its breach record and the escalation rungs due at the same instant, in one activity
 * (every shipped ladder's first rung is at the due moment). One activity task instead of two or more.
 */
export const EscalateClockInputSchema = z.object({
  workflowId: SendNoticeInputSchema.shape.workflowId,
  caseId: z.uuid(),
  breach: z.object({
    clockId: z.uuid(),
    at: z.iso.datetime(),
    stepKey: SendNoticeInputSchema.shape.stepKey,
  }),
  notices: SendNoticesInputSchema.shape.notices,
});
export type EscalateClockInput = z.infer<typeof EscalateClockInputSchema>;

export interface EscalateClockResult {
  breach: ClockBreachResult;
  /** One result per rung's notice, in the input's order. */
  notices: SendNoticeResult[];
}

export interface EscalationActivities {
  escalateClock(input: EscalateClockInput): Promise<EscalateClockResult>;
}

export interface NoticeActivities {
  sendNotice(input: SendNoticeInput): Promise<SendNoticeResult>;
  sendNotices(input: SendNoticesInput): Promise<SendNoticesResult>;
}

/** The early-warning check a counted case asks for (issue 10): IDs only. */
export interface ProviderWatchInput {
  caseId: string;
}

export interface ProviderWatchResult {
  /** The provider concern the check opened, if it crossed the threshold. */
  opened: string | null;
  /** The open provider concern the case was linked to instead. */
  linked: string | null;
}

export interface ProviderWatchActivities {
  watchProvider(input: ProviderWatchInput): Promise<ProviderWatchResult>;
}

/** The activities case workflows call (the worker also runs `ProviderWatchActivities`). */
export type AllActivities = CaseRecordActivities & NoticeActivities & EscalationActivities;
