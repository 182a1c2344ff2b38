/** Stable `ApplicationFailure.type` codes; workflows and services branch on these. */
export const ActivityFailureType = {
  CaseNotFound: 'CASE_NOT_FOUND',
  ClockNotFound: 'CLOCK_NOT_FOUND',
  InvalidInput: 'INVALID_INPUT',
  NoRecipients: 'NO_RECIPIENTS',
} as const;
export type ActivityFailureType = (typeof ActivityFailureType)[keyof typeof ActivityFailureType];
