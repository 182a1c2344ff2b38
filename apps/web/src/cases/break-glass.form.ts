import { BreakGlassRequestSchema } from '@vigil/cases';
import { fieldValue } from '../common/forms';

/** The emergency access form: one reason, with the use case's own rule and messages. */
export const BreakGlassFormSchema = BreakGlassRequestSchema;

export const BreakGlassFields = ['reason'] as const;

export function submittedReason(body: unknown): { reason: string | undefined } {
  return { reason: fieldValue(body, 'reason') };
}
