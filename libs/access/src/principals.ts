import type { EntityManager } from '@mikro-orm/postgresql';
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

/**
 * Loads who a user is, with the facts the permission model needs; null for unknown or inactive users, and
 * for an account whose role does not fit its organisation (a provider's user holding a council role), which
 * would otherwise be given a council's scope.
 */
export async function loadPrincipal(em: EntityManager, userId: string): Promise<Principal | null> {
  const [row] = await em.execute<PrincipalRow[]>(
    `select u.id, u.role, u.organisation_id, o.kind, o.council_id, u.team_id,
            array(select c.provider_id::text from commissioning c where c.commissioner_id = u.id order by 1) as providers
       from users u join organisations o on o.id = u.organisation_id
      where u.id = ? and u.active`,
    [userId],
  );
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
