import { describe, expect, it } from '@jest/globals';
import type { TaskWindowCounts } from '@vigil/cases';
import type { WorkItem } from '@vigil/contracts';
import { WorkingDayCalendar } from '@vigil/domain/calendar';
import {
  queueDue,
  queueHref,
  queueView,
  readQueueFilter,
  taskQuery,
  type QueueFilter,
} from './queue.view-model';

const calendar = new WorkingDayCalendar();

const item = (n: number, dueAt: string | null, overrides: Partial<WorkItem> = {}): WorkItem => ({
  caseId: `7f0c2f4e-9a41-4e0f-8f43-7d5f1b8e2c${String(n).padStart(2, '0')}`,
  reference: `VIG-2026-0000${String(n).padStart(2, '0')}`,
  caseType: 'concern',
  provider: { id: '00000000-0000-4000-8000-000000000002', name: 'Sunrise Care' },
  assignee: null,
  task: {
    id: `5a1d3c2b-0e4f-4a6b-9c8d-7e6f5a4b3c${String(n).padStart(2, '0')}`,
    type: 'triage_decision',
    status: 'open',
    dueAt,
    assignedRole: 'assignee',
    createdAt: '2026-03-01T09:00:00Z',
    completedAt: null,
    submission: null,
  },
  ...overrides,
});

/** A filter as the page reads it, with the given tab and page. */
const f = (overrides: Partial<QueueFilter> = {}): QueueFilter => ({ ...readQueueFilter({}), ...overrides });

const counts: TaskWindowCounts = { overdue: 3, today: 1, week: 4, all: 9 };
// Wednesday 4 March 2026, 10am in London (GMT).
const wednesday = new Date('2026-03-04T10:00:00Z');

describe('when a task is due, in working days', () => {
  it('says how many working days a task is overdue, skipping the weekend', () => {
    // Due Thursday 26 February at 5pm; Friday 27, Monday 2, Tuesday 3 and Wednesday 4 have passed since.
    expect(queueDue('2026-02-26T17:00:00Z', wednesday, calendar)).toEqual({
      text: 'Overdue by 4 working days',
      state: 'overdue',
      tag: { text: 'Overdue by 4 working days', classes: 'govuk-tag--red' },
      at: '2026-02-26T17:00:00.000Z',
    });
    // Due Friday 6 March at 5pm, seen on Monday 9 March: one working day, however long the weekend felt.
    expect(queueDue('2026-03-06T17:00:00Z', new Date('2026-03-09T09:00:00Z'), calendar).text).toBe(
      'Overdue by 1 working day',
    );
  });

  it('does not count bank holidays when a task is overdue (Easter 2026)', () => {
    // Due Thursday 2 April at 5pm (BST); Good Friday and Easter Monday are bank holidays.
    expect(queueDue('2026-04-02T16:00:00Z', new Date('2026-04-07T09:00:00Z'), calendar).text).toBe(
      'Overdue by 1 working day',
    );
  });

  it('says since when a task is overdue while no working day has passed', () => {
    expect(queueDue('2026-03-04T09:00:00Z', wednesday, calendar).text).toBe('Overdue since 9am today');
    // Due Saturday 7 March at 5pm, seen on Sunday: late, but not by a working day.
    const weekend = queueDue('2026-03-07T17:00:00Z', new Date('2026-03-08T12:00:00Z'), calendar);
    expect(weekend.text).toBe('Overdue since 7 March 2026, 5pm');
    expect(weekend.tag?.classes).toBe('govuk-tag--red');
  });

  it('says "Due today" for a task due later on the same London day', () => {
    expect(queueDue('2026-03-04T17:00:00Z', wednesday, calendar)).toEqual({
      text: 'Due today',
      state: 'today',
      tag: { text: 'Due today', classes: 'govuk-tag--orange' },
      at: '2026-03-04T17:00:00.000Z',
    });
    // 11:30pm on a summer evening in London (BST) is still today.
    expect(queueDue('2026-06-10T22:30:00Z', new Date('2026-06-10T08:00:00Z'), calendar).text).toBe(
      'Due today',
    );
  });

  it('counts the working days left, across a weekend', () => {
    // Friday 6 March → Monday 9 March is one working day; → Tuesday 10 March two.
    const friday = new Date('2026-03-06T10:00:00Z');
    expect(queueDue('2026-03-09T17:00:00Z', friday, calendar)).toEqual({
      text: 'Due in 1 working day',
      state: 'upcoming',
      tag: null,
      at: '2026-03-09T17:00:00.000Z',
    });
    expect(queueDue('2026-03-10T17:00:00Z', friday, calendar).text).toBe('Due in 2 working days');
    expect(queueDue('2026-03-06T17:00:00Z', new Date('2026-03-04T10:00:00Z'), calendar).text).toBe(
      'Due in 2 working days',
    );
  });

  it('counts the working days left, across a bank holiday (Easter 2026)', () => {
    // Thursday 2 April → Tuesday 7 April: Good Friday, the weekend and Easter Monday do not count.
    expect(queueDue('2026-04-07T16:00:00Z', new Date('2026-04-02T09:00:00Z'), calendar).text).toBe(
      'Due in 1 working day',
    );
    // Wednesday 23 December 2026 → Tuesday 29 December: Christmas Day, Boxing Day's substitute (Monday 28).
    expect(queueDue('2026-12-29T17:00:00Z', new Date('2026-12-23T10:00:00Z'), calendar).text).toBe(
      'Due in 2 working days',
    );
  });

  it('names the date of a task due on a day off before the next working day', () => {
    expect(queueDue('2026-03-08T12:00:00Z', new Date('2026-03-06T10:00:00Z'), calendar).text).toBe(
      'Due on 8 March 2026',
    );
  });

  it('says "No due date" for a task without one', () => {
    expect(queueDue(null, wednesday, calendar)).toEqual({
      text: 'No due date',
      state: 'none',
      tag: null,
      at: null,
    });
  });
});

describe('work queue view', () => {
  it('shows each tab with its count, as links, and marks the one in use', () => {
    const view = queueView(
      { items: [], total: 3 },
      counts,
      f({ tab: 'overdue', page: 1 }),
      wednesday,
      calendar,
    );
    expect(view.tabs).toEqual([
      { text: 'Overdue (3)', href: '/queue?tab=overdue', active: true },
      { text: 'Due today (1)', href: '/queue?tab=today', active: false },
      { text: 'Due this week (4)', href: '/queue?tab=week', active: false },
      { text: 'All (9)', href: '/queue', active: false },
    ]);
    expect(view.heading).toBe('Your work queue');
    expect(view.pageTitle).toBe('Your work queue: overdue');
    expect(view.navCurrent).toBeNull();
    expect(view.navSection).toBe('queue');
  });

  it('lists the case, its type, the task and when it is due', () => {
    const view = queueView(
      { items: [item(1, '2026-03-02T17:00:00Z'), item(2, '2026-03-04T17:00:00Z'), item(3, null)], total: 3 },
      counts,
      f({ tab: 'all', page: 1 }),
      wednesday,
      calendar,
    );
    expect(view.rows.map((r) => [r.reference, r.href, r.type, r.task, r.due.text])).toEqual([
      [
        'VIG-2026-000001',
        `/cases/${item(1, null).caseId}`,
        'Safeguarding concern',
        'Triage decision',
        'Overdue by 2 working days',
      ],
      [
        'VIG-2026-000002',
        `/cases/${item(2, null).caseId}`,
        'Safeguarding concern',
        'Triage decision',
        'Due today',
      ],
      [
        'VIG-2026-000003',
        `/cases/${item(3, null).caseId}`,
        'Safeguarding concern',
        'Triage decision',
        'No due date',
      ],
    ]);
    expect(view.summary).toBe('Showing 1 to 3 of 3 tasks');
    expect(view.pagination).toBeNull();
    expect(view.navCurrent).toBe('queue');
    expect(view.pageTitle).toBe('Your work queue');
  });

  it('names other case types and tasks by their labels', () => {
    const view = queueView(
      {
        items: [
          item(1, null, {
            caseType: 's42_enquiry',
            task: { ...item(1, null).task, type: 'record_adult_views' },
          }),
        ],
        total: 1,
      },
      counts,
      f({ tab: 'all', page: 1 }),
      wednesday,
      calendar,
    );
    expect(view.rows[0].type).toBe('Section 42 enquiry');
    expect(view.rows[0].task).toBe('Record the adult’s views (Making Safeguarding Personal)');
    expect(view.summary).toBe('Showing 1 to 1 of 1 task');
  });

  it.each([
    ['overdue', 'You have no overdue tasks.'],
    ['today', 'You have no tasks due today.'],
    ['week', 'You have no tasks due this week.'],
    ['all', 'You have no open tasks.'],
  ] as const)('says when the %s tab is empty', (tab, text) => {
    const view = queueView(
      { items: [], total: 0 },
      { overdue: 0, today: 0, week: 0, all: 0 },
      f({ tab, page: 1 }),
      wednesday,
      calendar,
    );
    expect(view.summary).toBe(text);
    expect(view.rows).toEqual([]);
    expect(view.tabs.map((t) => t.text)).toEqual([
      'Overdue (0)',
      'Due today (0)',
      'Due this week (0)',
      'All (0)',
    ]);
  });

  it('pages through a long tab, 25 tasks a page, keeping the tab in the links', () => {
    const view = queueView(
      { items: [item(1, null)], total: 130 },
      { ...counts, week: 130 },
      f({ tab: 'week', page: 3 }),
      wednesday,
      calendar,
    );
    expect(view.pagination).toEqual({
      previous: { href: '/queue?tab=week&page=2' },
      next: { href: '/queue?tab=week&page=4' },
      items: [
        { number: '1', href: '/queue?tab=week', current: false },
        { number: '2', href: '/queue?tab=week&page=2', current: false },
        { number: '3', href: '/queue?tab=week&page=3', current: true },
        { number: '4', href: '/queue?tab=week&page=4', current: false },
        { ellipsis: true },
        { number: '6', href: '/queue?tab=week&page=6', current: false },
      ],
      landmarkLabel: 'Pages of tasks',
    });
    expect(view.summary).toBe('Showing 51 to 51 of 130 tasks');
    expect(view.pageTitle).toBe('Your work queue: due this week (page 3 of 6)');
    const firstPage = queueView(
      { items: [item(1, null)], total: 26 },
      counts,
      f({ tab: 'all', page: 1 }),
      wednesday,
      calendar,
    );
    expect(firstPage.pagination?.previous).toBeUndefined();
    expect(firstPage.pagination?.next).toEqual({ href: '/queue?page=2' });
  });
});

describe('the queue query', () => {
  it('reads the tab and page, and falls back to all tasks on page 1 for anything else', () => {
    expect(readQueueFilter({ tab: 'today', page: '2' })).toMatchObject({ tab: 'today', page: 2 });
    expect(readQueueFilter({})).toEqual({ who: 'mine', tab: 'all', sort: 'due', order: 'asc', page: 1 });
    expect(readQueueFilter({ tab: 'yesterday', page: '-1' })).toMatchObject({ tab: 'all', page: 1 });
    expect(readQueueFilter(undefined)).toMatchObject({ tab: 'all', page: 1 });
  });

  it('reads the filters and drops what it does not know (an "any" choice, a bad ID, a made-up sort)', () => {
    const provider = '00000000-0000-4000-8000-000000000002';
    expect(
      readQueueFilter({
        type: 'concern',
        provider,
        abuse: 'neglect',
        risk: 'immediate',
        within: '5',
        sort: 'provider',
        order: 'desc',
      }),
    ).toEqual({
      who: 'mine',
      tab: 'all',
      type: 'concern',
      provider,
      abuse: 'neglect',
      risk: 'immediate',
      within: 5,
      sort: 'provider',
      order: 'desc',
      page: 1,
    });
    expect(
      readQueueFilter({
        type: '',
        provider: 'not-an-id',
        within: '0',
        task: 'make_tea',
        sort: 'colour',
        assigned: 'him',
      }),
    ).toEqual({ who: 'mine', tab: 'all', sort: 'due', order: 'asc', page: 1 });
  });

  it('lets only managers and commissioners see everyone’s tasks', () => {
    expect(readQueueFilter({ who: 'team' }, true).who).toBe('team');
    expect(readQueueFilter({ who: 'team' }, false).who).toBe('mine');
  });

  it('asks the use case for the tab as a due window, one page of 25', () => {
    expect(taskQuery(f({ tab: 'overdue', type: 'allegation', page: 3 }), 2)).toEqual({
      who: 'mine',
      window: 'overdue',
      type: 'allegation',
      sort: 'due',
      order: 'asc',
      limit: 25,
      offset: 25,
    });
  });

  it('writes addresses with the defaults left out, in a stable order, back to page 1 on a change', () => {
    expect(queueHref()).toBe('/queue');
    expect(queueHref(f({ page: 4, tab: 'week', type: 'concern' }), { sort: 'reference' })).toBe(
      '/queue?tab=week&type=concern&sort=reference',
    );
    expect(queueHref({ who: 'team', tab: 'overdue', assigned: 'unassigned' })).toBe(
      '/queue?who=team&tab=overdue&assigned=unassigned',
    );
  });
});

describe('filters and sorting on the queue page', () => {
  const officer = { id: '11111111-1111-4111-8111-111111111111', name: 'Olive Officer' };
  const choices = {
    providers: [{ id: '00000000-0000-4000-8000-000000000002', name: 'Sunrise Care' }],
    teams: [{ id: '22222222-2222-4222-8222-222222222222', name: 'Adult safeguarding' }],
    officers: [officer],
  };

  it('keeps the filters in the tab links and shows each chosen filter as a tag that removes it', () => {
    const filter = f({ tab: 'overdue', type: 'concern', assigned: officer.id, sort: 'reference' });
    const view = queueView({ items: [], total: 0 }, counts, filter, wednesday, calendar, {
      choices,
      council: true,
    });
    expect(view.tabs[3]).toEqual({
      text: 'All (9)',
      href: `/queue?type=concern&assigned=${officer.id}&sort=reference`,
      active: false,
    });
    expect(view.filters.selected).toEqual([
      {
        heading: { text: 'Case type' },
        items: [
          { href: `/queue?tab=overdue&assigned=${officer.id}&sort=reference`, text: 'Safeguarding concern' },
        ],
      },
      {
        heading: { text: 'Assigned to' },
        items: [{ href: '/queue?tab=overdue&type=concern&sort=reference', text: 'Olive Officer' }],
      },
    ]);
    expect(view.filters.clearHref).toBe('/queue?tab=overdue&sort=reference');
    expect(view.filters.hidden).toEqual([
      { name: 'tab', value: 'overdue' },
      { name: 'sort', value: 'reference' },
    ]);
    expect(view.summary).toBe('No tasks match these filters.');
    const assigned = view.filters.selects.find((x) => x.name === 'assigned');
    expect(assigned?.items.filter((i) => i.selected)).toEqual([
      { value: officer.id, text: 'Olive Officer', selected: true },
    ]);
    expect(view.filters.who).toBeNull();
  });

  it('sorts by a column, and the sorted column’s link reverses it', () => {
    const view = queueView({ items: [], total: 0 }, counts, f({ sort: 'provider' }), wednesday, calendar, {
      choices,
      council: true,
    });
    expect(view.headers.map((h) => [h.text, h.ariaSort, h.href])).toEqual([
      ['Case', 'none', '/queue?sort=reference'],
      ['Type', 'none', '/queue?sort=type'],
      ['Task', 'none', '/queue?sort=task'],
      ['Provider', 'ascending', '/queue?sort=provider&order=desc'],
      ['Assigned to', 'none', '/queue?sort=assigned'],
      ['Due', 'none', '/queue'],
    ]);
    const reversed = queueView(
      { items: [], total: 0 },
      counts,
      f({ sort: 'due', order: 'desc' }),
      wednesday,
      calendar,
    );
    expect(reversed.headers.find((h) => h.key === 'due')).toMatchObject({
      ariaSort: 'descending',
      href: '/queue',
    });
  });

  it('shows a provider’s users no provider, team or officer filters and no assignee column', () => {
    const view = queueView({ items: [item(1, null)], total: 1 }, counts, f(), wednesday, calendar);
    expect(view.showProvider).toBe(false);
    expect(view.showAssignee).toBe(false);
    expect(view.filters.selects.map((x) => x.name)).toEqual([
      'type',
      'task',
      'holder',
      'abuse',
      'risk',
      'within',
    ]);
    expect(view.headers.map((h) => h.key)).toEqual(['reference', 'type', 'task', 'due']);
  });

  it('names the assigned officer, or says the case is unassigned', () => {
    const view = queueView(
      {
        items: [item(1, null, { assignee: { id: officer.id, name: officer.name } }), item(2, null)],
        total: 2,
      },
      counts,
      f(),
      wednesday,
      calendar,
      { choices, council: true },
    );
    expect(view.rows.map((r) => [r.provider, r.assignee])).toEqual([
      ['Sunrise Care', 'Olive Officer'],
      ['Sunrise Care', 'Unassigned'],
    ]);
  });

  it('offers managers their own tasks or everyone’s, and titles the page by the choice', () => {
    const view = queueView({ items: [], total: 0 }, counts, f({ who: 'team' }), wednesday, calendar, {
      choices,
      seesTeam: true,
      council: true,
    });
    expect(view.filters.who).toEqual([
      { value: 'mine', text: 'Your tasks', checked: false },
      { value: 'team', text: 'Everyone’s tasks on your cases', checked: true },
    ]);
    expect(view.heading).toBe('Everyone’s tasks on your cases');
    expect(view.navCurrent).toBeNull();
  });
});
