import type { CaseView, CaseViewOf, Principal, TaskView } from '@vigil/contracts';
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
  TaskLabels,
} from '@vigil/domain';
import {
  casePageCore,
  mayComplete,
  row,
  type CasePageCore,
  type SummaryRow,
} from '../cases/case-page.view-model';
import type { Flash } from '../security/session';

/** One row of the GOV.UK task list: a step of the enquiry and where it stands. */
export interface TaskListItem {
  title: { text: string };
  hint?: { text: string };
  href?: string;
  status: { text?: string; tag?: { text: string; classes?: string }; classes?: string };
}

export interface EnquiryOverview extends CasePageCore {
  enquiryRows: SummaryRow[];
  outcomeRows: SummaryRow[];
  steps: TaskListItem[];
  returnHref: string | null;
}

const latest = (tasks: readonly TaskView[], type: string): TaskView | undefined =>
  [...tasks].reverse().find((t) => t.type === type);

const dateText = (d: string | null): string | null => (d ? londonDate(`${d}T12:00:00Z`) : null);

/**
 * A step's status in GOV.UK task-list words: "Not started" (a link for whoever may do it), "Completed",
 * "Not needed" (cancelled, or never opened before the enquiry closed), or "Cannot start yet" while no task of
 * that type has opened.
 */
function step(view: CaseView, principal: Principal, type: string): TaskListItem {
  const task = latest(view.tasks, type);
  const title = { text: TaskLabels[type] ?? type };
  // A step the enquiry closed without (no plan, so no review) was never needed.
  if (!task && view.closedAt) return { title, status: { text: 'Not needed' } };
  if (!task)
    return {
      title,
      status: { text: 'Cannot start yet', classes: 'govuk-task-list__status--cannot-start-yet' },
    };
  if (task.status === 'completed') return { title, status: { text: 'Completed' } };
  if (task.status === 'cancelled') return { title, status: { text: 'Not needed' } };
  const href = mayComplete(view, task, principal) ? `/cases/${view.id}/tasks/${task.id}` : undefined;
  return {
    title,
    ...(href ? { href } : { hint: { text: 'For someone else to do' } }),
    status: { tag: { text: 'Not started', classes: 'govuk-tag--blue' } },
  };
}

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
  const report = latest(view.tasks, 'submit_provider_report');
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
      row('Provider', view.provider.name),
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
    steps: caseDefinition('s42_enquiry').tasks.map((t) => step(view, principal, t.type)),
    returnHref: mayReturn && report ? `/cases/${view.id}/tasks/${report.id}/return` : null,
  };
}
