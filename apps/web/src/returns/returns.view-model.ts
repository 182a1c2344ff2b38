import type {
  ClockCount,
  ProviderCount,
  RatioCount,
  ReturnsFigures,
  ReturnsPeriod,
  ReturnSubmission,
  SacCount,
} from '@vigil/cases';
import type { CaseType } from '@vigil/contracts';
import { CaseTypeLabels, clockLabel, londonDate, londonDateTime } from '@vigil/domain';

/** A calendar quarter, `2026-Q3` (July to September 2026), on London dates. */
export interface Quarter {
  year: number;
  q: 1 | 2 | 3 | 4;
}

const pad = (v: number) => String(v).padStart(2, '0');
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Today's date in London, `YYYY-MM-DD`. */
export function londonToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** Adds calendar days to a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export const quarterKey = (q: Quarter): string => `${q.year}-Q${q.q}`;

export function parseQuarter(value: unknown): Quarter | null {
  const m = typeof value === 'string' ? /^(\d{4})-Q([1-4])$/.exec(value) : null;
  return m ? { year: Number(m[1]), q: Number(m[2]) as Quarter['q'] } : null;
}

function shift(q: Quarter, by: number): Quarter {
  const i = q.year * 4 + (q.q - 1) + by;
  return { year: Math.floor(i / 4), q: ((i % 4) + 1) as Quarter['q'] };
}

/** The quarter before the one `now` falls in, in London. */
export function lastCompleteQuarter(now: Date): Quarter {
  const [y, m] = londonToday(now).split('-').map(Number);
  return shift({ year: y, q: (Math.floor((m - 1) / 3) + 1) as Quarter['q'] }, -1);
}

/** The last `count` complete quarters, newest first. */
export function recentQuarters(now: Date, count = 8): Quarter[] {
  const last = lastCompleteQuarter(now);
  return Array.from({ length: count }, (_, i) => shift(last, -i));
}

export function quarterPeriod(q: Quarter): ReturnsPeriod {
  const next = shift(q, 1);
  return {
    from: `${q.year}-${pad((q.q - 1) * 3 + 1)}-01`,
    to: `${next.year}-${pad((next.q - 1) * 3 + 1)}-01`,
  };
}

export const quarterLabel = (q: Quarter): string =>
  `${MONTHS[(q.q - 1) * 3]} to ${MONTHS[(q.q - 1) * 3 + 2]} ${q.year}`;

/** The financial year starting in April of `year` (2026 → 1 April 2026 to 31 March 2027). */
export function financialYearPeriod(year: number): ReturnsPeriod {
  return { from: `${year}-04-01`, to: `${year + 1}-04-01` };
}

/** The last financial year that has ended, by the year it started in. */
export function lastCompleteFinancialYear(now: Date): number {
  const [y, m] = londonToday(now).split('-').map(Number);
  return m >= 4 ? y - 1 : y - 2;
}

export function parseYear(value: unknown): number | null {
  return typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : null;
}

/** The instant the Kent PI return for a quarter is due: the end of its due day in London. */
export function piReturnDueAt(q: Quarter): Date {
  const after = addDays(quarterPeriod(q).to, 14);
  // Midnight in London at the start of the day after the due day, as an instant.
  const guess = new Date(`${after}T00:00:00Z`);
  const offsetHours = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', hourCycle: 'h23' }).format(
      guess,
    ),
  );
  return new Date(guess.getTime() - offsetHours * 3_600_000);
}

/**
 * The Kent PI return (DOMAIN §5 "Returns"): due quarter end + 14 calendar days; once recorded as submitted,
 * whether that was on time.
 */
export function piReturnDeadline(
  q: Quarter,
  now: Date,
  submittedAt?: string | null,
): { dueOn: string; text: string; overdue: boolean; submitted: boolean } {
  const lastDay = addDays(quarterPeriod(q).to, -1);
  const dueOn = addDays(lastDay, 14);
  if (submittedAt) {
    const late = daysBetween(dueOn, londonToday(new Date(submittedAt)));
    return {
      dueOn,
      text: late > 0 ? `Submitted ${late} day${late === 1 ? '' : 's'} late` : 'Submitted on time',
      overdue: false,
      submitted: true,
    };
  }
  const days = daysBetween(londonToday(now), dueOn);
  const text =
    days > 1
      ? `Due in ${days} days`
      : days === 1
        ? 'Due tomorrow'
        : days === 0
          ? 'Due today'
          : `Overdue by ${-days} day${days === -1 ? '' : 's'}`;
  return { dueOn, text, overdue: days < 0, submitted: false };
}

/** A ratio for the table: its counts and "75%", or no percentage when nothing counted. */
export function ratio(
  numerator: number,
  denominator: number,
): { numerator: number; denominator: number; percent: string } {
  return {
    numerator,
    denominator,
    percent: denominator === 0 ? '–' : `${Math.round((numerator / denominator) * 100)}%`,
  };
}

/** Values under 5 shown as `*` when published (SAC rules; zero reveals no one and is shown). */
export function suppress(count: number, published: boolean): string {
  return published && count > 0 && count < 5 ? '*' : String(count);
}

interface KpiDefinition {
  key: string;
  name: string;
  source: string;
  caseType: CaseType;
  /** Counted from these clocks' rows; otherwise from its own figures. */
  clocks?: readonly string[];
  figures?: (f: ReturnsFigures) => RatioCount[];
  /** What it waits for even when its case type exists. */
  waitsFor?: string;
}

export const Kpis: readonly KpiDefinition[] = [
  {
    key: 'complaint-acknowledged',
    name: 'Complaints acknowledged within 3 working days',
    source:
      'Complaints: “100% compliance to the Regulations” (specs/001_54494008b3c3cd73.txt App A, quarterly)',
    caseType: 'complaint',
    clocks: ['complaint.acknowledge'],
  },
  {
    key: 'enquiry-responses',
    name: 'Enquiry responses on time',
    source: 'Enquiry responses (specs/003_dd55ff5516494892.txt §7.16)',
    caseType: 's42_enquiry',
    clocks: ['s42.provider_report'],
  },
  {
    key: 'notifications',
    name: 'Notifications to the commissioner sent on time',
    source: 'Notices to the commissioner (DOMAIN §4.6)',
    caseType: 'notification',
    figures: (f) => f.notifications,
  },
  {
    key: 'msp',
    name: 'Making Safeguarding Personal recorded on closed enquiries',
    source:
      '“100% reporting of Making Safeguarding Personal” (specs/001_54494008b3c3cd73.txt App A “Safety”)',
    caseType: 's42_enquiry',
    figures: (f) => f.msp,
  },
  {
    key: 'complaint-compliance',
    name: 'Complaints handled within the Regulations',
    source:
      'Complaints: “100% compliance to the Regulations” (specs/001_54494008b3c3cd73.txt App A, quarterly): acknowledged within 3 working days, answered by the date due or agreed, outcome shared',
    caseType: 'complaint',
    figures: (f) => f.complaintCompliance,
  },
  {
    key: 'complaint-resolution',
    name: 'Complaints resolved at the provider’s stage',
    source: '“90% satisfactory resolution” (specs/001_54494008b3c3cd73.txt App A “Complaints”, quarterly)',
    caseType: 'complaint',
    figures: (f) => f.complaintResolution,
  },
  {
    key: 'incident-learning',
    name: 'Serious incidents investigated with learning accepted',
    source:
      '“Investigation of all moderate and high risk incidents with evidence of learning” (specs/001_54494008b3c3cd73.txt App A “Safety”)',
    caseType: 'incident',
    figures: (f) => f.incidentLearning,
  },
  {
    key: 'continuity',
    name: 'Continuity issues reported within 1 working day',
    source:
      '“Continuity issues are reported within 1 working day” (specs/001_54494008b3c3cd73.txt App A, quarterly)',
    // Reported as a serious incident of that category; within 4 hours when care is interrupted.
    caseType: 'incident',
    clocks: ['provider.continuity', 'provider.continuity_interrupted'],
  },
  // Listed so the return shows every KPI of DOMAIN §6, with what each still waits for.
  {
    key: 'incident-reporting',
    name: 'Moderate and high risk incidents reported',
    source:
      '“100% reporting of moderate and high risk incidents” (specs/001_54494008b3c3cd73.txt App A “Safety”, annual)',
    caseType: 'incident',
    figures: () => [],
    waitsFor:
      'a risk grading of serious incidents (impact × likelihood, DOMAIN decision 3), which Vigil does not record yet',
  },
  {
    key: 'candour',
    name: 'Risks found that the provider had not reported',
    source:
      'Duty of candour: “zero tolerance of failure to report” (specs/001_54494008b3c3cd73.txt App A, quarterly; target 0)',
    caseType: 'incident',
    figures: () => [],
    waitsFor: 'a record of risks the council found unreported by the provider, which Vigil does not keep yet',
  },
];

export interface KpiRow {
  key: string;
  name: string;
  source: string;
  numerator: number;
  denominator: number;
  percent: string;
  /** Met only within an extension, for clock KPIs. */
  withinExtension: number | null;
  note: string;
}

const clocksOf = (rows: readonly ClockCount[], name: string, providerId?: string) =>
  rows.filter((r) => r.name === name && (providerId === undefined || r.providerId === providerId));

const sum = <T>(rows: readonly T[], f: (r: T) => number) => rows.reduce((a, r) => a + f(r), 0);

function noteFor(def: KpiDefinition, f: ReturnsFigures, denominator: number): string {
  if (def.waitsFor) return `Waits for ${def.waitsFor}`;
  const type = CaseTypeLabels[def.caseType] ?? def.caseType;
  if (!f.typesRecorded[def.caseType]) return `Waits for ${type.toLowerCase()} cases: none recorded yet`;
  return denominator === 0 ? 'Nothing to count in this quarter' : '';
}

/** The KPI rows for one provider, or for everyone in scope when `providerId` is not given. */
export function kpiRows(f: ReturnsFigures, providerId?: string): KpiRow[] {
  return Kpis.map((def) => {
    let num: number;
    let den: number;
    let ext: number | null = null;
    if (def.clocks) {
      const rows = def.clocks.flatMap((name) => clocksOf(f.clocks, name, providerId));
      num = sum(rows, (r) => r.met);
      den = sum(rows, (r) => r.due);
      ext = sum(rows, (r) => r.metWithinExtension);
    } else {
      const rows = (def.figures?.(f) ?? []).filter(
        (r) => providerId === undefined || r.providerId === providerId,
      );
      num = sum(rows, (r) => r.numerator);
      den = sum(rows, (r) => r.denominator);
    }
    return {
      key: def.key,
      name: def.name,
      source: def.source,
      ...ratio(num, den),
      withinExtension: ext,
      note: noteFor(def, f, den),
    };
  });
}

/** Clock compliance per clock (product KPI, DOMAIN §6): met by the due time ÷ fell due; met within extension. */
export function clockRows(f: ReturnsFigures, providerId?: string): KpiRow[] {
  const names = [...new Set(f.clocks.map((c) => c.name))].sort();
  return names.map((name) => {
    const rows = clocksOf(f.clocks, name, providerId);
    const den = sum(rows, (r) => r.due);
    return {
      key: `clock:${name}`,
      name: clockLabel(name),
      source: 'Clock compliance (product, DOMAIN §6)',
      ...ratio(
        sum(rows, (r) => r.met),
        den,
      ),
      withinExtension: sum(rows, (r) => r.metWithinExtension),
      note: den === 0 ? 'None fell due in this quarter' : '',
    };
  });
}

export interface ReturnsView {
  pageTitle: string;
  quarter: string;
  quarterLabel: string;
  quarters: { value: string; text: string; selected: boolean }[];
  deadline: { dueOn: string; text: string; overdue: boolean; submitted: boolean };
  /** "On 10 October 2026, 3pm, by Pat Manager", or why it is not recorded. */
  submittedText: string;
  /** The form that records the submission, for a manager once the quarter has ended and until recorded. */
  recordAction: { action: string; quarter: string } | null;
  scopeLabel: string;
  council: KpiRow[];
  clocks: KpiRow[];
  providers: { id: string; name: string; rows: KpiRow[] }[];
  csvHref: string;
  sacYear: number;
  sacHref: string;
  sacPublishedHref: string;
  /** The quarter's MASH report and the financial year's periodic report, per provider (CSV). */
  mashHref: string;
  periodicHref: string;
}

export function returnsView(
  f: ReturnsFigures,
  q: Quarter,
  now: Date,
  commissioner: boolean,
  pi: { submission: ReturnSubmission | null; mayRecord: boolean } = { submission: null, mayRecord: false },
): ReturnsView {
  const sacYear = lastCompleteFinancialYear(now);
  const deadline = piReturnDeadline(q, now, pi.submission?.submittedAt);
  const ended = quarterPeriod(q).to <= londonToday(now);
  return {
    pageTitle: `Returns: ${quarterLabel(q)}`,
    quarter: quarterKey(q),
    quarterLabel: quarterLabel(q),
    quarters: recentQuarters(now).map((r) => ({
      value: quarterKey(r),
      text: quarterLabel(r),
      selected: quarterKey(r) === quarterKey(q),
    })),
    deadline: { ...deadline, dueOn: londonDate(`${deadline.dueOn}T12:00:00Z`) },
    submittedText: pi.submission
      ? `On ${londonDateTime(pi.submission.submittedAt)}, by ${pi.submission.submittedBy}`
      : commissioner
        ? 'The council records its submission'
        : 'Not recorded yet',
    recordAction:
      pi.mayRecord && !pi.submission && ended
        ? { action: '/returns/pi-return', quarter: quarterKey(q) }
        : null,
    scopeLabel: commissioner ? 'All the providers you commission' : 'The council',
    council: kpiRows(f),
    clocks: clockRows(f),
    providers: f.providers.map((p) => ({ ...p, rows: kpiRows(f, p.id) })),
    csvHref: `/returns.csv?quarter=${quarterKey(q)}`,
    sacYear,
    sacHref: `/returns/sac.csv?year=${sacYear}`,
    sacPublishedHref: `/returns/sac.csv?year=${sacYear}&published=true`,
    mashHref: `/returns/mash.csv?quarter=${quarterKey(q)}`,
    periodicHref: `/returns/periodic.csv?year=${sacYear}`,
  };
}

const csvCell = (v: string | number | null): string => {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csv = (rows: (string | number | null)[][]): string =>
  rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';

/** The quarter's return as CSV: the same figures as the page. */
export function returnsCsv(f: ReturnsFigures, q: Quarter, commissioner: boolean): string {
  const line = (who: string, r: KpiRow) => [
    quarterKey(q),
    who,
    r.name,
    r.source,
    r.numerator,
    r.denominator,
    r.percent === '–' ? '' : r.percent,
    r.withinExtension,
    r.note,
  ];
  return csv([
    [
      'quarter',
      'for',
      'kpi',
      'source',
      'numerator',
      'denominator',
      'percentage',
      'met_within_extension',
      'note',
    ],
    ...kpiRows(f).map((r) => line(commissioner ? 'All commissioned providers' : 'Council', r)),
    ...clockRows(f).map((r) => line(commissioner ? 'All commissioned providers' : 'Council', r)),
    ...f.providers.flatMap((p) => kpiRows(f, p.id).map((r) => line(p.name, r))),
  ]);
}

/** The SAC-style annual export, with values under 5 suppressed when `published`. */
export function sacCsv(rows: readonly SacCount[], year: number, published: boolean): string {
  const fy = `${year}-${String(year + 1).slice(2)}`;
  return csv([
    ['financial_year', 'measure', 'breakdown', 'count'],
    ...rows.map((r) => [fy, r.measure, r.breakdown, suppress(r.count, published)]),
  ]);
}

/** A provider report (MASH for a quarter, periodic for a financial year) as CSV: one row per count. */
export function providerReportCsv(rows: readonly ProviderCount[], period: string): string {
  return csv([
    ['period', 'provider', 'measure', 'breakdown', 'count'],
    ...rows.map((r) => [period, r.providerName, r.measure, r.breakdown, r.count]),
  ]);
}
