import type { RaiseConcern } from '@vigil/contracts';

let counter = 0;

/** Canary values: if one appears in an email, a log line or a workflow history, personal data leaked. */
export const CANARY = 'Canary';

/** A valid concern body with canary personal details; `n` makes each one distinct and deterministic. */
export function buildConcern(overrides: Partial<RaiseConcern> = {}, n = ++counter): RaiseConcern {
  return {
    adultAtRisk: { name: `${CANARY} Testperson ${n}`, dateOfBirth: '1941-07-30' },
    category: 'neglect',
    summary: `${CANARY} summary ${n}: medication missed on three evenings at 12 Canary Row`,
    occurredAt: '2026-11-20T18:30:00Z',
    immediateRisk: false,
    consent: 'given',
    desiredOutcomes: `${CANARY} outcomes ${n}: wants to stay at home`,
    ...overrides,
  };
}
