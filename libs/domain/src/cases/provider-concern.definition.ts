import type { ProviderConcernStatus } from '../../../contracts/src/provider-concern.schema';
import type { UserRole } from '../../../contracts/src/roles';
import type { CaseTypeDefinition, TransitionDefinition } from './case-type';
import { ProviderCaseVisibility } from './case-type';

const provider: readonly UserRole[] = ['provider_lead'];
const commissioner: readonly UserRole[] = ['commissioner'];
/** Statuses in which the provider is still running and the case is open. */
const running: readonly ProviderConcernStatus[] = [
  'concern_open',
  'improvement_plan',
  'phased_resumption',
  'monitoring',
];

/** A manual event that keeps the case's status (one entry per status it may happen in). */
function inPlace(
  statuses: readonly ProviderConcernStatus[],
  t: Omit<TransitionDefinition<ProviderConcernStatus>, 'from' | 'to'>,
): TransitionDefinition<ProviderConcernStatus>[] {
  return statuses.map((s) => ({ ...t, from: [s], to: s }));
}

/**
 * DOMAIN §4.7: a provider concern and, when it comes to that, provider failure (specs/003 §7.6, specs/001
 * §3.15, §3.25). Opened for one provider by a commissioner or a council manager, or by Vigil itself when the
 * early-warning threshold is crossed (decision 8). The provider's referral status is part of its state:
 * suspended by the commissioner's decision, and while a notice or a large-scale enquiry is active;
 * resumed in phases with a weekly cap (decision 9) or at once; closed to new business on provider failure;
 * decommissioned once everyone has moved.
 */
export const ProviderConcernDefinition: CaseTypeDefinition<ProviderConcernStatus> = {
  type: 'provider_concern',
  label: 'Provider concern',
  workflowType: 'providerConcernWorkflow',
  idPrefix: 'provider-case',
  // Written out (workflows import this file and bundle no zod); typed against the contract's statuses.
  statuses: [
    'concern_open',
    'improvement_plan',
    'phased_resumption',
    'monitoring',
    'provider_failure',
    'decommissioned',
    'closed',
  ],
  initialStatus: 'concern_open',
  closedStatuses: ['decommissioned', 'closed'],
  statusLabels: {
    concern_open: 'Concern open',
    improvement_plan: 'Improvement plan',
    phased_resumption: 'Phased resumption',
    monitoring: 'Monitoring',
    provider_failure: 'Provider failure',
    decommissioned: 'Decommissioned',
    closed: 'Closed',
  },
  statusColours: {
    concern_open: 'govuk-tag--yellow',
    improvement_plan: 'govuk-tag--blue',
    phased_resumption: 'govuk-tag--purple',
    monitoring: 'govuk-tag--turquoise',
    provider_failure: 'govuk-tag--red',
    decommissioned: 'govuk-tag--grey',
    closed: 'govuk-tag--grey',
  },
  transitions: [
    {
      from: ['concern_open', 'monitoring'],
      event: 'submit_siap',
      to: 'improvement_plan',
      actors: provider,
      label: 'Action plan submitted',
      reasonRequired: false,
      notify: ['commissioner'],
    },
    {
      from: running,
      event: 'decide_resumption:phased_resumption',
      to: 'phased_resumption',
      actors: commissioner,
      label: 'Referrals resume in phases',
      reasonRequired: false,
      notify: ['provider_manager'],
    },
    {
      from: running,
      event: 'decide_resumption:resume',
      to: 'monitoring',
      actors: commissioner,
      label: 'Referrals resumed',
      reasonRequired: false,
      notify: ['provider_manager'],
    },
    ...inPlace(['concern_open', 'monitoring'], {
      event: 'request_action_plan',
      actors: commissioner,
      label: 'Ask for an action plan',
      hint: 'The provider is asked for a service improvement action plan, due on the policy’s timescale',
      reasonRequired: false,
      // The provider is told by the plan task's own "action needed" email, not a status change.
      notify: [],
      manual: true,
    }),
    ...inPlace(running, {
      event: 'issue_notice',
      actors: commissioner,
      label: 'Issue an Improvement or Default Notice',
      hint: 'New referrals are suspended while the notice is active (specs/003 §7.6 c)',
      reasonRequired: false,
      // The status stays; the provider's "update" email comes from the handler.
      notify: [],
      manual: true,
    }),
    ...inPlace([...running, 'provider_failure'], {
      event: 'log_continuity',
      actors: ['commissioner', 'head_of_service', 'team_manager', 'provider_lead'],
      label: 'Add to the continuity log',
      hint: 'The business continuity plan invoked, an early warning, back to normal, or a review (specs/001 §3.24)',
      reasonRequired: false,
      notify: [],
      manual: true,
    }),
    {
      from: running,
      event: 'instigate_failure',
      to: 'provider_failure',
      actors: ['commissioner', 'head_of_service'],
      label: 'Instigate provider failure',
      hint: 'New business closes and everyone the provider supports is to move (Care Act s48)',
      reasonRequired: true,
      notify: ['provider_manager', 'head_of_service'],
      manual: true,
    },
    {
      from: ['provider_failure'],
      event: 'complete_transfers',
      to: 'decommissioned',
      actors: commissioner,
      label: 'Everyone has moved; provider decommissioned',
      reasonRequired: false,
      notify: ['provider_manager', 'head_of_service'],
    },
    {
      from: running,
      event: 'close',
      to: 'closed',
      actors: ['commissioner', 'head_of_service', 'team_manager'],
      label: 'Close the provider concern',
      reasonRequired: true,
      notify: ['provider_manager'],
    },
  ],
  tasks: [
    {
      type: 'decide_referral_suspension',
      label: 'Decide whether to suspend new referrals',
      actors: commissioner,
      holder: 'commissioner',
      clocks: [{ key: 'provider.referral_decision', required: true }],
    },
    {
      type: 'decide_lse',
      label: 'Decide on a large-scale enquiry',
      actors: ['head_of_service'],
      holder: 'head_of_service',
      clocks: [{ key: 'provider.lse_decision', required: true }],
    },
    {
      type: 'close_lse',
      label: 'End the large-scale enquiry',
      actors: ['head_of_service'],
      holder: 'head_of_service',
      clocks: [],
    },
    {
      type: 'submit_siap',
      label: 'Submit a service improvement action plan',
      actors: provider,
      holder: 'provider_manager',
      clocks: [{ key: 'provider.siap_submit', required: true }],
      notifyOnOpen: ['provider_manager'],
    },
    {
      type: 'siap_action',
      label: 'Complete an action of the plan',
      actors: provider,
      holder: 'provider_manager',
      clocks: [{ key: 'provider.siap_action', required: true }],
    },
    {
      type: 'siap_review',
      label: 'Review the action plan',
      actors: commissioner,
      holder: 'commissioner',
      clocks: [{ key: 'provider.siap_review', required: true }],
    },
    {
      type: 'decide_resumption',
      label: 'Decide when referrals resume',
      actors: commissioner,
      holder: 'commissioner',
      clocks: [{ key: 'provider.resumption_review', required: true }],
    },
    {
      type: 'notice_compliance',
      label: 'Review compliance with the notice',
      actors: commissioner,
      holder: 'commissioner',
      clocks: [{ key: 'provider.notice_compliance', required: true }],
    },
    {
      type: 'affected_people',
      label: 'List the people who must move',
      actors: provider,
      holder: 'provider_manager',
      clocks: [{ key: 'provider.affected_people', required: true }],
      notifyOnOpen: ['provider_manager'],
    },
    {
      type: 'complete_transfers',
      label: 'Record everyone’s move',
      actors: commissioner,
      holder: 'commissioner',
      clocks: [{ key: 'provider.notice_period', required: true }],
    },
  ],
  visibility: ProviderCaseVisibility,
  openers: ['commissioner', 'team_manager', 'head_of_service'],
  outcomes: ['standard_reached', 'no_action_needed', 'decommissioned'],
  close: {
    actors: ['commissioner', 'head_of_service', 'team_manager'],
    outcomes: ['standard_reached', 'no_action_needed'],
    requiresTasksDone: true,
  },
};
