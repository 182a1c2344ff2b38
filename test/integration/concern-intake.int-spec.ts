import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { buildConcern } from '../factories/concern.factory';
import { Demo, Stack } from '../support/stack';
import { activityCompleted, describeWhenStarted, scheduledActivities } from '../support/temporal-helpers';

/* Intake over real HTTP, PostgreSQL and Temporal: idempotency, validation and sign-in. */
describe('POST /api/v1/concerns', () => {
  let stack: Stack;
  let lead: string;

  beforeAll(async () => {
    stack = await Stack.start({ name: 'intake' });
    lead = await stack.token(Demo.sunriseLead);
  });
  afterAll(async () => stack?.stop());

  const post = (body: unknown, key: string | null = randomUUID(), token = lead) => {
    const req = stack.http().post('/api/v1/concerns').set('Authorization', `Bearer ${token}`);
    if (key !== null) void req.set('Idempotency-Key', key);
    return req.send(body as object);
  };
  // Concerns only: the early warning may open a provider concern by itself meanwhile (issue 10).
  const caseCount = async () =>
    Number(
      (await stack.sql<{ n: string }>(`select count(*)::text as n from cases where type = 'concern'`))[0].n,
    );

  it('returns the same case for the same key and body, and starts one workflow', async () => {
    const key = randomUUID();
    const body = buildConcern();
    const first = await post(body, key);
    const again = await post(body, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers.location).toBe(`/api/v1/cases/${first.body.id}`);
    const rows = await stack.sql('select id from cases where id = $1', [first.body.id]);
    expect(rows).toHaveLength(1);
    const starts = await stack.sql<{ workflow_id: string }>(
      `select workflow_id from workflow_commands where case_id = $1 and kind = 'start' order by id`,
      [first.body.id],
    );
    // One case workflow, however often the request is sent; it runs the early-warning check itself (ADR 0020).
    expect(starts.map((s) => s.workflow_id)).toEqual([`concern:${first.body.id}`]);
    // The replay showed the case again: a read, audited like any other.
    const replayReads = await stack.sql(
      `select 1 from audit_events where action = 'case.viewed' and subject_id = $1 and details->>'via' = 'idempotent_replay'`,
      [first.body.id],
    );
    expect(replayReads).toHaveLength(1);
    const client = await stack.temporal();
    const handle = client.workflow.getHandle(`concern:${first.body.id}`);
    const description = await describeWhenStarted(handle);
    expect(description.status.name).toBe('RUNNING');
    // Its raise notices (council, raiser, commissioner) go in one activity (Patches.batchedNotices), and
    // the early-warning check for its provider (issue 10) runs beside them.
    await activityCompleted(handle, 'watchProvider');
    expect(await scheduledActivities(handle)).toEqual(['sendNotices', 'watchProvider']);
  });

  it('creates one case when the same request arrives twice at once', async () => {
    const key = randomUUID();
    const body = buildConcern();
    const before = await caseCount();
    const [a, b] = await Promise.all([post(body, key), post(body, key)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(b.body.id);
    expect(await caseCount()).toBe(before + 1);
  });

  it('refuses a reused key with a different body (422) and stores nothing', async () => {
    const key = randomUUID();
    await post(buildConcern(), key).expect(201);
    const before = await caseCount();
    const res = await post(buildConcern({ category: 'financial' }), key);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await caseCount()).toBe(before);
  });

  it('answers bad input with 400 problem+json, one entry per bad field, and stores nothing', async () => {
    const before = await caseCount();
    const res = await post({
      adultAtRisk: { name: '' },
      category: 'gossip',
      summary: 'x',
      occurredAt: 'yesterday',
      immediateRisk: 'yes',
      consent: 'maybe',
    });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual(
      expect.objectContaining({
        status: 400,
        type: '/problems/validation-failed',
        title: 'Your request has errors',
      }),
    );
    const pointers = (res.body.errors as { pointer: string }[]).map((e) => e.pointer).sort();
    expect(pointers).toEqual([
      '#/adultAtRisk/name',
      '#/category',
      '#/consent',
      '#/immediateRisk',
      '#/occurredAt',
    ]);
    expect(await caseCount()).toBe(before);
  });

  it('refuses a date in the future and a non-JSON body', async () => {
    const future = await post(buildConcern({ occurredAt: '2099-01-01T00:00:00Z' }));
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([
      { pointer: '#/occurredAt', detail: 'When it happened must not be in the future' },
    ]);
    const garbage = await stack
      .http()
      .post('/api/v1/concerns')
      .set('Authorization', `Bearer ${lead}`)
      .set('Idempotency-Key', randomUUID())
      .set('Content-Type', 'application/json')
      .send('{"adultAtRisk": ');
    expect(garbage.status).toBe(400);
    expect(garbage.body.type).toBe('/problems/validation-failed');
  });

  it('requires an Idempotency-Key', async () => {
    const before = await caseCount();
    const res = await post(buildConcern(), null);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: 'header:Idempotency-Key' })]);
    expect(await caseCount()).toBe(before);
  });

  it('lets only provider users raise concerns here (a council officer gets 403)', async () => {
    const officer = await stack.token(Demo.officer);
    const res = await post(buildConcern(), randomUUID(), officer);
    expect(res.status).toBe(403);
    expect(res.body.type).toBe('/problems/forbidden');
  });

  it('requires a valid bearer token on every API route but health and docs', async () => {
    expect((await stack.http().post('/api/v1/concerns').send(buildConcern())).status).toBe(401);
    expect(
      (await stack.http().get('/api/v1/cases').set('Authorization', 'Bearer not-a-real-token-at-all-000'))
        .status,
    ).toBe(401);
    expect((await stack.http().get('/api/v1/tasks')).status).toBe(401);
    expect((await stack.http().get('/health')).status).toBe(200);
    expect((await stack.http().get('/api/docs-json')).status).toBe(200);
  });

  it('issues tokens only for the right password, and records the failure', async () => {
    const bad = await stack
      .http()
      .post('/api/v1/auth/token')
      .send({ email: Demo.sunriseLead, password: 'wrong-password' });
    expect(bad.status).toBe(401);
    expect(bad.body.type).toBe('/problems/unauthenticated');
    const good = await stack
      .http()
      .post('/api/v1/auth/token')
      .send({ email: 'LEAD@sunrise-care.example', password: 'demo-password-1' });
    expect(good.status).toBe(200);
    expect(good.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 3600 });
    const failures = await stack.sql(`select 1 from audit_events where action = 'auth.sign_in_failed'`);
    expect(failures.length).toBeGreaterThanOrEqual(1);
  });

  it('revokes the token presented (204), and every token of an account whose password changes', async () => {
    const token = await stack.token(Demo.oakwoodLead);
    const other = await stack.token(Demo.oakwoodLead);
    const revoke = await stack.http().delete('/api/v1/auth/token').set('Authorization', `Bearer ${token}`);
    expect(revoke.status).toBe(204);
    expect((await stack.http().get('/api/v1/cases').set('Authorization', `Bearer ${token}`)).status).toBe(
      401,
    );
    expect(
      (await stack.http().delete('/api/v1/auth/token').set('Authorization', `Bearer ${token}`)).status,
    ).toBe(401);
    // The account's other token still works, until its password changes.
    expect((await stack.http().get('/api/v1/cases').set('Authorization', `Bearer ${other}`)).status).toBe(
      200,
    );
    await stack.sql(`update users set password_hash = password_hash || '' where email = $1`, [
      Demo.oakwoodLead,
    ]);
    expect((await stack.http().get('/api/v1/cases').set('Authorization', `Bearer ${other}`)).status).toBe(
      200,
    );
    // A new password (any different hash) ends every session of the API the account had.
    await stack.sql(`update users set password_hash = '$argon2id$changed' where email = $1`, [
      Demo.oakwoodLead,
    ]);

    expect((await stack.http().get('/api/v1/cases').set('Authorization', `Bearer ${other}`)).status).toBe(
      401,
    );
    const audited = await stack.sql(`select 1 from audit_events where action = 'auth.token_revoked'`);
    expect(audited).toHaveLength(1);
  });
});
