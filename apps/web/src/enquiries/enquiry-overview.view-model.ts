import type { CaseView, CaseViewOf, Principal } from '@vigil/contracts';
import {
  CapacityLabels,
  caseDefinition,
  EnquiryLeadLabels,
  EnquiryOutcomeLabels,
  label,
  londonDate,
  londonDateTime,
  MspLabels,
  OutcomesMetLabels,
  RiskNowLabels,
} from '@vigil/domain';
import {
  type CasePageCore,
  casePageCore,
  latestTask,
  providerRow,
  row,
  type SummaryRow,
  type TaskListItem,
  taskListSteps,
} from '../cases/case-page.view-model';
import type { Flash } from '../security/session';

export interface EnquiryOverview extends CasePageCore {
  enquiryRows: SummaryRow[];
  outcomeRows: SummaryRow[];
  steps: TaskListItem[];
  returnHref: string | null;
}

const dateText = (d: string | null): string | null => (d ? londonDate(`${d}T12:00:00Z`) : null);

/**
 * The Section 42 enquiry as a GOV.UK task list (one row per step, in the registry's order), with its
 * details, the deadlines, the timeline and the concern it came from.
 */
export function enquiryOverviewView(
  view: CaseView,
  principal: Principal,
  now: Date,
  options: { flash?: Flash | null } = {},
): EnquiryOverview {
  const d = (view as CaseViewOf<'s42_enquiry'>).details;
  const report = latestTask(view.tasks, 'submit_provider_report');
  const mayReturn =
    view.status === 'in_progress' &&
    report?.status === 'completed' &&
    caseDefinition('s42_enquiry').transitions.some(
      (t) => t.event === 'return_report' && t.actors.includes(principal.role),
    ) &&
    !view.accessGrants.some((g) => g.active && g.userId === principal.userId);
  return {
    ...casePageCore(view, principal, now, options),
    enquiryRows: [
      row(view.masked ? 'Adult at risk (initials)' : 'Adult at risk', d.adultAtRisk.name),
      ...(view.masked ? [] : [row('Date of birth', dateText(d.adultAtRisk.dateOfBirth))]),
      ...(view.masked ? [] : [row('Why an enquiry', d.summary, 'app-pre-wrap')]),
      row('Immediate risk', d.immediateRisk ? 'Yes' : 'No'),
      providerRow(view.provider),
      row('Opened', londonDateTime(view.createdAt)),
      row('Adult’s views asked', label(MspLabels, d.msp) || null),
      ...(view.masked ? [] : [row('Desired outcomes', d.desiredOutcomes, 'app-pre-wrap')]),
      row('Capacity', label(CapacityLabels, d.capacity) || null),
      row('Advocate', d.advocate === null ? null : d.advocate ? 'Yes' : 'No'),
      row('Who leads', label(EnquiryLeadLabels, d.lead) || null),
      ...(d.lead === 'council_led' && !view.masked ? [row('Strategy', d.strategy, 'app-pre-wrap')] : []),
      ...(d.lead === 'provider_caused' && !view.masked
        ? [
            row('Scope', d.scope, 'app-pre-wrap'),
            row('Questions', d.questions, 'app-pre-wrap'),
            row('Report due', dateText(d.reportDueOn)),
            row('Provider’s report', d.report, 'app-pre-wrap'),
            ...(d.returnReason ? [row('Report last returned because', d.returnReason, 'app-pre-wrap')] : []),
          ]
        : []),
    ],
    outcomeRows: d.outcome
      ? [
          row('Outcome', label(EnquiryOutcomeLabels, d.outcome)),
          row('Risk now', label(RiskNowLabels, d.riskNow)),
          row('Desired outcomes met', label(OutcomesMetLabels, d.outcomesMet)),
          row(
            'Safeguarding plan',
            d.plan === 'agreed' ? 'Agreed' : d.plan === 'none_needed' ? 'None needed' : null,
          ),
          ...(d.plan === 'agreed' && !view.masked ? [row('Plan', d.planSummary, 'app-pre-wrap')] : []),
          ...(d.reviewOn ? [row('Next review', dateText(d.reviewOn))] : []),
        ]
      : [],
    steps: taskListSteps(view, principal),
    returnHref: mayReturn && report ? `/cases/${view.id}/tasks/${report.id}/return` : null,
  };
}
