import { z } from 'zod';
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

export const ConcernWorkflowInputSchema = z.object({
  caseId: z.uuid(),
  policy: PolicyRefSchema,
  clocks: z.array(WorkflowClockSchema),
  correlationId: z.uuid().optional(),
});
export type ConcernWorkflowInput = z.infer<typeof ConcernWorkflowInputSchema>;

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
  outcome: z.enum(TriageDecisions),
  closedAt: utc(),
});
export type CaseClosure = z.infer<typeof CaseClosureSchema>;

/** The schemas whose values enter Temporal histories; a contract test checks they hold no free text. */
export const WorkflowFacingSchemas = {
  ConcernWorkflowInput: ConcernWorkflowInputSchema,
  TriageDecidedSignal: TriageDecidedSignalSchema,
  EnquiryClosedSignal: EnquiryClosedSignalSchema,
  ConcernWorkflowState: ConcernWorkflowStateSchema,
  CaseClosure: CaseClosureSchema,
} as const;
