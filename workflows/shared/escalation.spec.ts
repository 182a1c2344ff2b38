import { describe, expect, it } from '@jest/globals';
import { ladderSteps } from './escalation';

describe('ladderSteps', () => {
  it('puts the breach at the due moment first, then the rungs in time order', () => {
    const steps = ladderSteps({
      clockId: '0b7e7a3c-6f4b-4d3e-9d55-1a2b3c4d5e6f',
      name: 'concern.triage',
      dueAt: '2026-11-24T17:00:00.000Z',
      rungs: [
        { rung: 2, role: 'team_manager', at: '2026-11-25T17:00:00.000Z' },
        { rung: 1, role: 'assignee', at: '2026-11-24T17:00:00.000Z' },
        { rung: 3, role: 'head_of_service', at: '2026-11-27T17:00:00.000Z' },
      ],
    });
    expect(steps.map((s) => (s.kind === 'breach' ? 'breach' : `rung-${s.rung}`))).toEqual([
      'breach',
      'rung-1',
      'rung-2',
      'rung-3',
    ]);
  });
});
