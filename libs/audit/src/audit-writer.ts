import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { AuditEventInput } from './audit.types';

/**
 * Appends to the hash chain inside the caller's transaction, so the event commits with the change it
 * records or not at all. The database does the chaining: `vigil_audit_append` (a function the table's
 * owner owns) takes the chain's transaction lock, draws the sequence and computes the hash; the
 * application may not insert into the table itself. One chain per organisation (the actor's), `global`
 * for events without an actor. Call it last in a transaction to hold the chain's lock briefly.
 */
@Injectable()
export class AuditWriter {
  async append(em: EntityManager, event: AuditEventInput): Promise<void> {
    await em.execute(`select vigil_audit_append(?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)`, [
      event.actor?.userId ?? null,
      event.actor?.role ?? null,
      event.actor?.organisationId ?? null,
      event.action,
      event.outcome,
      event.subjectType ?? null,
      event.subjectId ?? null,
      event.ip ?? null,
      event.correlationId ?? null,
      JSON.stringify(event.details ?? {}),
    ]);
  }
}
