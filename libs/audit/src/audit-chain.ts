import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';

/** prev_hash of the first row of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Every column of an audit row except `hash`, in the form the hash covers. */
export interface AuditRowContent {
  id: string;
  chain: string;
  seq: string;
  at: string;
  actorUserId: string | null;
  actorRole: string | null;
  actorOrganisationId: string | null;
  action: string;
  outcome: string;
  subjectType: string | null;
  subjectId: string | null;
  ip: string | null;
  correlationId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
}

/** hash = sha256(prev_hash ‖ canonical JSON of the row without its hash). */
export function auditHash(row: AuditRowContent): string {
  const canonical = stringify(row);
  if (canonical === undefined) throw new Error('audit row cannot be serialised');
  return createHash('sha256').update(row.prevHash).update(canonical).digest('hex');
}

/** The fields of a version-2 row as the database hashes them (`vigil_audit_hash_v2`), read back as text. */
export interface AuditRowV2 {
  id: string;
  chain: string;
  seq: string;
  atMicros: string;
  actorUserId: string | null;
  actorRole: string | null;
  actorOrganisationId: string | null;
  action: string;
  outcome: string;
  subjectType: string | null;
  subjectId: string | null;
  ip: string | null;
  correlationId: string | null;
  /** `details::text`: PostgreSQL's own rendering of the jsonb, as the hash saw it. */
  detailsText: string;
  prevHash: string;
}

const field = (v: string | null): string => (v === null ? '-1:' : `${Buffer.byteLength(v, 'utf8')}:${v}`);

/** hash = sha256(prev_hash ‖ each field length-prefixed): the same as the SQL function, for the verifier. */
export function auditHashV2(r: AuditRowV2): string {
  const fields = [
    r.id,
    r.chain,
    r.seq,
    r.atMicros,
    r.actorUserId,
    r.actorRole,
    r.actorOrganisationId,
    r.action,
    r.outcome,
    r.subjectType,
    r.subjectId,
    r.ip,
    r.correlationId,
    r.detailsText,
  ];
  return createHash('sha256')
    .update(r.prevHash + fields.map(field).join(''), 'utf8')
    .digest('hex');
}
