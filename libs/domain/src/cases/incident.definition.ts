import type { IncidentStatus } from '../../../contracts/src/incident.schema';
import type { UserRole } from '../../../contracts/src/roles';
import type { CaseTypeDefinition } from './case-type';
import { ProviderCaseVisibility } from './case-type';

const provider: readonly UserRole[] = ['provider_lead'];

/**
 * DOMAIN §4.4: a serious incident (specs/000 §24). Reporting it tells the council's safeguarding team and
 * the commissioner at once. The commissioner decides on an SI meeting; the provider reviews it, writes the
 * duty-of-candour letter (Reg 20), tells the CQC (regs 16, 18) and the ICO (UK GDPR Art 33) where they must
 * be told, each a decision that records "notified on, reference" or "not required because", and submits
 * its investigation report; the commissioner accepts the learning; then it closes.
 */
export const IncidentDefinition: CaseTypeDefinition<IncidentStatus> = {
  type: 'incident',
  label: 'Serious incident',
  workflowType: 'incidentWorkflow',
  idPrefix: 'incident',
  statuses: ['reported', 'investigating', 'report_submitted', 'closed'],
  initialStatus: 'reported',
  closedStatuses: ['closed'],
  statusLabels: {
    reported: 'Reported',
    investigating: 'Investigating',
    report_submitted: 'Report submitted',
    closed: 'Closed',
  },
  statusColours: {
    reported: 'govuk-tag--red',
    investigating: 'govuk-tag--blue',
    report_submitted: 'govuk-tag--purple',
    closed: 'govuk-tag--grey',
  },
  transitions: [
    {
      from: ['reported'],
      event: 'initial_review',
      to: 'investigating',
      actors: provider,
      label: 'Initial review done',
      reasonRequired: false,
      notify: [],
    },
    {
      from: ['reported', 'investigating'],
      event: 'investigation_report',
      to: 'report_submitted',
      actors: provider,
      label: 'Investigation report submitted',
      reasonRequired: false,
      notify: ['commissioner'],
    },
    {
      from: ['reported', 'investigating', 'report_submitted'],
      event: 'close',
      to: 'closed',
      actors: ['commissioner', 'council_officer', 'team_manager'],
      label: 'Close the incident',
      reasonRequired: true,
      notify: ['provider_manager'],
    },
  ],
  tasks: [
    {
      type: 'si_meeting_decision',
      label: 'Decide on a serious-incident meeting',
      actors: ['commissioner'],
      holder: 'commissioner',
      clocks: [{ key: 'incident.si_meeting_decision', required: true }],
    },
    {
      type: 'initial_review',
      label: 'Complete the initial review',
      actors: provider,
      holder: 'provider_manager',
      clocks: [{ key: 'incident.initial_review', required: true }],
    },
    {
      type: 'duty_of_candour',
      label: 'Send the duty-of-candour letter',
      actors: provider,
      holder: 'provider_manager',
      clocks: [{ key: 'incident.duty_of_candour', required: true }],
    },
    {
      type: 'cqc_notification',
      label: 'Notify the CQC',
      actors: provider,
      holder: 'provider_manager',
      clocks: [{ key: 'incident.cqc_notification', required: true }],
    },
    {
      type: 'ico_notification',
      label: 'Report the breach to the ICO',
      actors: provider,
      holder: 'provider_manager',
      clocks: [{ key: 'incident.ico_notification', required: true }],
    },
    {
      type: 'investigation_report',
      label: 'Submit the investigation report',
      actors: provider,
      holder: 'provider_manager',
      clocks: [{ key: 'incident.investigation_report', required: true }],
    },
    {
      type: 'accept_learning',
      label: 'Accept the learning',
      actors: ['commissioner'],
      holder: 'commissioner',
      clocks: [],
    },
  ],
  visibility: ProviderCaseVisibility,
  openers: ['provider_lead'],
  outcomes: [],
  close: { actors: ['commissioner', 'council_officer', 'team_manager'], requiresTasksDone: true },
  countsTowardsEarlyWarning: true,
};
