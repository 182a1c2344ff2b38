import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CaseTypes } from '@vigil/contracts';
import { randomUUID } from 'node:crypto';
import { buildConcern, CANARY } from '../factories/concern.factory';
import { seedOtherCouncil } from '../support/other-council';
import { Stack } from '../support/stack';
import {
  closeActors,
  closeStatus,
  expectation,
  firstTaskActors,
  raiseSweepCases,
  refusalCount,
  returnActors,
  returnStatus,
  revealActors,
  Sees,
  SweepCases,
  SweptTypes,
  SweepUsers,
  transitionActors,
  transitionEvent,
  type SweepCase,
  type SweptRoute,
  type SweepTarget,
  type Who,
  expectSweepChangedNothing,
} from '../support/sweep';

/*
 * The API half of the sweep (issue 4): every route that takes a case ID, tried by every role with cases
 * of their own organisation and of others. Out of scope must be 404 (same body as a missing case),
 * in scope with the wrong role 403; nothing may change, no body may carry the case, and every refusal
 * must be audited.
 */
interface Route extends SweptRoute {
  name: string;
  call: (
    stack: Stack,
    token: string,
    c: { id: string; taskId: string; returnTaskId: string },
    caseName: SweepCase,
  ) => Promise<{ status: number; text: string }>;
}

const decision = { decision: 'sweep', rationale: '' };
const Routes: Route[] = [
  {
    name: 'GET case',
    call: (s, t, c) => s.http().get(`/api/v1/cases/${c.id}`).set('Authorization', `Bearer ${t}`),
    allowed: [
      'sunriseLead',
      'oakwoodLead',
      'officer',
      'manager',
      'head',
      'lado',
      'commissioner',
      'eastLead',
      'eastOfficer',
    ],
  },
  {
    name: 'complete task',
    call: (s, t, c) =>
      s
        .http()
        .post(`/api/v1/cases/${c.id}/tasks/${c.taskId}/complete`)
        .set('Authorization', `Bearer ${t}`)
        .send(decision),
    allowed: firstTaskActors,
    okStatus: 400,
  },
  {
    name: 'POST close',
    call: (s, t, c) =>
      s
        .http()
        .post(`/api/v1/cases/${c.id}/close`)
        .set('Authorization', `Bearer ${t}`)
        .send({ rationale: '', outcome: 'substantiated' }),
    allowed: closeActors,
    okStatus: closeStatus,
  },
  {
    name: 'POST return',
    call: (s, t, c) =>
      s
        .http()
        .post(`/api/v1/cases/${c.id}/tasks/${c.returnTaskId}/return`)
        .set('Authorization', `Bearer ${t}`)
        .send({ reason: '', reportDueOn: '' }),
    allowed: returnActors,
    okStatus: returnStatus,
  },
  {
    name: 'POST transitions',
    call: (s, t, c, caseName) =>
      s
        .http()
        .post(`/api/v1/cases/${c.id}/transitions`)
        .set('Authorization', `Bearer ${t}`)
        .send({ event: transitionEvent(caseName), reason: '', rationale: '' }),
    allowed: transitionActors,
    okStatus: 400,
  },
  {
    name: 'POST reveal',
    call: (s, t, c) =>
      s.http().post(`/api/v1/cases/${c.id}/reveal`).set('Authorization', `Bearer ${t}`).send({ reason: '' }),
    allowed: revealActors,
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

describe('API sweep: no route leaks a case outside scope or lets the wrong role act', () => {
  let stack: Stack;
  const tokens = {} as Record<Who, string>;
  let cases: Record<SweepCase, SweepTarget>;

  beforeAll(async () => {
    // Every role tries emergency access on every case: far more attempts than the hourly limit allows
    // one person (that limit has its own test in access-control).
    stack = await Stack.start({
      name: 'api-sweep',
      worker: false,
      env: { BREAK_GLASS_RATE_LIMIT_PER_HOUR: '1000' },
    });
    await seedOtherCouncil(stack);
    for (const [who, email] of Object.entries(SweepUsers)) tokens[who as Who] = await stack.token(email);
    cases = await raiseSweepCases(stack);
  });
  afterAll(async () => stack?.stop());

  const refusals = () => refusalCount(stack);
  const missing = async (token: string) =>
    (await stack.http().get(`/api/v1/cases/${randomUUID()}`).set('Authorization', `Bearer ${token}`)).body;

  for (const route of Routes) {
    for (const who of Object.keys(SweepUsers) as Who[]) {
      for (const caseName of Object.keys(Sees) as SweepCase[]) {
        const { mayAct, expected } = expectation(route, who, caseName);
        it(`${route.name} on the ${caseName} case as ${who} → ${expected}`, async () => {
          const before = await refusals();
          const c = cases[caseName];
          const res = await route.call(stack, tokens[who], c, caseName);
          expect(res.status).toBe(expected);
          // Allowed (the body is invalid, or names no report): nothing refused. Refused: one audited refusal.
          expect(await refusals()).toBe(mayAct ? before : before + 1);
          if (mayAct) return;
          expect(res.text).not.toContain(c.reference);
          expect(res.text).not.toContain(CANARY);
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

  it('sweeps every case type, and the commissioner is refused a provider they do not commission', () => {
    expect([...SweptTypes].sort()).toEqual([...CaseTypes].sort());
    const uncommissioned = (Object.keys(SweepCases) as SweepCase[]).filter((n) => n.startsWith('meadow'));
    expect(uncommissioned.map((n) => SweepCases[n].type).sort()).toEqual([
      'allegation',
      'complaint',
      'incident',
      'notification',
    ]);
    for (const name of uncommissioned) expect(Sees[name]).not.toContain('commissioner');
  });

  it('changed nothing: every triage task is still open and no case has moved since the setup', async () => {
    await expectSweepChangedNothing(stack, cases);
    expect(await stack.sql(`select 1 from case_reveals`)).toEqual([]);
    const [{ returned }] = await stack.sql<{ returned: string | null }>(
      'select return_reason as returned from enquiries where case_id = $1',
      [cases.sunriseEnquiry.id],
    );
    expect(returned).toBeNull();
  });
});
