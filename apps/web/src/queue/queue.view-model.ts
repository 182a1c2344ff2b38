import type { Page, TaskWindow, TaskWindowCounts } from '@vigil/cases';
import type { WorkItem } from '@vigil/contracts';
import { CaseTypeLabels, label, londonDate, londonDateTime, londonTime, TaskLabels } from '@vigil/domain';
import type { WorkingDayCalendar } from '@vigil/domain/calendar';
import { z } from 'zod';

export const TASKS_PER_PAGE = 25;

/** The tabs in the order shown; the same windows as `CaseQueries.listTasks` (types only, so no Nest here). */
export const QueueTabs = ['overdue', 'today', 'week', 'all'] as const satisfies readonly TaskWindow[];

/** The queue's GET query: a tab (due window) and a page number; anything unexpected falls back quietly. */
export const QueueFilterSchema = z.object({
  tab: z.enum(QueueTabs).catch('all'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type QueueFilter = z.infer<typeof QueueFilterSchema>;

export function readQueueFilter(query: unknown): QueueFilter {
  return QueueFilterSchema.parse(query ?? {});
}

/** The last page of a tab holding `total` tasks (1 when it is empty). */
export const lastPageOf = (total: number): number => Math.max(1, Math.ceil(total / TASKS_PER_PAGE));

/** Each tab: its words, the sentence shown when it is empty, and how the page title names it. */
const Tabs: Record<TaskWindow, { text: string; empty: string; title: string | null }> = {
  overdue: { text: 'Overdue', empty: 'You have no overdue tasks.', title: 'overdue' },
  today: { text: 'Due today', empty: 'You have no tasks due today.', title: 'due today' },
  week: { text: 'Due this week', empty: 'You have no tasks due this week.', title: 'due this week' },
  all: { text: 'All', empty: 'You have no open tasks.', title: null },
};

export type QueueDueState = 'overdue' | 'today' | 'upcoming' | 'none';

export interface QueueDue {
  /** "Overdue by 3 working days", "Due today", "Due in 2 working days", "No due date". */
  text: string;
  state: QueueDueState;
  /** A tag where the state needs attention (overdue red, today orange); the words carry the state anyway. */
  tag: { text: string; classes: string } | null;
  /** ISO instant for `<time datetime>`, or null when there is no due date. */
  at: string | null;
}

const workingDays = (n: number): string => `${n} working day${n === 1 ? '' : 's'}`;

/**
 * When a task is due, in working days on the England and Wales calendar (weekends and bank holidays do not
 * count). Overdue: "Overdue by 3 working days", or, when no working day has passed since (later the same
 * day, or over a weekend), "Overdue since 9am today" / "Overdue since 7 March 2026, 5pm". Not yet due:
 * "Due today" (the London date), "Due in 2 working days", or "Due on 8 March 2026" for a day off before
 * the next working day.
 */
export function queueDue(dueAt: string | null, now: Date, calendar: WorkingDayCalendar): QueueDue {
  if (!dueAt) return { text: 'No due date', state: 'none', tag: null, at: null };
  const due = new Date(dueAt);
  const at = due.toISOString();
  const sameDay = calendar.localDate(due) === calendar.localDate(now);
  if (due.getTime() < now.getTime()) {
    const late = calendar.workingDaysBetween(due, now);
    const text =
      late > 0
        ? `Overdue by ${workingDays(late)}`
        : sameDay
          ? `Overdue since ${londonTime(due)} today`
          : `Overdue since ${londonDateTime(due)}`;
    return { text, state: 'overdue', tag: { text, classes: 'govuk-tag--red' }, at };
  }
  if (sameDay)
    return {
      text: 'Due today',
      state: 'today',
      tag: { text: 'Due today', classes: 'govuk-tag--orange' },
      at,
    };
  const left = calendar.workingDaysBetween(now, due);
  const text = left > 0 ? `Due in ${workingDays(left)}` : `Due on ${londonDate(due)}`;
  return { text, state: 'upcoming', tag: null, at };
}

export interface QueueRow {
  caseId: string;
  taskId: string;
  reference: string;
  href: string;
  /** "Safeguarding concern". */
  type: string;
  /** "Triage decision". */
  task: string;
  due: QueueDue;
}

export interface PaginationItem {
  number?: string;
  href?: string;
  current?: boolean;
  ellipsis?: boolean;
}

export interface QueueView {
  pageTitle: string;
  navSection: 'queue';
  navCurrent: 'queue' | null;
  heading: string;
  tab: TaskWindow;
  tabs: { text: string; href: string; active: boolean }[];
  rows: QueueRow[];
  total: number;
  summary: string;
  pagination: {
    previous?: { href: string };
    next?: { href: string };
    items: PaginationItem[];
    landmarkLabel: string;
  } | null;
}

export const queueHref = (tab: TaskWindow, page = 1): string => {
  const params = new URLSearchParams();
  if (tab !== 'all') params.set('tab', tab);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/queue?${query}` : '/queue';
};

/** Page links as GOV.UK pagination shows them: first, last, the current page and its neighbours. */
function pageItems(tab: TaskWindow, current: number, last: number): PaginationItem[] {
  const items: PaginationItem[] = [];
  for (let n = 1; n <= last; n += 1) {
    if (n === 1 || n === last || Math.abs(n - current) <= 1) {
      items.push({ number: String(n), href: queueHref(tab, n), current: n === current });
    } else if (!items[items.length - 1]?.ellipsis) {
      items.push({ ellipsis: true });
    }
  }
  return items;
}

/**
 * The work queue: tabs for each due window with their counts (as links, so they work without JavaScript),
 * then the tab's tasks with the case, its type, the task and when it is due in words.
 */
export function queueView(
  page: Page<WorkItem>,
  counts: TaskWindowCounts,
  filter: QueueFilter,
  now: Date,
  calendar: WorkingDayCalendar,
): QueueView {
  const tab = Tabs[filter.tab];
  const first = (filter.page - 1) * TASKS_PER_PAGE;
  const last = lastPageOf(page.total);
  const title = ['Your work queue', tab.title].filter(Boolean).join(': ');
  return {
    pageTitle: last > 1 ? `${title} (page ${filter.page} of ${last})` : title,
    navSection: 'queue',
    navCurrent: filter.tab === 'all' && filter.page === 1 ? 'queue' : null,
    heading: 'Your work queue',
    tab: filter.tab,
    tabs: QueueTabs.map((name) => ({
      text: `${Tabs[name].text} (${counts[name]})`,
      href: queueHref(name),
      active: name === filter.tab,
    })),
    rows: page.items.map((item) => ({
      caseId: item.caseId,
      taskId: item.task.id,
      reference: item.reference,
      href: `/cases/${item.caseId}`,
      type: label(CaseTypeLabels, item.caseType),
      task: label(TaskLabels, item.task.type),
      due: queueDue(item.task.dueAt, now, calendar),
    })),
    total: page.total,
    summary:
      page.total === 0
        ? tab.empty
        : page.items.length === 0
          ? `There are no tasks on this page. ${page.total} task${page.total === 1 ? '' : 's'} in all.`
          : `Showing ${first + 1} to ${first + page.items.length} of ${page.total} task${page.total === 1 ? '' : 's'}`,
    pagination:
      last > 1
        ? {
            ...(filter.page > 1 ? { previous: { href: queueHref(filter.tab, filter.page - 1) } } : {}),
            ...(filter.page < last ? { next: { href: queueHref(filter.tab, filter.page + 1) } } : {}),
            items: pageItems(filter.tab, filter.page, last),
            landmarkLabel: 'Pages of tasks',
          }
        : null,
  };
}
