import { DemoIds } from '@vigil/access';
import type { OpenEnquiry } from '@vigil/contracts';
import { CANARY } from './concern.factory';

let counter = 0;

/** A valid direct-open enquiry body (about Sunrise) with canary personal details. */
export function buildEnquiry(overrides: Partial<OpenEnquiry> = {}, n = ++counter): OpenEnquiry {
  return {
    providerId: DemoIds.sunrise,
    adultAtRisk: { name: `${CANARY} Enquiryperson ${n}`, dateOfBirth: '1938-02-11' },
    summary: `${CANARY} enquiry summary ${n}: bruising noticed by a district nurse`,
    immediateRisk: false,
    ...overrides,
  };
}
