import type { ConcernStatus } from '../../../contracts/src/case.schema';
import type { UserRole } from '../../../contracts/src/roles';
import type { CaseTypeDefinition } from './case-type';

const triageActors: readonly UserRole[] = ['council_officer', 'team_manager'];
/** The raiser hears of the triage decision (one email per concern, whatever the decision). */
const decidedNotice = { template: 'concern.decided.raiser', stepKey: 'concern.decided#raiser' } as const;

/** DOMAIN §4.1: the safeguarding concern, from raise to triage decision, withdrawal, merge or its enquiry's end. */
export const ConcernDefinition: CaseTypeDefinition<ConcernStatus> = {
  type: 'concern',
  label: 'Safeguarding concern',
  workflowType: 'concernWorkflow',
  idPrefix: 'concern',
  statuses: ['awaiting_triage', 'enquiry_open', 'closed'],
  initialStatus: 'awaiting_triage',
  closedStatuses: ['closed'],
  statusLabels: { awaiting_triage: 'Awaiting triage', enquiry_open: 'Enquiry open', closed: 'Closed' },
  statusColours: {
    awaiting_triage: 'govuk-tag--yellow',
    enquiry_open: 'govuk-tag--blue',
    closed: 'govuk-tag--grey',
  },
  transitions: [
    {
      from: ['awaiting_triage'],
      event: 'triage_decision:section_42_enquiry',
      to: 'enquiry_open',
      actors: triageActors,
      label: 'Section 42 enquiry',
      hint: 'A Section 42 enquiry is opened; the concern stays open until it ends',
      reasonRequired: true,
      notify: ['raiser'],
      notice: decidedNotice,
    },
    {
      from: ['awaiting_triage'],
      event: 'triage_decision:no_further_action',
      to: 'closed',
      actors: triageActors,
      label: 'No further action',
      hint: 'The concern is closed',
      reasonRequired: true,
      notify: ['raiser'],
      notice: decidedNotice,
    },
    {
      from: ['awaiting_triage'],
      event: 'triage_decision:signpost',
      to: 'closed',
      actors: triageActors,
      label: 'Signpost',
      hint: 'The concern is closed',
      reasonRequired: true,
      notify: ['raiser'],
      notice: decidedNotice,
    },
    {
      from: ['awaiting_triage'],
      event: 'withdraw',
      to: 'closed',
      actors: ['team_manager'],
      label: 'Withdraw the concern',
      hint: 'For a concern raised in error or withdrawn by the referrer; the reason is kept on the case',
      reasonRequired: true,
      notify: ['raiser'],
      manual: true,
    },
    {
      from: ['awaiting_triage'],
      event: 'merge',
      to: 'closed',
      actors: ['team_manager'],
      label: 'Merge into another case',
      hint: 'For a second report of something already open; the reason is kept on the case',
      reasonRequired: true,
      notify: ['raiser'],
      manual: true,
    },
    {
      from: ['enquiry_open'],
      event: 'enquiry_closed',
      to: 'closed',
      actors: ['team_manager', 'head_of_service'],
      label: 'Enquiry closed',
      reasonRequired: false,
      notify: ['raiser'],
    },
  ],
  tasks: [
    {
      type: 'triage_decision',
      label: 'Triage decision',
      actors: triageActors,
      holder: 'assignee',
      clocks: [
        { key: 'concern.triage', required: true },
        { key: 'concern.urgent_triage', only: 'immediate_risk' },
      ],
    },
    {
      type: 'care_plan_review',
      label: 'Review the care plan',
      actors: ['provider_lead'],
      holder: 'provider_manager',
      clocks: [{ key: 'concern.care_plan_review' }],
    },
  ],
  visibility: [
    { role: 'provider_staff', relationship: 'raised_by' },
    { role: 'provider_lead', relationship: 'provider' },
    { role: 'council_officer', relationship: 'council' },
    { role: 'team_manager', relationship: 'team' },
    { role: 'head_of_service', relationship: 'council' },
    { role: 'commissioner', relationship: 'commissioned', masked: true },
    // For the audit trail only: `case.read` refuses auditors (403), and RLS hides the narrative from them.
    { role: 'auditor', relationship: 'council' },
  ],
  openers: ['provider_staff', 'provider_lead', 'council_officer'],
  outcomes: ['section_42_enquiry', 'no_further_action', 'signpost', 'withdrawn', 'merged'],
  countsTowardsEarlyWarning: true,
  // Raised in error, or a duplicate of another concern: neither is a further concern about the provider.
  earlyWarningUnlessClosedAs: ['withdrawn', 'merged'],
};
