import { describe, expect, it } from '@jest/globals';
import type { DashboardFigures } from '@vigil/cases';
import { readDashboardFilter } from './dashboard-filter.form';
import {
  clocksCsv,
  compliance,
  dashboardCsv,
  dashboardView,
  percent,
  queueHref,
} from './dashboard.view-model';

const TEAM = '00000000-0000-4000-8000-000000000010';
const OTHER_TEAM = '00000000-0000-4000-8000-000000000011';
const SAM = '00000000-0000-4000-8000-000000000201';

const figures: DashboardFigures = {
  filter: { weeks: 13, teamId: TEAM, from: '2026-09-07' },
  teams: [{ id: TEAM, name: 'Riverside safeguarding team' }],
  allTeams: false,
  openByType: [
    { type: 'concern', count: 4 },
    { type: 's42_enquiry', count: 1 },
  ],
  overdueTasks: 3,
  dueSoon: 2,
  triageOverdue: 1,
  openEnquiries: 1,
  suspensionsInPlace: 0,
  members: [
    { userId: SAM, name: 'Sam Officer', overdue: 2, dueSoon: 1 },
    { userId: null, name: null, overdue: 1, dueSoon: 0 },
  ],
  weeks: [
    { weekStart: '2026-11-23', raised: 4, closed: 1, clocksDue: 4, clocksMet: 3 },
    { weekStart: '2026-11-30', raised: 0, closed: 2, clocksDue: 0, clocksMet: 0 },
  ],
  clocks: [
    { name: 's42.outcome', due: 0, met: 0, metWithinExtension: 0 },
    { name: 'concern.triage', due: 3, met: 2, metWithinExtension: 0 },
    { name: 'complaint.respond', due: 1, met: 0, metWithinExtension: 1 },
  ],
};

const head: DashboardFigures = {
  ...figures,
  filter: { ...figures.filter, teamId: null },
  teams: [
    { id: TEAM, name: 'Riverside safeguarding team' },
    { id: OTHER_TEAM, name: 'Riverside LD team' },
  ],
  allTeams: true,
};

const commissioner: DashboardFigures = {
  ...figures,
  filter: { ...figures.filter, teamId: null },
  teams: [],
  allTeams: false,
};

describe('dashboard view model', () => {
  it('says clock compliance as met of due with a rounded percentage, and says when none fell due', () => {
    expect(compliance({ clocksDue: 4, clocksMet: 3 })).toBe('3 of 4 (75%)');
    expect(compliance({ clocksDue: 3, clocksMet: 2 })).toBe('2 of 3 (67%)');
    expect(compliance({ clocksDue: 0, clocksMet: 0 })).toBe('No clocks fell due');
    expect(percent(1, 3)).toBe('33%');
    expect(percent(0, 0)).toBe('–');
  });

  it('links every panel to the work it counts, for the team in view, and labels each week by its Monday', () => {
    const view = dashboardView(figures);
    expect(view.panels.map((p) => [p.label, p.count, p.href])).toEqual([
      ['Overdue tasks', 3, `/queue?who=team&tab=overdue&team=${TEAM}`],
      ['Due in the next 5 working days', 2, `/queue?who=team&within=5&team=${TEAM}`],
      [
        'Concerns past their triage deadline',
        1,
        `/queue?who=team&tab=overdue&type=concern&task=triage_decision&team=${TEAM}`,
      ],
      ['Open Section 42 enquiries', 1, `/cases?type=s42_enquiry&team=${TEAM}&open=true`],
      ['Allegations with a suspension in place', 0, `/cases?status=suspension_in_place&team=${TEAM}`],
    ]);
    expect(view.openByType[0]).toEqual({
      label: 'Safeguarding concern',
      count: 4,
      href: `/cases?type=concern&team=${TEAM}&open=true`,
    });
    expect(view.weeks.map((w) => w.label)).toEqual(['Week of 23 November 2026', 'Week of 30 November 2026']);
  });

  it('links to the whole scope’s queue when no team is chosen (all teams, or a commissioner)', () => {
    expect(dashboardView(head).panels[0].href).toBe('/queue?who=team&tab=overdue');
    expect(dashboardView(commissioner).panels[1].href).toBe('/queue?who=team&within=5');
  });

  it('builds queue links in the contract’s names and one order', () => {
    expect(queueHref({})).toBe('/queue?who=team');
    expect(
      queueHref({ team: TEAM, assigned: 'unassigned', task: 'triage_decision', type: 'concern', tab: 'all' }),
    ).toBe(`/queue?who=team&tab=all&type=concern&task=triage_decision&assigned=unassigned&team=${TEAM}`);
    expect(queueHref({ within: 5, team: null })).toBe('/queue?who=team&within=5');
  });

  it('lists each team member with their overdue and soon-due counts as queue links, then Unassigned', () => {
    const { members } = dashboardView(figures);
    expect(members).toEqual([
      {
        name: 'Sam Officer',
        overdue: {
          count: 2,
          href: `/queue?who=team&tab=overdue&assigned=${SAM}&holder=council&team=${TEAM}`,
          hidden: 'overdue tasks assigned to Sam Officer',
        },
        dueSoon: {
          count: 1,
          href: `/queue?who=team&within=5&assigned=${SAM}&holder=council&team=${TEAM}`,
          hidden: 'tasks due in the next 5 working days assigned to Sam Officer',
        },
      },
      {
        name: 'Unassigned',
        overdue: {
          count: 1,
          href: `/queue?who=team&tab=overdue&assigned=unassigned&holder=council&team=${TEAM}`,
          hidden: 'overdue tasks on unassigned cases',
        },
        dueSoon: {
          count: 0,
          href: `/queue?who=team&within=5&assigned=unassigned&holder=council&team=${TEAM}`,
          hidden: 'tasks due in the next 5 working days on unassigned cases',
        },
      },
    ]);
    expect(dashboardView(head).members[0].overdue.href).toBe(
      `/queue?who=team&tab=overdue&assigned=${SAM}&holder=council`,
    );
  });

  it('shows per-clock compliance by name with percentages and a total, leaving out clocks that never fell due', () => {
    const view = dashboardView(figures);
    expect(view.clocks).toEqual([
      {
        key: 'complaint.respond',
        name: 'Complaint response',
        due: 1,
        met: 0,
        metWithinExtension: 1,
        percent: '0%',
      },
      {
        key: 'concern.triage',
        name: 'Triage decision',
        due: 3,
        met: 2,
        metWithinExtension: 0,
        percent: '67%',
      },
    ]);
    expect(view.clocksTotal).toEqual({ due: 4, met: 2, metWithinExtension: 1, percent: '50%' });
    expect(dashboardView({ ...figures, clocks: [] }).clocksTotal.percent).toBe('–');
  });

  it('offers the periods and, when there is a choice, the teams, keeping the filters in the CSV links', () => {
    const manager = dashboardView(figures);
    expect(manager.filter.periods.map((p) => [p.value, p.selected])).toEqual([
      ['4', false],
      ['13', true],
      ['26', false],
      ['52', false],
    ]);
    // A team manager sees one team: named, not offered as a choice.
    expect(manager.filter.teams).toBeNull();
    expect(manager.filter.teamName).toBe('Riverside safeguarding team');
    expect(manager.csvHref).toBe(`/dashboard.csv?weeks=13&team=${TEAM}`);
    expect(manager.clocksCsvHref).toBe(`/dashboard/clocks.csv?weeks=13&team=${TEAM}`);
    expect(manager.periodText).toBe('the last 13 weeks (from 7 September 2026)');

    const all = dashboardView({ ...head, filter: { ...head.filter, weeks: 52 } });
    expect(all.filter.teams).toEqual([
      { value: 'all', text: 'All teams', selected: true },
      { value: TEAM, text: 'Riverside safeguarding team', selected: false },
      { value: OTHER_TEAM, text: 'Riverside LD team', selected: false },
    ]);
    expect(all.csvHref).toBe('/dashboard.csv?weeks=52&team=all');
    expect(all.scopeText).toBe('all teams');

    const theirs = dashboardView(commissioner);
    expect(theirs.filter.teams).toBeNull();
    expect(theirs.filter.teamName).toBeNull();
    expect(theirs.csvHref).toBe('/dashboard.csv?weeks=13');
    expect(theirs.scopeText).toBe('the providers you commission');
  });

  it('reads the filter, falling back to 13 weeks and the default team on anything unexpected', () => {
    expect(readDashboardFilter({ weeks: '26', team: TEAM })).toEqual({ weeks: 26, team: TEAM });
    expect(readDashboardFilter({ weeks: '4', team: 'all' })).toEqual({ weeks: 4, team: 'all' });
    expect(readDashboardFilter({})).toEqual({ weeks: 13 });
    expect(readDashboardFilter(undefined)).toEqual({ weeks: 13 });
    for (const weeks of ['5', '0', '-4', 'abc', '13.5', '1e3', ['4', '26'], '']) {
      expect(readDashboardFilter({ weeks }).weeks).toBe(13);
    }
    for (const team of ['everyone', '42', `${TEAM}' or 1=1`, [TEAM, OTHER_TEAM], '']) {
      expect(readDashboardFilter({ weeks: '52', team })).toEqual({ weeks: 52 });
    }
  });

  it('scales the chart to the tallest bar, with one raised and one closed bar a week', () => {
    const { chart } = dashboardView(figures);
    expect(chart.max).toBe(4);
    expect(chart.bars).toHaveLength(4);
    const tallest = chart.bars.find((b) => b.title === 'Week of 23 November 2026: 4 raised');
    expect(tallest?.h).toBe(chart.height - 20);
    expect(chart.bars.find((b) => b.title === 'Week of 30 November 2026: 0 raised')?.h).toBe(0);
  });

  it('draws weekly compliance as points on a 0–100% scale, with no point for a week when nothing fell due', () => {
    const weeks = [
      { weekStart: '2026-11-09', raised: 0, closed: 0, clocksDue: 2, clocksMet: 2 },
      { weekStart: '2026-11-16', raised: 0, closed: 0, clocksDue: 4, clocksMet: 1 },
      { weekStart: '2026-11-23', raised: 0, closed: 0, clocksDue: 0, clocksMet: 0 },
      { weekStart: '2026-11-30', raised: 0, closed: 0, clocksDue: 1, clocksMet: 0 },
    ];
    const { complianceChart: c } = dashboardView({ ...figures, weeks });
    expect(c.points.map((p) => [p.y, p.title])).toEqual([
      [0, 'Week of 9 November 2026: 2 of 2 (100%)'],
      [75, 'Week of 16 November 2026: 1 of 4 (25%)'],
      [100, 'Week of 30 November 2026: 0 of 1 (0%)'],
    ]);
    // One line through the first two weeks; the gap breaks it, and a lone point needs no line.
    expect(c.lines).toEqual([`${c.points[0].x},0 ${c.points[1].x},75`]);
  });

  it('labels about seven weeks on the chart whatever the period', () => {
    const weeks = (count: number) =>
      Array.from({ length: count }, (_, i) => ({
        weekStart: new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10),
        raised: i,
        closed: 0,
        clocksDue: 0,
        clocksMet: 0,
      }));
    const labels = (count: number) => dashboardView({ ...figures, weeks: weeks(count) }).chart.labels.length;
    expect([4, 13, 26, 52].map(labels)).toEqual([4, 7, 7, 7]);
  });

  it('exports the same figures as CSV: the weekly trend, and compliance per clock', () => {
    expect(dashboardCsv(figures)).toBe(
      'week_start,raised,closed,clocks_due,clocks_met\r\n2026-11-23,4,1,4,3\r\n2026-11-30,0,2,0,0\r\n',
    );
    expect(clocksCsv(figures)).toBe(
      'period_from,weeks,clock_key,clock,due,met_on_time,met_within_extension,percent_met_on_time\r\n' +
        '2026-09-07,13,complaint.respond,Complaint response,1,0,1,0%\r\n' +
        '2026-09-07,13,concern.triage,Triage decision,3,2,0,67%\r\n',
    );
  });
});
