import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

export interface TimelineRow {
  id: string;
  at: Date;
  kind: string;
  actorUserId: string | null;
  actorRole: string | null;
  details: Record<string, unknown>;
}

/** The only owner of SQL on `case_events` (the timeline). `details` hold IDs and enums, never narrative. */
@Injectable()
export class TimelineRepository {
  /**
   * Appends an entry; with a `stepKey` (a workflow step) a repeat is dropped, so a retried activity records
   * its event once. Answers the entry's ID (null when dropped as a repeat).
   */
  async append(
    em: EntityManager,
    entry: {
      caseId: string;
      kind: string;
      at: Date | string;
      actor?: { userId: string; role: string } | null;
      details?: Record<string, unknown>;
      stepKey?: string;
      id?: string;
    },
  ): Promise<string | null> {
    const id = entry.id ?? randomUUID();
    const rows = await em.execute<{ id: string }[]>(
      `insert into case_events (id, case_id, at, kind, actor_user_id, actor_role, step_key, details)
       values (?, ?, ?, ?, ?, ?, ?, ?::jsonb) on conflict (case_id, step_key) do nothing returning id`,
      [
        id,
        entry.caseId,
        entry.at,
        entry.kind,
        entry.actor?.userId ?? null,
        entry.actor?.role ?? null,
        entry.stepKey ?? null,
        JSON.stringify(entry.details ?? {}),
      ],
    );
    return rows[0]?.id ?? null;
  }

  async forCase(em: EntityManager, caseId: string): Promise<TimelineRow[]> {
    return em.execute<TimelineRow[]>(
      `select id, at, kind, actor_user_id as "actorUserId", actor_role as "actorRole", details
         from case_events where case_id = ? order by at, id`,
      [caseId],
    );
  }
}
