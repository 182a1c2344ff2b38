import type { RaiseAllegation } from '@vigil/contracts';
import { CANARY } from './concern.factory';

let counter = 0;

/**
 * A valid allegation body about Sunrise, with a canary in the staff member's name and the summary: neither
 * may appear in an email, a log line or a workflow payload.
 */
export function buildAllegation(overrides: Partial<RaiseAllegation> = {}, n = ++counter): RaiseAllegation {
  return {
    staffMember: { name: `${CANARY} Staffmember ${n}`, jobTitle: 'Senior carer', type: 'employee' },
    worksWithChildren: false,
    summary: `${CANARY} allegation ${n}: rough handling during a night-time transfer`,
    ...overrides,
  };
}
