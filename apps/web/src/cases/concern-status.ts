import type { ClockState, ConcernStatus } from '@vigil/contracts';
import { statusTag } from '@vigil/domain';

/** One tag per status: the words carry the state, the colour only supports it (words and colours: the registry). */
export interface Tag {
  text: string;
  classes: string;
}

const ClockStateTags: Record<ClockState, Tag> = {
  running: { text: 'Running', classes: 'govuk-tag--blue' },
  met: { text: 'Met', classes: 'govuk-tag--green' },
  breached: { text: 'Breached', classes: 'govuk-tag--red' },
  cancelled: { text: 'Cancelled', classes: 'govuk-tag--grey' },
};

export const ConcernStatusFilters: readonly { status: ConcernStatus; text: string; empty: string }[] = [
  { status: 'awaiting_triage', text: 'Awaiting triage', empty: 'There are no cases awaiting triage.' },
  { status: 'enquiry_open', text: 'Enquiry open', empty: 'There are no cases with an enquiry open.' },
  { status: 'closed', text: 'Closed', empty: 'There are no closed cases.' },
];

/** Any case's status tag, from its type's definition; an unknown value shows as it is, in grey. */
export const caseStatusTag = (type: string, status: string): Tag => statusTag(type, status);

export const concernStatusTag = (status: string): Tag => caseStatusTag('concern', status);

export function clockStateTag(state: string): Tag {
  return ClockStateTags[state as ClockState] ?? { text: state, classes: 'govuk-tag--grey' };
}
