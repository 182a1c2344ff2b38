import { CompleteTriageTaskSchema, TriageDecisions, type CompleteTriageTask } from '@vigil/contracts';
import { z } from 'zod';
import { fieldValue } from '../common/forms';

/**
 * The triage decision form: strings in, the contract's `CompleteTriageTask` out. The rationale uses the
 * contract's own rule, and the decision the contract's enum, so the page refuses exactly what the use case
 * refuses (only the wording of the decision message is the page's).
 */
export const TriageDecisionFormSchema = z.object({
  decision: z.enum(TriageDecisions, { error: 'Select a decision' }),
  rationale: CompleteTriageTaskSchema.shape.rationale,
}) satisfies z.ZodType<CompleteTriageTask>;

export const TriageDecisionFields = ['decision', 'rationale'] as const;

/** What was submitted, as it was typed (for the use case and for showing the form again). */
export function submittedDecision(body: unknown): {
  decision: string | undefined;
  rationale: string | undefined;
  version: string | undefined;
} {
  return {
    decision: fieldValue(body, 'decision'),
    rationale: fieldValue(body, 'rationale'),
    version: fieldValue(body, 'version'),
  };
}
