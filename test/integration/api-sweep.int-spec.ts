import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { buildConcern, CANARY } from '../factories/concern.factory';
import { Elsewhere, seedOtherCouncil } from '../support/other-council';
import { Demo, Stack } from '../support/stack';

/*
 * The API half of the sweep (issue 4): every route that takes a case ID, tried by every role with cases
 * of their own organisation and of others. Out of scope must be 404 (same body as a missing case),
 * in scope with the wrong role 403; nothing may change, no body may carry the case, and every refusal
 * must be audited.
 */
type Who = keyof typeof Users;
const Users = {
  sunriseLead: Demo.sunriseLead,
  oakwoodLead: Demo.oakwoodLead,
  officer: Demo.officer,
  manager: Demo.manager,
  head: Demo.head,
  lado: Demo.lado,
  commissioner: Demo.commissioner,
  auditor: 'auditor@riverside.example',
  eastLead: Elsewhere.lead,
  eastOfficer: Elsewhere.officer,
} as const;

interface Route {
  name: string;
  call: (
    stack: Stack,
    token: string,
    c: { id: string; taskId: string },
  ) => Promise<{ status: number; text: string }>;
  /** Roles that may use it on a case they can see. */
  allowed: readonly Who[];
  /** What an allowed role gets (the decision is sent invalid, so nothing changes even when allowed). */
  okStatus?: number;
  /** Roles for which every existing case is in reach (break-glass is for cases outside their scope). */
  reachesEveryCase?: readonly Who[];
}

const decision = { decision: 'sweep', rationale: '' };
const Routes: Route[] = [
  {
    name: 'GET case',
    call: (s, t, c) => s.http().get(`/api/v1/cases/${c.id}`).set('Authorization', `Bearer ${t}`),
    allowed: ['sunriseLead', 'oakwoodLead', 'officer', 'manager', 'head', 'eastLead', 'eastOfficer'],
  },
  {
    name: 'complete task',
    call: (s, t, c) =>
      s
        .http()
        .post(`/api/v1/cases/${c.id}/tasks/${c.taskId}/complete`)
        .set('Authorization', `Bearer ${t}`)
        .send(decision),
    allowed: ['officer', 'manager', 'eastOfficer'],
    okStatus: 400,
  },
  {
    name: 'GET audit',
    call: (s, t, c) => s.http().get(`/api/v1/cases/${c.id}/audit`).set('Authorization', `Bearer ${t}`),
    allowed: ['manager', 'head', 'auditor'],
  },
  {
    name: 'GET audit.csv',
    call: (s, t, c) => s.http().get(`/api/v1/cases/${c.id}/audit.csv`).set('Authorization', `Bearer ${t}`),
    allowed: ['manager', 'head', 'auditor'],
  },
  {
    name: 'POST break-glass',
    call: (s, t, c) =>
      s
        .http()
        .post(`/api/v1/cases/${c.id}/break-glass`)
        .set('Authorization', `Bearer ${t}`)
        .send({ reason: '' }),
    // Team managers and heads of service, on their own council's cases (the reason is sent empty).
    allowed: ['manager', 'head'],
    reachesEveryCase: ['manager', 'head'],
    okStatus: 400,
  },
];

/** Who can see which case, by the permission model (DOMAIN §3). */
const Sees: Record<string, readonly Who[]> = {
  sunrise: ['sunriseLead', 'officer', 'manager', 'head', 'auditor'],
  oakwood: ['oakwoodLead', 'officer', 'manager', 'head', 'auditor'],
  eastshire: ['eastLead', 'eastOfficer'],
};

describe('API sweep: no route leaks a case outside scope or lets the wrong role act', () => {
  let stack: Stack;
  const tokens = {} as Record<Who, string>;
  const cases: Record<string, { id: string; taskId: string; reference: string }> = {};

  beforeAll(async () => {
    stack = await Stack.start({ name: 'api-sweep', worker: false });
    await seedOtherCouncil(stack);
    for (const [who, email] of Object.entries(Users)) tokens[who as Who] = await stack.token(email);
    for (const [name, raiser] of [
      ['sunrise', 'sunriseLead'],
      ['oakwood', 'oakwoodLead'],
      ['eastshire', 'eastLead'],
    ] as const) {
      const res = await stack
        .http()
        .post('/api/v1/concerns')
        .set('Authorization', `Bearer ${tokens[raiser]}`)
        .set('Idempotency-Key', randomUUID())
        .send(buildConcern());
      cases[name] = { id: res.body.id, taskId: res.body.tasks[0].id, reference: res.body.reference };
    }
  });
  afterAll(async () => stack?.stop());

  const refusals = async () =>
    Number(
      (
        await stack.sql<{ n: string }>(
          `select count(*)::text as n from audit_events where action = 'case.access_refused'`,
        )
      )[0].n,
    );
  const missing = async (token: string) =>
    (await stack.http().get(`/api/v1/cases/${randomUUID()}`).set('Authorization', `Bearer ${token}`)).body;

  for (const route of Routes) {
    for (const who of Object.keys(Users) as Who[]) {
      for (const caseName of Object.keys(Sees)) {
        const inScope = Sees[caseName].includes(who) || (route.reachesEveryCase?.includes(who) ?? false);
        const mayAct = inScope && route.allowed.includes(who);
        const ok = route.okStatus ?? 200;
        const expected = !inScope ? 404 : mayAct ? ok : 403;
        it(`${route.name} on the ${caseName} case as ${who} → ${expected}`, async () => {
          const before = await refusals();
          const c = cases[caseName];
          const res = await route.call(stack, tokens[who], c);
          expect(res.status).toBe(expected);
          if (expected === ok) return;
          expect(res.text).not.toContain(c.reference);
          expect(res.text).not.toContain(CANARY);
          expect(await refusals()).toBe(before + 1);
          // Out of scope reads exactly like a case that does not exist.
          const detail = (JSON.parse(res.text) as { detail: string }).detail;
          const missingDetail = expected === 404 ? (await missing(tokens[who])).detail : detail;
          expect(detail).toBe(missingDetail);
        });
      }
    }
  }

  for (const who of [
    'officer',
    'manager',
    'head',
    'lado',
    'commissioner',
    'auditor',
    'eastOfficer',
  ] as const) {
    it(`refuses ${who} raising a concern (403), audits it and stores nothing`, async () => {
      const before = await refusals();
      const res = await stack
        .http()
        .post('/api/v1/concerns')
        .set('Authorization', `Bearer ${tokens[who]}`)
        .set('Idempotency-Key', randomUUID())
        .send(buildConcern());
      expect(res.status).toBe(403);
      expect(await refusals()).toBe(before + 1);
      const [refusal] = await stack.sql<{ subject_id: string | null; attempted: string }>(
        `select subject_id, details->>'attempted' as attempted from audit_events
          where action = 'case.access_refused' order by id desc limit 1`,
      );
      expect(refusal).toEqual({ subject_id: null, attempted: 'concern.raise' });
    });
  }

  it('changed nothing: every triage task is still open and every case awaiting triage', async () => {
    const rows = await stack.sql<{ status: string; task: string }>(
      `select c.status, t.status as task from cases c join tasks t on t.case_id = c.id`,
    );
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.status === 'awaiting_triage' && r.task === 'open')).toBe(true);
  });
});
