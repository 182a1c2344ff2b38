import { databaseName, quoteIdent, withClient } from './database';

/** The restricted role the API and pages connect as, when DATABASE_APP_URL is not given. */
export const DEFAULT_APP_ROLE = 'vigil_app';

const quoteLiteral = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** The owner URL with another user and password: the application's connection. */
export function appUrlFor(ownerUrl: string, role = DEFAULT_APP_ROLE, password?: string): string {
  const u = new URL(ownerUrl);
  u.username = encodeURIComponent(role);
  u.password = password ? encodeURIComponent(password) : '';
  return u.toString();
}

/**
 * Creates (if missing) the login role named in `appUrl` and grants it what the application needs in
 * this database, and no more: it does not own the schema, cannot bypass row-level security, may only
 * SELECT and INSERT on the audit trail, and cannot touch the migrations table. Run with the owner's
 * connection after migrating (the run command and the tests do; see docs/adr/0010).
 */
export async function ensureAppRole(ownerUrl: string, appUrl: string): Promise<void> {
  const u = new URL(appUrl);
  const role = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role))
    throw new Error('DATABASE_APP_URL must name a simple role (a-z, 0-9, _)');
  await withClient(ownerUrl, async (owner) => {
    const db = quoteIdent(databaseName(ownerUrl));
    const r = quoteIdent(role);
    // Roles are cluster-wide: two databases set up at once (parallel test files) may race on the same role's
    // catalog row, which PostgreSQL reports as "tuple concurrently updated" (or a duplicate create). Retry.
    await retryOnRoleRace(async () => {
      const exists = await owner.query('select 1 from pg_roles where rolname = $1', [role]);
      if (!exists.rowCount) await owner.query(`create role ${r} login`);
      await owner.query(
        `alter role ${r} login nosuperuser nocreatedb nocreaterole noreplication nobypassrls`,
      );
      if (password) await owner.query(`alter role ${r} password ${quoteLiteral(password)}`);
    });
    await owner.query(`grant connect on database ${db} to ${r}`);
    await owner.query(`grant usage on schema public to ${r}`);
    await owner.query(`grant select, insert, update, delete on all tables in schema public to ${r}`);
    // The chain is written only by vigil_audit_append (the owner's function), never by the application.
    await owner.query(`revoke insert, update, delete, truncate on audit_events from ${r}`);
    await owner.query(`revoke all on audit_checkpoints from ${r}`);
    await owner.query(`revoke all on mikro_orm_migrations from ${r}`);
    // Who sees what is the owner's to change (by migration), never the application's.
    await owner.query(`revoke insert, update, delete, truncate on case_visibility from ${r}`);
    // An emergency-access grant is written once by its holder and never changed (its policies say so too).
    await owner.query(`revoke update, delete, truncate on access_grants from ${r}`);
    await owner.query(`grant usage, select on all sequences in schema public to ${r}`);
    await owner.query(`grant execute on all functions in schema public to ${r}`);
  });
}

async function retryOnRoleRace(work: () => Promise<void>, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      const e = error as { code?: string; message?: string };
      const race = e.code === '23505' || /tuple concurrently (updated|deleted)/.test(e.message ?? '');
      if (!race || attempt >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}
