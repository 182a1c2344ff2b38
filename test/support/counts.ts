import { DemoIds } from '@vigil/access';
import { Client } from 'pg';

/*
 * Shared by the tests of the counts kept by triggers (clock tallies, open work): a replayable random walk,
 * rows compared as sorted JSON, and a connection as the application role with a reader's settings.
 */

export type Row = Record<string, unknown>;

/** Rows as sorted JSON strings, so two result sets compare whatever their order. */
export const sorted = (rows: Row[]): string[] => rows.map((r) => JSON.stringify(r)).sort();

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A connection as the restricted application role; `begin(role, organisationId, teamId)` opens a transaction
 * with that reader's row-level-security settings in the demo council.
 */
export async function appClient(url: string): Promise<{
  client: Client;
  begin: (role: string, organisationId: string, teamId: string) => Promise<void>;
}> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const begin = async (role: string, organisationId: string, teamId: string) => {
    await client.query('begin');
    await client.query(
      `select set_config('vigil.role', $1, true), set_config('vigil.organisation_id', $2, true),
              set_config('vigil.council_id', $3, true), set_config('vigil.team_id', $4, true)`,
      [role, organisationId, DemoIds.council, teamId],
    );
  };
  return { client, begin };
}
