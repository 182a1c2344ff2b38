import {
  roleFitsOrganisation,
  type CaseScopeFacts,
  type CaseType,
  type Principal,
  type UserRole,
} from '@vigil/contracts';
import type { Relationship } from './cases/case-type';
import { CaseRegistry, relationshipsOf, taskDefinition } from './cases/registry';

/*
 * One permission model (DOMAIN §3), read from the case-type registry and used by the API, the web pages and
 * the worker. Visibility is described as data (`CaseScope`) so the same rule drives the in-memory check and
 * the SQL filter for lists (libs/cases/src/scope-sql.ts); PostgreSQL reads the same rows from its
 * `case_visibility` table (row-level security).
 */

export type ScopeClause =
  | { relationship: 'raised_by'; userId: string; types: CaseType[] }
  | { relationship: 'provider'; providerIds: readonly string[]; types: CaseType[] }
  | { relationship: 'team'; councilId: string; teamId: string; types: CaseType[] }
  | { relationship: 'council'; councilId: string; types: CaseType[] }
  | { relationship: 'commissioned'; councilId: string; providerIds: readonly string[]; types: CaseType[] }
  | { relationship: 'council_children'; councilId: string; types: CaseType[] };

export type CaseScope =
  | { kind: 'none' }
  | {
      kind: 'clauses';
      clauses: ScopeClause[];
      /** Types this role sees masked (without the adult's identity). */
      masked: CaseType[];
    };

function clauseFor(principal: Principal, relationship: Relationship, types: CaseType[]): ScopeClause | null {
  switch (relationship) {
    case 'raised_by':
      return { relationship, userId: principal.userId, types };
    case 'provider':
      return { relationship, providerIds: [principal.organisationId], types };
    case 'team':
      return principal.teamId
        ? { relationship, councilId: principal.councilId, teamId: principal.teamId, types }
        : null;
    case 'council':
      return { relationship, councilId: principal.councilId, types };
    case 'council_children':
      return { relationship, councilId: principal.councilId, types };
    case 'commissioned':
      return principal.commissionedProviderIds.length > 0
        ? {
            relationship,
            councilId: principal.councilId,
            providerIds: principal.commissionedProviderIds,
            types,
          }
        : null;
  }
}

export function caseScopeFor(principal: Principal): CaseScope {
  // Defence in depth: the principal loader already refuses such accounts.
  if (!roleFitsOrganisation(principal.role, principal.organisationKind)) return { kind: 'none' };
  const rows = relationshipsOf(principal.role);
  const byRelationship = new Map<Relationship, CaseType[]>();
  for (const row of rows)
    byRelationship.set(row.relationship, [...(byRelationship.get(row.relationship) ?? []), row.caseType]);
  const clauses = [...byRelationship]
    .map(([relationship, types]) => clauseFor(principal, relationship, types))
    .filter((c): c is ScopeClause => c !== null);
  if (clauses.length === 0) return { kind: 'none' };
  return { kind: 'clauses', clauses, masked: rows.filter((r) => r.masked).map((r) => r.caseType) };
}

function clauseAllows(clause: ScopeClause, facts: CaseScopeFacts): boolean {
  if (!(clause.types as readonly string[]).includes(facts.type)) return false;
  switch (clause.relationship) {
    case 'raised_by':
      return facts.raisedBy === clause.userId;
    case 'provider':
      return clause.providerIds.includes(facts.providerId);
    case 'team':
      return facts.councilId === clause.councilId && facts.teamId === clause.teamId;
    case 'council':
      return facts.councilId === clause.councilId;
    case 'commissioned':
      return facts.councilId === clause.councilId && clause.providerIds.includes(facts.providerId);
    case 'council_children':
      return facts.councilId === clause.councilId && facts.involvesChildren === true;
  }
}

export function scopeAllows(scope: CaseScope, facts: CaseScopeFacts): boolean {
  return scope.kind === 'clauses' && scope.clauses.some((c) => clauseAllows(c, facts));
}

export function canSeeCase(principal: Principal, facts: CaseScopeFacts): boolean {
  return scopeAllows(caseScopeFor(principal), facts);
}

/** Whether this principal sees this type of case without the adult's identity. */
export function seesMasked(principal: Principal, type: string): boolean {
  const scope = caseScopeFor(principal);
  return scope.kind === 'clauses' && (scope.masked as readonly string[]).includes(type);
}

/** Everyone who works cases (reads them, adds to them): every role but the auditor. */
const CaseWorkers = [
  'provider_staff',
  'provider_lead',
  'council_officer',
  'team_manager',
  'head_of_service',
  'lado',
  'commissioner',
] as const satisfies readonly UserRole[];

/** Actions checked after scope: in scope but the wrong role → 403. */
export const CaseActions = {
  'concern.raise': CaseRegistry.concern.openers,
  'concern.triage': taskDefinition('triage_decision').actors,
  'enquiry.open': CaseRegistry.s42_enquiry.openers,
  'allegation.raise': CaseRegistry.allegation.openers,
  'complaint.record': CaseRegistry.complaint.openers,
  'notification.record': CaseRegistry.notification.openers,
  'incident.record': CaseRegistry.incident.openers,
  'provider_concern.open': CaseRegistry.provider_concern.openers,
  'case.read': CaseWorkers,
  /** Adding information to an open case (append-only): everyone who works it, not the auditor. */
  'case.add_information': CaseWorkers,
  /** Showing a masked case's adult, with a reason (audited). */
  'case.reveal': ['commissioner'],
  'case.audit.read': ['team_manager', 'head_of_service', 'auditor'],
  'case.break_glass': ['team_manager', 'head_of_service'],
  /** Assigning a case to an officer (the ladder's `assignee` rung then reaches them): an officer only to themselves. */
  'case.assign': ['council_officer', 'team_manager', 'head_of_service'],
  /** Listing every open task on the cases one sees (`who=team`), not only one's own: who watches others' work. */
  'queue.team': ['team_manager', 'head_of_service', 'commissioner'],
} as const satisfies Record<string, readonly UserRole[]>;
export type CaseAction = keyof typeof CaseActions;

/** Who may be assigned a case: the council's officers and team managers. */
export const AssigneeRoles = ['council_officer', 'team_manager'] as const satisfies readonly UserRole[];

export function roleMay(role: UserRole, action: CaseAction): boolean {
  return (CaseActions[action] as readonly UserRole[]).includes(role);
}

/** Whether a role may complete a task of this type (scope is checked first, elsewhere). */
export function roleMayComplete(role: UserRole, taskType: string): boolean {
  return taskDefinition(taskType).actors.includes(role);
}
