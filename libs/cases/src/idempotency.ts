import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { VigilError } from '@vigil/domain';
import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import { CaseAccess, type RequestContext } from './case-access.service';

/** How long a create's Idempotency-Key is remembered (HOUSE_STYLE 3.6). */
export const IDEMPOTENCY_TTL_HOURS = 24;

export function requestHash(body: unknown): string {
  return createHash('sha256')
    .update(stringify(body ?? null) ?? 'null')
    .digest('hex');
}

export function assertIdempotencyKey(key: string | undefined): string {
  if (!key) {
    throw new VigilError('validation', 'Send an Idempotency-Key header with every create', [
      { pointer: 'header:Idempotency-Key', detail: 'Send an Idempotency-Key header, for example a new UUID' },
    ]);
  }
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new VigilError('validation', 'The Idempotency-Key header is not valid', [
      {
        pointer: 'header:Idempotency-Key',
        detail: 'Use 1 to 255 visible ASCII characters, for example a UUID',
      },
    ]);
  }
  return key;
}

export interface StoredCreate {
  caseId: string;
}

/** The stored create for this user and key, if any; a different body under the same key is a 422. */
export async function findStoredCreate(
  em: EntityManager,
  userId: string,
  key: string,
  hash: string,
): Promise<StoredCreate | null> {
  const [row] = await em.execute<{ request_hash: string; response_body: StoredCreate }[]>(
    'select request_hash, response_body from idempotency_keys where user_id = ? and key = ? and expires_at > now()',
    [userId, key],
  );
  if (!row) return null;
  if (row.request_hash !== hash) {
    throw new VigilError(
      'idempotency_mismatch',
      'This Idempotency-Key was already used with a different request',
    );
  }
  return row.response_body;
}

/** Records the create in the same transaction as the case; a concurrent twin waits, then fails unique. */
export async function storeCreate(
  em: EntityManager,
  userId: string,
  key: string,
  hash: string,
  stored: StoredCreate,
  location: string,
): Promise<void> {
  await em.execute('delete from idempotency_keys where user_id = ? and key = ? and expires_at <= now()', [
    userId,
    key,
  ]);
  await em.execute(
    `insert into idempotency_keys (user_id, key, request_hash, state, response_status, response_body, location, created_at, expires_at)
     values (?, ?, ?, 'done', 201, ?::jsonb, ?, now(), now() + (? * interval '1 hour'))`,
    [userId, key, hash, JSON.stringify(stored), location, IDEMPOTENCY_TTL_HOURS],
  );
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string } | null;
  return !!e && e.code === '23505' && (!constraint || e.constraint === constraint);
}

/**
 * A create under an Idempotency-Key (HOUSE_STYLE 3.6), for every case type: the first request runs `work`
 * and stores its answer with the case, in one transaction; a repeat (same user, key and body) answers the
 * stored case; a different body under the same key is a 422; a concurrent twin waits, then answers the case.
 */
@Injectable()
export class IdempotentCreates {
  constructor(private readonly access: CaseAccess) {}

  async create(
    ctx: RequestContext,
    key: string,
    rawBody: unknown,
    work: (
      em: EntityManager,
      store: (caseId: string) => Promise<void>,
    ) => Promise<{ caseId: string; commandIds: string[] }>,
  ): Promise<{ caseId: string; commandIds: string[]; created: boolean }> {
    const userId = ctx.principal.userId;
    const hash = requestHash(rawBody);
    const replay = async (em: EntityManager) => {
      const stored = await findStoredCreate(em, userId, key, hash);
      return stored ? { caseId: stored.caseId, commandIds: [], created: false } : null;
    };
    try {
      return await this.access.transaction(ctx, async (em) => {
        const stored = await replay(em);
        if (stored) return stored;
        const created = await work(em, (caseId) =>
          storeCreate(em, userId, key, hash, { caseId }, `/api/v1/cases/${caseId}`),
        );
        return { ...created, created: true };
      });
    } catch (error) {
      // A concurrent request with the same key committed first: answer with its case.
      if (!isUniqueViolation(error, 'idempotency_keys_pkey')) throw error;
      return this.access.transaction(ctx, async (em) => {
        const stored = await replay(em);
        if (!stored) throw error;
        return stored;
      });
    }
  }
}
