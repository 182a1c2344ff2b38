import type { CaseScope } from '@vigil/domain';

/** The SQL twin of `scopeAllows`: the same `CaseScope` drives both, so lists and reads agree. */
export function scopeWhere(scope: CaseScope, alias = 'c'): { sql: string; params: unknown[] } {
  if (scope.kind === 'none' || scope.types.length === 0) return { sql: 'false', params: [] };
  const types = `${alias}.type in (${scope.types.map(() => '?').join(', ')})`;
  switch (scope.kind) {
    case 'raised_by':
      return { sql: `${types} and ${alias}.raised_by = ?`, params: [...scope.types, scope.userId] };
    case 'provider':
      return {
        sql: `${types} and ${alias}.provider_id in (${scope.providerIds.map(() => '?').join(', ') || 'null'})`,
        params: [...scope.types, ...scope.providerIds],
      };
    case 'team':
      return {
        sql: `${types} and ${alias}.council_id = ? and ${alias}.team_id = ?`,
        params: [...scope.types, scope.councilId, scope.teamId],
      };
    case 'council':
      return { sql: `${types} and ${alias}.council_id = ?`, params: [...scope.types, scope.councilId] };
  }
}
