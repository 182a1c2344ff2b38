import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client } from '@temporalio/client';
import type { CaseWorkflowState } from '@vigil/contracts';
import { reconcile, sendWorkflowCommand, type ReconcileReport } from '@vigil/temporal';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { buildConcern } from '../factories/concern.factory';
import { Demo, fastPolicy, Stack } from '../support/stack';

/*
 * The reconciler (`npm run reconcile`): an open case whose workflow was terminated or deleted gets it
 * started again through the command outbox, carrying on from the case as stored (a rung already sent is not
 * sent again); a workflow with no case is reported, and terminated only when asked.
 */
describe('reconciler', () => {
  let stack: Stack;
  let client: Client;
  let lead: string;

  beforeAll(async () => {
    stack = await Stack.start({ name: 'reconcile', policy: fastPolicy() });
    client = await stack.temporal();
    lead = await stack.token(Demo.sunriseLead);
  });
  afterAll(async () => stack?.stop());

  const run = (options: { dryRun?: boolean; terminateOrphans?: boolean } = {}): Promise<ReconcileReport> =>
    reconcile({
      databaseUrl: stack.databaseUrl,
      client,
      taskQueue: stack.config.temporal.taskQueue,
      ...options,
    });

  const raise = async (body = buildConcern()) => {
    const res = await stack
      .http()
      .post('/api/v1/concerns')
      .set('Authorization', `Bearer ${lead}`)
      .set('Idempotency-Key', randomUUID())
      .send(body);
    expect(res.status).toBe(201);
    return { ...(res.body as { id: string; reference: string }), adultName: body.adultAtRisk.name };
  };

  const status = async (workflowId: string): Promise<string> => {
    try {
      return (await client.workflow.getHandle(workflowId).describe()).status.name;
    } catch {
      return 'missing';
    }
  };

  const until = async (what: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!(await what())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  const mails = (reference: string, step: string) =>
    stack.inbox.mails.filter(
      (m) => m.headers['x-vigil-reference'] === reference && m.headers['x-vigil-step'] === step,
    );

  it('restarts a terminated and a deleted workflow of open cases, and reports an orphan until told to terminate it', async () => {
    const terminated = await raise();
    const deleted = await raise();
    const wf = (id: string) => `concern:${id}`;
    await until(async () => (await status(wf(terminated.id))) === 'RUNNING');
    await until(async () => (await status(wf(deleted.id))) === 'RUNNING');
    // The first rung (+8 s) goes out, then the workflow is terminated: the restart must carry on from there.
    await stack.inbox.waitFor(
      (m) =>
        m.headers['x-vigil-reference'] === terminated.reference && m.subject.startsWith('[Vigil] Overdue'),
      { timeoutMs: 30_000 },
    );
    await client.workflow.getHandle(wf(terminated.id)).terminate('test: lost workflow');
    await client.workflowService.deleteWorkflowExecution({
      namespace: stack.config.temporal.namespace,
      workflowExecution: { workflowId: wf(deleted.id) },
    });
    await until(async () => (await status(wf(deleted.id))) === 'missing');
    // A workflow with no case: as after PostgreSQL was restored to a point before the case was stored.
    const orphanId = `concern:${randomUUID()}`;
    await client.workflow.start('concernWorkflow', {
      workflowId: orphanId,
      taskQueue: stack.config.temporal.taskQueue,
      args: [
        {
          caseId: orphanId.slice('concern:'.length),
          caseType: 'concern',
          policy: { name: 'fast-test', version: '1' },
          status: 'awaiting_triage',
          clocks: [],
          notices: [],
        },
      ],
    });
    await until(async () => (await status(orphanId)) === 'RUNNING');

    // A dry run finds both and the orphan, and changes nothing.
    const dry = await run({ dryRun: true });
    expect(dry.ok).toBe(false);
    expect(dry.restarts.map((r) => [r.reference, r.found, r.outcome]).sort()).toEqual(
      [
        [terminated.reference, 'TERMINATED', 'would restart'],
        [deleted.reference, 'missing', 'would restart'],
      ].sort(),
    );
    await until(async () => (await run({ dryRun: true })).orphans.length === 1);
    expect(await status(wf(terminated.id))).toBe('TERMINATED');

    // The script: counts, references and IDs, never the adult's name; exit 1 while something is unfixed.
    const script = spawnSync(
      process.execPath,
      ['-r', '@swc-node/register', 'scripts/reconcile.ts', '--dry-run'],
      {
        cwd: path.resolve(__dirname, '../..'),
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH ?? '',
          DATABASE_URL: stack.databaseUrl,
          TEMPORAL_ADDRESS: stack.config.temporal.address,
          TEMPORAL_TASK_QUEUE: stack.config.temporal.taskQueue,
        },
      },
    );
    expect(script.status).toBe(1);
    const printed = script.stdout + script.stderr;
    expect(printed).toContain(terminated.reference);
    expect(printed).toContain(deleted.reference);
    expect(printed).toContain(orphanId);
    expect(printed).not.toContain(terminated.adultName);
    expect(printed).not.toContain(deleted.adultName);

    // The real run: both started again through the outbox; the orphan only reported, so still not ok.
    const fixed = await run();
    expect(fixed.restarts.map((r) => r.outcome)).toEqual(['delivered', 'delivered']);
    expect(fixed.orphans).toEqual([{ workflowId: orphanId, outcome: 'reported' }]);
    expect(fixed.ok).toBe(false);
    expect(await status(wf(terminated.id))).toBe('RUNNING');
    expect(await status(wf(deleted.id))).toBe('RUNNING');
    const commands = await stack.sql<{ kind: string; dispatched: boolean; restart: boolean }>(
      `select kind, dispatched_at is not null as dispatched, payload ? 'reconcile' as restart
         from workflow_commands where case_id = $1 order by id`,
      [terminated.id],
    );
    expect(commands).toEqual([
      { kind: 'start', dispatched: true, restart: false },
      { kind: 'start', dispatched: true, restart: true },
    ]);
    // The new run holds the case as stored: its status and its running triage clock.
    const state = await client.workflow.getHandle(wf(terminated.id)).query<CaseWorkflowState>('caseState');
    const [clock] = await stack.sql<{ id: string }>(`select id from clocks where case_id = $1`, [
      terminated.id,
    ]);
    expect(state).toMatchObject({ status: 'awaiting_triage', closed: false });
    expect(state.runningClocks).toEqual([clock.id]);

    // Delivering the restart again (a relay's repeat) starts no second run.
    const [restart] = await stack.sql<{
      workflow_id: string;
      kind: 'start';
      name: string;
      payload: Record<string, unknown>;
    }>(
      `select workflow_id, kind, name, payload from workflow_commands where case_id = $1 and payload ? 'reconcile'`,
      [terminated.id],
    );
    expect(await sendWorkflowCommand(client, stack.config.temporal.taskQueue, restart)).toBe('already');
    // Nothing left to restart; the orphan goes only with --terminate-orphans.
    const again = await run();
    expect(again.restarts).toEqual([]);
    const terminating = await run({ terminateOrphans: true });
    expect(terminating.orphans).toEqual([{ workflowId: orphanId, outcome: 'terminated' }]);
    expect(terminating.ok).toBe(true);
    expect(await status(orphanId)).toBe('TERMINATED');

    // The restarted ladder carries on: rungs 2 (+14 s) and 3 (+20 s) arrive once, rung 1 is not sent again,
    // and the raise notices are not repeated.
    await stack.inbox.waitFor(
      (m) => m.headers['x-vigil-reference'] === terminated.reference && m.to.includes(Demo.head),
      { timeoutMs: 30_000 },
    );
    await new Promise((r) => setTimeout(r, 2_000));
    for (const step of ['concern.triage#rung-1', 'concern.triage#rung-2', 'concern.triage#rung-3']) {
      const sent = mails(terminated.reference, step);
      expect(sent.length).toBeGreaterThan(0);
      expect(new Set(sent.flatMap((m) => m.to)).size).toBe(sent.flatMap((m) => m.to).length);
    }
    for (const step of ['concern.raised#council', 'concern.raised#raiser']) {
      const sent = mails(terminated.reference, step);
      expect(new Set(sent.flatMap((m) => m.to)).size).toBe(sent.flatMap((m) => m.to).length);
    }
    // The deleted case's workflow, started afresh, sends its raise notices no second time either.
    const raisedAgain = mails(deleted.reference, 'concern.raised#raiser');
    expect(raisedAgain).toHaveLength(1);
    expect((await run({ dryRun: true })).ok).toBe(true);
  });
});
