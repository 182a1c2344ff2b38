import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

/** A form's answers between its pages, and the Idempotency-Key its final submit carries. */
export interface FormDraft {
  key: string;
  answers: Record<string, string>;
  /** Set once submitted: the case it created (the answers are gone by then). */
  caseId: string | null;
  updatedAt: Date;
}

/** How long an untouched draft is kept before it is treated as gone (and deleted on the author's next visit). */
export const DRAFT_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * The only owner of SQL on `form_drafts`. Row-level security limits every statement to the signed-in
 * user's own drafts, so the user ID here only picks the row.
 */
@Injectable()
export class FormDraftRepository {
  async find(em: EntityManager, userId: string, flow: string, now: Date): Promise<FormDraft | null> {
    await em.execute(`delete from form_drafts where user_id = ? and updated_at < ?`, [
      userId,
      new Date(now.getTime() - DRAFT_TTL_MS),
    ]);
    const [row] = await em.execute<{ key: string; answers: Record<string, string>; updated_at: Date }[]>(
      `select key, answers, updated_at from form_drafts where user_id = ? and flow = ?`,
      [userId, flow],
    );
    if (!row) return null;
    const { _caseId, ...answers } = row.answers;
    return { key: row.key, answers, caseId: _caseId ?? null, updatedAt: new Date(row.updated_at) };
  }

  /** Starts a draft afresh (a new key, no answers), replacing any earlier one for the same form. */
  async start(em: EntityManager, userId: string, flow: string, key: string, now: Date): Promise<void> {
    await em.execute(
      `insert into form_drafts (user_id, flow, key, answers, updated_at) values (?, ?, ?, '{}'::jsonb, ?)
       on conflict (user_id, flow) do update set key = excluded.key, answers = '{}'::jsonb, updated_at = excluded.updated_at`,
      [userId, flow, key, now],
    );
  }

  async saveAnswers(
    em: EntityManager,
    userId: string,
    flow: string,
    answers: Record<string, string>,
    now: Date,
  ): Promise<void> {
    await em.execute(
      `update form_drafts set answers = ?::jsonb, updated_at = ? where user_id = ? and flow = ?`,
      [JSON.stringify(answers), now, userId, flow],
    );
  }

  /** Submitted: the answers are dropped (they live on the case now); the key and the case stay. */
  async markSubmitted(
    em: EntityManager,
    userId: string,
    flow: string,
    caseId: string,
    now: Date,
  ): Promise<void> {
    await em.execute(
      `update form_drafts set answers = ?::jsonb, updated_at = ? where user_id = ? and flow = ?`,
      [JSON.stringify({ _caseId: caseId }), now, userId, flow],
    );
  }
}
