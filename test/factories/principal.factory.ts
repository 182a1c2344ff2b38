import { RoleOrganisationKind, type Principal, type UserRole } from '@vigil/contracts';

const COUNCIL = '00000000-0000-4000-8000-000000000001';
const PROVIDER = '00000000-0000-4000-8000-000000000002';
const TEAM = '00000000-0000-4000-8000-000000000010';

/** A signed-in user for unit tests: the demo council (or its provider Sunrise) and team, as `role` fits. */
export function buildPrincipal(role: UserRole, overrides: Partial<Principal> = {}): Principal {
  const kind = RoleOrganisationKind[role];
  return {
    userId: '00000000-0000-4000-8000-000000000103',
    role,
    organisationId: kind === 'provider' ? PROVIDER : COUNCIL,
    organisationKind: kind,
    councilId: COUNCIL,
    teamId: ['council_officer', 'team_manager', 'head_of_service'].includes(role) ? TEAM : null,
    commissionedProviderIds: [],
    ...overrides,
  };
}
