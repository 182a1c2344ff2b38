import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Principal } from '@vigil/contracts';

/** Settings PostgreSQL row-level security reads (see the RLS migration and docs/adr). */
export interface DbScope {
  userId: string | null;
  role: string;
  organisationId: string | null;
  councilId: string | null;
  teamId: string | null;
  providerIds: readonly string[];
}

export const SystemScope: DbScope = {
  userId: null,
  role: 'system',
  organisationId: null,
  councilId: null,
  teamId: null,
  providerIds: [],
};

export function scopeOf(principal: Principal): DbScope {
  return {
    userId: principal.userId,
    role: principal.role,
    organisationId: principal.organisationId,
    councilId: principal.councilId,
    teamId: principal.teamId,
    providerIds: principal.commissionedProviderIds,
  };
}

/** One unit of work per use case: a forked EntityManager in one transaction, with its scope set. */
@Injectable()
export class Database {
  private bypass: Promise<boolean> | undefined;

  constructor(private readonly orm: MikroORM) {}

  get em(): EntityManager {
    return this.orm.em;
  }

  /**
   * The system's scope on a connection that reads past row-level security anyway (the worker's, as the
   * owner) would change nothing, so it is not sent: one round trip fewer per transaction.
   */
  async transaction<T>(scope: DbScope, work: (em: EntityManager) => Promise<T>): Promise<T> {
    const scoped = scope !== SystemScope || !(await this.bypasses());
    return this.orm.em.fork().transactional(async (em) => {
      if (scoped) await setScope(em, scope);
      return work(em);
    });
  }

  /** Whether this connection's role reads past row-level security, asked once (again after a failure). */
  private bypasses(): Promise<boolean> {
    this.bypass ??= this.bypassesRowLevelSecurity().then(
      (r) => r.bypasses,
      () => {
        this.bypass = undefined; // unknown (the database was unreachable): ask again next time
        return false;
      },
    );
    return this.bypass;
  }

  /**
   * One statement outside any transaction and any scope, for tables row-level security does not guard
   * (users, organisations, api_tokens): one round trip instead of four. On a guarded table it fails closed:
   * with no scope set the policies let the application's role see and change nothing.
   */
  async unguardedStatement<T extends object = object>(sql: string, params: readonly unknown[]): Promise<T[]> {
    return this.orm.em.getDriver().execute<T[]>(sql, [...params]);
  }

  /**
   * One statement with the system's scope, atomic on its own. Where this connection's role reads past
   * row-level security anyway (the worker connects as the owner, ADR 0010), the scope would change
   * nothing: the statement runs alone, one round trip instead of four (BEGIN, the scope, it, COMMIT).
   * Elsewhere it runs in a transaction with the scope set, like any other.
   */
  async systemStatement<T extends object = object>(sql: string, params: readonly unknown[]): Promise<T[]> {
    if (await this.bypasses()) return this.orm.em.getDriver().execute<T[]>(sql, [...params]);
    return this.transaction(SystemScope, (em) => em.execute<T[]>(sql, [...params]));
  }

  /**
   * Whether this connection's role could read past row-level security: PostgreSQL's own answer for the case
   * table (a superuser, BYPASSRLS, the owner, or a role that inherits the owner's rights all bypass it).
   */
  async bypassesRowLevelSecurity(): Promise<{ bypasses: boolean; role: string }> {
    const [row] = await this.orm.em
      .getConnection()
      .execute<{ role: string; bypasses: boolean }[]>(
        `select current_user as role, not row_security_active('public.cases') as bypasses`,
      );
    return { role: row.role, bypasses: row.bypasses };
  }

  async isReachable(): Promise<boolean> {
    try {
      await this.orm.em.getConnection().execute('select 1');
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * `SET LOCAL` equivalents: they last until the transaction ends, so a pooled connection never leaks them.
 * JIT is off for the request's statements: short ones, which it compiled anew on every page at a million
 * cases for 87-350 ms (ADR 0017).
 */
export async function setScope(em: EntityManager, scope: DbScope): Promise<void> {
  await em.execute(
    `select set_config('vigil.user_id', ?, true), set_config('vigil.role', ?, true),
            set_config('vigil.organisation_id', ?, true), set_config('vigil.council_id', ?, true),
            set_config('vigil.team_id', ?, true), set_config('vigil.provider_ids', ?, true),
            set_config('jit', 'off', true)`,
    [
      scope.userId ?? '',
      scope.role,
      scope.organisationId ?? '',
      scope.councilId ?? '',
      scope.teamId ?? '',
      scope.providerIds.join(','),
    ],
  );
}
