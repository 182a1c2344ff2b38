import { describe, expect, it } from '@jest/globals';
import type { CaseView, CaseViewOf, TaskView } from '@vigil/contracts';
import { buildCaseView } from '../../../../test/factories/case-view.factory';
import { buildPrincipal } from '../../../../test/factories/principal.factory';
import { durationWords, nearThreshold, providerRow } from '../providers/providers.view-model';
import { TaskForms } from '../tasks/task-forms';
import { providerConcernOverviewView } from './provider-concern-overview.view-model';

const caseId = '7f0c2f4e-9a41-4e0f-8f43-7d5f1b8e2c11';
const id = (n: number) => `7f0c2f4e-9a41-4e0f-8f43-7d5f1b8e2${String(n).padStart(3, '0')}`;
const task = (n: number, type: TaskView['type'], status: TaskView['status'] = 'open'): TaskView => ({
  id: id(n),
  type,
  status,
  dueAt: '2026-03-20T17:00:00Z',
  assignedRole: 'assignee',
  createdAt: '2026-03-04T09:00:00Z',
  completedAt: status === 'completed' ? '2026-03-05T09:00:00Z' : null,
  submission: null,
});

type Details = CaseViewOf<'provider_concern'>['details'];
const view = (details: Partial<Details> = {}, tasks: TaskView[] = []): CaseView =>
  buildCaseView(
    {
      id: caseId,
      type: 'provider_concern',
      reference: 'VIG-2026-000009',
      status: 'improvement_plan',
      details: {
        type: 'provider_concern',
        source: 'manual',
        reason: 'Missed medication',
        referralStatus: 'open',
        weeklyCap: null,
        lseActive: false,
        notices: [],
        actionPlan: null,
        people: [],
        closingRationale: null,
        ...details,
      },
      tasks,
    },
    {
      provider: { id: '00000000-0000-4000-8000-000000000002', name: 'Sunrise <Care>', referralStatus: null },
    },
  );
const now = new Date('2026-03-06T10:00:00Z');

describe('provider concern overview', () => {
  it('warns, escaped, while referrals are suspended, and shows the status as a tag', () => {
    const page = providerConcernOverviewView(
      view({ referralStatus: 'suspended' }),
      buildPrincipal('commissioner'),
      now,
    );
    expect(page.heading).toBe('Provider concern');
    expect(page.warningHtml).toBe('New referrals to Sunrise &lt;Care&gt; are suspended.');
    const status = page.sections[0].rows.find((r) => r.key.text === 'Referral status');
    expect(status?.value).toEqual({
      html: '<strong class="govuk-tag govuk-tag--red" data-qa="referral-status">Referrals suspended</strong>',
    });
    expect(providerConcernOverviewView(view(), buildPrincipal('commissioner'), now).warningHtml).toBeNull();
  });

  it('says in words how it was opened, a continuity report included', () => {
    const opened = (source: Details['source']) =>
      providerConcernOverviewView(
        view({ source }),
        buildPrincipal('commissioner'),
        now,
      ).sections[0].rows.find((r) => r.key.text === 'How it was opened')?.value;
    expect(opened('manual')).toEqual({ text: 'Opened by the council' });
    expect(opened('early_warning')).toEqual({
      text: 'Opened by the early warning (the threshold of cases about this provider was reached)',
    });
    expect(opened('continuity')).toEqual({
      text: 'Opened by the provider’s report of a threat to the continuity of its service',
    });
  });

  it('shows the weekly cap only while resumption is phased', () => {
    const rows = (d: Partial<Details>) =>
      providerConcernOverviewView(view(d), buildPrincipal('commissioner'), now).sections[0].rows.map(
        (r) => r.key.text,
      );
    expect(rows({ referralStatus: 'phased_resumption', weeklyCap: 3 })).toContain('Weekly cap');
    expect(rows({ referralStatus: 'open', weeklyCap: null })).not.toContain('Weekly cap');
  });

  it('lists the plan’s actions, each open one linking to its form for the provider lead only', () => {
    const plan: Details['actionPlan'] = {
      summary: null,
      submittedAt: '2026-03-05T09:00:00Z',
      items: [
        {
          taskId: id(1),
          action: 'Retrain <all> carers',
          owner: 'Manager',
          dueAt: '2026-03-20T17:00:00Z',
          evidence: 'Records\nsigned',
          completedAt: '2026-03-05T12:00:00Z',
        },
        {
          taskId: id(2),
          action: 'Audit',
          owner: 'Deputy',
          dueAt: '2026-03-20T17:00:00Z',
          evidence: null,
          completedAt: null,
        },
      ],
    };
    const tasks = [task(1, 'siap_action', 'completed'), task(2, 'siap_action'), task(3, 'siap_review')];
    const lead = providerConcernOverviewView(
      view({ actionPlan: plan }, tasks),
      buildPrincipal('provider_lead'),
      now,
    );
    const section = lead.sections.find((s) => s.qa === 'action-plan');
    expect(section?.rows.map((r) => r.key.text)).toEqual(['Submitted']);
    const items = section?.items ?? [];
    expect(items.map((i) => [i.title.text, i.hint?.text, i.status])).toEqual([
      [
        'Action 1: Retrain <all> carers',
        'Owner: Manager. Was due by 20 March 2026, 5pm. Evidence: Records\nsigned Done 5 March 2026, midday.',
        { text: 'Completed' },
      ],
      [
        'Action 2: Audit',
        'Owner: Deputy. Due by 20 March 2026, 5pm. Evidence: not yet.',
        { tag: { text: 'Not started', classes: 'govuk-tag--blue' } },
      ],
    ]);
    expect(items.map((i) => i.href ?? null)).toEqual([null, `/cases/${caseId}/tasks/${id(2)}`]);
    // Past its due time, an open action says so.
    const late = providerConcernOverviewView(
      view({ actionPlan: plan }, tasks),
      buildPrincipal('provider_lead'),
      new Date('2026-03-21T09:00:00Z'),
    );
    const lateItem = late.sections.find((s) => s.qa === 'action-plan')?.items?.[1];
    expect(lateItem?.status).toEqual({ tag: { text: 'Overdue', classes: 'govuk-tag--red' } });
    expect(lateItem?.hint?.text).toContain('Overdue by 16 hours (due by 20 March 2026, 5pm).');
    // Items, not a step: the action tasks are not rows of the task list.
    expect(lead.steps.map((s) => s.title.text)).not.toContain('Complete an action of the plan');
    const commissioner = providerConcernOverviewView(
      view({ actionPlan: plan }, tasks),
      buildPrincipal('commissioner'),
      now,
    );
    expect(commissioner.sections.find((s) => s.qa === 'action-plan')?.items?.some((i) => i.href)).toBe(false);
  });
});

describe('provider concern forms', () => {
  it('builds the plan from the filled rows only, and points errors at the row they came from', () => {
    const form = TaskForms.submit_siap;
    const body = {
      summary: '',
      action1: '',
      owner1: '',
      'dueOn1-day': '',
      'dueOn1-month': '',
      'dueOn1-year': '',
      action2: 'Audit',
      owner2: '',
      'dueOn2-day': '1',
      'dueOn2-month': '4',
      'dueOn2-year': '2027',
    };
    expect(form.toPayload(body)).toEqual({ actions: [{ action: 'Audit', owner: '', dueOn: '2027-04-01' }] });
    expect(form.pointerField?.('#/actions/0/owner', body)).toBe('owner2');
    expect(form.pointerField?.('#/actions', {})).toBe('action1');
  });

  it('reads one move per person listed, by the person’s ID', () => {
    const person = '6a0c2f4e-9a41-4e0f-8f43-7d5f1b8e2c99';
    const body = {
      [`movedTo-${person}`]: 'Oakwood Homes',
      [`movedOn-${person}-day`]: '3',
      [`movedOn-${person}-month`]: '2',
      [`movedOn-${person}-year`]: '2027',
    };
    expect(TaskForms.complete_transfers.toPayload(body)).toEqual({
      moves: [{ personId: person, movedTo: 'Oakwood Homes', movedOn: '2027-02-03' }],
    });
    expect(TaskForms.complete_transfers.pointerField?.('#/moves/0/movedOn', body)).toBe(`movedOn-${person}`);
    expect(TaskForms.affected_people.toPayload({ people: 'Ann\r\n\r\n  Bob \n' })).toEqual({
      people: [{ name: 'Ann' }, { name: 'Bob' }],
    });
  });

  it('sends the weekly cap as a number, and anything else as typed for the contract to refuse', () => {
    const form = TaskForms.decide_resumption;
    expect(form.toPayload({ decision: 'phased_resumption', weeklyCap: ' 4 ', rationale: '' })).toEqual({
      decision: 'phased_resumption',
      weeklyCap: 4,
    });
    expect(form.toPayload({ decision: 'phased_resumption', weeklyCap: 'four' })).toEqual({
      decision: 'phased_resumption',
      weeklyCap: 'four',
    });
  });
});

describe('providers page', () => {
  it('says the early warning in words, near at one short of the threshold', () => {
    expect(durationWords('P30D')).toBe('30 days');
    expect(durationWords('P1M2D')).toBe('1 month and 2 days');
    expect(durationWords('PT1H')).toBe('1 hour');
    expect([nearThreshold(1, 3), nearThreshold(2, 3), nearThreshold(3, 3), nearThreshold(0, 1)]).toEqual([
      false,
      true,
      true,
      false,
    ]);
    const row = providerRow(
      {
        id: id(9),
        name: 'Sunrise Care',
        referralStatus: 'phased_resumption',
        weeklyCap: 1,
        providerConcern: null,
        openCases: { concern: 2, provider_concern: 0 },
        last90Days: { concern: 2, incident: 0, complaint: 0 },
        earlyWarning: { count: 2, threshold: 3, window: 'P30D' },
      },
      true,
    );
    expect(row).toEqual(
      expect.objectContaining({
        cap: 'At most 1 new referral a week',
        openCases: ['Safeguarding concern: 2'],
        earlyWarning: { text: '2 of 3 in 30 days', near: true },
        openHref: `/providers/${id(9)}/concerns/new`,
      }),
    );
  });
});
