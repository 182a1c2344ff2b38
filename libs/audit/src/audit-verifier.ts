import { Client } from 'pg';
import { macMatches } from './audit-checkpoint';
import { auditHash, auditHashV2, GENESIS_HASH, type AuditRowContent } from './audit-chain';

export interface ChainBreak {
  /** The row where the chain breaks; for a checkpoint that no longer holds, the checkpoint's ID. */
  id: string;
  chain: string;
  seq: string;
  reason:
    | 'hash_mismatch'
    | 'prev_hash_mismatch'
    | 'sequence_gap'
    | 'checkpoint_missing_row'
    | 'checkpoint_hash_mismatch'
    | 'checkpoint_forged';
}

export interface VerifyResult {
  ok: boolean;
  rows: number;
  chains: number;
  checkpoints: number;
  /** False when no key was available: checkpoints were compared with the rows, their signatures not checked. */
  signaturesChecked: boolean;
  firstBreak: ChainBreak | null;
}

interface DbRow {
  id: string;
  chain: string;
  seq: string;
  at: Date;
  at_micros: string;
  actor_user_id: string | null;
  actor_role: string | null;
  actor_organisation_id: string | null;
  action: string;
  outcome: string;
  subject_type: string | null;
  subject_id: string | null;
  ip: string | null;
  correlation_id: string | null;
  details: Record<string, unknown>;
  details_text: string;
  prev_hash: string;
  hash: string;
  hash_version: number;
}

/** The hash a row should have, by the version that wrote it. */
function expectedHash(r: DbRow): string {
  if (r.hash_version === 2) {
    return auditHashV2({
      id: r.id,
      chain: r.chain,
      seq: r.seq,
      atMicros: r.at_micros,
      actorUserId: r.actor_user_id,
      actorRole: r.actor_role,
      actorOrganisationId: r.actor_organisation_id,
      action: r.action,
      outcome: r.outcome,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      ip: r.ip,
      correlationId: r.correlation_id,
      detailsText: r.details_text,
      prevHash: r.prev_hash,
    });
  }
  const content: AuditRowContent = {
    id: r.id,
    chain: r.chain,
    seq: r.seq,
    at: r.at.toISOString(),
    actorUserId: r.actor_user_id,
    actorRole: r.actor_role,
    actorOrganisationId: r.actor_organisation_id,
    action: r.action,
    outcome: r.outcome,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    ip: r.ip,
    correlationId: r.correlation_id,
    details: r.details,
    prevHash: r.prev_hash,
  };
  return auditHash(content);
}

/**
 * Walks every chain in order and reports the first row (lowest id) whose link does not hold; then checks
 * every checkpoint: its row must still exist with the hash it recorded, and (given the key) its HMAC must
 * be right, so neither deleting rows up to a head nor recomputing every hash goes unnoticed.
 */
export async function verifyAuditChain(
  databaseUrl: string,
  options: { checkpointKey?: string | null } = {},
): Promise<VerifyResult> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<DbRow>(
      `select id::text as id, chain, seq::text as seq, at, ((extract(epoch from at) * 1000000)::bigint)::text as at_micros,
              actor_user_id, actor_role, actor_organisation_id, action, outcome, subject_type, subject_id, ip,
              correlation_id, details, details::text as details_text, prev_hash, hash, hash_version
         from audit_events order by audit_events.chain, audit_events.seq`,
    );
    const tails = new Map<string, { seq: bigint; hash: string }>();
    const hashes = new Map<string, string>();
    const breaks: ChainBreak[] = [];
    for (const r of rows) {
      const tail = tails.get(r.chain);
      const expectedSeq = tail ? tail.seq + 1n : 1n;
      const expectedPrev = tail ? tail.hash : GENESIS_HASH;
      let reason: ChainBreak['reason'] | null = null;
      if (BigInt(r.seq) !== expectedSeq) reason = 'sequence_gap';
      else if (r.prev_hash !== expectedPrev) reason = 'prev_hash_mismatch';
      else if (expectedHash(r) !== r.hash) reason = 'hash_mismatch';
      if (reason) breaks.push({ id: r.id, chain: r.chain, seq: r.seq, reason });
      tails.set(r.chain, { seq: BigInt(r.seq), hash: r.hash });
      hashes.set(`${r.chain}\n${r.seq}`, r.hash);
    }
    breaks.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    const { rows: checkpoints } = await client.query<{
      id: string;
      chain: string;
      seq: string;
      hash: string;
      at: Date;
      mac: string;
    }>(`select id::text as id, chain, seq::text as seq, hash, at, mac from audit_checkpoints order by id`);
    const key = options.checkpointKey ?? null;
    for (const c of checkpoints) {
      const row = hashes.get(`${c.chain}\n${c.seq}`);
      const reason: ChainBreak['reason'] | null =
        key && !macMatches(key, c)
          ? 'checkpoint_forged'
          : row === undefined
            ? 'checkpoint_missing_row'
            : row !== c.hash
              ? 'checkpoint_hash_mismatch'
              : null;
      if (reason) breaks.push({ id: `checkpoint ${c.id}`, chain: c.chain, seq: c.seq, reason });
    }
    return {
      ok: breaks.length === 0,
      rows: rows.length,
      chains: tails.size,
      checkpoints: checkpoints.length,
      signaturesChecked: key !== null,
      firstBreak: breaks[0] ?? null,
    };
  } finally {
    await client.end();
  }
}
