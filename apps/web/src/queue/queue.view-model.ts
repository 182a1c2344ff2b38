import type { Page, TaskFilterChoices, TaskWindowCounts } from '@vigil/cases';
import {
  CaseTypes,
  ConcernCategories,
  TaskSortKeys,
  TaskTypes,
  type TaskQuery,
  type TaskSortKey,
  type TaskWindow,
  type WorkItem,
} from '@vigil/contracts';
import {
  CaseTypeLabels,
  CategoryLabels,
  label,
  londonDate,
  londonDateTime,
  londonTime,
  TaskLabels,
} from '@vigil/domain';
import type { WorkingDayCalendar } from '@vigil/domain/calendar';
import { z } from 'zod';

export const TASKS_PER_PAGE = 25;

/** The tabs in the order shown; the same windows as `WorkQueue` (types only, so no Nest here). */
export const QueueTabs = ['overdue', 'today', 'week', 'all'] as const satisfies readonly TaskWindow[];

/** "Due within" choices, in working days. */
export const WithinChoices = [5, 10, 20] as const;

const HolderLabels: Record<string, string> = {
  council: 'The council',
  provider: 'The provider',
};

const RiskLabels: Record<string, string> = {
  immediate: 'Immediate risk',
  not_immediate: 'No immediate risk',
};

/**
 * The queue's GET query: whose tasks, a tab (due window), the filters, a sort and a page number. Anything
 * unexpected (an old link, a hand-edited address, an empty "any" choice) falls back quietly to no filter.
 */
export const QueueFilterSchema = z.object({
  who: z.enum(['mine', 'team']).catch('mine'),
  tab: z.enum(QueueTabs).catch('all'),
  within: z.coerce.number().int().min(1).max(60).optional().catch(undefined),
  type: z.enum(CaseTypes).optional().catch(undefined),
  task: z.enum(TaskTypes).optional().catch(undefined),
  provider: z.uuid().optional().catch(undefined),
  team: z.uuid().optional().catch(undefined),
  assigned: z
    .union([z.enum(['me', 'unassigned']), z.uuid()])
    .optional()
    .catch(undefined),
  abuse: z.enum(ConcernCategories).optional().catch(undefined),
  risk: z.enum(['immediate', 'not_immediate']).optional().catch(undefined),
  holder: z.enum(['council', 'provider']).optional().catch(undefined),
  sort: z.enum(TaskSortKeys).catch('due'),
  order: z.enum(['asc', 'desc']).catch('asc'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type QueueFilter = z.infer<typeof QueueFilterSchema>;

/** Reads the query; `who=team` only for roles that watch others' work (otherwise their own tasks). */
export function readQueueFilter(query: unknown, seesTeam = false): QueueFilter {
  const filter = QueueFilterSchema.parse(query ?? {});
  return seesTeam ? filter : { ...filter, who: 'mine' };
}

/** The use case's query for one page of the filter's tab. */
export function taskQuery(filter: QueueFilter, page: number): TaskQuery {
  const { tab, page: _page, ...rest } = filter;
  return { ...rest, window: tab, limit: TASKS_PER_PAGE, offset: (page - 1) * TASKS_PER_PAGE };
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
  provider: string;
  /** The officer the case is assigned to, or "Unassigned". */
  assignee: string;
  due: QueueDue;
}

export interface PaginationItem {
  number?: string;
  href?: string;
  current?: boolean;
  ellipsis?: boolean;
}

export interface SelectItem {
  value: string;
  text: string;
  selected?: boolean;
}

/** A sortable column's header: a link that sorts by it (or reverses it), and its `aria-sort`. */
export interface SortHeader {
  key: TaskSortKey;
  text: string;
  href: string;
  ariaSort: 'ascending' | 'descending' | 'none';
}

export interface QueueView {
  pageTitle: string;
  navSection: 'queue';
  navCurrent: 'queue' | null;
  heading: string;
  tab: TaskWindow;
  tabs: { text: string; href: string; active: boolean }[];
  /** Columns shown to council staff only (a provider's users see their own organisation's tasks). */
  showProvider: boolean;
  showAssignee: boolean;
  headers: SortHeader[];
  rows: QueueRow[];
  total: number;
  summary: string;
  filters: {
    /** Whose tasks: shown to managers and commissioners only. */
    who: { value: string; text: string; checked: boolean }[] | null;
    selects: { name: string; label: string; items: SelectItem[] }[];
    /** What the form carries unchanged: the tab and the sort. */
    hidden: { name: string; value: string }[];
    selected: { heading: { text: string }; items: { href: string; text: string }[] }[];
    clearHref: string;
  };
  pagination: {
    previous?: { href: string };
    next?: { href: string };
    items: PaginationItem[];
    landmarkLabel: string;
  } | null;
}

/** The query string's parameters in a stable order, defaults left out. */
const ParamOrder = [
  'who',
  'tab',
  'within',
  'type',
  'task',
  'provider',
  'team',
  'assigned',
  'holder',
  'abuse',
  'risk',
  'sort',
  'order',
  'page',
] as const satisfies readonly (keyof QueueFilter)[];
const Defaults: Partial<Record<keyof QueueFilter, string>> = {
  who: 'mine',
  tab: 'all',
  sort: 'due',
  order: 'asc',
  page: '1',
};

/** The queue's address for a filter; a change of anything but the page starts again at page 1. */
export function queueHref(filter: Partial<QueueFilter> = {}, changes: Partial<QueueFilter> = {}): string {
  const next: Partial<QueueFilter> = { ...filter, page: 1, ...changes };
  const params = new URLSearchParams();
  for (const key of ParamOrder) {
    const value = next[key];
    if (value === undefined || value === null) continue;
    if (String(value) === Defaults[key]) continue;
    params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `/queue?${query}` : '/queue';
}

/** Page links as GOV.UK pagination shows them: first, last, the current page and its neighbours. */
function pageItems(filter: QueueFilter, current: number, last: number): PaginationItem[] {
  const items: PaginationItem[] = [];
  for (let n = 1; n <= last; n += 1) {
    if (n === 1 || n === last || Math.abs(n - current) <= 1) {
      items.push({ number: String(n), href: queueHref(filter, { page: n }), current: n === current });
    } else if (!items[items.length - 1]?.ellipsis) {
      items.push({ ellipsis: true });
    }
  }
  return items;
}

const SortTexts: Record<TaskSortKey, string> = {
  reference: 'Case',
  type: 'Type',
  task: 'Task',
  provider: 'Provider',
  assigned: 'Assigned to',
  due: 'Due',
};

function sortHeaders(filter: QueueFilter, keys: readonly TaskSortKey[]): SortHeader[] {
  return keys.map((key) => {
    const active = filter.sort === key;
    return {
      key,
      text: SortTexts[key],
      href: queueHref(filter, { sort: key, order: active && filter.order === 'asc' ? 'desc' : 'asc' }),
      ariaSort: active ? (filter.order === 'asc' ? 'ascending' : 'descending') : 'none',
    };
  });
}

const sortedLabels = (keys: readonly string[], labels: Record<string, string>) =>
  keys
    .map((value) => ({ value, text: label(labels, value) }))
    .sort((a, b) => a.text.localeCompare(b.text, 'en-GB'));

const withAny = (items: SelectItem[], chosen: string | undefined, any = 'Any'): SelectItem[] => [
  { value: '', text: any, selected: chosen === undefined },
  ...items.map((i) => ({ ...i, selected: i.value === chosen })),
];

/** The filter form and the chosen filters as removable tags, from what the user's council offers. */
function filterPanel(
  filter: QueueFilter,
  choices: TaskFilterChoices,
  options: { seesTeam: boolean; council: boolean },
): QueueView['filters'] {
  const officerName = (id: string) => choices.officers.find((o) => o.id === id)?.name ?? 'An officer';
  const assignedText = (value: string) =>
    value === 'me' ? 'Assigned to me' : value === 'unassigned' ? 'Unassigned' : officerName(value);
  const named = (list: { id: string; name: string }[]) => list.map((o) => ({ value: o.id, text: o.name }));
  const selects: QueueView['filters']['selects'] = [
    {
      name: 'type',
      label: 'Case type',
      items: withAny(sortedLabels(CaseTypes, CaseTypeLabels), filter.type),
    },
    { name: 'task', label: 'Task', items: withAny(sortedLabels(TaskTypes, TaskLabels), filter.task) },
    ...(options.council
      ? [
          { name: 'provider', label: 'Provider', items: withAny(named(choices.providers), filter.provider) },
          { name: 'team', label: 'Team', items: withAny(named(choices.teams), filter.team) },
          {
            name: 'assigned',
            label: 'Assigned to',
            items: withAny(
              [
                { value: 'me', text: 'Me' },
                { value: 'unassigned', text: 'Unassigned' },
                ...named(choices.officers),
              ],
              filter.assigned,
              'Anyone',
            ),
          },
        ]
      : []),
    {
      name: 'holder',
      label: 'Whose task',
      items: withAny(
        Object.entries(HolderLabels).map(([value, text]) => ({ value, text })),
        filter.holder,
        'Anyone’s',
      ),
    },
    {
      name: 'abuse',
      label: 'Type of abuse',
      items: withAny(sortedLabels(ConcernCategories, CategoryLabels), filter.abuse),
    },
    {
      name: 'risk',
      label: 'Risk',
      items: withAny(
        Object.entries(RiskLabels).map(([value, text]) => ({ value, text })),
        filter.risk,
      ),
    },
    {
      name: 'within',
      label: 'Due within',
      items: withAny(
        WithinChoices.map((n) => ({ value: String(n), text: `${n} working days` })),
        filter.within === undefined ? undefined : String(filter.within),
        'Any time',
      ),
    },
  ];
  const chosen: [keyof QueueFilter, string, string | undefined][] = [
    ['type', 'Case type', filter.type && label(CaseTypeLabels, filter.type)],
    ['task', 'Task', filter.task && label(TaskLabels, filter.task)],
    [
      'provider',
      'Provider',
      filter.provider && (choices.providers.find((p) => p.id === filter.provider)?.name ?? 'A provider'),
    ],
    ['team', 'Team', filter.team && (choices.teams.find((t) => t.id === filter.team)?.name ?? 'A team')],
    ['assigned', 'Assigned to', filter.assigned && assignedText(filter.assigned)],
    ['holder', 'Whose task', filter.holder && HolderLabels[filter.holder]],
    ['abuse', 'Type of abuse', filter.abuse && label(CategoryLabels, filter.abuse)],
    ['risk', 'Risk', filter.risk && RiskLabels[filter.risk]],
    ['within', 'Due within', filter.within === undefined ? undefined : `${filter.within} working days`],
  ];
  const cleared: Partial<QueueFilter> = Object.fromEntries(chosen.map(([key]) => [key, undefined]));
  return {
    who: options.seesTeam
      ? [
          { value: 'mine', text: 'Your tasks', checked: filter.who === 'mine' },
          { value: 'team', text: 'Everyone’s tasks on your cases', checked: filter.who === 'team' },
        ]
      : null,
    selects,
    hidden: [
      ...(filter.tab !== 'all' ? [{ name: 'tab', value: filter.tab }] : []),
      ...(filter.sort !== 'due' ? [{ name: 'sort', value: filter.sort }] : []),
      ...(filter.order !== 'asc' ? [{ name: 'order', value: filter.order }] : []),
    ],
    selected: chosen
      .filter((c): c is [keyof QueueFilter, string, string] => c[2] !== undefined)
      .map(([key, heading, text]) => ({
        heading: { text: heading },
        items: [{ href: queueHref(filter, { [key]: undefined }), text }],
      })),
    clearHref: queueHref({ ...filter, ...cleared }),
  };
}

/**
 * The work queue: tabs for each due window with their counts under the chosen filters (as links, so they
 * work without JavaScript), the filters, then the tab's tasks with the case, its type, the task, the
 * provider, who it is assigned to and when it is due in words; each column sorts on the server.
 */
export function queueView(
  page: Page<WorkItem>,
  counts: TaskWindowCounts,
  filter: QueueFilter,
  now: Date,
  calendar: WorkingDayCalendar,
  options: { choices?: TaskFilterChoices; seesTeam?: boolean; council?: boolean } = {},
): QueueView {
  const council = options.council ?? false;
  const tab = Tabs[filter.tab];
  const first = (filter.page - 1) * TASKS_PER_PAGE;
  const last = lastPageOf(page.total);
  const heading = filter.who === 'team' ? 'Everyone’s tasks on your cases' : 'Your work queue';
  const title = [heading, tab.title].filter(Boolean).join(': ');
  const filtered =
    queueHref(filter) !==
    queueHref({ who: filter.who, tab: filter.tab, sort: filter.sort, order: filter.order });
  const columns: TaskSortKey[] = council
    ? ['reference', 'type', 'task', 'provider', 'assigned', 'due']
    : ['reference', 'type', 'task', 'due'];
  return {
    pageTitle: last > 1 ? `${title} (page ${filter.page} of ${last})` : title,
    navSection: 'queue',
    navCurrent: queueHref(filter) === '/queue' ? 'queue' : null,
    heading,
    tab: filter.tab,
    tabs: QueueTabs.map((name) => ({
      text: `${Tabs[name].text} (${counts[name]})`,
      href: queueHref(filter, { tab: name }),
      active: name === filter.tab,
    })),
    showProvider: council,
    showAssignee: council,
    headers: sortHeaders(filter, columns),
    rows: page.items.map((item) => ({
      caseId: item.caseId,
      taskId: item.task.id,
      reference: item.reference,
      href: `/cases/${item.caseId}`,
      type: label(CaseTypeLabels, item.caseType),
      task: label(TaskLabels, item.task.type),
      provider: item.provider.name,
      assignee: item.assignee ? item.assignee.name : 'Unassigned',
      due: queueDue(item.task.dueAt, now, calendar),
    })),
    total: page.total,
    summary:
      page.total === 0
        ? filtered
          ? 'No tasks match these filters.'
          : tab.empty
        : page.items.length === 0
          ? `There are no tasks on this page. ${page.total} task${page.total === 1 ? '' : 's'} in all.`
          : `Showing ${first + 1} to ${first + page.items.length} of ${page.total} task${page.total === 1 ? '' : 's'}`,
    filters: filterPanel(filter, options.choices ?? { providers: [], teams: [], officers: [] }, {
      seesTeam: options.seesTeam ?? false,
      council,
    }),
    pagination:
      last > 1
        ? {
            ...(filter.page > 1 ? { previous: { href: queueHref(filter, { page: filter.page - 1 }) } } : {}),
            ...(filter.page < last ? { next: { href: queueHref(filter, { page: filter.page + 1 }) } } : {}),
            items: pageItems(filter, filter.page, last),
            landmarkLabel: 'Pages of tasks',
          }
        : null,
  };
}
