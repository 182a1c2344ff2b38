import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { EventForms } from '../../apps/web/src/tasks/event-forms';
import { CANARY } from '../factories/concern.factory';
import { seedOtherCouncil } from '../support/other-council';
import { Stack } from '../support/stack';
import {
  assignActors,
  caseReaders,
  expectation,
  extendActors,
  extendStatus,
  firstTaskActors,
  informationActors,
  raiseSweepCases,
  refusalCount,
  returnActors,
  returnStatus,
  Sees,
  SweepCases,
  SweepUsers,
  transitionActors,
  transitionEvent,
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
  extendTaskId: string;
}

interface Route extends SweptRoute {
  name: string;
  call: (
    agent: Agent,
    csrf: string,
    c: Target,
    caseName: SweepCase,
  ) => Promise<{ status: number; text: string }>;
  /** The page never shows the case itself (the emergency access form). */
  hidesCase?: boolean;
}

/** A page that answers with the case (the form back with its errors) is only for those who may read it. */
const readingActors =
  (actors: (name: SweepCase) => readonly Who[]) =>
  (name: SweepCase): Who[] =>
    actors(name).filter((who) => caseReaders.includes(who));

/**
 * The event page reads the case first, then is tried with the event the API sweep tries `/transitions` with
 * (`transitionEvent`): a type with no page for that event answers its readers 404 before any role check; one
 * with a page goes to the use case with the page's empty form: 400 for the event's actors.
 */
const hasEventPage = (name: SweepCase) => `${SweepCases[name].type}:${transitionEvent(name)}` in EventForms;
const eventPageActors = readingActors((name) =>
  hasEventPage(name) ? transitionActors(name) : (Object.keys(SweepUsers) as Who[]),
);
const eventPageStatus = (name: SweepCase): number => (hasEventPage(name) ? 400 : 404);

const Routes: Route[] = [
  {
    name: 'GET /cases/:id',
    call: (a, _t, c) => a.get(`/cases/${c.id}`),
    allowed: caseReaders,
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
    name: 'POST /cases/:id/information',
    call: (a, t, c) =>
      a.post(`/cases/${c.id}/information`).type('form').send({ _csrf: t, text: '', version: '1' }),
    allowed: informationActors,
    okStatus: 400,
  },
  {
    name: 'POST /cases/:id/assign',
    call: (a, t, c) =>
      a.post(`/cases/${c.id}/assign`).type('form').send({ _csrf: t, userId: '', version: '1' }),
    allowed: assignActors,
    okStatus: 400,
  },
  {
    name: 'POST /cases/:id/tasks/:taskId/extend',
    call: (a, t, c) =>
      a
        .post(`/cases/${c.id}/tasks/${c.extendTaskId}/extend`)
        .type('form')
        .send({ _csrf: t, 'dueOn-day': '', 'dueOn-month': '', 'dueOn-year': '', reason: '', version: '1' }),
    // The 409 for a task that cannot be extended, and the 400, come back on the page with the case.
    allowed: readingActors(extendActors),
    okStatus: extendStatus,
  },
  {
    name: 'POST /cases/:id/events/:event',
    call: (a, t, c, caseName) =>
      a
        .post(`/cases/${c.id}/events/${transitionEvent(caseName)}`)
        .type('form')
        .send({ _csrf: t, reason: '', rationale: '', intoCaseId: '', version: '1' }),
    allowed: eventPageActors,
    okStatus: eventPageStatus,
  },
  // The forms' own pages: shown to those who may act; a reader who may not gets an audited 403.
  {
    name: 'GET /cases/:id/tasks/:taskId',
    call: (a, _t, c) => a.get(`/cases/${c.id}/tasks/${c.taskId}`),
    allowed: readingActors(firstTaskActors),
  },
  {
    name: 'GET /cases/:id/tasks/:taskId/return',
    call: (a, _t, c) => a.get(`/cases/${c.id}/tasks/${c.returnTaskId}/return`),
    allowed: readingActors(returnActors),
    okStatus: (name) => (returnStatus(name) === 404 ? 404 : 200),
  },
  {
    name: 'GET /cases/:id/information',
    call: (a, _t, c) => a.get(`/cases/${c.id}/information`),
    allowed: readingActors(() => informationActors),
  },
  {
    name: 'GET /cases/:id/assign',
    call: (a, _t, c) => a.get(`/cases/${c.id}/assign`),
    allowed: readingActors(() => assignActors),
  },
  {
    name: 'GET /cases/:id/tasks/:taskId/extend',
    call: (a, _t, c) => a.get(`/cases/${c.id}/tasks/${c.extendTaskId}/extend`),
    // A task that cannot be extended has no such page: 404 for its readers, before any role check.
    allowed: readingActors(extendActors),
    okStatus: (name) => (extendStatus(name) === 409 ? 404 : 200),
  },
  {
    name: 'GET /cases/:id/events/:event',
    call: (a, _t, c, caseName) => a.get(`/cases/${c.id}/events/${transitionEvent(caseName)}`),
    allowed: eventPageActors,
    okStatus: (name) => (hasEventPage(name) ? 200 : 404),
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
  /** Every case's status, version and assignee, and every task's status and due date, after the setup. */
  const snapshot = async () => ({
    cases: await stack.sql(`select id, status, version, assignee_user_id from cases order by id`),
    tasks: await stack.sql(`select id, status, due_at from tasks order by id`),
  });
  let setup: Awaited<ReturnType<typeof snapshot>>;

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
    setup = await snapshot();
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

  /**
   * In scope, but the case has no such thing (the return route with a task that is no report, the event page
   * for an event its type has no page for): 404, nothing refused.
   */
  const notOnThisCase: Check = async (_route, _who, c, res, before) => {
    expect(res.text).not.toContain(c.reference);
    expect(res.text).toContain('Page not found');
    expect(await refusals()).toBe(before);
  };

  /** Out of scope also reads exactly like a case that does not exist. */
  const notFound =
    (caseName: SweepCase): Check =>
    async (route, who, c, res, before) => {
      await refused('not_found')(route, who, c, res, before);
      const missingId = randomUUID();
      const missing = await route.call(
        agents[who],
        tokens[who],
        { id: missingId, taskId: randomUUID(), returnTaskId: randomUUID(), extendTaskId: randomUUID() },
        caseName,
      );
      expect(missing.status).toBe(404);
      expect(normalised(res.text, c.id)).toBe(normalised(missing.text, missingId));
    };

  for (const route of Routes) {
    for (const who of Object.keys(SweepUsers) as Who[]) {
      for (const caseName of Object.keys(Sees) as SweepCase[]) {
        const { inScope, mayAct, ok, expected } = expectation(route, who, caseName);
        const check = !inScope
          ? notFound(caseName)
          : mayAct
            ? ok === 404
              ? notOnThisCase
              : allowed(!route.hidesCase)
            : refused('forbidden');
        it(`${route.name} on the ${caseName} case as ${who} → ${expected}`, async () => {
          const before = await refusals();
          const c = cases[caseName];
          const res = await route.call(agents[who], tokens[who], c, caseName);
          expect(res.status).toBe(expected);
          await check(route, who, c, res, before);
        });
      }
    }
  }

  it('changed nothing: every triage task is still open, no case moved since the setup, no emergency access', async () => {
    await expectSweepChangedNothing(stack, cases);
    // No case moved, was assigned or had a due date moved; no information was added.
    expect(await snapshot()).toEqual(setup);
    expect(await stack.sql('select 1 from case_notes')).toEqual([]);
    expect(await stack.sql('select 1 from access_grants')).toEqual([]);
    expect(
      await stack.sql(
        `select 1 from audit_events where action in ('case.triaged', 'case.break_glass', 'case.information_added',
           'case.assigned', 'task.extended')`,
      ),
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
