import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { AuditEventInput } from './audit.types';

const APPEND = `select vigil_audit_append(?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)`;

function appendParams(event: AuditEventInput): unknown[] {
  return [
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
  ];
}

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
    await em.execute(APPEND, appendParams(event));
  }

  /**
   * One statement that makes a change and appends its event: `with change as (<change>) select
   * vigil_audit_append(...)`. PostgreSQL runs a data-modifying WITH exactly once, to completion, whatever
   * the outer query reads, so the event is appended even when the change touched no row. As one statement
   * it is atomic on its own: run outside a transaction, the chain's lock is held only while it runs.
   */
  withChange(
    change: { sql: string; params: readonly unknown[] },
    event: AuditEventInput,
  ): {
    sql: string;
    params: unknown[];
  } {
    return {
      sql: `with change as (${change.sql}) ${APPEND}`,
      params: [...change.params, ...appendParams(event)],
    };
  }
}
