import type { CaseView, CaseViewOf, Principal } from '@vigil/contracts';
import {
  AllegationOutcomeLabels,
  EmploymentOutcomeLabels,
  label,
  LadoDecisionLabels,
  londonDateTime,
  RegulatorLabels,
  StaffTypeLabels,
} from '@vigil/domain';
import {
  type CasePageCore,
  casePageCore,
  closeHref,
  providerRow,
  row,
  type SummaryRow,
  type TaskListItem,
  taskListSteps,
} from '../cases/case-page.view-model';
import type { Flash } from '../security/session';

export interface AllegationOverview extends CasePageCore {
  /** "Suspension in place since 4 March 2026, 2:15pm" while it is. */
  suspendedSince: string | null;
  allegationRows: SummaryRow[];
  steps: TaskListItem[];
  closeHref: string | null;
}

/** An allegation's page: its duties as a GOV.UK task list, the suspension banner, the details and the record. */
export function allegationOverviewView(
  view: CaseView,
  principal: Principal,
  now: Date,
  options: { flash?: Flash | null } = {},
): AllegationOverview {
  const a = (view as CaseViewOf<'allegation'>).details;
  const core = casePageCore(view, principal, now, options);
  // A change of employment outcome follows the recorded one: offered once the task is done.
  const recorded = view.tasks.some((t) => t.type === 'record_employment_outcome' && t.status === 'completed');
  return {
    ...core,
    actions: core.actions.filter((x) => recorded || !x.href.endsWith('/events/change_employment_outcome')),
    // The status says whether the suspension stands: lifting it or the person leaving both end it.
    suspendedSince: view.status === 'suspension_in_place' ? a.suspendedAt : null,
    allegationRows: [
      ...(a.staffMember.name === null ? [] : [row('Staff member', a.staffMember.name)]),
      row('Job title', a.staffMember.jobTitle),
      row('Type', label(StaffTypeLabels, a.staffMember.type) || null),
      row('Works with children', a.worksWithChildren ? 'Yes' : 'No'),
      row('Regulator', label(RegulatorLabels, a.regulator) || 'None'),
      ...(a.summary === null ? [] : [row('Allegation', a.summary, 'app-pre-wrap')]),
      providerRow(view.provider),
      row('Raised', londonDateTime(view.createdAt)),
      ...(a.suspendedAt ? [row('Suspended', londonDateTime(a.suspendedAt))] : []),
      ...(a.suspensionLiftedAt ? [row('Suspension lifted', londonDateTime(a.suspensionLiftedAt))] : []),
      ...(a.ladoDecision ? [row('LADO decision', label(LadoDecisionLabels, a.ladoDecision))] : []),
      ...(a.employmentOutcome
        ? [row('Employment outcome', label(EmploymentOutcomeLabels, a.employmentOutcome))]
        : []),
      ...(a.outcome ? [row('Outcome', label(AllegationOutcomeLabels, a.outcome))] : []),
      ...(a.closingRationale ? [row('Why it closed', a.closingRationale, 'app-pre-wrap')] : []),
    ],
    steps: taskListSteps(view, principal),
    closeHref: closeHref(view, principal),
  };
}
