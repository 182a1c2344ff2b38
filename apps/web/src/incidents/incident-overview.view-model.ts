import type { CaseView, CaseViewOf, Principal } from '@vigil/contracts';
import { IncidentCategoryLabels, label, londonDateTime } from '@vigil/domain';
import { casePageCore, closeHref, providerRow, row, taskListSteps } from '../cases/case-page.view-model';
import type { TaskListCasePage } from '../complaints/complaint-overview.view-model';
import type { Flash } from '../security/session';

/**
 * A serious incident's page (DOMAIN §4.4): its steps (the CQC's and the ICO's only where they apply), what
 * happened, and, for an allegation of abuse, a way to raise the concern or allegation it may also be.
 */
export function incidentOverviewView(
  view: CaseView,
  principal: Principal,
  now: Date,
  options: { flash?: Flash | null } = {},
): TaskListCasePage {
  const i = (view as CaseViewOf<'incident'>).details;
  const opened = new Set(view.tasks.map((t) => t.type));
  const close = closeHref(view, principal);
  const raises =
    i.category === 'allegation_of_abuse' && !view.closedAt && principal.organisationKind === 'provider'
      ? [
          {
            href: `/concerns/new?from=${view.id}`,
            text: 'Raise a safeguarding concern about this',
            qa: 'raise-concern',
          },
          {
            href: `/allegations/new?from=${view.id}`,
            text: 'Raise an allegation against a member of staff',
            qa: 'raise-allegation',
          },
        ]
      : [];
  return {
    ...casePageCore(view, principal, now, options),
    heading: 'Serious incident',
    stepsHeading: 'Steps',
    warningHtml: null,
    // A notice the incident does not owe (no CQC category, no personal-data breach) is not a step.
    steps: taskListSteps(
      view,
      principal,
      (type) => !['cqc_notification', 'ico_notification'].includes(type) || opened.has(type as never),
    ),
    stepActions: [
      ...raises,
      ...(close ? [{ href: close, text: 'Close the incident', qa: 'close-case' }] : []),
    ],
    sections: [
      {
        title: 'Incident',
        qa: 'incident',
        rows: [
          row('Category', label(IncidentCategoryLabels, i.category)),
          row('When it happened', londonDateTime(i.occurredAt)),
          row('When the provider became aware', londonDateTime(i.awareAt)),
          row('Personal data breached', i.personalDataBreach ? 'Yes' : 'No'),
          ...(i.summary === null ? [] : [row('What happened', i.summary, 'app-pre-wrap')]),
          providerRow(view.provider),
        ],
      },
      {
        title: 'Findings',
        qa: 'findings',
        rows: [
          ...(i.siMeeting === null
            ? []
            : [row('Serious-incident meeting', i.siMeeting ? 'Needed' : 'Not needed')]),
          ...(i.initialReviewFindings
            ? [row('Initial review', i.initialReviewFindings, 'app-pre-wrap')]
            : []),
          ...(i.reportSummary ? [row('Investigation report', i.reportSummary, 'app-pre-wrap')] : []),
          ...(i.learningAcceptedAt ? [row('Learning accepted', londonDateTime(i.learningAcceptedAt))] : []),
          ...(i.closingRationale ? [row('Why it closed', i.closingRationale, 'app-pre-wrap')] : []),
        ],
      },
    ],
  };
}
