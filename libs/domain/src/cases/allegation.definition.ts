import type { AllegationStatus } from '../../../contracts/src/allegation.schema';
import type { UserRole } from '../../../contracts/src/roles';
import type { CaseTypeDefinition } from './case-type';

const provider: readonly UserRole[] = ['provider_lead'];
const open: readonly AllegationStatus[] = ['open', 'suspension_in_place', 'investigating'];
/** Statuses in which the person may still be suspended, or awaiting suspension. */
const suspensionOwed: readonly AllegationStatus[] = ['open', 'suspension_in_place'];

/**
 * DOMAIN §4.3: an allegation against staff or a volunteer (specs/003 §7.16–7.17). Its duties run as parallel
 * tasks: the provider confirms the suspension (P-S ladder), the LADO decides when the person works with
 * children (one working day, statutory), the provider records the employment outcome and, when it removes
 * the person, decides on the DBS referral; a regulator's referral likewise; the commissioner reviews the
 * suspension and alone lifts it; the council or the LADO closes it once every task is done.
 */
export const AllegationDefinition: CaseTypeDefinition<AllegationStatus> = {
  type: 'allegation',
  label: 'Allegation against staff',
  workflowType: 'allegationWorkflow',
  idPrefix: 'allegation',
  statuses: ['open', 'suspension_in_place', 'investigating', 'closed'],
  initialStatus: 'open',
  closedStatuses: ['closed'],
  statusLabels: {
    open: 'Open',
    suspension_in_place: 'Suspension in place',
    investigating: 'Investigating',
    closed: 'Closed',
  },
  statusColours: {
    open: 'govuk-tag--yellow',
    suspension_in_place: 'govuk-tag--red',
    investigating: 'govuk-tag--blue',
    closed: 'govuk-tag--grey',
  },
  transitions: [
    {
      from: ['open'],
      event: 'confirm_suspension',
      to: 'suspension_in_place',
      actors: provider,
      label: 'Suspension confirmed',
      reasonRequired: false,
      notify: ['commissioner'],
    },
    {
      from: ['suspension_in_place'],
      event: 'lift_suspension',
      to: 'investigating',
      actors: ['commissioner'],
      label: 'Suspension lifted',
      reasonRequired: true,
      notify: ['provider_manager'],
    },
    {
      // Someone dismissed, resigned, retired or removed is no longer suspended (or to be suspended): the
      // confirmation, the review and the lift end. From the task or from a later change of outcome.
      from: suspensionOwed,
      event: 'record_employment_outcome:left',
      to: 'investigating',
      actors: provider,
      label: 'Left the provider’s employment',
      reasonRequired: false,
      notify: ['commissioner'],
    },
    // The employment outcome is recorded once (the task); a later change is this event, on the timeline.
    // Its handler refuses it (409) until the task is done; a removal it records ends the suspension above.
    ...open.map((s) => ({
      from: [s],
      event: 'change_employment_outcome',
      to: s,
      actors: provider,
      label: 'Change the employment outcome',
      hint: 'A later dismissal, resignation, retirement or removal starts the DBS referral decision',
      reasonRequired: false,
      notify: [],
      manual: true,
    })),
    {
      from: open,
      event: 'close',
      to: 'closed',
      actors: ['council_officer', 'team_manager', 'lado'],
      label: 'Close the allegation',
      reasonRequired: true,
      notify: ['provider_manager', 'commissioner'],
    },
  ],
  tasks: [
    {
      type: 'confirm_suspension',
      label: 'Confirm the suspension',
      actors: provider,
      holder: 'provider_manager',
      clocks: [{ key: 'allegation.confirm_suspension', required: true }],
    },
    {
      type: 'lado_referral',
      label: 'LADO referral decision',
      actors: ['lado'],
      holder: 'lado',
      clocks: [{ key: 'allegation.lado_referral', required: true }],
      notifyOnOpen: ['lado'],
    },
    {
      // Opened when the LADO finds the threshold met: the evaluation (strategy) meeting, 3 WD by default.
      type: 'lado_evaluation',
      label: 'LADO evaluation meeting',
      actors: ['lado'],
      holder: 'lado',
      clocks: [{ key: 'allegation.lado_evaluation', required: true }],
      notifyOnOpen: ['lado'],
    },
    {
      type: 'record_employment_outcome',
      label: 'Record the employment outcome',
      actors: provider,
      holder: 'provider_manager',
      clocks: [],
    },
    {
      type: 'dbs_referral_decision',
      label: 'DBS referral decision',
      actors: provider,
      holder: 'provider_manager',
      clocks: [{ key: 'allegation.dbs_referral_decision', required: true }],
      notifyOnOpen: ['provider_manager'],
    },
    {
      // A referral made, the provider owes the council written details of all actions taken (specs/003
      // §7.16): a notice in the T-prompt tier, escalating up the provider ladder when it is late.
      type: 'dbs_actions_notice',
      label: 'Send the council the details of the DBS referral',
      actors: provider,
      holder: 'provider_manager',
      clocks: [{ key: 'notice.prompt', required: true }],
      notifyOnOpen: ['provider_manager'],
    },
    {
      type: 'regulator_referral_decision',
      label: 'Regulator referral decision',
      actors: provider,
      holder: 'provider_manager',
      clocks: [{ key: 'allegation.regulator_referral_decision', required: true }],
    },
    {
      type: 'suspension_review',
      label: 'Review the suspension',
      actors: ['commissioner'],
      holder: 'commissioner',
      clocks: [{ key: 'allegation.suspension_review', required: true }],
    },
    {
      // Reviewed while unresolved at 1, 3 and 12 months from raising, then every 3 months (C-L ladder).
      type: 'resolution_review',
      label: 'Review why the allegation is not yet resolved',
      actors: ['council_officer', 'team_manager', 'lado'],
      holder: 'assignee',
      clocks: [{ key: 'allegation.resolution', required: true }],
      endsWithCase: true,
    },
    {
      type: 'lift_suspension',
      label: 'Lift the suspension',
      actors: ['commissioner'],
      holder: 'commissioner',
      clocks: [],
    },
  ],
  visibility: [
    { role: 'provider_lead', relationship: 'provider' },
    { role: 'council_officer', relationship: 'council' },
    { role: 'team_manager', relationship: 'team' },
    { role: 'head_of_service', relationship: 'council' },
    { role: 'commissioner', relationship: 'commissioned' },
    { role: 'lado', relationship: 'council_children' },
    { role: 'auditor', relationship: 'council' },
  ],
  openers: ['provider_lead', 'council_officer'],
  outcomes: ['substantiated', 'unsubstantiated', 'unfounded', 'false', 'malicious'],
  close: {
    actors: ['council_officer', 'team_manager', 'lado'],
    outcomes: ['substantiated', 'unsubstantiated', 'unfounded', 'false', 'malicious'],
    requiresTasksDone: true,
  },
};
