import { describe, expect, it } from '@jest/globals';
import { ClockStates, ConcernStatuses } from '@vigil/contracts';
import { clockStateTag, concernStatusTag } from './concern-status';

describe('concern status and clock tags', () => {
  it('names every concern status in words, each with its own colour', () => {
    const tags = ConcernStatuses.map(concernStatusTag);
    expect(tags.map((t) => t.text)).toEqual(['Awaiting triage', 'Enquiry open', 'Closed']);
    expect(new Set(tags.map((t) => t.classes)).size).toBe(tags.length);
  });

  it('names every clock state in words, with breached in red', () => {
    expect(ClockStates.map((s) => clockStateTag(s).text)).toEqual([
      'Running',
      'Met',
      'Breached',
      'Cancelled',
    ]);
    expect(clockStateTag('breached').classes).toBe('govuk-tag--red');
  });

  it('shows an unknown value as it is, in grey, rather than failing the page', () => {
    expect(concernStatusTag('archived')).toEqual({ text: 'archived', classes: 'govuk-tag--grey' });
  });
});
