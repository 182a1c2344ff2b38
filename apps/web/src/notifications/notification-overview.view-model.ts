import type { CaseView, CaseViewOf, Principal } from '@vigil/contracts';
import { label, londonDateTime, NotificationTriggerLabels } from '@vigil/domain';
import { casePageCore, providerRow, row, taskListSteps } from '../cases/case-page.view-model';
import type { TaskListCasePage } from '../complaints/complaint-overview.view-model';
import type { Flash } from '../security/session';

/**
 * A notification's page (DOMAIN §4.6): what was notified and when, whether it was within its window (a late
 * one says so, with the provider's reason), and the commissioner's acknowledgement as its one step.
 */
export function notificationOverviewView(
  view: CaseView,
  principal: Principal,
  now: Date,
  options: { flash?: Flash | null } = {},
): TaskListCasePage {
  const n = (view as CaseViewOf<'notification'>).details;
  return {
    ...casePageCore(view, principal, now, options),
    heading: 'Commissioner notification',
    stepsHeading: 'Acknowledgement',
    warningHtml: n.late
      ? `Sent late: it was due by ${londonDateTime(n.dueAt)} and sent at ${londonDateTime(n.sentAt)}.`
      : null,
    steps: taskListSteps(view, principal),
    stepActions: [],
    sections: [
      {
        title: 'Notification',
        qa: 'notification',
        rows: [
          row('What it is about', label(NotificationTriggerLabels, n.trigger)),
          row('When it happened', londonDateTime(n.occurredAt)),
          row('When the provider became aware', londonDateTime(n.awareAt)),
          row('Due by', londonDateTime(n.dueAt)),
          row('Sent', londonDateTime(n.sentAt)),
          ...(n.summary === null ? [] : [row('What happened', n.summary, 'app-pre-wrap')]),
          ...(n.lateReason === null ? [] : [row('Why it was late', n.lateReason, 'app-pre-wrap')]),
          ...(n.acknowledgedAt ? [row('Acknowledged', londonDateTime(n.acknowledgedAt))] : []),
          providerRow(view.provider),
        ],
      },
    ],
  };
}
