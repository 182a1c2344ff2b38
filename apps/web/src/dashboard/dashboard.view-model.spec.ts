import { describe, expect, it } from '@jest/globals';
import type { DashboardFigures } from '@vigil/cases';
import { compliance, dashboardCsv, dashboardView } from './dashboard.view-model';

const figures: DashboardFigures = {
  openByType: [
    { type: 'concern', count: 4 },
    { type: 's42_enquiry', count: 1 },
  ],
  overdueTasks: 3,
  dueSoon: 2,
  triageOverdue: 1,
  openEnquiries: 1,
  suspensionsInPlace: 0,
  weeks: [
    { weekStart: '2026-11-23', raised: 4, closed: 1, clocksDue: 4, clocksMet: 3 },
    { weekStart: '2026-11-30', raised: 0, closed: 2, clocksDue: 0, clocksMet: 0 },
  ],
};

describe('dashboard view model', () => {
  it('says clock compliance as met of due with a rounded percentage, and says when none fell due', () => {
    expect(compliance({ clocksDue: 4, clocksMet: 3 })).toBe('3 of 4 (75%)');
    expect(compliance({ clocksDue: 3, clocksMet: 2 })).toBe('2 of 3 (67%)');
    expect(compliance({ clocksDue: 0, clocksMet: 0 })).toBe('No clocks fell due');
  });

  it('links every panel to the work it counts and labels each week by its Monday', () => {
    const view = dashboardView(figures);
    expect(view.panels.map((p) => [p.label, p.count, p.href])).toEqual([
      ['Overdue tasks', 3, '/queue?tab=overdue'],
      ['Due in the next 5 working days', 2, '/queue?tab=week'],
      ['Concerns past their triage deadline', 1, '/cases?status=awaiting_triage'],
      ['Open Section 42 enquiries', 1, '/cases?type=s42_enquiry'],
      ['Allegations with a suspension in place', 0, '/cases?status=suspension_in_place'],
    ]);
    expect(view.openByType[0]).toEqual({
      label: 'Safeguarding concern',
      count: 4,
      href: '/cases?type=concern',
    });
    expect(view.weeks.map((w) => w.label)).toEqual(['Week of 23 November 2026', 'Week of 30 November 2026']);
  });

  it('scales the chart to the tallest bar, with one raised and one closed bar a week', () => {
    const { chart } = dashboardView(figures);
    expect(chart.max).toBe(4);
    expect(chart.bars).toHaveLength(4);
    const tallest = chart.bars.find((b) => b.title === 'Week of 23 November 2026: 4 raised');
    expect(tallest?.h).toBe(chart.height - 20);
    expect(chart.bars.find((b) => b.title === 'Week of 30 November 2026: 0 raised')?.h).toBe(0);
  });

  it('exports the same figures as CSV', () => {
    expect(dashboardCsv(figures)).toBe(
      'week_start,raised,closed,clocks_due,clocks_met\r\n2026-11-23,4,1,4,3\r\n2026-11-30,0,2,0,0\r\n',
    );
  });
});
