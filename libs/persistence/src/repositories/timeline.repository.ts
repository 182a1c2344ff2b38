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

/** One timeline entry to write. */
export interface NewTimelineEntry {
  caseId: string;
  kind: string;
  at: Date | string;
  actor?: { userId: string; role: string } | null;
  details?: Record<string, unknown>;
  stepKey?: string;
  id?: string;
}

/** The only owner of SQL on `case_events` (the timeline). `details` hold IDs and enums, never narrative. */
@Injectable()
export class TimelineRepository {
  /**
   * Appends an entry; with a `stepKey` (a workflow step) a repeat is dropped, so a retried activity records
   * its event once. Answers the entry's ID (null when dropped as a repeat).
   */
  async append(em: EntityManager, entry: NewTimelineEntry): Promise<string | null> {
    const rows = await this.insert(em, [entry]);
    return rows[0]?.id ?? null;
  }

  /** Several entries in one statement (one round trip), each dropped if a repeat as `append` does. */
  async appendMany(em: EntityManager, entries: readonly NewTimelineEntry[]): Promise<void> {
    if (entries.length > 0) await this.insert(em, entries);
  }

  private insert(em: EntityManager, entries: readonly NewTimelineEntry[]): Promise<{ id: string }[]> {
    return em.execute<{ id: string }[]>(
      `insert into case_events (id, case_id, at, kind, actor_user_id, actor_role, step_key, details)
       values ${entries.map(() => '(?, ?, ?, ?, ?, ?, ?, ?::jsonb)').join(', ')}
       on conflict (case_id, step_key) do nothing returning id`,
      entries.flatMap((entry) => [
        entry.id ?? randomUUID(),
        entry.caseId,
        entry.at,
        entry.kind,
        entry.actor?.userId ?? null,
        entry.actor?.role ?? null,
        entry.stepKey ?? null,
        JSON.stringify(entry.details ?? {}),
      ]),
    );
  }

  async forCase(em: EntityManager, caseId: string): Promise<TimelineRow[]> {
    return em.execute<TimelineRow[]>(
      `select id, at, kind, actor_user_id as "actorUserId", actor_role as "actorRole", details
         from case_events where case_id = ? order by at, id`,
      [caseId],
    );
  }
}
