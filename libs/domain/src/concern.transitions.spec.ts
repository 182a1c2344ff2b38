import { describe, expect, it } from '@jest/globals';
import { TriageDecisions } from '@vigil/contracts';
import { triageTransition } from './concern.transitions';

describe('concern transitions (DOMAIN §4.1)', () => {
  it.each([
    ['section_42_enquiry', 'enquiry_open'],
    ['no_further_action', 'closed'],
    ['signpost', 'closed'],
  ] as const)('%s from awaiting_triage → %s, telling the raiser', (decision, to) => {
    expect(triageTransition('awaiting_triage', decision)).toEqual(
      expect.objectContaining({ to, notifyRaiser: true }),
    );
  });

  it.each(TriageDecisions)('refuses %s once the concern is no longer awaiting triage', (decision) => {
    expect(triageTransition('closed', decision)).toBeUndefined();
    expect(triageTransition('enquiry_open', decision)).toBeUndefined();
  });
});
