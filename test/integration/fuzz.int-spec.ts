import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DemoIds } from '@vigil/access';
import type { Principal } from '@vigil/contracts';
import { caseDefinition, CaseDefinitions, taskDefinition } from '@vigil/domain';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { RaiseFlows } from '../../apps/web/src/raise/raise.controller';
import { askedQuestions, mergeAnswers, type Answers } from '../../apps/web/src/raise/question-flow';
import {
  AddInformationForm,
  closeForm,
  EventForms,
  ExtendTaskForm,
  ReturnReportForm,
  RevealForm,
} from '../../apps/web/src/tasks/event-forms';
import { TaskForms, type FieldDef } from '../../apps/web/src/tasks/task-forms';
import { buildAllegation } from '../factories/allegation.factory';
import { buildConcern } from '../factories/concern.factory';
import { buildEnquiry } from '../factories/enquiry.factory';
import {
  csrfFrom,
  csrfOf,
  signedInAgent,
  startWebOnlyServer,
  type Agent,
  type WebServer,
} from '../e2e/support/web-server';
import { seedOtherCouncil } from '../support/other-council';
import { Demo, Stack } from '../support/stack';
import {
  raiseSweepCases,
  Sees,
  seedUncommissionedProvider,
  SweepCases,
  SweepPrincipals,
  SweepUsers,
  type SweepCase,
  type SweepTarget,
  type Who,
} from '../support/sweep';

/*
 * Issue 13: bad input never answers 500, and a refused request stores nothing. Generated bodies (anything at
 * all, and valid bodies with one field replaced by something hostile: a NUL byte, a huge string, a wrong
 * type, a nested object) go to every create, every task type's completion (each open on a case of its
 * type), the sign-in and every page form that takes a body. Driven by the case-type registry, the task
 * forms and the raise flows, so a new task type, form or question is fuzzed without a change here.
 * Seeded, so a failure replays: the seed is in the failure message.
 */
const NUL = String.fromCharCode(0);

/** Something hostile to put in a field. */
const hostile = fc.oneof(
  { arbitrary: fc.string().map((s) => `${s}${NUL}${s}`), weight: 4 },
  fc.string({ minLength: 20_000, maxLength: 30_000 }),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant('2026-02-30'),
  fc.constant('9999-99-99T99:99:99Z'),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
);

/** Something no field of any schema accepts: a NUL byte, past every length limit, or the wrong type. */
const invalid = fc.oneof(
  { arbitrary: fc.string().map((s) => `${s}${NUL}${s}`), weight: 3 },
  fc.string({ minLength: 60_000, maxLength: 60_100 }),
  fc.integer(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
);

/** What a page's field can hold: strings (a form posts nothing else), or a repeated field. */
const pageHostile = fc.oneof(
  { arbitrary: fc.string().map((s) => `${s}${NUL}${s}`), weight: 4 },
  fc.string({ minLength: 20_000, maxLength: 25_000 }),
  fc.string(),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '99',
    '2026',
    'true',
    'false',
    'null',
    '00000000-0000-4000-8000-000000000000',
  ),
  fc.array(fc.string(), { minLength: 2, maxLength: 3 }),
);

/** A valid body with one of its fields (at any depth) replaced, or an arbitrary value. */
function mutated(valid: Record<string, unknown>, replacement: fc.Arbitrary<unknown> = hostile) {
  const paths: string[][] = [];
  const walk = (value: unknown, path: string[]) => {
    if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    } else if (path.length > 0) paths.push(path);
  };
  walk(valid, []);
  if (paths.length === 0) return fc.anything();
  const replaced = fc.tuple(fc.constantFrom(...paths), replacement).map(([path, value]) => {
    const copy = structuredClone(valid);
    let node = copy as Record<string, unknown>;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
    node[path[path.length - 1]] = value;
    return copy as unknown;
  });
  return fc.oneof({ arbitrary: replaced, weight: 4 }, { arbitrary: fc.anything(), weight: 1 });
}

/** A page's fields with one (or a few) replaced by hostile strings; the CSRF token kept. */
function pageMutated(base: Record<string, string>) {
  const keys = Object.keys(base).filter((k) => k !== '_csrf');
  const one = fc
    .tuple(fc.constantFrom(...keys), pageHostile)
    .map(([k, v]) => ({ ...base, [k]: v }) as Record<string, unknown>);
  const several = fc
    .dictionary(fc.constantFrom(...keys), pageHostile, { minKeys: 1, maxKeys: 3 })
    .map((d) => ({ ...base, ...d }) as Record<string, unknown>);
  return fc.oneof({ arbitrary: one, weight: 4 }, { arbitrary: several, weight: 1 });
}

/** Today, yesterday and a month ahead, as a page's three date boxes. */
const dayParts = (offsetDays: number) => {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return {
    day: String(d.getUTCDate()),
    month: String(d.getUTCMonth() + 1),
    year: String(d.getUTCFullYear()),
  };
};

/**
 * A plausible page submission for a form's fields: the first choice of each radio (and the fields it
 * reveals), some text, yesterday for a date (a month ahead for a due or review date), a time of day.
 */
function formBody(fields: readonly FieldDef[]): Record<string, string> {
  const body: Record<string, string> = {};
  const fill = (f: FieldDef) => {
    if (f.kind === 'radios') {
      const first = f.options?.[0];
      if (!first) return;
      body[f.name] = first.value;
      for (const r of first.reveals ?? []) fill(r);
    } else if (f.kind === 'date') {
      const parts = dayParts(/due|review|by$/i.test(f.name) ? 30 : -1);
      for (const [p, v] of Object.entries(parts)) body[`${f.name}-${p}`] = v;
    } else if (/time$/i.test(f.name)) body[f.name] = '09:00';
    else if (/cap$/i.test(f.name)) body[f.name] = '5';
    else body[f.name] = 'Fuzz text';
  };
  for (const f of fields) fill(f);
  return body;
}

const seed = 20261204;
/** Creates are cheap: more runs, so a NUL byte reaches every text field. */
const createRuns = 60;
const taskRuns = 12;
const pageRuns = 10;

describe('generated bad input', () => {
  let stack: Stack;
  let web: WebServer;
  let cases: Record<SweepCase, SweepTarget>;
  const tokens: Partial<Record<Who, string>> = {};
  const agents: Partial<Record<Who, { agent: Agent; csrf: string }>> = {};

  const tokenOf = async (who: Who) => (tokens[who] ??= await stack.token(SweepUsers[who]));
  const agentOf = async (who: Who) => {
    if (!agents[who]) {
      const agent = await signedInAgent(web.baseUrl, SweepUsers[who]);
      agents[who] = { agent, csrf: await csrfOf(agent) };
    }
    return agents[who];
  };

  beforeAll(async () => {
    stack = await Stack.start({ name: 'fuzz', worker: false });
    await seedOtherCouncil(stack);
    await seedUncommissionedProvider(stack);
    web = await startWebOnlyServer(stack.config);
    cases = await raiseSweepCases(stack);
  });
  afterAll(async () => {
    await web?.app.close();
    await stack?.stop();
  });

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await stack.sql<{ n: string }>(`select count(*)::text as n from (${sql}) q`, params))[0].n);

  /** What a page or API change could have stored about a case. */
  const caseState = async (caseId: string) =>
    (
      await stack.sql(
        `select c.version, c.status,
                (select count(*)::int from case_events e where e.case_id = c.id) as events,
                (select count(*)::int from case_notes n where n.case_id = c.id) as notes,
                (select count(*)::int from tasks t where t.case_id = c.id and t.status = 'open') as open_tasks,
                (select count(*)::int from access_grants g where g.case_id = c.id) as grants
           from cases c where c.id = $1`,
        [caseId],
      )
    )[0];

  describe('the sign-in refuses a NUL byte, naming the field (it used to answer 500)', () => {
    it('POST /api/v1/auth/token → 400 problem+json pointing at the email, nothing stored', async () => {
      const before = await count('select 1 from audit_events');
      const res = await stack
        .http()
        .post('/api/v1/auth/token')
        .send({ email: `${Demo.officer}${NUL}`, password: 'demo-password-1' });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.body.errors).toEqual([
        { pointer: '#/email', detail: 'Email address must not contain a NUL character' },
      ]);
      expect(res.text).not.toContain(Demo.officer);
      expect(await count('select 1 from audit_events')).toBe(before);
    });

    it('the sign-in page → 400, the form again with the error on the email, no session', async () => {
      const agent = request.agent(web.baseUrl);
      const csrf = csrfFrom((await agent.get('/sign-in')).text);
      const sessions = await count('select 1 from sessions');
      const res = await agent
        .post('/sign-in')
        .type('form')
        .send({ _csrf: csrf, email: `a${NUL}${Demo.officer}`, password: 'demo-password-1' });
      expect(res.status).toBe(400);
      expect(res.text).toContain('href="#email"');
      expect(res.text).toContain('Email address must not contain a NUL character');
      expect(await count('select 1 from sessions')).toBe(sessions);
    });
  });

  it.each([
    [
      '/api/v1/concerns',
      'sunriseLead',
      'concern',
      () => buildConcern() as unknown as Record<string, unknown>,
    ],
    [
      '/api/v1/enquiries',
      'officer',
      's42_enquiry',
      () => buildEnquiry() as unknown as Record<string, unknown>,
    ],
    [
      '/api/v1/allegations',
      'sunriseLead',
      'allegation',
      () => buildAllegation() as unknown as Record<string, unknown>,
    ],
    [
      '/api/v1/complaints',
      'sunriseLead',
      'complaint',
      () => ({
        receivedAt: '2026-11-20T18:30:00Z',
        affectsCare: true,
        complainantRelationship: 'Daughter',
        summary: 'Canary complaint',
      }),
    ],
    [
      '/api/v1/notifications',
      'sunriseLead',
      'notification',
      () => ({
        trigger: 'hospital_admission',
        occurredAt: '2026-11-20T18:30:00Z',
        summary: 'Canary notice',
        lateReason: 'Found in the post',
      }),
    ],
    [
      '/api/v1/incidents',
      'sunriseLead',
      'incident',
      () => ({ category: 'serious_harm', occurredAt: '2026-11-20T18:30:00Z', summary: 'Canary fall' }),
    ],
    [
      '/api/v1/provider-concerns',
      'commissioner',
      'provider_concern',
      () => ({ providerId: DemoIds.sunrise, reason: 'Canary missed visits' }),
    ],
  ] as const)(
    'POST %s never answers 5xx, and stores nothing when it refuses',
    async (path, who, type, valid) => {
      const token = await tokenOf(who);
      await fc.assert(
        fc.asyncProperty(mutated(valid()), async (body) => {
          const before = await count('select 1 from cases');
          const beforeOfType = await count('select 1 from cases where type = $1', [type]);
          const res = await stack
            .http()
            .post(path)
            .set('Authorization', `Bearer ${token}`)
            .set('Idempotency-Key', randomUUID())
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(body) ?? 'null');
          expect(res.status).toBeLessThan(500);
          const refused = res.status >= 400;
          // A refusal is problem+json and stores nothing, and it is the schema's (naming the field), not the
          // database's backstop; an accepted create stores exactly one case of its type.
          expect({
            problem: refused ? /problem\+json/.test(String(res.headers['content-type'])) : true,
            backstop: refused && /cannot be stored/.test(String(res.body?.detail)),
            stored: refused
              ? (await count('select 1 from cases')) - before
              : (await count('select 1 from cases where type = $1', [type])) - beforeOfType,
          }).toEqual({ problem: true, backstop: false, stored: refused ? 0 : 1 });
        }),
        { seed, numRuns: createRuns },
      );
    },
  );

  /**
   * Every task type the registry names, open on the swept case of its type (opened by hand where the case
   * has not reached that step: the schema is checked before the step's state), with someone who may do it.
   */
  const openTasks: { caseName: SweepCase; caseId: string; taskId: string; type: string; who: Who }[] = [];
  async function everyTaskOpen() {
    if (openTasks.length > 0) return openTasks;
    for (const def of CaseDefinitions) {
      const caseName = (Object.keys(SweepCases) as SweepCase[]).find((n) => SweepCases[n].type === def.type);
      if (!caseName) throw new Error(`no swept case of type ${def.type}`);
      const caseId = cases[caseName].id;
      for (const task of def.tasks) {
        const who = Sees[caseName].find((w) => task.actors.includes(SweepPrincipals[w].role));
        if (!who) continue; // nobody in the sweep may complete it
        const [open] = await stack.sql<{ id: string }>(
          `select id::text as id from tasks where case_id = $1 and type = $2 and status = 'open' limit 1`,
          [caseId, task.type],
        );
        const taskId = open?.id ?? randomUUID();
        if (!open) {
          await stack.sql(
            `insert into tasks (id, case_id, type, status, assigned_role, due_at, created_at)
             values ($1, $2, $3, 'open', $4, now() + interval '7 days', now())`,
            [taskId, caseId, task.type, task.holder],
          );
        }
        openTasks.push({ caseName, caseId, taskId, type: task.type, who });
      }
    }
    return openTasks;
  }

  it('covers every task type of the registry', async () => {
    const covered = new Set((await everyTaskOpen()).map((t) => t.type));
    const all = CaseDefinitions.flatMap((d) => d.tasks.map((t) => t.type));
    expect(all.filter((t) => !covered.has(t))).toEqual([]);
  });

  const caseTypes = CaseDefinitions.map((d) => d.type);

  it.each(caseTypes)(
    'never answers 5xx to a task completion of a %s, and a refused one leaves the task open and the case unchanged',
    async (caseType) => {
      for (const t of (await everyTaskOpen()).filter((o) => SweepCases[o.caseName].type === caseType)) {
        const form = TaskForms[t.type as keyof typeof TaskForms];
        const valid = form.toPayload(formBody(form.fields));
        const token = await tokenOf(t.who);
        // Every replacement is invalid, but an arbitrary body might still be valid: then the task is done.
        let completed = false;
        await fc.assert(
          fc.asyncProperty(mutated(valid, invalid), async (body) => {
            if (completed) return;
            const before = await caseState(t.caseId);
            const res = await stack
              .http()
              .post(`/api/v1/cases/${t.caseId}/tasks/${t.taskId}/complete`)
              .set('Authorization', `Bearer ${token}`)
              .set('Content-Type', 'application/json')
              .send(JSON.stringify(body) ?? 'null');
            expect({ type: t.type, status: res.status < 500 }).toEqual({ type: t.type, status: true });
            completed = res.status === 200;
            if (completed) return;
            expect({
              type: t.type,
              backstop: /cannot be stored/.test(String(res.body?.detail)),
              state: await caseState(t.caseId),
            }).toEqual({ type: t.type, backstop: false, state: before });
          }),
          { seed, numRuns: taskRuns },
        );
      }
    },
  );

  /**
   * Posts generated variants of a page's fields: never a 5xx, and a refusal (4xx) leaves `state` as it was.
   * An accepted submission (a redirect) may change it; later runs then meet the changed case.
   */
  /** The pages fuzzed so far, by label. */
  const fuzzed: string[] = [];
  async function fuzzPage(
    label: string,
    who: Who | null,
    path: string,
    fields: Record<string, string>,
    state: () => Promise<unknown>,
    numRuns = pageRuns,
  ) {
    const session = who ? await agentOf(who) : null;
    const agent = session?.agent ?? request.agent(web.baseUrl);
    const csrf = session?.csrf ?? csrfFrom((await agent.get('/sign-in')).text);
    fuzzed.push(label);
    await fc.assert(
      fc.asyncProperty(pageMutated({ ...fields, _csrf: csrf }), async (body) => {
        const before = await state();
        const res = await agent.post(path).type('form').send(body);
        expect({ label, status: res.status < 500 }).toEqual({ label, status: true });
        if (res.status >= 400) expect({ label, state: await state() }).toEqual({ label, state: before });
      }),
      { seed, numRuns },
    );
  }

  it.each(caseTypes)(
    'never answers 5xx to a task page of a %s, whatever its fields hold',
    async (caseType) => {
      const tasks = (await everyTaskOpen()).filter((o) => SweepCases[o.caseName].type === caseType);
      for (const t of tasks) {
        const form = TaskForms[t.type as keyof typeof TaskForms];
        await fuzzPage(
          `task ${t.type}`,
          t.who,
          `/cases/${t.caseId}/tasks/${t.taskId}/complete`,
          { ...formBody(form.fields), taskType: t.type },
          () => caseState(t.caseId),
          6,
        );
      }
      expect(fuzzed.filter((l) => tasks.some((t) => l === `task ${t.type}`))).toHaveLength(tasks.length);
    },
  );

  it('never answers 5xx to the sign-in, break-glass, information, assign and reveal pages', async () => {
    await fuzzPage('sign-in', null, '/sign-in', { email: Demo.officer, password: 'not-the-password' }, () =>
      count('select 1 from sessions'),
    );
    const east = cases.eastshire.id;
    await fuzzPage(
      'break-glass',
      'manager',
      `/cases/${east}/break-glass`,
      { reason: 'Needed for a strategy meeting' },
      () => caseState(east),
    );
    const concern = cases.sunrise.id;
    await fuzzPage(
      'information',
      'sunriseLead',
      `/cases/${concern}/information`,
      formBody(AddInformationForm.fields),
      () => caseState(concern),
    );
    await fuzzPage(
      'assign',
      'manager',
      `/cases/${concern}/assign`,
      { userId: SweepPrincipals.officer.userId },
      () => stack.sql('select assignee_user_id, version from cases where id = $1', [concern]),
    );
    await fuzzPage(
      'reveal',
      'commissioner',
      `/cases/${cases.oakwood.id}/reveal`,
      formBody(RevealForm.fields),
      () => count('select 1 from case_reveals'),
    );
    expect(fuzzed).toEqual(
      expect.arrayContaining(['sign-in', 'break-glass', 'information', 'assign', 'reveal']),
    );
  });

  it('never answers 5xx to the close, event, extend, return and provider-concern pages', async () => {
    for (const name of Object.keys(SweepCases) as SweepCase[]) {
      const type = SweepCases[name].type;
      const id = cases[name].id;
      const close = closeForm(type);
      const closer = Sees[name].find((w) =>
        caseDefinition(type).close?.actors.includes(SweepPrincipals[w].role),
      );
      if (close && closer) {
        await fuzzPage(`close ${type}`, closer, `/cases/${id}/close`, formBody(close.fields), () =>
          caseState(id),
        );
      }
      for (const [key, form] of Object.entries(EventForms).filter(([k]) => k.startsWith(`${type}:`))) {
        const event = key.slice(type.length + 1);
        const actors = caseDefinition(type).transitions.find((t) => t.event === event)?.actors ?? [];
        const who = Sees[name].find((w) => actors.includes(SweepPrincipals[w].role));
        if (!who) continue;
        await fuzzPage(`event ${key}`, who, `/cases/${id}/events/${event}`, formBody(form.fields), () =>
          caseState(id),
        );
      }
    }
    for (const t of await everyTaskOpen()) {
      const by = taskDefinition(t.type).extendableBy;
      const who = by && Sees[t.caseName].find((w) => by.includes(SweepPrincipals[w].role));
      if (who) {
        await fuzzPage(
          `extend ${t.type}`,
          who,
          `/cases/${t.caseId}/tasks/${t.taskId}/extend`,
          formBody(ExtendTaskForm.fields),
          () => caseState(t.caseId),
        );
      }
      if (t.type === 'submit_provider_report') {
        await fuzzPage(
          'return a report',
          'officer',
          `/cases/${t.caseId}/tasks/${t.taskId}/return`,
          formBody(ReturnReportForm.fields),
          () => caseState(t.caseId),
        );
      }
    }
    await fuzzPage(
      'open a provider concern',
      'commissioner',
      `/providers/${DemoIds.sunrise}/concerns/new`,
      { reason: 'Canary late visits', idempotencyKey: randomUUID() },
      () => count(`select 1 from cases where type = 'provider_concern'`),
    );
    // Every kind of page form was reached (close and events for each type that has them).
    expect(fuzzed).toEqual(
      expect.arrayContaining([
        'close allegation',
        'close complaint',
        'event concern:withdraw',
        'event concern:merge',
        'return a report',
        'open a provider concern',
      ]),
    );
    expect(fuzzed.some((l) => l.startsWith('extend '))).toBe(true);
  });

  it('never answers 5xx to a raise flow question, and a refused answer leaves the draft as it was', async () => {
    const flows = web.app.get(RaiseFlows);
    const who: Who = 'sunriseLead';
    const principal: Principal = SweepPrincipals[who];
    const env = { principal, providers: [{ id: DemoIds.sunrise, name: 'Sunrise Care' }] };
    const { agent, csrf } = await agentOf(who);
    const unanswered: string[] = [];
    for (const flow of flows.startable(principal)) {
      const draft = async () =>
        (
          await stack.sql<{ answers: string }>(
            `select answers::text as answers from form_drafts where user_id = $1 and flow = $2`,
            [principal.userId, flow.kind],
          )
        )[0]?.answers ?? null;
      const state = async () => ({ draft: await draft(), cases: await count('select 1 from cases') });
      expect((await agent.post(`/${flow.kind}/new`).type('form').send({ _csrf: csrf })).status).toBe(303);
      let answers: Answers = {};
      const done = new Set<string>();
      for (;;) {
        const question = askedQuestions(flow, answers, env).find((q) => !done.has(q.slug));
        if (!question) break;
        done.add(question.slug);
        const fields = question.fields(env);
        const base = formBody(fields);
        await fuzzPage(
          `${flow.kind}/${question.slug}`,
          who,
          `/${flow.kind}/new/${question.slug}`,
          base,
          state,
          6,
        );
        // Then a plausible answer, so the next question is asked.
        const res = await agent
          .post(`/${flow.kind}/new/${question.slug}`)
          .type('form')
          .send({ ...base, _csrf: csrf });
        if (res.status !== 303) unanswered.push(`${flow.kind}/${question.slug}`);
        answers = mergeAnswers(answers, fields, base);
      }
      const [{ key }] = await stack.sql<{ key: string }>(
        `select key::text as key from form_drafts where user_id = $1 and flow = $2`,
        [principal.userId, flow.kind],
      );
      await fuzzPage(`${flow.kind}/check`, who, `/${flow.kind}/new/check`, { idempotencyKey: key }, state, 6);
    }
    // The plausible answers are the fuzz's base: each page took them, so every question was reached.
    expect(unanswered).toEqual([]);
  });
});
