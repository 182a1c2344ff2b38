import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { CANARY } from '../factories/concern.factory';
import { CaseApi, type CaseBody } from '../support/case-api';
import { Demo, fastPolicy, Stack } from '../support/stack';
import { closedResult, describeWhenStarted } from '../support/temporal-helpers';

/*
 * Complaints (issue 9) on real parts: PostgreSQL, the Temporal dev server, the worker with real activities
 * and an SMTP server in this process. The social worker's 24-hour notice is seconds long here, on the
 * provider ladder (the provider lead, then the commissioner); the other clocks are minutes away.
 */
const policy = fastPolicy({
  'complaint.social_worker_notice': {
    due: { duration: 'PT4S' },
    escalations: [
      { after: 'PT0S', to: 'assignee' },
      { after: 'PT3S', to: 'commissioner' },
    ],
  },
  'complaint.acknowledge': { due: { duration: 'PT10M' }, escalations: [{ after: 'PT0S', to: 'assignee' }] },
  'complaint.respond': { due: { duration: 'PT10M' }, escalations: [{ after: 'PT0S', to: 'assignee' }] },
  'complaint.share_outcome': { due: { duration: 'PT10M' }, escalations: [{ after: 'PT0S', to: 'assignee' }] },
});

// Received just now: the clocks run from receipt, and these are seconds and minutes long.
const complaint = (overrides: Record<string, unknown> = {}) => ({
  receivedAt: new Date().toISOString(),
  affectsCare: true,
  complainantRelationship: 'The person’s daughter',
  summary: `${CANARY} complaint: evening calls cut short`,
  ...overrides,
});

describe('complaint', () => {
  let stack: Stack;
  let api: CaseApi;

  beforeAll(async () => {
    stack = await Stack.start({ name: 'complaint', policy });
    api = await new CaseApi(stack).signIn(Object.values(Demo));
  });
  afterAll(async () => stack?.stop());

  const as = (email: string) => api.as(email);
  const record = async (body: object = complaint()): Promise<CaseBody> => {
    const res = await as(Demo.sunriseLead)
      .post('/api/v1/complaints', body)
      .set('Idempotency-Key', randomUUID());
    expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({
      status: 201,
      body: null,
    });
    return res.body as CaseBody;
  };
  const openTask = (c: CaseBody, type: string) => api.openTask(c, type);
  const complete = (email: string, c: CaseBody, type: string, body: object, expected = 200) =>
    api.complete(email, c, type, body, expected);
  const overdue = (reference: string, to: string) => (m: { subject: string; to: string[] }) =>
    m.subject.includes(reference) && m.subject.startsWith('[Vigil] Overdue') && m.to.includes(to);
  const today = () => new Date().toISOString().slice(0, 10);

  it('records a complaint that affects care with its three first steps and clocks, in its own workflow', async () => {
    const c = await record();
    expect(c.type).toBe('complaint');
    expect(c.status).toBe('received');
    expect(c.tasks.map((t) => [t.type, t.assignedRole]).sort()).toEqual([
      ['acknowledge', 'provider_manager'],
      ['notify_social_worker', 'provider_manager'],
      ['respond', 'provider_manager'],
    ]);
    expect(c.clocks.map((k) => k.name).sort()).toEqual([
      'complaint.acknowledge',
      'complaint.respond',
      'complaint.social_worker_notice',
    ]);
    const handle = (await stack.temporal()).workflow.getHandle(`complaint:${c.id}`);
    expect((await describeWhenStarted(handle)).type).toBe('complaintWorkflow');
    // One that does not affect care owes no notice.
    const other = await record(complaint({ affectsCare: false }));
    expect(other.tasks.map((t) => t.type).sort()).toEqual(['acknowledge', 'respond']);
  });

  it('runs its clocks from when it was received, not from when it was recorded', async () => {
    const receivedAt = new Date(Date.now() - 120_000);
    const c = await record(complaint({ receivedAt: receivedAt.toISOString() }));
    const clock = (name: string) => c.clocks.find((k) => k.name === name)!;
    const dueIn = (name: string) => Date.parse(clock(name).dueAt) - receivedAt.getTime();
    expect(dueIn('complaint.social_worker_notice')).toBe(4_000);
    expect(dueIn('complaint.acknowledge')).toBe(600_000);
    expect(dueIn('complaint.respond')).toBe(600_000);
    // Its 4-second notice was due before it was recorded: the lead is chased at once.
    const recordedAt = Date.now();
    await stack.inbox.waitFor(overdue(c.reference, Demo.sunriseLead), { timeoutMs: 20_000 });
    expect(Date.now() - recordedAt).toBeLessThan(20_000);
    // A receipt a little ahead of the server's clock counts from the recording.
    const ahead = await record(complaint({ receivedAt: new Date(Date.now() + 60_000).toISOString() }));
    const notice = ahead.clocks.find((k) => k.name === 'complaint.social_worker_notice')!;
    expect(Date.parse(notice.dueAt) - Date.now()).toBeLessThanOrEqual(4_000);
    expect(Date.parse(notice.dueAt) - Date.now()).toBeGreaterThan(0);
  });

  it('escalates a missed 24-hour notice to the provider lead, then the commissioner, by reference only', async () => {
    const c = await record();
    const [toLead] = await stack.inbox.waitFor(overdue(c.reference, Demo.sunriseLead), { timeoutMs: 20_000 });
    expect(toLead.subject).toBe(`[Vigil] Overdue: notice to the social worker for ${c.reference}`);
    await stack.inbox.waitFor(overdue(c.reference, Demo.commissioner), { timeoutMs: 20_000 });
    expect(
      stack.inbox.mails.filter((m) => m.subject.includes(c.reference) && m.raw.includes(CANARY)),
    ).toEqual([]);
    const after = (await as(Demo.sunriseLead).get(`/api/v1/cases/${c.id}`)).body as CaseBody;
    expect(after.clocks.find((k) => k.name === 'complaint.social_worker_notice')?.state).toBe('breached');
  });

  it('stays silent for a notice given in time', async () => {
    const c = await record();
    const done = await complete(Demo.sunriseLead, c, 'notify_social_worker', {
      notifiedAt: new Date().toISOString(),
      method: 'phone',
    });
    expect(done.details.socialWorkerMethod).toBe('phone');
    // Past its due moment (4 s) and its first rung: nobody is chased.
    await new Promise((r) => setTimeout(r, 8_000));
    expect(stack.inbox.mails.filter(overdue(c.reference, Demo.sunriseLead))).toEqual([]);
    const after = (await as(Demo.sunriseLead).get(`/api/v1/cases/${c.id}`)).body as CaseBody;
    expect(after.clocks.find((k) => k.name === 'complaint.social_worker_notice')?.state).toBe('met');
    // A notice needs when and how.
    const again = await record();
    const bad = await complete(Demo.sunriseLead, again, 'notify_social_worker', { method: 'pigeon' }, 400);
    expect(bad.errors?.map((e) => e.pointer).sort()).toEqual(['#/method', '#/notifiedAt']);
  });

  it('moves the response date to one agreed, with a reason, keeping the original on record', async () => {
    const c = await record(complaint({ affectsCare: false }));
    const original = openTask(c, 'respond');
    const agreed = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    const extend = (email: string, taskId: string, body: object) =>
      as(email).post(`/api/v1/cases/${c.id}/tasks/${taskId}/extend`, body);
    expect((await extend(Demo.sunriseLead, original.id, { dueOn: agreed })).status).toBe(400);
    expect((await extend(Demo.officer, original.id, { dueOn: agreed, reason: 'x' })).status).toBe(403);
    // The acknowledgement is statutory: it cannot be moved.
    expect(
      (await extend(Demo.sunriseLead, openTask(c, 'acknowledge').id, { dueOn: agreed, reason: 'x' })).status,
    ).toBe(409);
    const res = await extend(Demo.sunriseLead, original.id, {
      dueOn: agreed,
      reason: 'The complainant asked for time to gather letters',
    });
    expect(res.status).toBe(200);
    const moved = res.body as CaseBody;
    const old = moved.tasks.find((t) => t.id === original.id);
    expect(old).toEqual(
      expect.objectContaining({
        status: 'cancelled',
        dueAt: original.dueAt,
        submission: expect.objectContaining({
          extendedTo: agreed,
          reason: 'The complainant asked for time to gather letters',
        }),
      }),
    );
    const next = openTask(moved, 'respond');
    expect(next.id).not.toBe(original.id);
    expect(new Date(next.dueAt ?? '').getTime()).toBeGreaterThan(new Date(original.dueAt ?? '').getTime());
    expect(moved.timeline.find((e) => e.kind === 'task.extended')?.details).toEqual(
      expect.objectContaining({ taskType: 'respond', fromDueAt: original.dueAt, toDueOn: agreed }),
    );
    const respondClocks = moved.clocks.filter((k) => k.name === 'complaint.respond');
    expect(respondClocks.map((k) => k.state).sort()).toEqual(['cancelled', 'running']);
    // The replaced task cannot be moved again.
    expect((await extend(Demo.sunriseLead, original.id, { dueOn: agreed, reason: 'again' })).status).toBe(
      409,
    );
  });

  it('responds, shares the outcome and closes; closing early names the open steps', async () => {
    const c = await record();
    let x = await complete(Demo.sunriseLead, c, 'acknowledge', { acknowledgedOn: today() });
    expect(x.status).toBe('acknowledged');
    x = await complete(Demo.sunriseLead, x, 'notify_social_worker', {
      notifiedAt: new Date().toISOString(),
      method: 'email',
    });
    // Only the provider responds.
    await complete(Demo.officer, x, 'respond', { respondedOn: today(), outcome: 'upheld' }, 403);
    x = await complete(Demo.sunriseLead, x, 'respond', { respondedOn: today(), outcome: 'partly_upheld' });
    expect(x.status).toBe('responded');
    const share = openTask(x, 'share_outcome');
    const early = await as(Demo.sunriseLead).post(`/api/v1/cases/${c.id}/close`, {
      rationale: 'Resolved',
      outcome: 'partly_upheld',
      resolvedAtProviderStage: true,
    });
    expect(early.status).toBe(409);
    expect((early.body as CaseBody).errors?.map((e) => e.pointer)).toEqual([`#/tasks/${share.id}`]);
    x = await complete(Demo.sunriseLead, x, 'share_outcome', { sharedOn: today() });
    const missing = await as(Demo.sunriseLead).post(`/api/v1/cases/${c.id}/close`, {
      rationale: 'Resolved',
      outcome: 'partly_upheld',
    });
    expect(missing.status).toBe(400);
    expect((missing.body as CaseBody).errors?.map((e) => e.pointer)).toEqual(['#/resolvedAtProviderStage']);
    expect(
      (
        await as(Demo.commissioner).post(`/api/v1/cases/${c.id}/close`, {
          rationale: 'Resolved',
          outcome: 'upheld',
          resolvedAtProviderStage: true,
        })
      ).status,
    ).toBe(403);
    const closed = await as(Demo.sunriseLead).post(`/api/v1/cases/${c.id}/close`, {
      rationale: 'Apology given and rota changed',
      outcome: 'partly_upheld',
      resolvedAtProviderStage: true,
    });
    expect(closed.status).toBe(200);
    const body = closed.body as CaseBody;
    expect(body.status).toBe('closed');
    expect(body.details).toEqual(
      expect.objectContaining({ outcome: 'partly_upheld', resolvedAtProviderStage: true, sharedOn: today() }),
    );
    expect(await closedResult((await stack.temporal()).workflow.getHandle(`complaint:${c.id}`))).toEqual({
      status: 'COMPLETED',
      result: expect.objectContaining({ outcome: 'partly_upheld' }),
    });
  });

  it('is seen by its provider, the council and the commissioner; recorded only by a provider lead; validated', async () => {
    const c = await record();
    for (const email of [Demo.sunriseLead, Demo.officer, Demo.manager, Demo.commissioner]) {
      expect({ email, status: (await as(email).get(`/api/v1/cases/${c.id}`)).status }).toEqual({
        email,
        status: 200,
      });
    }
    for (const email of [Demo.oakwoodLead, Demo.lado]) {
      const res = await as(email).get(`/api/v1/cases/${c.id}`);
      expect({ email, status: res.status }).toEqual({ email, status: 404 });
      expect(JSON.stringify(res.body)).not.toContain(c.reference);
    }
    const refused = await as(Demo.officer)
      .post('/api/v1/complaints', complaint())
      .set('Idempotency-Key', randomUUID());
    expect(refused.status).toBe(403);
    const bad = await as(Demo.sunriseLead)
      .post('/api/v1/complaints', {
        receivedAt: new Date(Date.now() + 86_400_000).toISOString(),
        affectsCare: 'yes',
        summary: '',
      })
      .set('Idempotency-Key', randomUUID());
    expect(bad.status).toBe(400);
    expect((bad.body as CaseBody).errors?.map((e) => e.pointer).sort()).toEqual([
      '#/affectsCare',
      '#/complainantRelationship',
      '#/receivedAt',
      '#/summary',
    ]);
    const key = randomUUID();
    const body = complaint();
    const first = await as(Demo.sunriseLead).post('/api/v1/complaints', body).set('Idempotency-Key', key);
    const second = await as(Demo.sunriseLead).post('/api/v1/complaints', body).set('Idempotency-Key', key);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers['idempotent-replayed']).toBe('true');
  });
});
