import type { ConcernStatus, TriageDecision, UserRole } from '@vigil/contracts';

/** DOMAIN §4.1 as data: which triage decision moves a concern where, and who may make it. */
export interface ConcernTransition {
  from: ConcernStatus;
  event: 'triage' | 'enquiry_closed';
  decision?: TriageDecision;
  to: ConcernStatus;
  actors: readonly UserRole[];
  /** Whether the raiser is told (DOMAIN §4.1 Notifications). */
  notifyRaiser: boolean;
}

const triageActors: readonly UserRole[] = ['council_officer', 'team_manager'];

export const ConcernTransitions: readonly ConcernTransition[] = [
  {
    from: 'awaiting_triage',
    event: 'triage',
    decision: 'section_42_enquiry',
    to: 'enquiry_open',
    actors: triageActors,
    notifyRaiser: true,
  },
  {
    from: 'awaiting_triage',
    event: 'triage',
    decision: 'no_further_action',
    to: 'closed',
    actors: triageActors,
    notifyRaiser: true,
  },
  {
    from: 'awaiting_triage',
    event: 'triage',
    decision: 'signpost',
    to: 'closed',
    actors: triageActors,
    notifyRaiser: true,
  },
  {
    from: 'enquiry_open',
    event: 'enquiry_closed',
    to: 'closed',
    actors: ['council_officer', 'team_manager'],
    notifyRaiser: true,
  },
];

export function triageTransition(
  from: ConcernStatus,
  decision: TriageDecision,
): ConcernTransition | undefined {
  return ConcernTransitions.find((t) => t.from === from && t.event === 'triage' && t.decision === decision);
}
