import type { CaseScope, ScopeClause } from '@vigil/domain';

/** A fragment of SQL with its `?` parameters, in order. */
export interface Sql {
  sql: string;
  params: unknown[];
}

const list = (values: readonly unknown[]): string => values.map(() => '?').join(', ') || 'null';

function clauseWhere(clause: ScopeClause, alias: string): Sql {
  const types = { sql: `${alias}.type in (${list(clause.types)})`, params: [...clause.types] };
  const rule = ((): Sql => {
    switch (clause.relationship) {
      case 'raised_by':
        return { sql: `${alias}.raised_by = ?`, params: [clause.userId] };
      case 'provider':
        return {
          sql: `${alias}.provider_id in (${list(clause.providerIds)})`,
          params: [...clause.providerIds],
        };
      case 'team':
        return {
          sql: `${alias}.council_id = ? and ${alias}.team_id = ?`,
          params: [clause.councilId, clause.teamId],
        };
      case 'council':
        return { sql: `${alias}.council_id = ?`, params: [clause.councilId] };
      case 'council_children':
        return { sql: `${alias}.council_id = ? and ${alias}.involves_children`, params: [clause.councilId] };
      case 'commissioned':
        return {
          sql: `${alias}.council_id = ? and ${alias}.provider_id in (${list(clause.providerIds)})`,
          params: [clause.councilId, ...clause.providerIds],
        };
    }
  })();
  return { sql: `(${types.sql} and ${rule.sql})`, params: [...types.params, ...rule.params] };
}

/**
 * The scope for counts that are no one's case (the clock tallies): every clause but the raiser's own cases,
 * which a count cannot tell apart. Never wider than the scope it comes from.
 */
export function aggregateScope(scope: CaseScope): CaseScope {
  return scope.kind === 'none'
    ? scope
    : { ...scope, clauses: scope.clauses.filter((c) => c.relationship !== 'raised_by') };
}

/** The SQL twin of `scopeAllows`: the same `CaseScope` drives both, so lists and reads agree. */
export function scopeWhere(scope: CaseScope, alias = 'c'): Sql {
  if (scope.kind === 'none' || scope.clauses.length === 0) return { sql: 'false', params: [] };
  const parts = scope.clauses.map((c) => clauseWhere(c, alias));
  return { sql: `(${parts.map((p) => p.sql).join(' or ')})`, params: parts.flatMap((p) => p.params) };
}
