import type { UserRole } from './roles';
import type { OrganisationKind } from './roles';

/** Who is acting: resolved from a token or session on every request; never sent to Temporal. */
export interface Principal {
  userId: string;
  role: UserRole;
  organisationId: string;
  organisationKind: OrganisationKind;
  /** The council whose area the user works in (a provider's commissioning council for provider users). */
  councilId: string;
  teamId: string | null;
  /** Providers a commissioner commissions; empty for everyone else. */
  commissionedProviderIds: readonly string[];
}

/** The fields of a case that decide who may see it. */
export interface CaseScopeFacts {
  type: string;
  providerId: string;
  councilId: string;
  teamId: string | null;
  /** Null for a case Vigil opened itself (the early warning). */
  raisedBy: string | null;
  assigneeUserId: string | null;
  /** The case involves someone who works with children (the LADO's relationship, DOMAIN §3). */
  involvesChildren?: boolean;
}
