import {
  roleFitsOrganisation,
  type CaseScopeFacts,
  type CaseType,
  type Principal,
  type UserRole,
} from '@vigil/contracts';

/*
 * One permission model (DOMAIN §3), written once and used by the API, the web pages and the worker.
 * Visibility is described as data (`CaseScope`) so the same rule drives both the in-memory check and
 * the SQL filter for lists (libs/persistence turns it into a WHERE clause).
 */

/** Case types each role may ever see. LADOs and commissioners see no safeguarding concerns. */
const VisibleTypes: Record<UserRole, readonly CaseType[]> = {
  provider_staff: ['concern'],
  provider_lead: ['concern'],
  council_officer: ['concern'],
  team_manager: ['concern'],
  head_of_service: ['concern'],
  lado: [],
  commissioner: [],
  // For the audit trail only: `case.read` refuses auditors (403), and RLS hides the narrative from them.
  auditor: ['concern'],
};

export type CaseScope =
  | { kind: 'none' }
  | { kind: 'raised_by'; userId: string; types: readonly CaseType[] }
  | { kind: 'provider'; providerIds: readonly string[]; types: readonly CaseType[] }
  | { kind: 'team'; councilId: string; teamId: string; types: readonly CaseType[] }
  | { kind: 'council'; councilId: string; types: readonly CaseType[] };

export function caseScopeFor(principal: Principal): CaseScope {
  const types = VisibleTypes[principal.role];
  // Defence in depth: the principal loader already refuses such accounts.
  if (types.length === 0 || !roleFitsOrganisation(principal.role, principal.organisationKind))
    return { kind: 'none' };
  switch (principal.role) {
    case 'provider_staff':
      return { kind: 'raised_by', userId: principal.userId, types };
    case 'provider_lead':
      return { kind: 'provider', providerIds: [principal.organisationId], types };
    case 'team_manager':
      return principal.teamId
        ? { kind: 'team', councilId: principal.councilId, teamId: principal.teamId, types }
        : { kind: 'none' };
    case 'council_officer':
    case 'head_of_service':
    case 'auditor':
      return { kind: 'council', councilId: principal.councilId, types };
    default:
      return { kind: 'none' };
  }
}

export function scopeAllows(scope: CaseScope, facts: CaseScopeFacts): boolean {
  if (scope.kind === 'none' || !(scope.types as readonly string[]).includes(facts.type)) return false;
  switch (scope.kind) {
    case 'raised_by':
      return facts.raisedBy === scope.userId;
    case 'provider':
      return scope.providerIds.includes(facts.providerId);
    case 'team':
      return facts.councilId === scope.councilId && facts.teamId === scope.teamId;
    case 'council':
      return facts.councilId === scope.councilId;
  }
}

export function canSeeCase(principal: Principal, facts: CaseScopeFacts): boolean {
  return scopeAllows(caseScopeFor(principal), facts);
}

/** Actions checked after scope: in scope but the wrong role → 403. */
export const CaseActions = {
  'concern.raise': ['provider_staff', 'provider_lead', 'council_officer'],
  'concern.triage': ['council_officer', 'team_manager'],
  'case.read': [
    'provider_staff',
    'provider_lead',
    'council_officer',
    'team_manager',
    'head_of_service',
    'lado',
    'commissioner',
  ],
  'case.audit.read': ['team_manager', 'head_of_service', 'auditor'],
  'case.break_glass': ['team_manager', 'head_of_service'],
} as const satisfies Record<string, readonly UserRole[]>;
export type CaseAction = keyof typeof CaseActions;

export function roleMay(role: UserRole, action: CaseAction): boolean {
  return (CaseActions[action] as readonly UserRole[]).includes(role);
}
