import type { CaseView, CaseViewOf, Principal, TaskType } from '@vigil/contracts';
import {
  dueText,
  label,
  londonDate,
  londonDateTime,
  ProviderNoticeLabels,
  ReferralStatusColours,
  ReferralStatusLabels,
} from '@vigil/domain';
import {
  casePageCore,
  closeHref,
  deadlineWords,
  escapeHtml,
  mayComplete,
  providerRow,
  row,
  type SectionRow,
  taskListSteps,
  type TaskListItem,
} from '../cases/case-page.view-model';
import type { TaskListCasePage } from '../complaints/complaint-overview.view-model';
import type { Flash } from '../security/session';

type Details = CaseViewOf<'provider_concern'>['details'];

/** Steps every provider concern has; the rest show once they have opened (a notice's review, failure's). */
const ALWAYS: readonly string[] = ['decide_referral_suspension', 'decide_lse', 'submit_siap', 'siap_review'];
/** One task per action: shown as the action plan's items, each with its own link, not as one step. */
const AS_ITEMS: readonly string[] = ['siap_action'];

const day = (iso: string | null): string | null => (iso ? londonDate(`${iso}T12:00:00Z`) : null);

const SourceWords: Record<Details['source'], string> = {
  manual: 'Opened by the council',
  early_warning: 'Opened by the early warning (the threshold of cases about this provider was reached)',
  continuity: 'Opened by the provider’s report of a threat to the continuity of its service',
};

/** The provider's referral status as a GOV.UK tag (fixed labels only, so safe as HTML). */
export function referralStatusTag(status: string): { text: string; classes: string } {
  return {
    text: label(ReferralStatusLabels, status),
    classes: `govuk-tag ${ReferralStatusColours[status] ?? 'govuk-tag--grey'}`,
  };
}

const tagRow = (key: string, status: string): SectionRow => {
  const tag = referralStatusTag(status);
  return {
    key: { text: key },
    value: {
      html: `<strong class="${tag.classes}" data-qa="referral-status">${escapeHtml(tag.text)}</strong>`,
    },
  };
};

/** The warning at the top: new referrals stopped, or the provider closed to new business. */
function warning(d: Details, providerName: string): string | null {
  const name = escapeHtml(providerName);
  switch (d.referralStatus) {
    case 'suspended':
      return `New referrals to ${name} are suspended.`;
    case 'closed_to_new_business':
      return `${name} is closed to new business: everyone it supports is to move to another provider.`;
    case 'decommissioned':
      return `${name} is decommissioned.`;
    default:
      return null;
  }
}

function providerRows(view: CaseView, d: Details): SectionRow[] {
  return [
    providerRow(view.provider),
    tagRow('Referral status', d.referralStatus),
    ...(d.referralStatus === 'phased_resumption' && d.weeklyCap !== null
      ? [row('Weekly cap', `${d.weeklyCap} new ${d.weeklyCap === 1 ? 'referral' : 'referrals'} a week`)]
      : []),
    ...(d.lseActive ? [row('Large-scale enquiry', 'Active')] : []),
    row('Why it was opened', d.reason, 'app-pre-wrap'),
    row('How it was opened', SourceWords[d.source]),
  ];
}

/** Lines as HTML: the first as a paragraph, the rest as a list; every line escaped, its newlines kept. */
function linesHtml(first: string, rest: string[]): { html: string } {
  const line = (text: string) => escapeHtml(text).replace(/\r?\n/g, '<br>');
  return {
    html: [
      `<p class="govuk-body govuk-!-margin-bottom-1">${line(first)}</p>`,
      '<ul class="govuk-list govuk-!-margin-bottom-0">',
      ...rest.map((r) => `<li>${line(r)}</li>`),
      '</ul>',
    ].join('\n'),
  };
}

function noticeRows(d: Details): SectionRow[] {
  return d.notices.map((n) => ({
    key: { text: label(ProviderNoticeLabels, n.kind) },
    value: linesHtml(n.requirements, [
      `Comply by ${day(n.complianceDate) ?? n.complianceDate}`,
      `Issued ${londonDateTime(n.issuedAt)}`,
      n.liftedAt ? `Lifted ${londonDateTime(n.liftedAt)}` : 'Active: new referrals stay suspended',
    ]),
  }));
}

/** The plan itself: its summary and when it was submitted. */
function planRows(d: Details): SectionRow[] {
  const plan = d.actionPlan;
  if (!plan) return [];
  return [
    ...(plan.summary ? [row('Summary', plan.summary, 'app-pre-wrap')] : []),
    row('Submitted', londonDateTime(plan.submittedAt)),
  ];
}

/**
 * The plan's actions as a GOV.UK task list (issue 10): each with its owner, when it is due (and how late),
 * and its evidence; an open one links to its evidence form for whoever may add it (the provider lead).
 */
function planItems(view: CaseView, d: Details, principal: Principal, now: Date): TaskListItem[] {
  return (d.actionPlan?.items ?? []).map((item, i): TaskListItem => {
    const task = view.tasks.find((t) => t.id === item.taskId);
    const open = task?.status === 'open';
    const due = item.dueAt
      ? open
        ? deadlineWords(item.dueAt, now)
        : `Was due by ${londonDateTime(item.dueAt)}.`
      : 'No due date.';
    const evidence = item.evidence
      ? `Evidence: ${item.evidence}`
      : task?.status === 'cancelled'
        ? 'Evidence: not needed.'
        : 'Evidence: not yet.';
    const done = item.completedAt ? ` Done ${londonDateTime(item.completedAt)}.` : '';
    const href =
      task && open && mayComplete(view, task, principal) ? `/cases/${view.id}/tasks/${task.id}` : null;
    const overdue = open && item.dueAt !== null && dueText(item.dueAt, now).state === 'overdue';
    return {
      title: { text: `Action ${i + 1}: ${item.action}` },
      hint: { text: `Owner: ${item.owner}. ${due} ${evidence}${done}` },
      ...(href ? { href } : {}),
      status: item.completedAt
        ? { text: 'Completed' }
        : task?.status === 'cancelled'
          ? { text: 'Not needed' }
          : overdue
            ? { tag: { text: 'Overdue', classes: 'govuk-tag--red' } }
            : { tag: { text: 'Not started', classes: 'govuk-tag--blue' } },
    };
  });
}

function peopleRows(d: Details): SectionRow[] {
  return d.people.map((p) =>
    row(
      p.name,
      p.movedTo
        ? `Moved to ${p.movedTo}${p.movedOn ? ` on ${day(p.movedOn) ?? p.movedOn}` : ''}`
        : 'Not moved yet',
    ),
  );
}

/**
 * A provider concern's page (DOMAIN §4.7, issue 10): a warning while new referrals are stopped, its steps as
 * a task list (each of the plan's actions as an item of the action plan, not a step), the provider and its
 * referral status, notices, the action plan, and the people who must move. The provider lead sees the same
 * page for their own provider: their plan's steps link to the forms they complete.
 */
export function providerConcernOverviewView(
  view: CaseView,
  principal: Principal,
  now: Date,
  options: { flash?: Flash | null } = {},
): TaskListCasePage {
  const d = (view as CaseViewOf<'provider_concern'>).details;
  const opened = new Set<TaskType>(view.tasks.map((t) => t.type));
  const close = closeHref(view, principal);
  return {
    ...casePageCore(view, principal, now, options),
    heading: 'Provider concern',
    stepsHeading: 'Steps',
    warningHtml: warning(d, view.provider.name),
    steps: taskListSteps(
      view,
      principal,
      (type) => !AS_ITEMS.includes(type) && (ALWAYS.includes(type) || opened.has(type as TaskType)),
    ),
    stepActions: close ? [{ href: close, text: 'Close the provider concern', qa: 'close-case' }] : [],
    sections: [
      { title: 'Provider', qa: 'provider', rows: providerRows(view, d) },
      {
        title: 'Action plan',
        qa: 'action-plan',
        rows: planRows(d),
        items: planItems(view, d, principal, now),
      },
      { title: 'Notices', qa: 'notices', rows: noticeRows(d) },
      { title: 'People who must move', qa: 'people', rows: peopleRows(d) },
      {
        title: 'Closing',
        qa: 'closing',
        rows: d.closingRationale ? [row('Why it closed', d.closingRationale, 'app-pre-wrap')] : [],
      },
    ],
  };
}
