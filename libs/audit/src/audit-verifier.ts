import { Client } from 'pg';
import { auditHash, GENESIS_HASH, type AuditRowContent } from './audit-chain';

export interface ChainBreak {
  id: string;
  chain: string;
  seq: string;
  reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'sequence_gap';
}

export interface VerifyResult {
  ok: boolean;
  rows: number;
  chains: number;
  firstBreak: ChainBreak | null;
}

interface DbRow {
  id: string;
  chain: string;
  seq: string;
  at: Date;
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
  prev_hash: string;
  hash: string;
}

/** Walks every chain in order and reports the first row (lowest id) whose link does not hold. */
export async function verifyAuditChain(databaseUrl: string): Promise<VerifyResult> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<DbRow>(
      `select id::text as id, chain, seq::text as seq, at, actor_user_id, actor_role, actor_organisation_id,
              action, outcome, subject_type, subject_id, ip, correlation_id, details, prev_hash, hash
         from audit_events order by audit_events.chain, audit_events.seq`,
    );
    const tails = new Map<string, { seq: bigint; hash: string }>();
    const breaks: ChainBreak[] = [];
    for (const r of rows) {
      const tail = tails.get(r.chain);
      const expectedSeq = tail ? tail.seq + 1n : 1n;
      const expectedPrev = tail ? tail.hash : GENESIS_HASH;
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
      let reason: ChainBreak['reason'] | null = null;
      if (BigInt(r.seq) !== expectedSeq) reason = 'sequence_gap';
      else if (r.prev_hash !== expectedPrev) reason = 'prev_hash_mismatch';
      else if (auditHash(content) !== r.hash) reason = 'hash_mismatch';
      if (reason) breaks.push({ id: r.id, chain: r.chain, seq: r.seq, reason });
      tails.set(r.chain, { seq: BigInt(r.seq), hash: r.hash });
    }
    breaks.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    return { ok: breaks.length === 0, rows: rows.length, chains: tails.size, firstBreak: breaks[0] ?? null };
  } finally {
    await client.end();
  }
}
