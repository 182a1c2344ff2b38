import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { databaseName, queryOnce, quoteIdent, withDatabase } from '@vigil/persistence';
import { randomUUID } from 'node:crypto';
import { Stack } from '../support/stack';
import { FaultDriver, failing, fastPolicy, report, secs } from './driver';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/*
 * Intake under fault: the same Idempotency-Key many times at once, clients that give up waiting and retry,
 * and the database turning read-only mid-intake (a failover to a replica, a full disk): 5xx, no half case,
 * and nothing lost once it is writable again.
 */
describe('fault: intake', () => {
  let stack: Stack;
  let driver: FaultDriver;

  beforeAll(async () => {
    stack = await Stack.start({ name: 'fault-intake', policy: fastPolicy() });
    driver = await new FaultDriver(stack).init();
  });
  afterAll(async () => stack?.stop());

  /** Sets the test database's default, then ends every session on it so the pools reconnect under it. */
  const readOnly = async (on: boolean) => {
    const name = databaseName(stack.databaseUrl);
    // From the maintenance database: a session on the read-only one could not undo it.
    const admin = withDatabase(stack.databaseUrl, 'postgres');
    await queryOnce(
      admin,
      `alter database ${quoteIdent(name)} set default_transaction_read_only = ${on ? 'on' : 'off'}`,
    );
    await queryOnce(
      admin,
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
      [name],
    );
  };

  it('keeps one case per key under duplicate submissions, client timeouts and a read-only database', async () => {
    // Eight copies of one intake at once (same key, same body): one case, every answer names it.
    const body = driver.body();
    const key = randomUUID();
    const twins = await Promise.all(Array.from({ length: 8 }, () => driver.raise({ key }, body)));
    const twinIds = new Set(twins.map((t) => t.caseId));
    // Five clients that give up after 50 ms and retry with their key until answered.
    const impatient = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const b = driver.body();
        const first = await driver.raise({ timeoutMs: 50, once: true }, b);
        const retry = await driver.raise({ key: first.key }, b);
        return { first, retry };
      }),
    );
    await driver.raiseMany(3, 500);

    // Read-only from here: intakes must fail whole.
    await readOnly(true);
    const failedAt = Date.now();
    const refused = await Promise.all(Array.from({ length: 4 }, () => driver.raise({ once: true })));
    const [{ stored }] = await stack.sql<{ stored: number }>(
      `select count(*)::int as stored from concerns where summary = any($1)`,
      [refused.map((r) => r.summary)],
    );
    await sleep(3_000);
    await readOnly(false);
    const healedAt = Date.now();
    // The same clients retry with their keys: each gets its case, once.
    const recovered = await Promise.all(refused.map((r) => driver.raise({ key: r.key }, driver.bodyFor(r))));
    const firstOk = Math.min(...recovered.map((r) => r.answeredAt ?? Infinity));
    await driver.probe();
    const drain = await driver.drain(120_000);
    // A raise notice the relay took just as the database turned read-only could not be marked sent, so it
    // may go twice (same Message-ID), never more: the crash window of ADR 0008, as when PostgreSQL is killed.
    const results = await driver.check({
      maxCopiesPerEmail: 2,
      lostAcknowledgements: { from: failedAt - 1_000, to: healedAt },
    });
    report('intake: duplicates, client timeouts, read-only database', results, {
      'concurrent twins → distinct cases': String(twinIds.size),
      'answers while read-only': refused.map((r) => r.answers.join('/')).join(', '),
      'cases stored while read-only': String(stored),
      'writable again → first 201': secs(firstOk - healedAt),
      'read-only window': secs(healedAt - failedAt),
    });
    expect(twins.every((t) => t.outcome === 'created')).toBe(true);
    expect(twinIds.size).toBe(1);
    expect(impatient.every((i) => i.retry.outcome === 'created')).toBe(true);
    // 503 with Retry-After: the database cannot take the request; nothing was stored.
    expect(refused.every((r) => r.answers.every((a) => a === 503))).toBe(true);
    expect(stored).toBe(0);
    expect(recovered.every((r) => r.outcome === 'created')).toBe(true);
    expect(drain).toMatchObject({ drained: true });
    expect(failing(results)).toEqual([]);
  });
});
