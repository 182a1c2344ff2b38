import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

/** The only owner of SQL on `case_notes` (information added to a case; append-only, PostgreSQL only). */
@Injectable()
export class CaseNoteRepository {
  async add(
    em: EntityManager,
    note: { id: string; caseId: string; eventId: string; text: string; authorId: string; at: Date },
  ): Promise<void> {
    await em.execute(
      `insert into case_notes (id, case_id, event_id, text, author_id, created_at) values (?, ?, ?, ?, ?, ?)`,
      [note.id, note.caseId, note.eventId, note.text, note.authorId, note.at],
    );
  }

  /** The words of each note on a case, by the timeline entry that records it (in the reader's scope). */
  async textsByEvent(em: EntityManager, caseId: string): Promise<Map<string, string>> {
    const rows = await em.execute<{ event_id: string; text: string }[]>(
      `select event_id, text from case_notes where case_id = ?`,
      [caseId],
    );
    return new Map(rows.map((r) => [r.event_id, r.text]));
  }
}
