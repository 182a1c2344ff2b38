import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Context } from '@temporalio/activity';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type {
  AllActivities,
  ClockBreachInput,
  ConcernWorkflowInput,
  SendNoticeInput,
} from '@vigil/contracts';
import { randomUUID } from 'node:crypto';
import { buildConcernWorkflowInput } from '../factories/workflow-input.factory';
import { activityCompleted, closedResult, scheduledActivities } from '../support/temporal-helpers';

/*
 * The concern workflow on the real Temporal dev server with contract-typed fake activities: what the
 * workflow asks for, and when. Clocks are seconds long; time passes for real.
 */

const address = process.env.VIGIL_TEST_TEMPORAL_ADDRESS ?? '';
const bundle = process.env.VIGIL_TEST_WORKFLOW_BUNDLE ?? '';

describe('concernWorkflow', () => {
  const taskQueue = `vigil-test-wf-${randomUUID().slice(0, 8)}`;
  const calls = new Map<
    string,
    {
      breaches: (ClockBreachInput & { calledAt: number })[];
      notices: (SendNoticeInput & {
        calledAt: number;
        activity: 'sendNotice' | 'sendNotices' | 'escalateClock';
        /** Run as a local activity, inside a workflow task. */
        local: boolean;
      })[];
    }
  >();
  let worker: Worker;
  let running: Promise<void>;
  let client: Client;
  let connection: NativeConnection;

  const failLocally = new Set<string>();
  const record = (caseId: string) => {
    if (!calls.has(caseId)) calls.set(caseId, { breaches: [], notices: [] });
    return calls.get(caseId)!;
  };

  const fakes: AllActivities = {
    async markClockBreached(input) {
      record(input.caseId).breaches.push({ ...input, calledAt: Date.now() });
      return { state: 'breached' };
    },
    async sendNotice(input) {
      const local = Context.current().info.isLocal;
      if (local && failLocally.has(input.caseId)) throw new Error('SMTP refused the connection');
      record(input.caseId).notices.push({ ...input, calledAt: Date.now(), activity: 'sendNotice', local });
      return { sent: 1, alreadySent: 0, recipients: 1, skipped: false };
    },
    async sendNotices(input) {
      const { notices, ...ids } = input;
      for (const notice of notices) {
        record(input.caseId).notices.push({
          ...ids,
          ...notice,
          calledAt: Date.now(),
          activity: 'sendNotices',
          local: Context.current().info.isLocal,
        });
      }
      return { results: notices.map(() => ({ sent: 1, alreadySent: 0, recipients: 1, skipped: false })) };
    },
    async escalateClock(input) {
      // A case listed here fails its local runs, as a local run does when SMTP is down.
      const local = Context.current().info.isLocal;
      if (local && failLocally.has(input.caseId)) throw new Error('SMTP refused the connection');
      const { notices, breach, ...ids } = input;
      const calledAt = Date.now();
      record(input.caseId).breaches.push({ caseId: input.caseId, ...breach, calledAt });
      for (const notice of notices) {
        record(input.caseId).notices.push({ ...ids, ...notice, calledAt, activity: 'escalateClock', local });
      }
      return {
        breach: { state: 'breached' },
        notices: notices.map(() => ({ sent: 1, alreadySent: 0, recipients: 1, skipped: false })),
      };
    },
  };

  beforeAll(async () => {
    connection = await NativeConnection.connect({ address });
    worker = await Worker.create({
      connection,
      taskQueue,
      activities: fakes,
      workflowBundle: { codePath: bundle },
    });
    running = worker.run();
    client = new Client({ connection: await Connection.connect({ address }) });
  });
  afterAll(async () => {
    worker.shutdown();
    await running;
    await client.connection.close();
    await connection.close();
  });

  const input = buildConcernWorkflowInput;
  const start = (i: ConcernWorkflowInput) =>
    client.workflow.start('concernWorkflow', { taskQueue, workflowId: `concern:${i.caseId}`, args: [i] });
  const decide = (decision: 'section_42_enquiry' | 'no_further_action' | 'signpost') => ({
    decisionId: randomUUID(),
    decision,
    decidedAt: new Date().toISOString(),
  });

  it('marks the clock breached at the due instant and sends each rung in order, at its instant', async () => {
    const i = input(2_000, [0, 2_000, 4_000]);
    const started = Date.now();
    const handle = await start(i);
    await waitUntil(
      () => record(i.caseId).notices.filter((n) => n.template === 'clock.escalation').length === 3,
      20_000,
    );
    const { breaches, notices } = record(i.caseId);
    expect(breaches).toEqual([
      expect.objectContaining({ clockId: i.clocks[0].clockId, at: i.clocks[0].dueAt }),
    ]);
    expect(breaches[0].calledAt - started).toBeGreaterThanOrEqual(1_900);
    const rungs = notices.filter((n) => n.template === 'clock.escalation');
    expect(rungs.map((n) => [n.stepKey, n.audience])).toEqual([
      ['concern.triage#rung-1', { kind: 'role', role: 'assignee' }],
      ['concern.triage#rung-2', { kind: 'role', role: 'team_manager' }],
      ['concern.triage#rung-3', { kind: 'role', role: 'head_of_service' }],
    ]);
    // The breach and rung 1, due at the same instant, go in one activity; later rungs one each.
    expect(rungs.map((n) => n.activity)).toEqual(['escalateClock', 'sendNotice', 'sendNotice']);
    // Each inside the workflow task its instant woke (Patches.localEscalation, Patches.localRungs).
    expect(rungs.map((n) => n.local)).toEqual([true, true, true]);
    expect(breaches[0].calledAt).toBe(rungs[0].calledAt);
    // Each rung waits for its own instant: rung 2 at due + 2 s, rung 3 at due + 4 s.
    expect(rungs[1].calledAt - started).toBeGreaterThanOrEqual(3_900);
    expect(rungs[2].calledAt - started).toBeGreaterThanOrEqual(5_900);
    expect(notices.map((n) => n.stepKey)).toEqual(
      expect.arrayContaining(['concern.raised#council', 'concern.raised#raiser']),
    );
    expect((await handle.query('concernState')) as { phase: string }).toEqual(
      expect.objectContaining({ phase: 'awaiting_triage', breachedClocks: [i.clocks[0].clockId] }),
    );
    await handle.signal('triageDecided', decide('signpost'));
    expect((await closedResult(handle)).status).toBe('COMPLETED');
  });

  it('waits for a deadline with one timer for the whole wait (Patches.singleTimer)', async () => {
    const i = input(4_000, [0]);
    const handle = await start(i);
    await waitUntil(() => record(i.caseId).breaches.length === 1, 20_000);
    const events = await historyUntil(handle, (e) => e.some(isLocalActivityMarker));
    const escalation = events.findIndex(isLocalActivityMarker);
    expect(escalation).toBeGreaterThan(0);
    const timers = events
      .slice(0, escalation)
      .flatMap((e) => (e.timerStartedEventAttributes ? [e.timerStartedEventAttributes] : []));
    // Before the patch: one timer to 2 s short of the instant, then a second for the rest.
    expect(timers).toHaveLength(1);
    const seconds = Number(timers[0].startToFireTimeout?.seconds ?? 0);
    expect(seconds).toBeGreaterThanOrEqual(3);
    await handle.signal('triageDecided', decide('signpost'));
    expect((await closedResult(handle)).status).toBe('COMPLETED');
  });

  it('escalates inside the workflow task the due instant wakes: a local activity (Patches.localEscalation)', async () => {
    const i = input(2_000, [0]);
    const handle = await start(i);
    await waitUntil(() => record(i.caseId).breaches.length === 1, 20_000);
    const events = await historyUntil(handle, (e) => e.some(isLocalActivityMarker));
    const fired = events.findIndex((e) => e.timerFiredEventAttributes);
    expect(fired).toBeGreaterThan(0);
    const escalation = events.slice(fired);
    // One workflow task runs the step and records it; before the patch, an activity task and a second
    // workflow task for its result.
    expect(escalation.filter((e) => e.workflowTaskCompletedEventAttributes)).toHaveLength(1);
    expect(escalation.filter((e) => e.activityTaskScheduledEventAttributes)).toHaveLength(0);
    expect(escalation.filter(isLocalActivityMarker)).toHaveLength(1);
    expect(record(i.caseId).notices.filter((n) => n.activity === 'escalateClock')).toHaveLength(1);
    expect(await handle.query('concernState')).toEqual(
      expect.objectContaining({ breachedClocks: [i.clocks[0].clockId] }),
    );
    await handle.signal('triageDecided', decide('signpost'));
    expect((await closedResult(handle)).status).toBe('COMPLETED');
  });

  it('hands a failed local escalation to the retried activity, which records the breach and sends the rung', async () => {
    const i = input(2_000, [0]);
    failLocally.add(i.caseId);
    const handle = await start(i);
    await waitUntil(() => record(i.caseId).breaches.length === 1, 20_000);
    await activityCompleted(handle, 'escalateClock', 10_000);
    expect(await scheduledActivities(handle)).toContain('escalateClock');
    const { events } = await handle.fetchHistory();
    expect((events ?? []).filter(isLocalActivityMarker)).toHaveLength(1);
    const rungs = record(i.caseId).notices.filter((n) => n.template === 'clock.escalation');
    expect(rungs.map((n) => [n.stepKey, n.activity])).toEqual([['concern.triage#rung-1', 'escalateClock']]);
    const deadline = Date.now() + 10_000;
    let state = (await handle.query('concernState')) as { breachedClocks: string[] };
    while (state.breachedClocks.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      state = (await handle.query('concernState')) as { breachedClocks: string[] };
    }
    expect(state.breachedClocks).toEqual([i.clocks[0].clockId]);
    await handle.signal('triageDecided', decide('signpost'));
    expect((await closedResult(handle)).status).toBe('COMPLETED');
  });

  it('sends a later rung inside the workflow task its instant wakes: a local activity (Patches.localRungs)', async () => {
    const i = input(2_000, [0, 1_000]);
    const handle = await start(i);
    await waitUntil(
      () => record(i.caseId).notices.some((n) => n.stepKey === 'concern.triage#rung-2'),
      20_000,
    );
    const events = await historyUntil(handle, (e) => e.filter(isLocalActivityMarker).length === 2);
    const fired = events.map((e, k) => (e.timerFiredEventAttributes ? k : -1)).filter((k) => k >= 0);
    // The due instant's timer, then rung 2's.
    expect(fired).toHaveLength(2);
    const rung = events.slice(fired[1]);
    // One workflow task sends it and records it; before the patch, an activity task and a second workflow task.
    expect(rung.filter((e) => e.workflowTaskCompletedEventAttributes)).toHaveLength(1);
    expect(rung.filter((e) => e.activityTaskScheduledEventAttributes)).toHaveLength(0);
    expect(rung.filter(isLocalActivityMarker)).toHaveLength(1);
    const sent = record(i.caseId).notices.filter((n) => n.stepKey === 'concern.triage#rung-2');
    expect(sent.map((n) => [n.activity, n.local])).toEqual([['sendNotice', true]]);
    await handle.signal('triageDecided', decide('signpost'));
    expect((await closedResult(handle)).status).toBe('COMPLETED');
  });

  it('hands a later rung whose local send failed to the retried activity, which sends it once', async () => {
    const i = input(2_000, [0, 1_000]);
    failLocally.add(i.caseId);
    const handle = await start(i);
    await waitUntil(
      () => record(i.caseId).notices.some((n) => n.stepKey === 'concern.triage#rung-2'),
      20_000,
    );
    await activityCompleted(handle, 'sendNotice', 10_000);
    expect(await scheduledActivities(handle)).toEqual(
      expect.arrayContaining(['escalateClock', 'sendNotice']),
    );
    const rungs = record(i.caseId).notices.filter((n) => n.template === 'clock.escalation');
    expect(rungs.map((n) => [n.stepKey, n.activity, n.local])).toEqual([
      ['concern.triage#rung-1', 'escalateClock', false],
      ['concern.triage#rung-2', 'sendNotice', false],
    ]);
    await handle.signal('triageDecided', decide('signpost'));
    expect((await closedResult(handle)).status).toBe('COMPLETED');
  });

  it('stops at once on a decision before the due instant: no breach, no rung, the raiser is told', async () => {
    const i = input(3_000, [0, 1_000]);
    const handle = await start(i);
    await handle.signal('triageDecided', decide('no_further_action'));
    const { status, result } = await closedResult<{ outcome: string }>(handle);
    expect(status).toBe('COMPLETED');
    expect(result).toEqual(expect.objectContaining({ caseId: i.caseId, outcome: 'no_further_action' }));
    await new Promise((r) => setTimeout(r, 4_500));
    const { breaches, notices } = record(i.caseId);
    expect(breaches).toEqual([]);
    expect(notices.map((n) => n.stepKey).sort()).toEqual([
      'concern.decided#raiser',
      'concern.raised#council',
      'concern.raised#raiser',
    ]);
    // The raise notices went together, in one activity; the decision's single notice in its own.
    expect(notices.map((n) => [n.stepKey, n.activity]).sort()).toEqual([
      ['concern.decided#raiser', 'sendNotice'],
      ['concern.raised#council', 'sendNotices'],
      ['concern.raised#raiser', 'sendNotices'],
    ]);
  });

  it('ignores a repeated or contradicting signal: the first decision stands', async () => {
    const i = input(60_000, [0]);
    const handle = await start(i);
    const first = decide('section_42_enquiry');
    await handle.signal('triageDecided', first);
    await handle.signal('triageDecided', first);
    await handle.signal('triageDecided', decide('no_further_action'));
    await waitUntil(
      () => record(i.caseId).notices.some((n) => n.stepKey === 'concern.decided#raiser'),
      10_000,
    );
    expect(await handle.query('concernState')).toEqual(
      expect.objectContaining({ phase: 'enquiry_open', decision: 'section_42_enquiry' }),
    );
    expect(record(i.caseId).notices.filter((n) => n.stepKey === 'concern.decided#raiser')).toHaveLength(1);
    // A Section 42 concern stays open until its enquiry closes.
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await handle.signal('enquiryClosed', { enquiryId: randomUUID(), closedAt: new Date().toISOString() });
    expect(await closedResult(handle)).toEqual({
      status: 'COMPLETED',
      result: expect.objectContaining({ outcome: 'section_42_enquiry' }),
    });
  });
});

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

/** A local activity's result as history records it (the SDK's core marker). */
function isLocalActivityMarker(e: HistoryEvent): boolean {
  return e.markerRecordedEventAttributes?.markerName === 'core_local_activity';
}

/** The workflow's history once `predicate` holds for it (events land after the activity that caused them). */
async function historyUntil(
  handle: WorkflowHandle,
  predicate: (events: HistoryEvent[]) => boolean,
): Promise<HistoryEvent[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const events = (await handle.fetchHistory()).events ?? [];
    if (predicate(events)) return events;
    if (Date.now() > deadline) throw new Error(`history of ${handle.workflowId} never matched`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function waitUntil(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
