import type { CaseView, CaseViewOf, Principal } from '@vigil/contracts';
import {
  ComplaintOutcomeLabels,
  label,
  londonDate,
  londonDateTime,
  NoticeMethodLabels,
  taskDefinition,
} from '@vigil/domain';
import {
  type CasePageCore,
  casePageCore,
  closeHref,
  providerRow,
  row,
  type SectionRow,
  type TaskListItem,
  taskListSteps,
} from '../cases/case-page.view-model';
import type { Flash } from '../security/session';

export interface TaskListCasePage extends CasePageCore {
  heading: string;
  stepsHeading: string;
  warningHtml: string | null;
  steps: TaskListItem[];
  stepActions: { href: string; text: string; qa: string }[];
  /** Each a summary list, then (an action plan's actions) a GOV.UK task list of its items. */
  sections: { title: string; rows: SectionRow[]; qa: string; items?: TaskListItem[] }[];
}

const day = (iso: string | null): string | null => (iso ? londonDate(`${iso}T12:00:00Z`) : null);

/**
 * A complaint's page (DOMAIN §4.5): its steps as a GOV.UK task list (the social worker's notice only when the
 * complaint affects care), moving the response date and closing when the viewer may, the complaint and its
 * handling.
 */
export function complaintOverviewView(
  view: CaseView,
  principal: Principal,
  now: Date,
  options: { flash?: Flash | null } = {},
): TaskListCasePage {
  const c = (view as CaseViewOf<'complaint'>).details;
  const respond = view.tasks.find((t) => t.type === 'respond' && t.status === 'open');
  const mayExtend =
    respond && !view.closedAt && (taskDefinition('respond').extendableBy ?? []).includes(principal.role);
  const close = closeHref(view, principal);
  return {
    ...casePageCore(view, principal, now, options),
    heading: 'Complaint',
    stepsHeading: 'Steps',
    warningHtml: null,
    steps: taskListSteps(view, principal, (type) => c.affectsCare || type !== 'notify_social_worker'),
    stepActions: [
      ...(mayExtend
        ? [
            {
              href: `/cases/${view.id}/tasks/${respond.id}/extend`,
              text: 'Agree a later response date',
              qa: 'extend',
            },
          ]
        : []),
      ...(close ? [{ href: close, text: 'Close the complaint', qa: 'close-case' }] : []),
    ],
    sections: [
      {
        title: 'Complaint',
        qa: 'complaint',
        rows: [
          row('Received', londonDateTime(c.receivedAt)),
          row('Affects or prevents care', c.affectsCare ? 'Yes' : 'No'),
          ...(c.complainantRelationship === null ? [] : [row('Complainant', c.complainantRelationship)]),
          ...(c.summary === null ? [] : [row('Complaint', c.summary, 'app-pre-wrap')]),
          providerRow(view.provider),
        ],
      },
      {
        title: 'Handling',
        qa: 'handling',
        rows: [
          ...(c.acknowledgedOn ? [row('Acknowledged', day(c.acknowledgedOn))] : []),
          ...(c.socialWorkerNotifiedAt
            ? [
                row(
                  'Social worker told',
                  `${londonDateTime(c.socialWorkerNotifiedAt)} (${label(NoticeMethodLabels, c.socialWorkerMethod).toLowerCase()})`,
                ),
              ]
            : []),
          ...(c.respondedOn ? [row('Responded', day(c.respondedOn))] : []),
          ...(c.outcome ? [row('Outcome', label(ComplaintOutcomeLabels, c.outcome))] : []),
          ...(c.sharedOn ? [row('Shared with the council', day(c.sharedOn))] : []),
          ...(c.resolvedAtProviderStage === null
            ? []
            : [row('Resolved at the provider’s stage', c.resolvedAtProviderStage ? 'Yes' : 'No')]),
          ...(c.closingRationale ? [row('Why it closed', c.closingRationale, 'app-pre-wrap')] : []),
        ],
      },
    ],
  };
}
