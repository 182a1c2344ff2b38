import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Stack } from '../support/stack';
import { FaultDriver, failing, fastPolicy, report, secs } from './driver';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const overdue = (m: { subject: string }) => m.subject.startsWith('[Vigil] Overdue');

/*
 * The mail relay fails: refusing connections for a while (mail is delayed, none lost, none doubled), and
 * taking a message whole but never answering the end of DATA (the sender times out and sends again: the one
 * duplicate ADR 0008 allows, never two).
 */
describe('fault: SMTP', () => {
  describe('down, then back', () => {
    let stack: Stack;

    beforeAll(async () => {
      stack = await Stack.start({ name: 'fault-smtp-down', policy: fastPolicy() });
    });
    afterAll(async () => stack?.stop());

    it('delivers every email once after the relay returns', async () => {
      const driver = await new FaultDriver(stack).init();
      await driver.raiseMany(5, 1_000);
      await stack.inbox.stop();
      const downAt = Date.now();
      // Every deadline and rung passes while the relay refuses connections.
      const last = await driver.lastRungAt();
      await sleep(Math.max(0, last - Date.now()) + 3_000);
      const [{ waiting }] = await stack.sql<{ waiting: number }>(
        `select count(*)::int as waiting from notification_outbox where status = 'pending'`,
      );
      await stack.inbox.start();
      const backAt = Date.now();
      const [first] = await stack.inbox.waitFor((m) => overdue(m) && m.receivedAt >= backAt, {
        timeoutMs: 120_000,
      });
      await driver.probe();
      const drain = await driver.drain(300_000);
      const drainedAt = Date.now();
      const results = await driver.check();
      report('SMTP down then back', results, {
        'outage length': secs(backAt - downAt),
        'emails pending when the relay returned': String(waiting),
        'relay back → first escalation email': secs(first.receivedAt - backAt),
        'relay back → every email sent': secs(drainedAt - backAt),
      });
      expect(waiting).toBeGreaterThan(0);
      expect(drain).toMatchObject({ drained: true });
      expect(failing(results)).toEqual([]);
    });
  });

  describe('timing out after DATA', () => {
    let stack: Stack;

    beforeAll(async () => {
      stack = await Stack.start({ name: 'fault-smtp-hang', policy: fastPolicy() });
    });
    afterAll(async () => stack?.stop());

    it('sends an email whose reply was lost at most twice, and every other once', async () => {
      const driver = await new FaultDriver(stack).init();
      await driver.raiseMany(3, 1_000);
      // The relay swallows the next messages whole and never answers; the sender's socket times out (30 s).
      stack.inbox.hangAfterData = true;
      const hungAt = Date.now();
      await stack.inbox.waitFor((m) => m.unanswered === true && overdue(m), { timeoutMs: 30_000 });
      stack.inbox.hangAfterData = false;
      const healedAt = Date.now();
      await driver.probe();
      const drain = await driver.drain(300_000);
      const drainedAt = Date.now();
      const unanswered = stack.inbox.mails.filter((m) => m.unanswered);
      const resent = unanswered.filter(
        (u) =>
          stack.inbox.mails.filter((m) => m.messageId === u.messageId && m.to.join() === u.to.join())
            .length === 2,
      );
      const results = await driver.check({ maxCopiesPerEmail: 2 });
      report('SMTP timing out after DATA', results, {
        'hang window': secs(healedAt - hungAt),
        'messages taken without a reply': String(unanswered.length),
        'of those, delivered a second time': String(resent.length),
        'relay healed → drained': secs(drainedAt - healedAt),
      });
      expect(unanswered.length).toBeGreaterThan(0);
      // The bound is reached (the lost reply makes the sender try again), not exceeded.
      expect(resent.length).toBe(unanswered.length);
      expect(drain).toMatchObject({ drained: true });
      expect(failing(results)).toEqual([]);
    });
  });
});
