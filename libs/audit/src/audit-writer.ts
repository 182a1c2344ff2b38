import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { auditHash, GENESIS_HASH, type AuditRowContent } from './audit-chain';
import type { AuditEventInput } from './audit.types';

/**
 * Appends to the hash chain inside the caller's transaction, so the event commits with the change
 * it records or not at all. One chain per organisation, serialised by a transaction-level advisory
 * lock; call it last in a transaction to hold that lock briefly.
 */
@Injectable()
export class AuditWriter {
  async append(em: EntityManager, event: AuditEventInput): Promise<void> {
    const chain = event.actor?.organisationId ?? 'global';
    await em.execute(`select pg_advisory_xact_lock(hashtextextended('vigil.audit:' || ?, 0))`, [chain]);
    // Through a security-definer function: the writer needs the chain's tail even where row-level
    // security hides the rows from the reader.
    const [last] = await em.execute<{ seq: string; hash: string }[]>(
      `select t.seq::text as seq, t.hash from vigil_audit_tail(?) t`,
      [chain],
    );
    const [{ id }] = await em.execute<{ id: string }[]>(
      `select nextval(pg_get_serial_sequence('audit_events', 'id'))::text as id`,
    );
    const row: AuditRowContent = {
      id,
      chain,
      seq: last ? (BigInt(last.seq) + 1n).toString() : '1',
      at: new Date().toISOString(),
      actorUserId: event.actor?.userId ?? null,
      actorRole: event.actor?.role ?? null,
      actorOrganisationId: event.actor?.organisationId ?? null,
      action: event.action,
      outcome: event.outcome,
      subjectType: event.subjectType ?? null,
      subjectId: event.subjectId ?? null,
      ip: event.ip ?? null,
      correlationId: event.correlationId ?? null,
      details: event.details ?? {},
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    await em.execute(
      `insert into audit_events (id, chain, seq, at, actor_user_id, actor_role, actor_organisation_id, action,
         outcome, subject_type, subject_id, ip, correlation_id, details, prev_hash, hash)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)`,
      [
        row.id,
        row.chain,
        row.seq,
        row.at,
        row.actorUserId,
        row.actorRole,
        row.actorOrganisationId,
        row.action,
        row.outcome,
        row.subjectType,
        row.subjectId,
        row.ip,
        row.correlationId,
        JSON.stringify(row.details),
        row.prevHash,
        auditHash(row),
      ],
    );
  }
}
