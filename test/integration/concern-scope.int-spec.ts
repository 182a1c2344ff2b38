import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { buildConcern } from '../factories/concern.factory';
import { Demo, Stack } from '../support/stack';

/* Who may see and do what on a concern: 404 outside scope (before any role check), 403 for the wrong role. */
describe('concern scope and triage decisions', () => {
  let stack: Stack;
  const tokens: Record<string, string> = {};
  let concern: { id: string; tasks: { id: string }[]; version: number };

  beforeAll(async () => {
    stack = await Stack.start({ name: 'scope' });
    for (const [name, email] of Object.entries(Demo)) tokens[name] = await stack.token(email);
    const res = await stack
      .http()
      .post('/api/v1/concerns')
      .set('Authorization', `Bearer ${tokens.sunriseLead}`)
      .set('Idempotency-Key', randomUUID())
      .send(buildConcern());
    concern = res.body;
  });
  afterAll(async () => stack?.stop());

  const get = (token: string, path: string) => stack.http().get(path).set('Authorization', `Bearer ${token}`);
  const complete = (token: string, body: object, caseId = concern.id, taskId = concern.tasks[0].id) =>
    stack
      .http()
      .post(`/api/v1/cases/${caseId}/tasks/${taskId}/complete`)
      .set('Authorization', `Bearer ${token}`)
      .send(body);

  it('gives another provider 404 on every route of the case, even with a valid body, and audits it', async () => {
    const read = await get(tokens.oakwoodLead, `/api/v1/cases/${concern.id}`);
    const missing = await get(tokens.oakwoodLead, `/api/v1/cases/${randomUUID()}`);
    expect(read.status).toBe(404);
    expect(read.body).toEqual({ ...missing.body, instance: read.body.instance });
    expect((await complete(tokens.oakwoodLead, { decision: 'signpost', rationale: 'x' })).status).toBe(404);
    expect((await complete(tokens.oakwoodLead, {})).status).toBe(404);
    const refusals = await stack.sql(
      `select details from audit_events where action = 'case.access_refused' and subject_id = $1`,
      [concern.id],
    );
    expect(refusals.length).toBeGreaterThanOrEqual(3);
  });

  it('lists only what each user may see', async () => {
    const own = await get(tokens.sunriseLead, '/api/v1/cases?type=concern');
    const other = await get(tokens.oakwoodLead, '/api/v1/cases?type=concern');
    const council = await get(tokens.officer, '/api/v1/cases?type=concern&status=awaiting_triage');
    expect(own.body.items.map((c: { id: string }) => c.id)).toContain(concern.id);
    expect(other.body).toEqual({ items: [], total: 0 });
    expect(council.body.items.map((c: { id: string }) => c.id)).toContain(concern.id);
    expect((await get(tokens.lado, `/api/v1/cases/${concern.id}`)).status).toBe(404);
    // The commissioner sees it without the adult's identity (DOMAIN §7).
    const commissioner = await get(tokens.commissioner, `/api/v1/cases/${concern.id}`);
    expect(commissioner.status).toBe(200);
    expect(commissioner.body.masked).toBe(true);
    expect((await get(tokens.officer, '/api/v1/cases?status=nonsense')).status).toBe(400);
  });

  it('shows the provider the council’s decision clock', async () => {
    const res = await get(tokens.sunriseLead, `/api/v1/cases/${concern.id}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.tasks).toEqual([
      expect.objectContaining({
        type: 'triage_decision',
        assignedRole: 'assignee',
        dueAt: expect.any(String),
      }),
      // The provider's own duty after a concern (Std 6.5), on the default policy.
      expect.objectContaining({ type: 'care_plan_review', assignedRole: 'provider_manager' }),
    ]);
    expect(res.body.clocks[0]).toEqual(expect.objectContaining({ name: 'concern.triage', state: 'running' }));
  });

  it('puts the triage task in the officer’s work queue', async () => {
    const res = await get(tokens.officer, '/api/v1/tasks');
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { caseId: string }) => i.caseId)).toContain(concern.id);
    // The provider's queue holds the provider's own tasks only, never the council's triage.
    const provider = (await get(tokens.sunriseLead, '/api/v1/tasks')).body as {
      items: { task: { type: string } }[];
    };
    expect(provider.items.map((i) => i.task.type)).toEqual(['care_plan_review']);
  });

  it('refuses the decision to the provider (403) and bad input (400), changing nothing', async () => {
    const provider = await complete(tokens.sunriseLead, {
      decision: 'no_further_action',
      rationale: 'We think it is fine',
    });
    expect(provider.status).toBe(403);
    const bad = await complete(tokens.officer, { decision: 'maybe' });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { pointer: string }[]).map((e) => e.pointer).sort()).toEqual([
      '#/decision',
      '#/rationale',
    ]);
    // A task that is not on this case, or not a task ID at all, is not found (never a 500).
    for (const taskId of [randomUUID(), 'not-a-task-id']) {
      const missing = await complete(
        tokens.officer,
        { decision: 'signpost', rationale: 'Signposted to the GP' },
        concern.id,
        taskId,
      );
      expect(missing.status).toBe(404);
      expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    const stale = await stack
      .http()
      .post(`/api/v1/cases/${concern.id}/tasks/${concern.tasks[0].id}/complete`)
      .set('Authorization', `Bearer ${tokens.officer}`)
      .set('If-Match', '"99"')
      .send({ decision: 'signpost', rationale: 'Signposted to the GP' });
    expect(stale.status).toBe(409);
    const [row] = await stack.sql<{ status: string }>('select status from cases where id = $1', [concern.id]);
    expect(row.status).toBe('awaiting_triage');
  });

  it('records the decision with the current version, then answers 409 to a second one', async () => {
    const res = await stack
      .http()
      .post(`/api/v1/cases/${concern.id}/tasks/${concern.tasks[0].id}/complete`)
      .set('Authorization', `Bearer ${tokens.manager}`)
      .set('If-Match', `"${concern.version}"`)
      .send({ decision: 'signpost', rationale: 'Signposted to the GP and the care review' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('closed');
    expect(res.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['concern.raised', 'concern.triaged', 'case.closed']),
    );
    const again = await complete(tokens.officer, {
      decision: 'section_42_enquiry',
      rationale: 'Changed my mind',
    });
    expect(again.status).toBe(409);
    const raiser = await get(tokens.sunriseLead, `/api/v1/cases/${concern.id}`);
    expect(raiser.body.details.decision).toBe('signpost');
    await stack.inbox.waitFor(
      (m) => m.to.includes(Demo.sunriseLead) && m.subject.startsWith('[Vigil] Triage decision recorded'),
    );
  });

  it('audits every read of a case', async () => {
    const before = await stack.sql(
      `select 1 from audit_events where action = 'case.viewed' and subject_id = $1`,
      [concern.id],
    );
    await get(tokens.officer, `/api/v1/cases/${concern.id}`).expect(200);
    const after = await stack.sql(
      `select actor_role from audit_events where action = 'case.viewed' and subject_id = $1`,
      [concern.id],
    );
    expect(after.length).toBe(before.length + 1);
  });
});
