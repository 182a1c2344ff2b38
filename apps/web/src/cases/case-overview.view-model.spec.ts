import { describe, expect, it } from '@jest/globals';
import type { CaseView, CaseViewOf } from '@vigil/contracts';
import { caseOverviewView } from './case-overview.view-model';
import { providerRow } from './case-page.view-model';
import { buildCaseView } from '../../../../test/factories/case-view.factory';
import { buildPrincipal } from '../../../../test/factories/principal.factory';

const caseId = '7f0c2f4e-9a41-4e0f-8f43-7d5f1b8e2c11';
const taskId = '7f0c2f4e-9a41-4e0f-8f43-7d5f1b8e2c12';
const view = (overrides: Partial<CaseViewOf<'concern'>> = {}): CaseView =>
  buildCaseView(
    {
      id: caseId,
      type: 'concern',
      reference: 'VIG-2026-000001',
      status: 'awaiting_triage',
      details: {
        type: 'concern',
        adultAtRisk: { name: 'Canary Testperson 1', dateOfBirth: '1941-07-30' },
        category: 'neglect',
        summary: 'Canary summary',
        occurredAt: '2026-03-03T18:30:00Z',
        awareAt: '2026-03-03T19:00:00Z',
        immediateRisk: false,
        emergencyServicesCalled: null,
        consent: 'given',
        consentReason: null,
        desiredOutcomes: null,
        decision: null,
        decisionRationale: null,
        decidedAt: null,
        closure: null,
      },
      tasks: [
        {
          id: taskId,
          type: 'triage_decision',
          status: 'open',
          dueAt: '2026-03-04T07:00:00Z',
          assignedRole: 'assignee',
          createdAt: '2026-03-04T09:00:00Z',
          completedAt: null,
          submission: null,
        },
      ],
    },
    {
      version: 3,
      timeline: [
        {
          id: '7f0c2f4e-9a41-4e0f-8f43-7d5f1b8e2c21',
          at: '2026-03-04T09:00:00Z',
          kind: 'concern.raised',
          summary: 'Concern raised',
          actor: { userId: '00000000-0000-4000-8000-000000000101', role: 'provider_lead' },
          details: {},
        },
        {
          id: '7f0c2f4e-9a41-4e0f-8f43-7d5f1b8e2c22',
          at: '2026-03-04T10:00:00Z',
          kind: 'concern.triaged',
          summary: 'Triage decision: Signpost',
          actor: { userId: '00000000-0000-4000-8000-000000000103', role: 'council_officer' },
          details: { rationale: 'Advice given' },
        },
      ],
      ...overrides,
    },
  );
const now = new Date('2026-03-04T10:00:00Z');

describe('case overview view', () => {
  it('offers the triage decisions the transition table allows this role, with the case version', () => {
    const overview = caseOverviewView(view(), buildPrincipal('council_officer'), now);
    expect(overview.decisionForm).toEqual(
      expect.objectContaining({ action: `/cases/${caseId}/tasks/${taskId}/complete`, version: 3 }),
    );
    expect(overview.decisionForm?.items.map((i) => i.text)).toEqual([
      'Section 42 enquiry',
      'No further action',
      'Signpost',
    ]);
    expect(overview.tasks[0].due).toEqual({ text: 'Overdue by 3 hours', state: 'overdue' });
  });

  it('offers no decision to roles that may not triage, or once the task is done', () => {
    expect(caseOverviewView(view(), buildPrincipal('provider_lead'), now).decisionForm).toBeNull();
    expect(caseOverviewView(view(), buildPrincipal('head_of_service'), now).decisionForm).toBeNull();
    const done = view({
      status: 'closed',
      tasks: [{ ...view().tasks[0], status: 'completed', completedAt: '2026-03-04T10:00:00Z' }],
    });
    expect(caseOverviewView(done, buildPrincipal('council_officer'), now).decisionForm).toBeNull();
  });

  it('keeps what was typed after a failed submit', () => {
    const overview = caseOverviewView(view(), buildPrincipal('team_manager'), now, {
      values: { decision: 'signpost', rationale: 'Half-written' },
    });
    expect(overview.decisionForm?.items.find((i) => i.checked)?.value).toBe('signpost');
    expect(overview.decisionForm?.rationale).toBe('Half-written');
  });

  it('shows the timeline newest first with ISO instants, and the rationale on the decision', () => {
    const { timeline } = caseOverviewView(view(), buildPrincipal('council_officer'), now);
    expect(timeline.map((e) => e.label.text)).toEqual(['Triage decision: Signpost', 'Concern raised']);
    expect(timeline[0]).toEqual(
      expect.objectContaining({
        byline: { text: 'council officer' },
        datetime: { timestamp: '2026-03-04T10:00:00Z', format: 'london' },
        text: 'Rationale: Advice given',
      }),
    );
  });

  it('keeps personal details out of the page title', () => {
    const overview = caseOverviewView(view(), buildPrincipal('council_officer'), now);
    expect(overview.pageTitle).toBe('Case VIG-2026-000001');
    expect(overview.concernRows.find((r) => r.key.text === 'Date of birth')?.value.text).toBe('30 July 1941');
  });

  it('shows emergency access still in force, and only that', () => {
    const grant = {
      id: '7f0c2f4e-9a41-4e0f-8f43-7d5f1b8e2c31',
      userId: '00000000-0000-4000-8000-000000000104',
      role: 'team_manager',
      reason: 'Strategy meeting',
      grantedAt: '2026-03-04T09:30:00Z',
      expiresAt: '2026-03-04T10:30:00Z',
    };
    const overview = caseOverviewView(
      view({
        accessGrants: [
          { ...grant, active: true },
          { ...grant, active: false },
        ],
      }),
      buildPrincipal('team_manager'),
      now,
    );
    expect(overview.emergencyAccess).toEqual([
      {
        role: 'team manager',
        grantedAt: grant.grantedAt,
        expiresAt: grant.expiresAt,
        reason: 'Strategy meeting',
      },
    ]);
  });
});

describe('the provider row', () => {
  it('shows the provider’s referral status as a tag when referrals are not simply open', () => {
    const suspended = providerRow({ id: caseId, name: 'Sunrise <Care>', referralStatus: 'suspended' });
    expect(suspended.value.text).toBe('Sunrise <Care> (referrals suspended)');
    expect(suspended.value.html).toBe(
      'Sunrise &lt;Care&gt; <strong class="govuk-tag govuk-tag--red" data-qa="referral-status">Referrals suspended</strong>',
    );
    expect(providerRow({ id: caseId, name: 'Sunrise Care', referralStatus: 'open' }).value).toEqual({
      text: 'Sunrise Care',
    });
    expect(
      providerRow({ id: caseId, name: 'Sunrise Care', referralStatus: null }).value.html,
    ).toBeUndefined();
  });
});
