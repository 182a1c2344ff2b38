import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';

/*
 * Checkpoints anchor each audit chain's head outside the table: its last sequence and hash, signed with an
 * HMAC whose key the database never holds. Deleting rows up to a checkpointed head, or recomputing every
 * hash with the owner's rights, then fails verification (npm run audit:verify), naming the chain.
 */

export const CHECKPOINT_KEY_FILE = 'audit-checkpoint.key';

/**
 * The HMAC key: `AUDIT_CHECKPOINT_KEY` when set (production requires it), else a key generated once into
 * the data directory (development), so neither `audit:checkpoint` nor `audit:verify` needs a variable there.
 */
export function checkpointKey(options: { key?: string; dataDir: string; create: boolean }): string | null {
  if (options.key) return options.key;
  const file = path.join(options.dataDir, CHECKPOINT_KEY_FILE);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  if (!options.create) return null;
  fs.mkdirSync(options.dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

export function checkpointMac(
  key: string,
  c: { chain: string; seq: string; hash: string; at: Date },
): string {
  return createHmac('sha256', key)
    .update(`${c.chain}\n${c.seq}\n${c.hash}\n${c.at.toISOString()}`)
    .digest('hex');
}

export function macMatches(
  key: string,
  c: { chain: string; seq: string; hash: string; at: Date; mac: string },
): boolean {
  const expected = Buffer.from(checkpointMac(key, c), 'hex');
  const given = Buffer.from(c.mac, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Records every chain's head now; answers how many chains were checkpointed. */
export async function writeCheckpoints(databaseUrl: string, key: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query<{ chain: string; seq: string; hash: string }>(
      `select distinct on (chain) chain, seq::text as seq, hash from audit_events order by chain, seq desc`,
    );
    const at = new Date();
    for (const r of rows) {
      await client.query(
        `insert into audit_checkpoints (chain, seq, hash, at, mac) values ($1, $2, $3, $4, $5)`,
        [r.chain, r.seq, r.hash, at, checkpointMac(key, { ...r, at })],
      );
    }
    await client.query('commit');
    return rows.length;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
