import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { ormOptions } from './orm.config';

/** The database name in a postgres:// URL. */
export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(name))
    throw new Error('DATABASE_URL must name a database (letters, digits, _ and -)');
  return name;
}

/** The same server, another database (used to reach `postgres` for CREATE DATABASE). */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}

/** Runs `work` on a fresh connection to `url`, closed afterwards whatever happens. */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** One query on a fresh connection: its rows (scripts and tests reading as the owner). */
export async function queryOnce<T extends Record<string, unknown>>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  return withClient(url, async (client) => (await client.query<T>(text, params)).rows);
}

/** A SQL identifier, quoted. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Creates the database named in `url` if it does not exist (optionally from a template). */
export async function ensureDatabase(url: string, options: { template?: string } = {}): Promise<boolean> {
  const name = databaseName(url);
  return withClient(withDatabase(url, 'postgres'), async (admin) => {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    const template = options.template ? ` TEMPLATE ${quoteIdent(options.template)}` : '';
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}${template}`);
    return true;
  });
}

export async function dropDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  await withClient(withDatabase(url, 'postgres'), (admin) =>
    admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
  );
}

/** Runs pending migrations; returns the names applied. */
export async function migrate(url: string): Promise<string[]> {
  const orm = await MikroORM.init(ormOptions({ url, poolMax: 2 }));
  try {
    const applied = await orm.getMigrator().up();
    return applied.map((m) => m.name);
  } finally {
    await orm.close(true);
  }
}

/** True when the entities describe a schema the migrations do not produce (a migration is missing). */
export async function migrationNeeded(url: string): Promise<boolean> {
  const orm = await MikroORM.init(ormOptions({ url, poolMax: 2 }));
  try {
    return await orm.getMigrator().checkMigrationNeeded();
  } finally {
    await orm.close(true);
  }
}

/** Writes a new migration from the difference between the entities and the migrated database. */
export async function createMigration(url: string, name?: string): Promise<string | undefined> {
  const orm = await MikroORM.init(ormOptions({ url, poolMax: 2 }));
  try {
    const result = await orm.getMigrator().createMigration(undefined, false, false, name);
    return result.diff.up.length ? result.fileName : undefined;
  } finally {
    await orm.close(true);
  }
}
