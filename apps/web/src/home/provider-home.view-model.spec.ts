import { describe, expect, it } from '@jest/globals';
import type { ProviderHomeItem } from '@vigil/cases';
import { providerHomeView } from './provider-home.view-model';

const now = new Date('2026-12-04T10:00:00Z');
const item = (over: Partial<ProviderHomeItem> = {}): ProviderHomeItem => ({
  id: '00000000-0000-4000-8000-00000000c001',
  type: 'concern',
  reference: 'VIG-2026-000001',
  status: 'awaiting_triage',
  createdAt: '2026-12-01T09:00:00Z',
  adultInitials: 'A. L.',
  councilNext: { taskType: 'triage_decision', dueAt: '2026-12-03T17:00:00Z' },
  providerNext: null,
  ...over,
});

describe('providerHomeView', () => {
  it('says what the council owes next and when, in words, and what the provider owes', () => {
    const view = providerHomeView(
      [item({ providerNext: { taskType: 'care_plan_review', dueAt: '2026-12-08T17:00:00Z' } })],
      'Sunrise Care',
      [{ href: '/concerns/new', text: 'Raise a safeguarding concern' }],
      now,
    );
    expect(view.summary).toBe('1 open case, newest first');
    const [row] = view.rows;
    expect(row).toMatchObject({
      href: '/cases/00000000-0000-4000-8000-00000000c001',
      type: 'Safeguarding concern',
      adult: 'A. L.',
      council: { task: 'Triage decision', due: { text: 'Overdue by 17 hours', state: 'overdue' } },
      provider: { task: 'Review the care plan', due: { text: 'Due in 4 days', state: 'upcoming' } },
    });
    expect(row.status.text).toBe('Awaiting triage');
  });

  it('says when nothing is due, and when there are no open cases', () => {
    const [row] = providerHomeView(
      [item({ councilNext: { taskType: 'close_lse', dueAt: null } })],
      'Sunrise',
      [],
      now,
    ).rows;
    expect(row.council).toEqual({ task: 'End the large-scale enquiry', at: null, due: null });
    expect(row.provider).toBeNull();
    expect(providerHomeView([], 'Sunrise', [], now).summary).toBe('You have no open cases.');
  });
});
