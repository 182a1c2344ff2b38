import type {
  AllActivities,
  CaseType,
  CaseWorkflowInput,
  ClockKey,
  ConcernWorkflowInput,
  ProviderWatchActivities,
} from '@vigil/contracts';
import { randomUUID } from 'node:crypto';

const roles = ['assignee', 'team_manager', 'head_of_service'] as const;

/** A concern workflow input whose triage clock falls due `dueInMs` from now, with rungs at the given offsets. */
export function buildConcernWorkflowInput(dueInMs: number, rungOffsetsMs: number[]): ConcernWorkflowInput {
  const now = Date.now();
  return {
    caseId: randomUUID(),
    policy: { name: 'fast-test', version: '1' },
    clocks: [
      {
        clockId: randomUUID(),
        name: 'concern.triage',
        dueAt: new Date(now + dueInMs).toISOString(),
        rungs: rungOffsetsMs.map((offset, i) => ({
          rung: i + 1,
          role: roles[i],
          at: new Date(now + dueInMs + offset).toISOString(),
        })),
      },
    ],
  };
}

/** Activities that succeed at once and record nothing: for capturing histories. */
export const quietActivities: AllActivities & ProviderWatchActivities = {
  markClockBreached: async () => ({ state: 'breached' }),
  sendNotice: async () => ({ sent: 1, alreadySent: 0, recipients: 1, skipped: false }),
  sendNotices: async (input) => ({
    results: input.notices.map(() => ({ sent: 1, alreadySent: 0, recipients: 1, skipped: false })),
  }),
  escalateClock: async (input) => ({
    breach: { state: 'breached' },
    notices: input.notices.map(() => ({ sent: 1, alreadySent: 0, recipients: 1, skipped: false })),
  }),
  watchProvider: async () => ({ opened: '00000000-0000-4000-8000-0000000000aa', linked: null }),
};

/** Any case type's workflow input: clocks due `dueInMs` from now, rungs at the given offsets after that. */
export function buildCaseWorkflowInput(
  caseType: CaseType,
  clocks: { name: ClockKey; dueInMs: number; rungOffsetsMs: number[] }[],
): CaseWorkflowInput {
  const now = Date.now();
  return {
    caseId: randomUUID(),
    caseType,
    policy: { name: 'fast-test', version: '1' },
    clocks: clocks.map((c) => ({
      clockId: randomUUID(),
      name: c.name,
      dueAt: new Date(now + c.dueInMs).toISOString(),
      rungs: c.rungOffsetsMs.map((offset, i) => ({
        rung: i + 1,
        role: roles[i],
        at: new Date(now + c.dueInMs + offset).toISOString(),
      })),
    })),
    notices: [],
  };
}
