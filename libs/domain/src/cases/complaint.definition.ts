import type { ComplaintStatus } from '../../../contracts/src/complaint.schema';
import type { UserRole } from '../../../contracts/src/roles';
import type { CaseTypeDefinition } from './case-type';
import { ProviderCaseVisibility } from './case-type';

const provider: readonly UserRole[] = ['provider_lead'];

/**
 * DOMAIN §4.5: a complaint a provider receives (specs/004 Standard 15, Complaints Regulations 2009). The
 * provider acknowledges it (3 working days, statutory), tells the person's social worker within 24 hours
 * when the complaint affects or prevents their care (Std 15.8), responds by the date agreed with the
 * complainant (20 working days unless agreed otherwise; extending it is a recorded event with a reason), and
 * shares the outcome with the council. Missed clocks go up the provider ladder to the commissioner.
 */
export const ComplaintDefinition: CaseTypeDefinition<ComplaintStatus> = {
  type: 'complaint',
  label: 'Complaint',
  workflowType: 'complaintWorkflow',
  idPrefix: 'complaint',
  statuses: ['received', 'acknowledged', 'responded', 'closed'],
  initialStatus: 'received',
  closedStatuses: ['closed'],
  statusLabels: {
    received: 'Received',
    acknowledged: 'Acknowledged',
    responded: 'Responded',
    closed: 'Closed',
  },
  statusColours: {
    received: 'govuk-tag--yellow',
    acknowledged: 'govuk-tag--blue',
    responded: 'govuk-tag--purple',
    closed: 'govuk-tag--grey',
  },
  transitions: [
    {
      from: ['received'],
      event: 'acknowledge',
      to: 'acknowledged',
      actors: provider,
      label: 'Complaint acknowledged',
      reasonRequired: false,
      notify: [],
    },
    {
      from: ['received', 'acknowledged'],
      event: 'respond',
      to: 'responded',
      actors: provider,
      label: 'Response sent',
      reasonRequired: false,
      notify: [],
    },
    {
      from: ['responded'],
      event: 'close',
      to: 'closed',
      actors: ['provider_lead', 'council_officer', 'team_manager'],
      label: 'Close the complaint',
      reasonRequired: true,
      notify: ['commissioner'],
    },
  ],
  tasks: [
    {
      type: 'acknowledge',
      label: 'Acknowledge the complaint',
      actors: provider,
      holder: 'provider_manager',
      clocks: [{ key: 'complaint.acknowledge', required: true }],
    },
    {
      type: 'notify_social_worker',
      label: 'Tell the person’s social worker',
      actors: provider,
      holder: 'provider_manager',
      clocks: [{ key: 'complaint.social_worker_notice', required: true }],
    },
    {
      type: 'respond',
      label: 'Respond to the complainant',
      actors: provider,
      holder: 'provider_manager',
      clocks: [{ key: 'complaint.respond', required: true }],
      extendableBy: provider,
    },
    {
      type: 'share_outcome',
      label: 'Share the outcome with the council',
      actors: provider,
      holder: 'provider_manager',
      clocks: [{ key: 'complaint.share_outcome', required: true }],
    },
  ],
  visibility: ProviderCaseVisibility,
  openers: ['provider_lead'],
  outcomes: ['upheld', 'partly_upheld', 'not_upheld'],
  close: {
    actors: ['provider_lead', 'council_officer', 'team_manager'],
    outcomes: ['upheld', 'partly_upheld', 'not_upheld'],
    requiresTasksDone: true,
  },
  earlyWarningWhenClosedAs: ['upheld', 'partly_upheld'],
  countsTowardsEarlyWarning: true,
};
