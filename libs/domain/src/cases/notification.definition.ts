import type { NotificationStatus } from '../../../contracts/src/notification.schema';
import type { CaseTypeDefinition } from './case-type';
import { ProviderCaseVisibility } from './case-type';

/**
 * DOMAIN §4.6: a notification to the commissioner (specs/004 §16.1). Recording it is sending it: the
 * commissioner is emailed at once (reference and link only). One recorded after its window (`notice.prompt`
 * from when the provider became aware) is `sent_late` with the provider's reason, and counts against the
 * provider. The commissioner may acknowledge it, which closes it; there is no clock on that.
 */
export const NotificationDefinition: CaseTypeDefinition<NotificationStatus> = {
  type: 'notification',
  label: 'Commissioner notification',
  workflowType: 'notificationWorkflow',
  idPrefix: 'notification',
  statuses: ['sent', 'sent_late', 'acknowledged'],
  initialStatus: 'sent',
  closedStatuses: ['acknowledged'],
  statusLabels: { sent: 'Sent', sent_late: 'Sent late', acknowledged: 'Acknowledged' },
  statusColours: {
    sent: 'govuk-tag--blue',
    sent_late: 'govuk-tag--orange',
    acknowledged: 'govuk-tag--grey',
  },
  transitions: [
    {
      from: ['sent', 'sent_late'],
      event: 'acknowledge_notification',
      to: 'acknowledged',
      actors: ['commissioner'],
      label: 'Acknowledged by the commissioner',
      reasonRequired: false,
      notify: [],
    },
  ],
  tasks: [
    {
      type: 'acknowledge_notification',
      label: 'Acknowledge the notification',
      actors: ['commissioner'],
      holder: 'commissioner',
      clocks: [],
    },
  ],
  visibility: ProviderCaseVisibility,
  openers: ['provider_lead'],
  outcomes: [],
};
