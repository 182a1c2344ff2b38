import { fieldErrorsFromIssues, type ProblemFieldError } from '@vigil/contracts';

export type VigilErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'idempotency_mismatch'
  | 'idempotency_in_flight'
  | 'unavailable';

/**
 * Errors a use case may end with; the API turns them into problem+json, the web pages into messages.
 * Messages are fixed sentences: never interpolate personal data into them.
 */
export class VigilError extends Error {
  constructor(
    readonly kind: VigilErrorKind,
    message: string,
    readonly fieldErrors: ProblemFieldError[] = [],
  ) {
    super(message);
    this.name = 'VigilError';
  }
}

/** The same answer for "no such case" and "not yours", so scope is never revealed. */
export const caseNotFound = (): VigilError =>
  new VigilError('not_found', 'There is no case with that ID that you can see');
export const forbidden = (message = 'Your role cannot do this on this case'): VigilError =>
  new VigilError('forbidden', message);
export const conflict = (message: string): VigilError => new VigilError('conflict', message);

/** Parses with a zod schema; failure becomes a validation VigilError with one entry per field. */
export function parseOrThrow<T>(
  schema: {
    safeParse(
      v: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  value: unknown,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new VigilError(
    'validation',
    'Check the fields listed in errors',
    fieldErrorsFromIssues(result.error.issues),
  );
}
