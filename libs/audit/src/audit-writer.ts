import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { auditHash, type AuditRowContent } from './audit-chain';
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
    // Locks the chain until commit, reads its tail and draws the ID in one round trip (a security-definer
    // function: row-level security may hide the chain's rows from the writer).
    const [reserved] = await em.execute<{ id: string; seq: string; prev_hash: string }[]>(
      `select r.id::text as id, r.seq::text as seq, r.prev_hash from vigil_audit_reserve(?) r`,
      [chain],
    );
    const row: AuditRowContent = {
      id: reserved.id,
      chain,
      seq: reserved.seq,
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
      prevHash: reserved.prev_hash,
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
