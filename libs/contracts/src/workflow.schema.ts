import { z } from 'zod';
import { SendNoticeInputSchema } from './activities';
import { CaseOutcomeSchema, CaseStatusSchema, CaseTypeSchema } from './case.schema';
import { ClockKeys } from './clock-keys';
import { TriageDecisions } from './concern.schema';
import { LadderRoles } from './roles';

/*
 * Everything that crosses into Temporal: IDs, enums, UTC ISO instants, numbers and booleans only.
 * Names, summaries and reasons stay in PostgreSQL (see docs/adr/0005-no-personal-data-in-temporal.md).
 */

const utc = () => z.iso.datetime();

export const PolicyRefSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  version: z.string().regex(/^[A-Za-z0-9._-]{1,32}$/),
});
export type PolicyRef = z.infer<typeof PolicyRefSchema>;

/** One rung of an escalation ladder, resolved to an instant when the clock started. */
export const LadderRungSchema = z.object({
  rung: z.number().int().min(1),
  role: z.enum(LadderRoles),
  at: utc(),
});
export type LadderRung = z.infer<typeof LadderRungSchema>;

/** A running clock as the workflow sees it: computed once at intake, never recomputed in a workflow. */
export const WorkflowClockSchema = z.object({
  clockId: z.uuid(),
  name: z.enum(ClockKeys),
  dueAt: utc(),
  rungs: z.array(LadderRungSchema),
});
export type WorkflowClock = z.infer<typeof WorkflowClockSchema>;

/** A notice a workflow sends for its case; the workflow adds its own ID and the case's. */
export const NoticeRequestSchema = SendNoticeInputSchema.omit({ workflowId: true, caseId: true });
export type NoticeRequest = z.infer<typeof NoticeRequestSchema>;

/**
 * Every case workflow's input. Runs started before the case engine carry only caseId, policy, clocks
 * and correlationId; the other fields are optional so those inputs still parse.
 */
export const CaseWorkflowInputSchema = z.object({
  caseId: z.uuid(),
  caseType: CaseTypeSchema.optional(),
  policy: PolicyRefSchema,
  status: CaseStatusSchema.optional(),
  clocks: z.array(WorkflowClockSchema),
  /** Sent when the workflow starts (the concern's raise notices, an enquiry's opening notices). */
  notices: z.array(NoticeRequestSchema).optional(),
  /**
   * The case counts toward its provider's early warning (issue 10, ADR 0020): the workflow runs the
   * `watchProvider` activity once, at its start. Runs started before this field had a separate
   * `providerWatchWorkflow` instead.
   */
  watchProvider: z.boolean().optional(),
  correlationId: z.uuid().optional(),
});
export type CaseWorkflowInput = z.infer<typeof CaseWorkflowInputSchema>;
export const ConcernWorkflowInputSchema = CaseWorkflowInputSchema;
export type ConcernWorkflowInput = CaseWorkflowInput;

/**
 * Signal `caseUpdated`: a change committed in PostgreSQL (the record of authority) that the workflow must
 * act on: the transition it made, clocks to start and stop, notices to send. Repeats (same updateId) are
 * ignored.
 */
export const CaseUpdatedSignalSchema = z.object({
  updateId: z.uuid(),
  at: utc(),
  /** The transition's event (`triage:signpost`, `withdraw`, `task:record_adult_views`, …). */
  event: z.string().regex(/^[a-z0-9_:]{1,80}$/),
  from: CaseStatusSchema,
  to: CaseStatusSchema,
  /** Set when the change closes the case. */
  outcome: CaseOutcomeSchema.optional(),
  startClocks: z.array(WorkflowClockSchema),
  stopClocks: z.array(z.uuid()),
  notices: z.array(NoticeRequestSchema),
});
export type CaseUpdatedSignal = z.infer<typeof CaseUpdatedSignalSchema>;

/** Signal: the triage decision was stored in PostgreSQL (the record of authority). */
export const TriageDecidedSignalSchema = z.object({
  decisionId: z.uuid(),
  decision: z.enum(TriageDecisions),
  decidedAt: utc(),
});
export type TriageDecidedSignal = z.infer<typeof TriageDecidedSignalSchema>;

/** Signal: the Section 42 enquiry spawned from this concern has closed (the enquiry is a later issue). */
export const EnquiryClosedSignalSchema = z.object({
  enquiryId: z.uuid(),
  closedAt: utc(),
});
export type EnquiryClosedSignal = z.infer<typeof EnquiryClosedSignalSchema>;

export const ConcernWorkflowStateSchema = z.object({
  phase: z.enum(['awaiting_triage', 'enquiry_open', 'closed']),
  decision: z.enum(TriageDecisions).nullable(),
  breachedClocks: z.array(z.uuid()),
  rungsSent: z.array(z.object({ clockId: z.uuid(), rung: z.number().int() })),
});
export type ConcernWorkflowState = z.infer<typeof ConcernWorkflowStateSchema>;

export const CaseClosureSchema = z.object({
  caseId: z.uuid(),
  outcome: CaseOutcomeSchema,
  closedAt: utc(),
});

/** What `caseState` answers (tests and support tools; screens read PostgreSQL). */
export const CaseWorkflowStateSchema = z.object({
  status: CaseStatusSchema,
  closed: z.boolean(),
  runningClocks: z.array(z.uuid()),
  breachedClocks: z.array(z.uuid()),
  rungsSent: z.array(z.object({ clockId: z.uuid(), rung: z.number().int() })),
  updatesApplied: z.number().int(),
});
export type CaseWorkflowState = z.infer<typeof CaseWorkflowStateSchema>;
export type CaseClosure = z.infer<typeof CaseClosureSchema>;

/** The schemas whose values enter Temporal histories; a contract test checks they hold no free text. */
export const WorkflowFacingSchemas = {
  CaseWorkflowInput: CaseWorkflowInputSchema,
  CaseUpdatedSignal: CaseUpdatedSignalSchema,
  CaseWorkflowState: CaseWorkflowStateSchema,
  TriageDecidedSignal: TriageDecidedSignalSchema,
  EnquiryClosedSignal: EnquiryClosedSignalSchema,
  ConcernWorkflowState: ConcernWorkflowStateSchema,
  CaseClosure: CaseClosureSchema,
} as const;
