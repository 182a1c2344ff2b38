import {
  DashboardPeriods,
  type DashboardClock,
  type DashboardFigures,
  type DashboardMember,
  type DashboardWeek,
} from '@vigil/cases';
import { CaseTypeLabels, clockLabel, londonDate } from '@vigil/domain';

export interface DashboardPanel {
  label: string;
  count: number;
  href: string;
  qa: string;
}

export interface DashboardLinkCell {
  count: number;
  href: string;
  /** What the number counts, for screen readers: "overdue tasks of Sam Officer". */
  hidden: string;
}

export interface DashboardView {
  pageTitle: string;
  filter: {
    periods: { value: string; text: string; selected: boolean }[];
    /** A select of teams, when there is a choice. */
    teams: { value: string; text: string; selected: boolean }[] | null;
    /** The one team the figures are for, when there is no choice (a team manager). */
    teamName: string | null;
  };
  /** "the last 13 weeks (from 7 September 2026)". */
  periodText: string;
  /** Whose work: "Riverside safeguarding team", "all teams", "the providers you commission". */
  scopeText: string;
  panels: DashboardPanel[];
  openByType: { label: string; count: number; href: string }[];
  members: { name: string; overdue: DashboardLinkCell; dueSoon: DashboardLinkCell }[];
  weeks: {
    label: string;
    raised: number;
    closed: number;
    compliance: string;
  }[];
  chart: {
    width: number;
    height: number;
    bars: { x: number; y: number; h: number; w: number; kind: string; title: string }[];
    labels: { x: number; text: string }[];
    max: number;
  };
  complianceChart: {
    width: number;
    height: number;
    points: { x: number; y: number; title: string }[];
    /** SVG polyline point lists, one per run of consecutive weeks with deadlines due. */
    lines: string[];
    labels: { x: number; text: string }[];
  };
  clocks: {
    key: string;
    name: string;
    due: number;
    met: number;
    metWithinExtension: number;
    percent: string;
  }[];
  clocksTotal: { due: number; met: number; metWithinExtension: number; percent: string };
  csvHref: string;
  clocksCsvHref: string;
  weeksCount: number;
}

/** "3 of 4 (75%)", or "No clocks fell due" when none did. */
export function compliance(week: Pick<DashboardWeek, 'clocksDue' | 'clocksMet'>): string {
  if (week.clocksDue === 0) return 'No clocks fell due';
  return `${week.clocksMet} of ${week.clocksDue} (${percent(week.clocksMet, week.clocksDue)})`;
}

/** Met ÷ due as a whole percentage ("67%"), or an en dash when nothing fell due. */
export function percent(met: number, due: number): string {
  return due === 0 ? '–' : `${Math.round((met / due) * 100)}%`;
}

/**
 * The work queue's query contract (`/queue`): `who=team` lists every open task in the reader's scope; the
 * rest narrow it. Keys are written in one order so links are stable.
 */
export interface QueueLink {
  tab?: 'overdue' | 'today' | 'week' | 'all';
  within?: number;
  type?: string;
  task?: string;
  assigned?: string;
  /** Only tasks the council holds (a team member's work), not the provider's on the same cases. */
  holder?: 'council';
  team?: string | null;
}
export function queueHref(link: QueueLink): string {
  const q = new URLSearchParams({ who: 'team' });
  if (link.tab) q.set('tab', link.tab);
  if (link.within) q.set('within', String(link.within));
  if (link.type) q.set('type', link.type);
  if (link.task) q.set('task', link.task);
  if (link.assigned) q.set('assigned', link.assigned);
  if (link.holder) q.set('holder', link.holder);
  if (link.team) q.set('team', link.team);
  return `/queue?${q.toString()}`;
}

/** The case list's address for a dashboard figure: its type or status, open only, the chosen team. */
export function casesHref(link: {
  type?: string;
  status?: string;
  open?: boolean;
  team?: string | null;
}): string {
  const q = new URLSearchParams();
  if (link.type) q.set('type', link.type);
  if (link.status) q.set('status', link.status);
  if (link.team) q.set('team', link.team);
  if (link.open) q.set('open', 'true');
  const query = q.toString();
  return query ? `/cases?${query}` : '/cases';
}

/** The filters as a query string, so the CSV links give what the page shows. */
export function filterQuery(figures: Pick<DashboardFigures, 'filter' | 'teams' | 'allTeams'>): string {
  const q = new URLSearchParams({ weeks: String(figures.filter.weeks) });
  if (figures.filter.teamId) q.set('team', figures.filter.teamId);
  else if (figures.allTeams) q.set('team', 'all');
  return q.toString();
}

const weekLabel = (weekStart: string): string => `Week of ${londonDate(`${weekStart}T12:00:00Z`)}`;

/** Bars for raised and closed per week, scaled to the tallest; the same figures are in the table. */
function chartOf(weeks: readonly DashboardWeek[]): DashboardView['chart'] {
  const width = 640;
  const height = 160;
  const max = Math.max(1, ...weeks.flatMap((w) => [w.raised, w.closed]));
  const slot = width / Math.max(1, weeks.length);
  const bar = Math.max(2, Math.floor(slot / 3));
  const bars = weeks.flatMap((w, i) => {
    const x = Math.round(i * slot + slot / 6);
    const hr = Math.round((w.raised / max) * (height - 20));
    const hc = Math.round((w.closed / max) * (height - 20));
    return [
      {
        x,
        y: height - hr,
        h: hr,
        w: bar,
        kind: 'raised',
        title: `${weekLabel(w.weekStart)}: ${w.raised} raised`,
      },
      {
        x: x + bar,
        y: height - hc,
        h: hc,
        w: bar,
        kind: 'closed',
        title: `${weekLabel(w.weekStart)}: ${w.closed} closed`,
      },
    ];
  });
  // About seven labels whatever the period, so they never overlap (every other week at 13 weeks).
  const step = Math.max(1, Math.ceil(weeks.length / 7));
  const labels = weeks
    .map((w, i) => ({
      // Kept inside the drawing, so the first and last labels are not cut off.
      x: Math.min(width - 16, Math.max(16, Math.round(i * slot + slot / 2))),
      text: w.weekStart.slice(5),
    }))
    .filter((_, i) => i % step === 0);
  return { width, height, bars, labels, max };
}

/**
 * Deadlines met on time ÷ fell due per week, as points on a 0–100% scale joined by a line; a week when none
 * fell due has no point (and breaks the line). The table has the same figures.
 */
function complianceChartOf(
  weeks: readonly DashboardWeek[],
  chart: DashboardView['chart'],
): DashboardView['complianceChart'] {
  const { width } = chart;
  const height = 100;
  const slot = width / Math.max(1, weeks.length);
  const points = weeks.flatMap((w, i) =>
    w.clocksDue === 0
      ? []
      : [
          {
            i,
            x: Math.round(i * slot + slot / 2),
            y: Math.round(height - (w.clocksMet / w.clocksDue) * height),
            title: `${weekLabel(w.weekStart)}: ${compliance(w)}`,
          },
        ],
  );
  const lines: string[] = [];
  let run: typeof points = [];
  for (const p of points) {
    if (run.length && p.i !== run[run.length - 1].i + 1) {
      if (run.length > 1) lines.push(run.map((r) => `${r.x},${r.y}`).join(' '));
      run = [];
    }
    run.push(p);
  }
  if (run.length > 1) lines.push(run.map((r) => `${r.x},${r.y}`).join(' '));
  return {
    width,
    height,
    points: points.map(({ x, y, title }) => ({ x, y, title })),
    lines,
    labels: chart.labels,
  };
}

function memberRows(figures: DashboardFigures): DashboardView['members'] {
  const team = figures.filter.teamId;
  return figures.members.map((m: DashboardMember) => {
    const name = m.name ?? 'Unassigned';
    const whose = m.userId ? `assigned to ${name}` : 'on unassigned cases';
    const assigned = m.userId ?? 'unassigned';
    return {
      name,
      overdue: {
        count: m.overdue,
        href: queueHref({ tab: 'overdue', assigned, holder: 'council', team }),
        hidden: `overdue tasks ${whose}`,
      },
      dueSoon: {
        count: m.dueSoon,
        href: queueHref({ within: 5, assigned, holder: 'council', team }),
        hidden: `tasks due in the next 5 working days ${whose}`,
      },
    };
  });
}

function clockRows(clocks: readonly DashboardClock[]): Pick<DashboardView, 'clocks' | 'clocksTotal'> {
  const rows = clocks
    .filter((c) => c.due > 0)
    .map((c) => ({
      key: c.name,
      name: clockLabel(c.name),
      due: c.due,
      met: c.met,
      metWithinExtension: c.metWithinExtension,
      percent: percent(c.met, c.due),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  const due = rows.reduce((s, r) => s + r.due, 0);
  const met = rows.reduce((s, r) => s + r.met, 0);
  const metWithinExtension = rows.reduce((s, r) => s + r.metWithinExtension, 0);
  return { clocks: rows, clocksTotal: { due, met, metWithinExtension, percent: percent(met, due) } };
}

/** The dashboard page: the filters, panels that link to the queue or the list, work by team member, the trend. */
export function dashboardView(figures: DashboardFigures): DashboardView {
  const team = figures.filter.teamId;
  const teamName = figures.teams.find((t) => t.id === team)?.name ?? null;
  const choosable = figures.teams.length + (figures.allTeams ? 1 : 0) > 1;
  const query = filterQuery(figures);
  const { weeks } = figures.filter;
  const chart = chartOf(figures.weeks);
  return {
    pageTitle: 'Dashboard',
    filter: {
      periods: DashboardPeriods.map((p) => ({
        value: String(p),
        text: `The last ${p} weeks`,
        selected: p === weeks,
      })),
      teams: choosable
        ? [
            ...(figures.allTeams ? [{ value: 'all', text: 'All teams', selected: team === null }] : []),
            ...figures.teams.map((t) => ({ value: t.id, text: t.name, selected: t.id === team })),
          ]
        : null,
      teamName: choosable ? null : teamName,
    },
    periodText: `the last ${weeks} weeks${figures.filter.from ? ` (from ${londonDate(`${figures.filter.from}T12:00:00Z`)})` : ''}`,
    scopeText:
      teamName ?? (figures.allTeams ? 'all teams' : team ? 'your team' : 'the providers you commission'),
    panels: [
      {
        label: 'Overdue tasks',
        count: figures.overdueTasks,
        href: queueHref({ tab: 'overdue', team }),
        qa: 'overdue',
      },
      {
        label: 'Due in the next 5 working days',
        count: figures.dueSoon,
        href: queueHref({ within: 5, team }),
        qa: 'due-soon',
      },
      {
        label: 'Concerns past their triage deadline',
        count: figures.triageOverdue,
        href: queueHref({ tab: 'overdue', type: 'concern', task: 'triage_decision', team }),
        qa: 'triage-overdue',
      },
      {
        label: 'Open Section 42 enquiries',
        count: figures.openEnquiries,
        href: casesHref({ type: 's42_enquiry', open: true, team }),
        qa: 'enquiries',
      },
      {
        label: 'Allegations with a suspension in place',
        count: figures.suspensionsInPlace,
        href: casesHref({ status: 'suspension_in_place', team }),
        qa: 'suspensions',
      },
    ],
    openByType: figures.openByType.map((t) => ({
      label: CaseTypeLabels[t.type] ?? t.type,
      count: t.count,
      href: casesHref({ type: t.type, open: true, team: figures.filter.teamId }),
    })),
    members: memberRows(figures),
    weeks: figures.weeks.map((w) => ({
      label: weekLabel(w.weekStart),
      raised: w.raised,
      closed: w.closed,
      compliance: compliance(w),
    })),
    chart,
    complianceChart: complianceChartOf(figures.weeks, chart),
    ...clockRows(figures.clocks),
    csvHref: `/dashboard.csv?${query}`,
    clocksCsvHref: `/dashboard/clocks.csv?${query}`,
    weeksCount: weeks,
  };
}

const csvCell = (v: string | number): string => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csv = (rows: (string | number)[][]): string =>
  rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';

/** The trend as CSV (the same figures as the table). */
export function dashboardCsv(figures: DashboardFigures): string {
  return csv([
    ['week_start', 'raised', 'closed', 'clocks_due', 'clocks_met'],
    ...figures.weeks.map((w) => [w.weekStart, w.raised, w.closed, w.clocksDue, w.clocksMet]),
  ]);
}

/**
 * Clock compliance per clock over the period as CSV (`/dashboard/clocks.csv`, the same figures as the
 * page's table): the period's first Monday and length, the clock's key and name, fell due, met on time,
 * met within an extension, and met on time ÷ fell due as a whole percentage.
 */
export function clocksCsv(figures: DashboardFigures): string {
  const { clocks } = clockRows(figures.clocks);
  return csv([
    [
      'period_from',
      'weeks',
      'clock_key',
      'clock',
      'due',
      'met_on_time',
      'met_within_extension',
      'percent_met_on_time',
    ],
    ...clocks.map((c) => [
      figures.filter.from,
      figures.filter.weeks,
      c.key,
      c.name,
      c.due,
      c.met,
      c.metWithinExtension,
      c.percent,
    ]),
  ]);
}
