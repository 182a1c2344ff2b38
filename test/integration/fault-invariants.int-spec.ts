import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { FaultDriver, failing, report, secs } from '../faults/driver';
import {
  checkAudit,
  checkEmails,
  checkIntake,
  checkIsolation,
  type InvariantInput,
} from '../faults/invariants';
import { Demo, fastPolicy, Stack } from '../support/stack';

/*
 * The quick part of the fault suite (the rest: `npm run faults`): load, duplicate and retried intakes, the
 * worker stopped while deadlines pass, an outsider reading, then every invariant of docs/reliability.md.
 */
describe('fault invariants (quick)', () => {
  let stack: Stack;
  let driver: FaultDriver;

  beforeAll(async () => {
    stack = await Stack.start({ name: 'fault-quick', policy: fastPolicy() });
    driver = await new FaultDriver(stack).init();
  });
  afterAll(async () => stack?.stop());

  it('keeps I1–I6 through duplicate submissions, a client timeout and a worker stop', async () => {
    await driver.raiseMany(3, 500);
    // The same intake twice at once (a double click, two tabs): one case, both answered with it.
    const key = randomUUID();
    const body = driver.body();
    const [a, b] = await Promise.all([driver.raise({ key }, body), driver.raise({ key }, body)]);
    expect([a.outcome, b.outcome]).toEqual(['created', 'created']);
    expect(a.caseId).toBe(b.caseId);
    // A client that gave up waiting (no answer within 1 ms) and retried with its key: one case.
    const slow = driver.body();
    const retried = await driver.raise({ timeoutMs: 1, once: true }, slow);
    expect(retried.answers).toEqual(['no-answer']);
    const again = await driver.raise({ key: retried.key }, slow);
    expect(again.outcome).toBe('created');

    // The worker goes away before the first deadline (+8 s) and comes back after the second rung (+14 s).
    await stack.stopWorker();
    await new Promise((r) => setTimeout(r, 13_000));
    const restarted = Date.now();
    await stack.startWorker();
    const [first] = await stack.inbox.waitFor(
      (m) => m.subject.startsWith('[Vigil] Overdue') && m.receivedAt >= restarted,
      { timeoutMs: 30_000 },
    );
    await driver.probe();
    const drain = await driver.drain(60_000);
    const drainedAt = Date.now();
    const results = await driver.check();
    report('quick: duplicates, client timeout, worker stop', results, {
      'restart → first escalation email': secs(first.receivedAt - restarted),
      'restart → drained': secs(drainedAt - restarted),
    });
    expect(drain).toMatchObject({ drained: true, left: '' });
    expect(failing(results)).toEqual([]);
    expect(first.receivedAt - restarted).toBeLessThan(20_000);
  });

  it('the checker fails when an invariant is broken (a lost intake, a doubled email, a leaked read or write, an unaudited read or create)', async () => {
    const base: InvariantInput = {
      databaseUrl: stack.databaseUrl,
      temporal: await stack.temporal(),
      taskQueue: stack.config.temporal.taskQueue,
      mails: stack.inbox.mails,
      submissions: driver.submissions,
      probes: driver.probes,
      reads: driver.reads,
    };
    const lost = await checkIntake({
      ...base,
      submissions: [...base.submissions, { ...driver.submissions[0], key: 'lost', summary: 'never stored' }],
    });
    expect(lost.ok).toBe(false);
    const escalation = stack.inbox.mails.find((m) => m.subject.startsWith('[Vigil] Overdue'));
    const doubled = await checkEmails({
      ...base,
      mails: [...base.mails, { ...escalation!, unanswered: false }],
    });
    expect(doubled.problems.join()).toContain('2 copies');
    const [own] = driver.created();
    const leaked = await checkIsolation({
      ...base,
      probes: [...base.probes, { user: Demo.oakwoodLead, caseId: own.caseId!, status: 200 }],
    });
    expect(leaked.ok).toBe(false);
    const wrote = await checkIsolation({
      ...base,
      probes: [...base.probes, { user: Demo.oakwoodLead, caseId: own.caseId!, kind: 'write', status: 201 }],
    });
    expect(wrote.problems.join()).toContain('wrote to case');
    // A read answered 200 that left no case.viewed row, and a create with no case.created row.
    const unaudited = await checkAudit({
      ...base,
      reads: [...driver.reads, { user: Demo.oakwoodLead, caseId: own.caseId!, status: 200 }],
      submissions: [
        ...base.submissions,
        { ...own, key: 'phantom', caseId: randomUUID(), reference: 'VIG-X' },
      ],
    });
    expect(unaudited.problems.join()).toContain('0 case.viewed rows');
    expect(unaudited.problems.join()).toContain('case VIG-X: 0 case.created rows');
    // A change an outsider's write left behind (a note and its timeline entry), as if a 404 had still written.
    const [outsider] = await stack.sql<{ id: string }>(`select id from users where email = $1`, [
      Demo.oakwoodLead,
    ]);
    const eventId = randomUUID();
    await stack.sql(
      `insert into case_events (id, case_id, at, kind, actor_user_id, actor_role, details)
       values ($1, $2, now(), 'case.information_added', $3, 'provider_lead', '{}')`,
      [eventId, own.caseId, outsider.id],
    );
    await stack.sql(
      `insert into case_notes (id, case_id, event_id, text, author_id, created_at) values ($1, $2, $3, 'x', $4, now())`,
      [randomUUID(), own.caseId, eventId, outsider.id],
    );
    const changed = await checkIsolation(base);
    expect(changed.problems).toEqual(
      expect.arrayContaining(['1 notes written by an outsider', '1 timeline entries by an outsider']),
    );
  });
});
