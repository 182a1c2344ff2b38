import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { CANARY } from '../factories/concern.factory';
import { seedOtherCouncil } from '../support/other-council';
import { Stack } from '../support/stack';
import {
  expectation,
  firstTaskActors,
  raiseSweepCases,
  refusalCount,
  returnActors,
  returnStatus,
  Sees,
  SweepUsers,
  type SweepCase,
  type SweptRoute,
  type SweepTarget,
  type Who,
  expectSweepChangedNothing,
} from '../support/sweep';
import {
  csrfOf,
  signedInAgent,
  startWebOnlyServer,
  type Agent,
  type WebServer,
} from '../e2e/support/web-server';

/*
 * The page half of the sweep (issue 4): every page route that takes a case ID, tried by every role with
 * cases of their own organisation and of others. Out of scope must be 404 (the same page as a missing case),
 * in scope with the wrong role 403; nothing may change, no page may carry the case's reference or its
 * personal details, and every refusal must be audited.
 */
interface Target {
  id: string;
  taskId: string;
  returnTaskId: string;
}

interface Route extends SweptRoute {
  name: string;
  call: (agent: Agent, csrf: string, c: Target) => Promise<{ status: number; text: string }>;
  /** The page never shows the case itself (the emergency access form). */
  hidesCase?: boolean;
}

const Routes: Route[] = [
  {
    name: 'GET /cases/:id',
    call: (a, _t, c) => a.get(`/cases/${c.id}`),
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
    name: 'POST /cases/:id/tasks/:taskId/complete',
    call: (a, t, c) =>
      a
        .post(`/cases/${c.id}/tasks/${c.taskId}/complete`)
        .type('form')
        .send({ _csrf: t, decision: 'sweep', rationale: '', version: '1' }),
    allowed: firstTaskActors,
    okStatus: 400,
  },
  {
    name: 'POST /cases/:id/tasks/:taskId/return',
    call: (a, t, c) =>
      a
        .post(`/cases/${c.id}/tasks/${c.returnTaskId}/return`)
        .type('form')
        .send({ _csrf: t, reason: '', version: '1' }),
    allowed: returnActors,
    okStatus: returnStatus,
  },
  {
    name: 'GET /cases/:id/audit',
    call: (a, _t, c) => a.get(`/cases/${c.id}/audit`),
    allowed: ['manager', 'head', 'auditor'],
  },
  {
    name: 'GET /cases/:id/audit.csv',
    call: (a, _t, c) => a.get(`/cases/${c.id}/audit.csv`),
    allowed: ['manager', 'head', 'auditor'],
  },
  {
    name: 'GET /cases/:id/break-glass',
    call: (a, _t, c) => a.get(`/cases/${c.id}/break-glass`),
    allowed: ['manager', 'head'],
    reachesEveryCase: ['manager', 'head'],
    hidesCase: true,
  },
  {
    name: 'POST /cases/:id/break-glass',
    call: (a, t, c) => a.post(`/cases/${c.id}/break-glass`).type('form').send({ _csrf: t, reason: '' }),
    allowed: ['manager', 'head'],
    reachesEveryCase: ['manager', 'head'],
    okStatus: 400,
    hidesCase: true,
  },
];

/** A page with what differs per response or per case ID taken out, to compare two refusals. */
const normalised = (html: string, caseId: string) =>
  html
    .replace(/nonce="[^"]+"/g, 'nonce=""')
    .replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value=""')
    .split(caseId)
    .join('CASE-ID');

describe('page sweep: no page leaks a case outside scope or lets the wrong role act', () => {
  let stack: Stack;
  let web: WebServer;
  const agents = {} as Record<Who, Agent>;
  const tokens = {} as Record<Who, string>;
  let cases: Record<SweepCase, SweepTarget>;

  beforeAll(async () => {
    // Every role tries emergency access on every case: far more attempts than the hourly limit allows
    // one person (that limit has its own test in access-control).
    stack = await Stack.start({
      name: 'web-sweep',
      worker: false,
      env: { BREAK_GLASS_RATE_LIMIT_PER_HOUR: '1000' },
    });
    await seedOtherCouncil(stack);
    web = await startWebOnlyServer(stack.config);
    for (const [who, email] of Object.entries(SweepUsers)) {
      agents[who as Who] = await signedInAgent(web.baseUrl, email);
      tokens[who as Who] = await csrfOf(agents[who as Who]);
    }
    cases = await raiseSweepCases(stack);
  });
  afterAll(async () => {
    await web?.app.close();
    await stack?.stop();
  });

  const refusals = () => refusalCount(stack);

  type Response = { status: number; text: string };
  type Check = (
    route: Route,
    who: Who,
    c: Target & { reference: string },
    res: Response,
    before: number,
  ) => Promise<void>;

  /**
   * Allowed (the POSTs carry an invalid form, so nothing changes): no refusal; the case's pages show it (the
   * decision form comes back with its errors), the emergency access form never does.
   */
  const allowed =
    (showsCase: boolean): Check =>
    async (_route, _who, c, res, before) => {
      expect(await refusals()).toBe(before);
      expect(res.text.includes(c.reference)).toBe(showsCase);
    };

  /** Refused: nothing about the case on the page, one audited refusal naming it. */
  const refused =
    (reason: 'not_found' | 'forbidden'): Check =>
    async (_route, _who, c, res, before) => {
      expect(res.text).not.toContain(c.reference);
      expect(res.text).not.toContain(CANARY);
      expect(res.text).toContain(reason === 'not_found' ? 'Page not found' : 'You cannot do this');
      expect(await refusals()).toBe(before + 1);
      const [refusal] = await stack.sql<{ subject_id: string; reason: string }>(
        `select subject_id, details->>'reason' as reason from audit_events
          where action = 'case.access_refused' order by id desc limit 1`,
      );
      expect(refusal).toEqual({ subject_id: c.id, reason });
    };

  /** In scope, but the task named is no report (the return route on another type): 404, nothing refused. */
  const noSuchReport: Check = async (_route, _who, c, res, before) => {
    expect(res.text).not.toContain(c.reference);
    expect(res.text).toContain('Page not found');
    expect(await refusals()).toBe(before);
  };

  /** Out of scope also reads exactly like a case that does not exist. */
  const notFound: Check = async (route, who, c, res, before) => {
    await refused('not_found')(route, who, c, res, before);
    const missingId = randomUUID();
    const missing = await route.call(agents[who], tokens[who], {
      id: missingId,
      taskId: randomUUID(),
      returnTaskId: randomUUID(),
    });
    expect(missing.status).toBe(404);
    expect(normalised(res.text, c.id)).toBe(normalised(missing.text, missingId));
  };

  for (const route of Routes) {
    for (const who of Object.keys(SweepUsers) as Who[]) {
      for (const caseName of Object.keys(Sees) as SweepCase[]) {
        const { inScope, mayAct, ok, expected } = expectation(route, who, caseName);
        const check = !inScope
          ? notFound
          : mayAct
            ? ok === 404
              ? noSuchReport
              : allowed(!route.hidesCase)
            : refused('forbidden');
        it(`${route.name} on the ${caseName} case as ${who} → ${expected}`, async () => {
          const before = await refusals();
          const c = cases[caseName];
          const res = await route.call(agents[who], tokens[who], c);
          expect(res.status).toBe(expected);
          await check(route, who, c, res, before);
        });
      }
    }
  }

  it('changed nothing: every triage task is still open, no case moved since the setup, no emergency access', async () => {
    await expectSweepChangedNothing(stack, cases);
    expect(await stack.sql('select 1 from access_grants')).toEqual([]);
    expect(
      await stack.sql(`select 1 from audit_events where action in ('case.triaged', 'case.break_glass')`),
    ).toEqual([]);
  });

  it('offers team managers and heads of service emergency access on the 404 page, for any case ID', async () => {
    for (const who of ['manager', 'head'] as const) {
      const page = await agents[who].get(`/cases/${cases.eastshire.id}`);
      expect(page.status).toBe(404);
      expect(page.text).toContain(`href="/cases/${cases.eastshire.id}/break-glass"`);
    }
    const missing = randomUUID();
    expect((await agents.manager.get(`/cases/${missing}`)).text).toContain(`/cases/${missing}/break-glass`);
    expect((await agents.officer.get(`/cases/${cases.eastshire.id}`)).text).not.toContain('break-glass');
  });
});
