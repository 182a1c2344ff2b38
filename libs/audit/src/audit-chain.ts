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
