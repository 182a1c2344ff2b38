import { describe, expect, it } from '@jest/globals';
import type { CaseSummary } from '@vigil/contracts';
import { caseListView } from './case-list.view-model';
import { buildPrincipal } from '../../../../test/factories/principal.factory';

const summary = (n: number, nextDueAt: string | null): CaseSummary => ({
  id: `7f0c2f4e-9a41-4e0f-8f43-7d5f1b8e2c${String(n).padStart(2, '0')}`,
  type: 'concern',
  reference: `VIG-2026-0000${String(n).padStart(2, '0')}`,
  status: 'awaiting_triage',
  createdAt: '2026-03-01T09:00:00Z',
  nextDueAt,
  provider: { id: '00000000-0000-4000-8000-000000000002', name: 'Sunrise Care' },
});
const now = new Date('2026-03-04T10:00:00Z');

describe('case list view', () => {
  it('links each reference to the overview and says when the next deadline is', () => {
    const view = caseListView(
      {
        items: [summary(1, '2026-03-04T07:00:00Z'), summary(2, '2026-03-06T09:00:00Z'), summary(3, null)],
        total: 3,
      },
      { page: 1 },
      buildPrincipal('council_officer'),
      now,
    );
    expect(view.rows.map((r) => [r.href.endsWith(r.id), r.nextDue?.text ?? null])).toEqual([
      [true, 'Overdue by 3 hours'],
      [true, 'Due in 2 days'],
      [true, null],
    ]);
    expect(view.rows[0].status).toEqual({ text: 'Awaiting triage', classes: 'govuk-tag--yellow' });
    expect(view.summary).toBe('Showing 1 to 3 of 3 cases');
    expect(view.pagination).toBeNull();
    expect(view.navCurrent).toBe('cases');
  });

  it('sends auditors to the audit trail, since they may not read the case', () => {
    const view = caseListView(
      { items: [summary(1, null)], total: 1 },
      { page: 1 },
      buildPrincipal('auditor'),
      now,
    );
    expect(view.rows[0].href).toBe(`/cases/${view.rows[0].id}/audit`);
    expect(view.rows[0].linkHint).toBe('audit trail');
  });

  it('marks the status tab in use, says when a tab is empty, and pages through long lists', () => {
    const empty = caseListView(
      { items: [], total: 0 },
      { status: 'closed', page: 1 },
      buildPrincipal('team_manager'),
      now,
    );
    expect(empty.filters.filter((f) => f.active).map((f) => f.text)).toEqual(['Closed']);
    expect(empty.summary).toBe('There are no closed cases.');
    expect(empty.pageTitle).toBe('Cases: closed');
    const paged = caseListView(
      { items: [summary(1, null)], total: 60 },
      { status: 'awaiting_triage', page: 2 },
      buildPrincipal('team_manager'),
      now,
    );
    expect(paged.pagination).toEqual({
      previous: { href: '/cases?status=awaiting_triage' },
      next: { href: '/cases?status=awaiting_triage&page=3' },
    });
    expect(paged.summary).toBe('Showing 26 to 26 of 60 cases');
  });
});
