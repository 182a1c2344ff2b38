import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Stack } from '../support/stack';
import { FaultDriver, failing, fastPolicy, report, secs } from './driver';
import { WorkerProcess, workerEnv } from './processes';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const overdue = (m: { subject: string }) => m.subject.startsWith('[Vigil] Overdue');

/*
 * The worker dies mid-escalation (SIGKILL of its process: no drain, activities in flight lost), every
 * worker stays down while many deadlines pass, and the worker is killed and restarted again and again while
 * concerns keep arriving. Timers and the outbox carry the cases across.
 */

/**
 * The "restarted every 30 seconds", compressed to every 8 s: with a policy of seconds (due +8 s,
 * rungs to +20 s), 30 s would let a whole ladder run between two kills and prove nothing.
 */
const RESTART_EVERY_MS = 8_000;
const MIN_KILLS = 5;
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

  describe('restarted every 8 s (the "every 30 seconds" fault, compressed) under intake load', () => {
    let stack: Stack;
    let worker: WorkerProcess;

    beforeAll(async () => {
      stack = await Stack.start({ name: 'fault-worker-churn', policy: fastPolicy(), worker: false });
      worker = new WorkerProcess(workerEnv(stack));
    });
    afterAll(async () => {
      await worker?.stop();
      await stack?.stop();
    });

    it('stores every intake and records every deadline and rung once while the worker keeps dying', async () => {
      await worker.start();
      const driver = await new FaultDriver(stack).init();
      // A steady intake (one concern every 1.5 s for about 36 s) while the worker is SIGKILLed 8 s after
      // each restart and started again at once: kills land during intake, breaches and rung emails alike.
      let loading = true;
      const load = driver.raiseMany(24, 1_500).finally(() => {
        loading = false;
      });
      const kills: { killedAt: number; restartedAt: number; readyAt: number }[] = [];
      const killAndRestart = async () => {
        const killedAt = Date.now();
        await worker.kill();
        const restartedAt = Date.now();
        await worker.start();
        kills.push({ killedAt, restartedAt, readyAt: Date.now() });
      };
      while (loading || kills.length < MIN_KILLS - 1) {
        await sleep(RESTART_EVERY_MS);
        await killAndRestart();
      }
      await load;
      // The last kill, with two fresh cases whose deadlines and rungs all fall after it: the restart that
      // heals the fault must leave escalations flowing (the 20 s goal), not only find the ladders finished.
      await sleep(RESTART_EVERY_MS);
      await driver.raiseMany(2, 500);
      await killAndRestart();
      const firstKill = kills[0].killedAt;
      const last = kills[kills.length - 1];
      const duringChurn = stack.inbox.mails.filter(
        (m) => overdue(m) && m.receivedAt > firstKill && m.receivedAt < last.killedAt,
      ).length;
      const [first] = await stack.inbox.waitFor((m) => overdue(m) && m.receivedAt >= last.restartedAt, {
        timeoutMs: 60_000,
      });
      await driver.probe();
      const drain = await driver.drain(180_000);
      const drainedAt = Date.now();
      // A rung email sent just before a kill may not have been marked sent: its retry sends it again (ADR
      // 0008's crash window, one extra copy at most, same Message-ID). Only a pair whose first copy arrived
      // in the 3 s before a kill is within that bound.
      const results = await driver.check({
        maxCopiesPerEmail: 2,
        lostAcknowledgements: kills.map((k) => ({ from: k.killedAt - 3_000, to: k.killedAt + 500 })),
      });
      const intakes = driver.submissions.map((s) => s.answers.join('→'));
      report('worker restarted every 8 s under intake load', results, {
        'kills (SIGKILL, then a restart at once)': String(kills.length),
        'up between kills': secs(RESTART_EVERY_MS),
        'worker boot (each restart)': kills.map((k) => secs(k.readyAt - k.restartedAt)).join(', '),
        'intakes answered': `${driver.created().length} of ${driver.submissions.length} 201 (${[...new Set(intakes)].join(', ')})`,
        'escalation emails between the first and last kill': String(duringChurn),
        'last restart → first escalation email': secs(first.receivedAt - last.restartedAt),
        'last restart → drained': secs(drainedAt - last.restartedAt),
        'worst escalation email after its moment': secs(await driver.worstEscalationDelay()),
      });
      expect(kills.length).toBeGreaterThanOrEqual(MIN_KILLS);
      expect(driver.created()).toHaveLength(driver.submissions.length);
      expect(duringChurn).toBeGreaterThan(0);
      expect(drain).toMatchObject({ drained: true });
      expect(failing(results)).toEqual([]);
      expect(first.receivedAt - last.restartedAt).toBeLessThanOrEqual(20_000);
    });
  });
});
