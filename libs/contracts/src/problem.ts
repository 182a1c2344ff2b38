/** RFC 9457 problem details. `type` URIs are stable and documented in docs/api/problems.md. */
export const ProblemTypes = {
  validation: '/problems/validation-failed',
  unauthenticated: '/problems/unauthenticated',
  forbidden: '/problems/forbidden',
  notFound: '/problems/not-found',
  conflict: '/problems/conflict',
  idempotencyMismatch: '/problems/idempotency-key-reused',
  idempotencyInFlight: '/problems/idempotency-key-in-flight',
  preconditionFailed: '/problems/version-mismatch',
  rateLimited: '/problems/too-many-requests',
  unavailable: '/problems/unavailable',
  internal: '/problems/internal-error',
} as const;

export interface ProblemFieldError {
  /** JSON Pointer into the request body, as a URI fragment: `#/adultAtRisk/name`. */
  pointer: string;
  detail: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: ProblemFieldError[];
}

/** `["adultAtRisk", "name"]` → `#/adultAtRisk/name` (RFC 6901 escaping, as a URI fragment). */
export function jsonPointer(path: readonly PropertyKey[]): string {
  return `#/${path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/** One field error per bad field (the first message for each), from zod issues. */
export function fieldErrorsFromIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): ProblemFieldError[] {
  const byField = new Map<string, string>();
  for (const issue of issues) {
    const pointer = jsonPointer(issue.path);
    if (!byField.has(pointer)) byField.set(pointer, issue.message);
  }
  return [...byField].map(([pointer, detail]) => ({ pointer, detail }));
}
