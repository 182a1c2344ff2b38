import { describe, expect, it } from '@jest/globals';
import type { CaseView, CaseViewOf, TaskView } from '@vigil/contracts';
import { allegationOverviewView } from './allegation-overview.view-model';
import { buildCaseView } from '../../../../test/factories/case-view.factory';
import { buildPrincipal } from '../../../../test/factories/principal.factory';

const caseId = '7f0c2f4e-9a41-4e0f-8f43-7d5f1b8e2c31';
const suspendedAt = '2026-03-04T14:15:00.000Z';
const now = new Date('2026-03-05T10:00:00Z');

const task = (type: TaskView['type'], status: TaskView['status'], n: number): TaskView => ({
  id: `7f0c2f4e-9a41-4e0f-8f43-7d5f1b8e2c4${n}`,
  type,
  status,
  dueAt: null,
  assignedRole: 'provider_manager',
  createdAt: '2026-03-04T09:00:00Z',
  completedAt: status === 'completed' ? '2026-03-04T15:00:00Z' : null,
  submission: null,
});

const view = (
  status: CaseView['status'],
  details: Partial<CaseViewOf<'allegation'>['details']> = {},
  tasks: TaskView[] = [],
): CaseView =>
  buildCaseView({
    id: caseId,
    type: 'allegation',
    reference: 'VIG-2026-000002',
    status,
    details: {
      type: 'allegation',
      staffMember: { name: 'Canary Staffmember', jobTitle: 'Senior carer', type: 'employee' },
      worksWithChildren: false,
      regulatedActivityProvider: null,
      regulator: null,
      summary: 'Canary allegation',
      suspendedAt,
      suspensionLiftedAt: null,
      liftRationale: null,
      ladoDecision: null,
      employmentOutcome: null,
      outcome: null,
      closingRationale: null,
      ...details,
    },
    tasks,
  });

describe('allegation overview view', () => {
  const lead = buildPrincipal('provider_lead');

  it('shows "Suspension in place since …" while the suspension stands', () => {
    expect(allegationOverviewView(view('suspension_in_place'), lead, now).suspendedSince).toBe(suspendedAt);
  });

  it('drops the banner once the person has left while suspended, though no lift was recorded', () => {
    const left = view('investigating', { employmentOutcome: 'resigned' });
    expect(allegationOverviewView(left, lead, now).suspendedSince).toBeNull();
  });

  it('drops the banner once the commissioner lifts the suspension, and before any suspension', () => {
    const lifted = view('investigating', { suspensionLiftedAt: '2026-03-05T09:00:00.000Z' });
    expect(allegationOverviewView(lifted, lead, now).suspendedSince).toBeNull();
    expect(allegationOverviewView(view('open', { suspendedAt: null }), lead, now).suspendedSince).toBeNull();
  });

  it('offers a change of employment outcome to the provider only once the outcome is recorded', () => {
    const change = {
      text: 'Change the employment outcome',
      href: `/cases/${caseId}/events/change_employment_outcome`,
    };
    const before = view('suspension_in_place', {}, [task('record_employment_outcome', 'open', 1)]);
    expect(allegationOverviewView(before, lead, now).actions).not.toContainEqual(change);
    const after = view('suspension_in_place', { employmentOutcome: 'no_change' }, [
      task('record_employment_outcome', 'completed', 1),
    ]);
    expect(allegationOverviewView(after, lead, now).actions).toContainEqual(change);
    expect(allegationOverviewView(after, buildPrincipal('council_officer'), now).actions).not.toContainEqual(
      change,
    );
  });
});
