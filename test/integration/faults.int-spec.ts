import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@vigil/config';
import { randomUUID } from 'node:crypto';
import { buildConcern } from '../factories/concern.factory';
import { Demo, fastPolicy, Stack } from '../support/stack';

/*
 * Faults on real parts: the worker stopped mid-case, the SMTP server refusing connections, and Temporal
 * unreachable at intake (the crash window between storing a concern and starting its workflow).
 */
describe('faults', () => {
  let stack: Stack;
  let lead: string;

  beforeAll(async () => {
    stack = await Stack.start({ name: 'faults', policy: fastPolicy() });
    lead = await stack.token(Demo.sunriseLead);
  });
  afterAll(async () => stack?.stop());

  const raise = async (http = stack.http()) => {
    const res = await http
      .post('/api/v1/concerns')
      .set('Authorization', `Bearer ${lead}`)
      .set('Idempotency-Key', randomUUID())
      .send(buildConcern());
    expect(res.status).toBe(201);
    return res.body as { id: string; reference: string };
  };
  const overdue = (reference: string, to: string) => (m: { subject: string; to: string[] }) =>
    m.subject.includes(reference) && m.subject.startsWith('[Vigil] Overdue') && m.to.includes(to);

  it('keeps the clock through a worker restart: every rung arrives once after the worker returns', async () => {
    const created = await raise();
    await stack.stopWorker();
    // Past the due moment (+8 s) and rung 2 (+14 s) while no worker runs.
    await new Promise((r) => setTimeout(r, 16_000));
    expect(
      stack.inbox.mails.filter(
        (m) => m.subject.includes(created.reference) && m.subject.startsWith('[Vigil] Overdue'),
      ),
    ).toEqual([]);
    await stack.startWorker();
    await stack.inbox.waitFor(overdue(created.reference, Demo.officer), { timeoutMs: 20_000 });
    await stack.inbox.waitFor(overdue(created.reference, Demo.manager), { timeoutMs: 20_000 });
    await stack.inbox.waitFor(overdue(created.reference, Demo.head), { timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 2_000));
    for (const who of [Demo.officer, Demo.manager, Demo.head]) {
      expect(stack.inbox.mails.filter(overdue(created.reference, who))).toHaveLength(1);
    }
  });

  it('delays mail while SMTP refuses connections and loses none when it recovers', async () => {
    const created = await raise();
    // Let the raise notices through, then take the SMTP server away before the due moment.
    await stack.inbox.waitFor(
      (m) => m.subject.includes(created.reference) && m.to.includes(Demo.sunriseLead),
    );
    await stack.inbox.stop();
    await new Promise((r) => setTimeout(r, 12_000));
    const failing = await stack.sql<{ attempts: number; last_error: string | null; status: string }>(
      `select attempts, last_error, status from notification_outbox where case_id = $1 and step_key = 'concern.triage#rung-1'`,
      [created.id],
    );
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.every((r) => r.status === 'pending' && r.attempts >= 1 && r.last_error !== null)).toBe(
      true,
    );
    await stack.inbox.start();
    await stack.inbox.waitFor(overdue(created.reference, Demo.officer), { timeoutMs: 60_000 });
    await stack.inbox.waitFor(overdue(created.reference, Demo.manager), { timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 2_000));
    expect(stack.inbox.mails.filter(overdue(created.reference, Demo.officer))).toHaveLength(1);
    const rows = await stack.sql<{ status: string }>(
      `select status from notification_outbox where case_id = $1 and step_key = 'concern.triage#rung-1'`,
      [created.id],
    );
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
  });

  it('leaves no orphan when the workflow cannot be started at intake: the relay starts it', async () => {
    await stack.stopWorker();
    // An API whose Temporal is unreachable: the concern commits, the start stays in the outbox.
    const offline = await Stack.createApi(
      loadConfig({ ...configEnv(stack), TEMPORAL_ADDRESS: '127.0.0.1:9' }),
    );
    try {
      const request = (await import('supertest')).default(offline.getHttpServer());
      const created = await raise(request);
      const [command] = await stack.sql<{ dispatched_at: Date | null; attempts: number }>(
        `select dispatched_at, attempts from workflow_commands where case_id = $1 and kind = 'start' and name = 'concernWorkflow'`,
        [created.id],
      );
      expect(command.dispatched_at).toBeNull();
      const client = await stack.temporal();
      await expect(client.workflow.getHandle(`concern:${created.id}`).describe()).rejects.toThrow();
      await stack.startWorker();
      await stack.inbox.waitFor(overdue(created.reference, Demo.officer), { timeoutMs: 30_000 });
      const [after] = await stack.sql<{ dispatched_at: Date | null }>(
        `select dispatched_at from workflow_commands where case_id = $1 and kind = 'start' and name = 'concernWorkflow'`,
        [created.id],
      );
      expect(after.dispatched_at).not.toBeNull();
      expect((await client.workflow.getHandle(`concern:${created.id}`).describe()).status.name).toBe(
        'RUNNING',
      );
    } finally {
      await offline.close();
    }
  });
});

function configEnv(stack: Stack): Record<string, string> {
  const c = stack.config;
  return {
    NODE_ENV: 'test',
    DATABASE_URL: c.database.url,
    TEMPORAL_TASK_QUEUE: c.temporal.taskQueue,
    TEMPORAL_WORKFLOW_BUNDLE: c.temporal.workflowBundle ?? '',
    SMTP_URL: c.mail.smtpUrl,
    PUBLIC_BASE_URL: c.http.publicBaseUrl,
    LOG_LEVEL: 'silent',
    ...(c.policy.file ? { VIGIL_POLICY_FILE: c.policy.file } : {}),
  };
}
