import type { ClockState, ConcernStatus } from '@vigil/contracts';

/** One tag per status of the concern family: the words carry the state, the colour only supports it. */
export interface Tag {
  text: string;
  classes: string;
}

const ConcernStatusTags: Record<ConcernStatus, Tag> = {
  awaiting_triage: { text: 'Awaiting triage', classes: 'govuk-tag--yellow' },
  enquiry_open: { text: 'Enquiry open', classes: 'govuk-tag--blue' },
  closed: { text: 'Closed', classes: 'govuk-tag--grey' },
};

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

export function concernStatusTag(status: string): Tag {
  return ConcernStatusTags[status as ConcernStatus] ?? { text: status, classes: 'govuk-tag--grey' };
}

export function clockStateTag(state: string): Tag {
  return ClockStateTags[state as ClockState] ?? { text: state, classes: 'govuk-tag--grey' };
}
