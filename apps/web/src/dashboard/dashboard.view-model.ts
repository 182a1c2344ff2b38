import type { DashboardFigures, DashboardWeek } from '@vigil/cases';
import { CaseTypeLabels, londonDate } from '@vigil/domain';

export interface DashboardPanel {
  label: string;
  count: number;
  href: string;
  qa: string;
}

export interface DashboardView {
  pageTitle: string;
  panels: DashboardPanel[];
  openByType: { label: string; count: number; href: string }[];
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
  csvHref: string;
}

/** "3 of 4 (75%)", or "No clocks fell due" when none did. */
export function compliance(week: Pick<DashboardWeek, 'clocksDue' | 'clocksMet'>): string {
  if (week.clocksDue === 0) return 'No clocks fell due';
  return `${week.clocksMet} of ${week.clocksDue} (${Math.round((week.clocksMet / week.clocksDue) * 100)}%)`;
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
  const labels = weeks
    .map((w, i) => ({ x: Math.round(i * slot + slot / 2), text: w.weekStart.slice(5) }))
    .filter((_, i) => i % 2 === 0);
  return { width, height, bars, labels, max };
}

/** The dashboard page: panels that link to the queue or the list, open cases by type, the 13-week trend. */
export function dashboardView(figures: DashboardFigures): DashboardView {
  return {
    pageTitle: 'Dashboard',
    panels: [
      { label: 'Overdue tasks', count: figures.overdueTasks, href: '/queue?tab=overdue', qa: 'overdue' },
      {
        label: 'Due in the next 5 working days',
        count: figures.dueSoon,
        href: '/queue?tab=week',
        qa: 'due-soon',
      },
      {
        label: 'Concerns past their triage deadline',
        count: figures.triageOverdue,
        href: '/cases?status=awaiting_triage',
        qa: 'triage-overdue',
      },
      {
        label: 'Open Section 42 enquiries',
        count: figures.openEnquiries,
        href: '/cases?type=s42_enquiry',
        qa: 'enquiries',
      },
      {
        label: 'Allegations with a suspension in place',
        count: figures.suspensionsInPlace,
        href: '/cases?status=suspension_in_place',
        qa: 'suspensions',
      },
    ],
    openByType: figures.openByType.map((t) => ({
      label: CaseTypeLabels[t.type] ?? t.type,
      count: t.count,
      href: `/cases?type=${t.type}`,
    })),
    weeks: figures.weeks.map((w) => ({
      label: weekLabel(w.weekStart),
      raised: w.raised,
      closed: w.closed,
      compliance: compliance(w),
    })),
    chart: chartOf(figures.weeks),
    csvHref: '/dashboard.csv',
  };
}

/** The trend as CSV (the same figures as the table). */
export function dashboardCsv(figures: DashboardFigures): string {
  const rows = [
    ['week_start', 'raised', 'closed', 'clocks_due', 'clocks_met'],
    ...figures.weeks.map((w) => [w.weekStart, w.raised, w.closed, w.clocksDue, w.clocksMet].map(String)),
  ];
  return rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
}
