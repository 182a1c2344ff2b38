import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { verifyAuditChain } from '@vigil/audit';
import { randomUUID } from 'node:crypto';
import { buildConcern } from '../factories/concern.factory';
import { Elsewhere, seedOtherCouncil } from '../support/other-council';
import { Demo, Stack } from '../support/stack';

/* Lockout, rate limits, break-glass and the audit trail API, through HTTP on real PostgreSQL. */
describe('access control', () => {
  let stack: Stack;
  const tokens: Record<string, string> = {};
  let riverside: { id: string; tasks: { id: string }[] };
  let eastshire: { id: string; reference: string };

  beforeAll(async () => {
    stack = await Stack.start({ name: 'access', env: { LOCKOUT_THRESHOLD: '3', LOCKOUT_BASE_SECONDS: '2' } });
    await seedOtherCouncil(stack);
    for (const [name, email] of Object.entries({
      ...Demo,
      auditor: 'auditor@riverside.example',
      eastLead: Elsewhere.lead,
    })) {
      tokens[name] = await stack.token(email);
    }
    const raise = (token: string) =>
      stack
        .http()
        .post('/api/v1/concerns')
        .set('Authorization', `Bearer ${token}`)
        .set('Idempotency-Key', randomUUID())
        .send(buildConcern());
    riverside = (await raise(tokens.sunriseLead)).body;
    eastshire = (await raise(tokens.eastLead)).body;
  });
  afterAll(async () => stack?.stop());

  const as = (who: string) => ({
    get: (path: string) => stack.http().get(path).set('Authorization', `Bearer ${tokens[who]}`),
    post: (path: string, body: object = {}) =>
      stack.http().post(path).set('Authorization', `Bearer ${tokens[who]}`).send(body),
  });

  describe('lockout with back-off', () => {
    it('locks the account after repeated failures, refuses even the right password, then lets it in again', async () => {
      const email = 'head@riverside.example';
      for (let i = 0; i < 3; i += 1) {
        expect(
          (await stack.http().post('/api/v1/auth/token').send({ email, password: 'not-the-password' }))
            .status,
        ).toBe(401);
      }
      const locked = await stack
        .http()
        .post('/api/v1/auth/token')
        .send({ email, password: 'demo-password-1' });
      expect(locked.status).toBe(401);
      const [user] = await stack.sql<{ failed_sign_ins: number; locked: boolean }>(
        // Locked over the last guess (the test's lockout is 2 s: on a busy machine it may be over by now).
        `select failed_sign_ins,
                locked_until > (select max(at) from audit_events
                                 where action = 'auth.sign_in_failed' and actor_user_id = u.id) as locked
           from users u where email = $1`,
        [email],
      );
      expect(user).toEqual({ failed_sign_ins: 3, locked: true });
      const reasons = await stack.sql<{ reason: string }>(
        `select details->>'reason' as reason from audit_events where action = 'auth.sign_in_failed' and actor_user_id = (select id from users where email = $1) order by id`,
        [email],
      );
      expect(reasons.map((r) => r.reason)).toEqual([
        'bad_password',
        'bad_password',
        'bad_password',
        'locked',
      ]);
      await new Promise((r) => setTimeout(r, 2_500));
      expect(
        (await stack.http().post('/api/v1/auth/token').send({ email, password: 'demo-password-1' })).status,
      ).toBe(200);
    });
  });

  describe('parallel guesses', () => {
    it('counts every guess of a burst: once the threshold is reached the rest meet the lock', async () => {
      const email = `burst-${randomUUID().slice(0, 8)}@riverside.example`;
      await stack.sql(
        `insert into users (id, email, display_name, password_hash, organisation_id, role, team_id, active, created_at)
         select gen_random_uuid(), $1, 'Burst test', password_hash, organisation_id, 'council_officer', team_id, true, now()
           from users where email = $2`,
        [email, Demo.officer],
      );
      const guesses = await Promise.all(
        Array.from({ length: 10 }, () =>
          stack.http().post('/api/v1/auth/token').send({ email, password: 'not-the-password' }),
        ),
      );
      expect(guesses.map((g) => g.status)).toEqual(Array(10).fill(401));
      const reasons = await stack.sql<{ reason: string }>(
        `select details->>'reason' as reason from audit_events
          where action = 'auth.sign_in_failed' and actor_user_id = (select id from users where email = $1)`,
        [email],
      );
      // Threshold 3: three bad passwords counted, seven refused as locked (a lock check before the count
      // would have let all ten through as "bad password", and a right one among them in).
      expect(reasons.map((r) => r.reason).sort()).toEqual([
        ...Array(3).fill('bad_password'),
        ...Array(7).fill('locked'),
      ]);
      const [user] = await stack.sql<{ failed_sign_ins: number; locked: boolean }>(
        // Locked over the last guess (the test's lockout is 2 s: on a busy machine it may be over by now).
        `select failed_sign_ins,
                locked_until > (select max(at) from audit_events
                                 where action = 'auth.sign_in_failed' and actor_user_id = u.id) as locked
           from users u where email = $1`,
        [email],
      );
      expect(user).toEqual({ failed_sign_ins: 3, locked: true });
    });
  });

  describe('rate limits', () => {
    it('answers 429 problem+json after 30 sign-in attempts a minute from one address for one account', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 31; i += 1) {
        statuses.push(
          (
            await stack
              .http()
              .post('/api/v1/auth/token')
              .send({ email: 'nobody@nowhere.example', password: 'x' })
          ).status,
        );
      }
      expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
      const last = await stack
        .http()
        .post('/api/v1/auth/token')
        .send({ email: 'nobody@nowhere.example', password: 'x' });
      expect(last.status).toBe(429);
      expect(last.headers['content-type']).toMatch(/problem\+json/);
      // Another account from the same address is not affected.
      expect(
        (
          await stack
            .http()
            .post('/api/v1/auth/token')
            .send({ email: Demo.oakwoodLead, password: 'demo-password-1' })
        ).status,
      ).toBe(200);
    });
  });

  describe('accounts whose role does not fit their organisation', () => {
    it('signs nobody in as a council role at a provider: the account is refused, not given the council', async () => {
      expect((await as('oakwoodLead').get('/api/v1/cases')).status).toBe(200);
      await stack.sql(`update users set role = 'council_officer' where email = $1`, [Demo.oakwoodLead]);
      try {
        const res = await as('oakwoodLead').get('/api/v1/cases');
        expect(res.status).toBe(401);
        expect(res.text).not.toContain(riverside.id);
      } finally {
        await stack.sql(`update users set role = 'provider_lead' where email = $1`, [Demo.oakwoodLead]);
      }
      expect((await as('oakwoodLead').get('/api/v1/cases')).status).toBe(200);
    });
  });

  describe('break-glass', () => {
    it('refuses other roles (404 outside their scope, then 403) and a missing reason (400), and 404s an unknown case', async () => {
      const ask = (who: string, caseId: string) =>
        as(who).post(`/api/v1/cases/${caseId}/break-glass`, { reason: 'Needed for a strategy meeting' });
      expect((await ask('officer', eastshire.id)).status).toBe(404);
      expect((await ask('sunriseLead', eastshire.id)).status).toBe(404);
      expect((await ask('officer', riverside.id)).status).toBe(403);
      expect((await ask('sunriseLead', riverside.id)).status).toBe(403);
      const noReason = await as('manager').post(`/api/v1/cases/${eastshire.id}/break-glass`, { reason: '' });
      expect(noReason.status).toBe(400);
      expect(noReason.body.errors).toEqual([expect.objectContaining({ pointer: '#/reason' })]);
      expect(
        (
          await as('manager').post(`/api/v1/cases/${randomUUID()}/break-glass`, {
            reason: 'Needed for a strategy meeting',
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await as('manager').post(`/api/v1/cases/${riverside.id}/break-glass`, {
            reason: 'Needed for a strategy meeting',
          })
        ).status,
      ).toBe(409);
    });

    it('opens a case outside scope for a limited time, shows it, audits it and tells the line manager', async () => {
      expect((await as('manager').get(`/api/v1/cases/${eastshire.id}`)).status).toBe(404);
      const granted = await as('manager').post(`/api/v1/cases/${eastshire.id}/break-glass`, {
        reason: 'Adult moved into our area overnight; police strategy call at 9am',
      });
      expect(granted.status).toBe(201);
      const minutes = (Date.parse(granted.body.expiresAt) - Date.parse(granted.body.grantedAt)) / 60_000;
      expect(minutes).toBe(60);
      const read = await as('manager').get(`/api/v1/cases/${eastshire.id}`);
      expect(read.status).toBe(200);
      expect(read.body.accessGrants).toEqual([
        expect.objectContaining({
          role: 'team_manager',
          active: true,
          reason: expect.stringContaining('strategy call'),
        }),
      ]);
      expect(read.body.timeline.map((e: { kind: string }) => e.kind)).toContain('case.break_glass');
      const audited = await stack.sql(
        `select 1 from audit_events where action = 'case.break_glass' and subject_id = $1`,
        [eastshire.id],
      );
      expect(audited).toHaveLength(1);
      const [mail] = await stack.inbox.waitFor(
        (m) => m.to.includes(Demo.head) && m.subject.includes(eastshire.reference),
      );
      expect(mail.subject).toBe(`[Vigil] Emergency access used on ${eastshire.reference}`);
      expect(mail.raw).not.toContain('strategy call');
      // The case is another council's: its head of service is told too.
      const [told] = await stack.inbox.waitFor(
        (m) => m.to.includes(Elsewhere.head) && m.subject.includes(eastshire.reference),
      );
      expect(told.subject).toBe(
        `[Vigil] Another council used emergency access on your case ${eastshire.reference}`,
      );
      // The grant lets its holder read, never act: no task, no transition, and the case is unchanged.
      const triage = (read.body.tasks as { id: string; type: string }[]).find(
        (t) => t.type === 'triage_decision',
      );
      const act = await as('manager').post(`/api/v1/cases/${eastshire.id}/tasks/${triage?.id}/complete`, {
        decision: 'signpost',
        rationale: 'Not ours to decide',
      });
      expect(act.status).toBe(403);
      const withdraw = await as('manager').post(`/api/v1/cases/${eastshire.id}/transitions`, {
        event: 'withdraw',
        reason: 'Not ours to withdraw',
      });
      expect(withdraw.status).toBe(403);
      const [still] = await stack.sql<{ status: string }>('select status from cases where id = $1', [
        eastshire.id,
      ]);
      expect(still.status).toBe('awaiting_triage');
      // Once the time is up the case is out of scope again.
      await stack.sql(
        `update access_grants set expires_at = now() - interval '1 second' where case_id = $1`,
        [eastshire.id],
      );
      expect((await as('manager').get(`/api/v1/cases/${eastshire.id}`)).status).toBe(404);
    });
  });

  describe('audit trail API', () => {
    it('gives managers and auditors the case trail oldest first, and audits that read', async () => {
      // More than ten events, so a text sort of the IDs would show.
      for (let i = 0; i < 11; i += 1) await as('officer').get(`/api/v1/cases/${riverside.id}`).expect(200);
      const trail = await as('manager').get(`/api/v1/cases/${riverside.id}/audit`);
      expect(trail.status).toBe(200);
      const actions = trail.body.items.map((i: { action: string }) => i.action);
      expect(actions[0]).toBe('case.created');
      expect(actions).toContain('case.viewed');
      expect(trail.body.total).toBe(trail.body.items.length);
      // Paged: limit and offset, with the total of the whole trail.
      const first = await as('manager').get(`/api/v1/cases/${riverside.id}/audit?limit=5&offset=0`);
      const second = await as('manager').get(`/api/v1/cases/${riverside.id}/audit?limit=5&offset=5`);
      expect(first.body.items).toHaveLength(5);
      expect(first.body.total).toBeGreaterThan(10);
      expect(second.body.items[0].id).toBe(trail.body.items[5].id);
      expect((await as('manager').get(`/api/v1/cases/${riverside.id}/audit?limit=0`)).status).toBe(400);
      const ids = trail.body.items.map((i: { id: string }) => Number(i.id));
      expect(ids.length).toBeGreaterThan(10);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      expect((await as('auditor').get(`/api/v1/cases/${riverside.id}/audit`)).status).toBe(200);
      // A list that showed the case is in its trail too, without the other cases the list named.
      expect((await as('head').get('/api/v1/cases')).status).toBe(200);
      const withList = await as('manager').get(`/api/v1/cases/${riverside.id}/audit`);
      const listed = withList.body.items.filter((i: { action: string }) => i.action === 'case.listed');
      expect(listed).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            actor: expect.objectContaining({ role: 'head_of_service' }),
            details: {},
          }),
        ]),
      );
      const eastTrail = await stack.sql<{ n: string }>(
        `select count(*)::text as n from audit_events where action = 'case.listed' and details->'caseIds' ? $1`,
        [eastshire.id],
      );
      expect(eastTrail[0].n).toBe('0');
      const reads = await stack.sql(
        `select 1 from audit_events where action = 'case.audit_read' and subject_id = $1`,
        [riverside.id],
      );
      // The three full reads and the two pages; the refused page (limit=0) read nothing.
      expect(reads.length).toBe(5);
    });

    it('exports it as CSV with formula cells neutralised', async () => {
      const res = await as('manager').get(`/api/v1/cases/${riverside.id}/audit.csv`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toContain('attachment');
      const lines = res.text.trim().split('\n');
      expect(lines[0]).toBe(
        'id,seq,at,action,outcome,actor_user_id,actor_role,actor_organisation_id,ip,correlation_id,details',
      );
      expect(lines.slice(1).some((l) => l.includes(',case.created,'))).toBe(true);
    });

    it('refuses the wrong roles with 403 and other organisations with 404', async () => {
      expect((await as('officer').get(`/api/v1/cases/${riverside.id}/audit`)).status).toBe(403);
      expect((await as('sunriseLead').get(`/api/v1/cases/${riverside.id}/audit`)).status).toBe(403);
      expect((await as('oakwoodLead').get(`/api/v1/cases/${riverside.id}/audit`)).status).toBe(404);
      expect((await as('manager').get(`/api/v1/cases/${eastshire.id}/audit.csv`)).status).toBe(404);
      // An auditor sees the trail but never the case narrative.
      expect((await as('auditor').get(`/api/v1/cases/${riverside.id}`)).status).toBe(403);
    });
  });

  describe('tamper evidence', () => {
    it('refuses UPDATE and DELETE on the audit trail, to the application role and to the owner', async () => {
      const app = new (await import('pg')).Client({ connectionString: stack.appDatabaseUrl });
      await app.connect();
      try {
        await expect(app.query(`update audit_events set action = 'x'`)).rejects.toThrow(/permission denied/);
        await expect(app.query('delete from audit_events')).rejects.toThrow(/permission denied/);
        await expect(app.query('truncate audit_events')).rejects.toThrow(/permission denied/);
      } finally {
        await app.end();
      }
      await expect(stack.sql(`update audit_events set action = 'x'`)).rejects.toThrow(/append-only/);
      await expect(stack.sql('delete from audit_events')).rejects.toThrow(/append-only/);
      await expect(stack.sql('truncate audit_events')).rejects.toThrow(/append-only/);
    });

    it('verifies an untouched trail and names the first row edited by hand', async () => {
      expect(await verifyAuditChain(stack.databaseUrl)).toEqual(
        expect.objectContaining({ ok: true, firstBreak: null }),
      );
      const [victim] = await stack.sql<{ id: string }>(
        `select id::text as id from audit_events where action = 'case.viewed' order by id limit 1`,
      );
      await stack.sql('alter table audit_events disable trigger audit_events_no_update');
      await stack.sql(`update audit_events set ip = '203.0.113.9' where id = $1`, [victim.id]);
      await stack.sql('alter table audit_events enable trigger audit_events_no_update');
      const result = await verifyAuditChain(stack.databaseUrl);
      expect(result.ok).toBe(false);
      expect(result.firstBreak).toEqual(expect.objectContaining({ id: victim.id, reason: 'hash_mismatch' }));
    });
  });

  // Last: it uses up this address's sign-in allowance for the minute.
  describe('one address spraying many accounts', () => {
    it('is limited per address whatever the account, and a throttled attempt never reaches the password check', async () => {
      const before = await stack.sql<{ n: string }>(
        `select count(*)::text as n from audit_events where action = 'auth.sign_in_failed'`,
      );
      const statuses: number[] = [];
      for (let i = 0; i < 125 && !statuses.includes(429); i += 1) {
        statuses.push(
          (
            await stack
              .http()
              .post('/api/v1/auth/token')
              .send({ email: `spray-${i}@nowhere.example`, password: 'x' })
          ).status,
        );
      }
      expect(statuses[statuses.length - 1]).toBe(429);
      expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
      const after = await stack.sql<{ n: string }>(
        `select count(*)::text as n from audit_events where action = 'auth.sign_in_failed'`,
      );
      // Every 401 was checked and audited; the 429 was answered before any of that.
      expect(Number(after[0].n) - Number(before[0].n)).toBe(statuses.length - 1);
    });
  });
});
