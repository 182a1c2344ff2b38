import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Stack } from '../support/stack';
import { FaultDriver, failing, fastPolicy, report, secs } from './driver';
import { WorkerProcess, workerEnv } from './processes';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const overdue = (m: { subject: string }) => m.subject.startsWith('[Vigil] Overdue');

/*
 * The worker dies mid-escalation (SIGKILL of its process: no drain, activities in flight lost), and every
 * worker stays down while many deadlines pass. Timers and the outbox carry the cases across.
 */
describe('fault: worker', () => {
  describe('SIGKILL mid-escalation', () => {
    let stack: Stack;
    let worker: WorkerProcess;

    beforeAll(async () => {
      stack = await Stack.start({ name: 'fault-worker-kill', policy: fastPolicy(), worker: false });
      worker = new WorkerProcess(workerEnv(stack));
    });
    afterAll(async () => {
      await worker?.stop();
      await stack?.stop();
    });

    it('sends every overdue rung once after a restart, the first within 20 s', async () => {
      const boot = await worker.start();
      const driver = await new FaultDriver(stack).init();
      await driver.raiseMany(6, 1_500);
      // Mid-escalation: the first case's first rung has gone out, later cases' deadlines are still ahead.
      await stack.inbox.waitFor(overdue, { timeoutMs: 30_000 });
      await sleep(1_500);
      const killedAt = Date.now();
      await worker.kill();
      const sentBefore = stack.inbox.mails.filter(overdue).length;
      // Down for 12 s: more deadlines and rungs pass with no worker.
      await sleep(12_000);
      const duringOutage = stack.inbox.mails.filter(
        (m) => overdue(m) && m.receivedAt > killedAt + 1_000,
      ).length;
      const restartedAt = Date.now();
      const reboot = await worker.start();
      const [first] = await stack.inbox.waitFor((m) => overdue(m) && m.receivedAt >= restartedAt, {
        timeoutMs: 60_000,
      });
      await driver.probe();
      const drain = await driver.drain(180_000);
      const drainedAt = Date.now();
      const results = await driver.check();
      report('worker SIGKILL mid-escalation', results, {
        'worker boot (first start, restart)': `${secs(boot)}, ${secs(reboot)}`,
        'escalation emails before the kill': String(sentBefore),
        'escalation emails while down': String(duringOutage),
        'restart → first escalation email': secs(first.receivedAt - restartedAt),
        'restart → drained': secs(drainedAt - restartedAt),
        'worst escalation email after its moment': secs(await driver.worstEscalationDelay()),
      });
      expect(duringOutage).toBe(0);
      expect(drain).toMatchObject({ drained: true });
      expect(failing(results)).toEqual([]);
      expect(first.receivedAt - restartedAt).toBeLessThanOrEqual(20_000);
    });
  });

  describe('every worker down for a compressed "10 minutes"', () => {
    let stack: Stack;

    beforeAll(async () => {
      stack = await Stack.start({ name: 'fault-worker-down', policy: fastPolicy() });
    });
    afterAll(async () => stack?.stop());

    it('catches up on every deadline and rung that passed while down, each once', async () => {
      const driver = await new FaultDriver(stack).init();
      await driver.raiseMany(10, 1_000);
      await stack.stopWorker();
      const downAt = Date.now();
      // Every case's deadline (+8 s) and all three rungs (+8, +14, +20 s) pass while nothing runs: the
      // equivalent of ten minutes down on a policy of hours, compressed to seconds.
      const last = await driver.lastRungAt();
      await sleep(Math.max(0, last - Date.now()) + 5_000);
      const duringOutage = stack.inbox.mails.filter(
        (m) => overdue(m) && m.receivedAt > downAt + 1_000,
      ).length;
      const [{ owed }] = await stack.sql<{ owed: number }>(
        `select count(*)::int as owed from clocks k, jsonb_array_elements(k.rungs) r
          where not exists (select 1 from case_events e where e.case_id = k.case_id and e.kind = 'clock.escalated'
                              and (e.details->>'rung')::int = (r->>'rung')::int)`,
      );
      const restartedAt = Date.now();
      await stack.startWorker();
      const [first] = await stack.inbox.waitFor((m) => overdue(m) && m.receivedAt >= restartedAt, {
        timeoutMs: 60_000,
      });
      await driver.probe();
      const drain = await driver.drain(180_000);
      const drainedAt = Date.now();
      const results = await driver.check();
      report('all workers down across many due times', results, {
        'outage length': secs(restartedAt - downAt),
        'rungs owed at restart': String(owed),
        'escalation emails while down': String(duringOutage),
        'restart → first escalation email': secs(first.receivedAt - restartedAt),
        'restart → drained': secs(drainedAt - restartedAt),
      });
      expect(owed).toBeGreaterThanOrEqual(20);
      expect(duringOutage).toBe(0);
      expect(drain).toMatchObject({ drained: true });
      expect(failing(results)).toEqual([]);
      expect(first.receivedAt - restartedAt).toBeLessThanOrEqual(20_000);
    });
  });
});
