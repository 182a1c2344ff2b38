import { roleFitsOrganisation, type OrganisationKind, type Principal, type UserRole } from '@vigil/contracts';

interface PrincipalRow {
  id: string;
  role: UserRole;
  organisation_id: string;
  kind: OrganisationKind;
  council_id: string;
  team_id: string | null;
  providers: string[];
}

const PRINCIPAL_SELECT = `select u.id, u.role, u.organisation_id, o.kind, o.council_id, u.team_id,
            array(select c.provider_id::text from commissioning c where c.commissioner_id = u.id order by 1) as providers
       from users u join organisations o on o.id = u.organisation_id`;

/**
 * Who a user is, with the facts the permission model needs, by user ID or by a bearer token's hash (one
 * statement: users, organisations, commissioning and api_tokens are not guarded by row-level security).
 */
export const PrincipalQueries = {
  byUserId: `${PRINCIPAL_SELECT} where u.id = ? and u.active`,
  byTokenHash: `${PRINCIPAL_SELECT} join api_tokens t on t.user_id = u.id
      where t.token_hash = ? and t.revoked_at is null and t.expires_at > now() and u.active`,
} as const;

/**
 * The principal a row describes; null for no row (an unknown or inactive user, an unknown, expired or
 * revoked token), and for an account whose role does not fit its organisation (a provider's user holding a
 * council role), which would otherwise be given a council's scope.
 */
export function principalFrom(row: PrincipalRow | undefined): Principal | null {
  if (!row || !roleFitsOrganisation(row.role, row.kind)) return null;
  return {
    userId: row.id,
    role: row.role,
    organisationId: row.organisation_id,
    organisationKind: row.kind,
    councilId: row.council_id,
    teamId: row.team_id,
    commissionedProviderIds: row.providers,
  };
}

export type { PrincipalRow };
