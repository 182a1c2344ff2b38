import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DemoIds } from '@vigil/access';
import { TaskForms } from '../../apps/web/src/tasks/task-forms';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { buildConcern } from '../factories/concern.factory';
import { buildAllegation } from '../factories/allegation.factory';
import { buildEnquiry } from '../factories/enquiry.factory';
import {
  csrfOf,
  signedInAgent,
  startWebOnlyServer,
  type Agent,
  type WebServer,
} from '../e2e/support/web-server';
import { Demo, Stack } from '../support/stack';

/*
 * Issue 13: bad input never answers 500, and a refused request stores nothing. Generated bodies (anything at
 * all, and valid bodies with one field replaced by something hostile: a NUL byte, a huge string, a wrong
 * type, a nested object) go to every create, every task type's completion and the task forms of the pages.
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
  fc.string().map((s) => `${s}${NUL}${s}`),
  fc.string({ minLength: 60_000, maxLength: 60_100 }),
  fc.integer(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
);

/** A valid body with one of its fields (at any depth) replaced, or an arbitrary value. */
function mutated(valid: Record<string, unknown>, replacement: fc.Arbitrary<unknown> = hostile) {
  const paths: string[][] = [];
  const walk = (value: unknown, path: string[]) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    } else paths.push(path);
  };
  walk(valid, []);
  const replaced = fc.tuple(fc.constantFrom(...paths), replacement).map(([path, value]) => {
    const copy = structuredClone(valid);
    let node = copy as Record<string, unknown>;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
    node[path[path.length - 1]] = value;
    return copy as unknown;
  });
  return fc.oneof({ arbitrary: replaced, weight: 4 }, { arbitrary: fc.anything(), weight: 1 });
}

const seed = 20261204;
const runs = 25;
/** Creates are cheap: more runs, so a NUL byte reaches every text field. */
const createRuns = 80;

describe('generated bad input', () => {
  let stack: Stack;
  let web: WebServer;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    stack = await Stack.start({ name: 'fuzz', worker: false });
    web = await startWebOnlyServer(stack.config);
    for (const email of [Demo.sunriseLead, Demo.officer, Demo.manager])
      tokens[email] = await stack.token(email);
  });
  afterAll(async () => {
    await web?.app.close();
    await stack?.stop();
  });

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await stack.sql<{ n: string }>(`select count(*)::text as n from (${sql}) q`, params))[0].n);

  it.each([
    [
      '/api/v1/concerns',
      Demo.sunriseLead,
      'concern',
      () => buildConcern() as unknown as Record<string, unknown>,
    ],
    [
      '/api/v1/enquiries',
      Demo.officer,
      's42_enquiry',
      () => buildEnquiry() as unknown as Record<string, unknown>,
    ],
    [
      '/api/v1/allegations',
      Demo.sunriseLead,
      'allegation',
      () => buildAllegation() as unknown as Record<string, unknown>,
    ],
    [
      '/api/v1/complaints',
      Demo.sunriseLead,
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
      Demo.sunriseLead,
      'notification',
      () => ({
        trigger: 'hospital_admission',
        occurredAt: '2026-11-20T18:30:00Z',
        summary: 'Canary notice',
        lateReason: 'Found in the post',
      }),
    ],
  ] as const)(
    'POST %s never answers 5xx, and stores nothing when it refuses',
    async (path, who, type, valid) => {
      await fc.assert(
        fc.asyncProperty(mutated(valid()), async (body) => {
          const before = await count('select 1 from cases');
          const beforeOfType = await count('select 1 from cases where type = $1', [type]);
          const res = await stack
            .http()
            .post(path)
            .set('Authorization', `Bearer ${tokens[who]}`)
            .set('Idempotency-Key', randomUUID())
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(body) ?? 'null');
          expect(res.status).toBeLessThan(500);
          const refused = res.status >= 400;
          // A refusal is problem+json and stores nothing; an accepted create stores exactly one case of its type
          // (an enquiry also raises its notice to the commissioner).
          expect({
            problem: refused ? /problem\+json/.test(String(res.headers['content-type'])) : true,
            stored: refused
              ? (await count('select 1 from cases')) - before
              : (await count('select 1 from cases where type = $1', [type])) - beforeOfType,
          }).toEqual({ problem: true, stored: refused ? 0 : 1 });
        }),
        { seed, numRuns: createRuns },
      );
    },
  );

  /** One open task of each type: a concern raised and triaged into an enquiry, and its steps opened. */
  async function openTasks(): Promise<{ caseId: string; taskId: string; type: string; who: string }[]> {
    const concern = await stack.raiseConcern(Demo.sunriseLead);
    const enquiry = await stack.openEnquiry(Demo.officer, { providerId: DemoIds.sunrise });
    const complete = (c: string, t: string, body: object, who = Demo.officer) =>
      stack
        .http()
        .post(`/api/v1/cases/${c}/tasks/${t}/complete`)
        .set('Authorization', `Bearer ${tokens[who]}`)
        .send(body);
    const task = async (caseId: string, type: string) => {
      const res = await stack
        .http()
        .get(`/api/v1/cases/${caseId}`)
        .set('Authorization', `Bearer ${tokens[Demo.officer]}`);
      return (res.body.tasks as { id: string; type: string; status: string }[]).find(
        (t) => t.type === type && t.status === 'open',
      )!.id;
    };
    const found = [
      {
        caseId: concern.id,
        taskId: await task(concern.id, 'triage_decision'),
        type: 'triage_decision',
        who: Demo.officer,
      },
      {
        caseId: concern.id,
        taskId: await task(concern.id, 'care_plan_review'),
        type: 'care_plan_review',
        who: Demo.sunriseLead,
      },
      {
        caseId: enquiry.id,
        taskId: await task(enquiry.id, 'record_adult_views'),
        type: 'record_adult_views',
        who: Demo.officer,
      },
      {
        caseId: enquiry.id,
        taskId: await task(enquiry.id, 'decide_enquiry_lead'),
        type: 'decide_enquiry_lead',
        who: Demo.officer,
      },
    ];
    // Move a second enquiry to where the later steps are open.
    const e2 = await stack.openEnquiry(Demo.officer, { providerId: DemoIds.sunrise });
    await complete(e2.id, await task(e2.id, 'record_adult_views'), { msp: 'not_asked' });
    await complete(e2.id, await task(e2.id, 'decide_enquiry_lead'), {
      lead: 'provider_caused',
      scope: 's',
      questions: 'q',
    });
    found.push({
      caseId: e2.id,
      taskId: await task(e2.id, 'submit_provider_report'),
      type: 'submit_provider_report',
      who: Demo.sunriseLead,
    });
    const e3 = await stack.openEnquiry(Demo.officer, { providerId: DemoIds.sunrise });
    await complete(e3.id, await task(e3.id, 'record_adult_views'), { msp: 'not_asked' });
    await complete(e3.id, await task(e3.id, 'record_outcome'), {
      outcome: 'ceased_at_request',
      riskNow: 'remains',
      outcomesMet: 'not',
    });
    found.push({
      caseId: e3.id,
      taskId: await task(e3.id, 'agree_safeguarding_plan'),
      type: 'agree_safeguarding_plan',
      who: Demo.officer,
    });
    return found;
  }

  const validBodies: Record<string, Record<string, unknown>> = {
    triage_decision: { decision: 'signpost', rationale: 'Advice given' },
    care_plan_review: { reviewedOn: '2026-11-01' },
    record_adult_views: {
      msp: 'outcomes_expressed',
      desiredOutcomes: 'Stay at home',
      capacity: 'has_capacity',
      advocate: false,
    },
    decide_enquiry_lead: {
      lead: 'provider_caused',
      scope: 'Rounds',
      questions: 'Who?',
      reportDueOn: '2099-01-01',
    },
    submit_provider_report: { report: 'Findings' },
    agree_safeguarding_plan: { plan: 'agreed', summary: 'Weekly visits', reviewOn: '2099-01-01' },
  };

  it('never answers 5xx to a task completion, and a refused one leaves the task open and the case unchanged', async () => {
    for (const t of await openTasks()) {
      // Every replacement is invalid, but an arbitrary body might still be valid: then the task is done.
      let completed = false;
      await fc.assert(
        fc.asyncProperty(mutated(validBodies[t.type], invalid), async (body) => {
          if (completed) return;
          const [before] = await stack.sql<{ version: number }>('select version from cases where id = $1', [
            t.caseId,
          ]);
          const res = await stack
            .http()
            .post(`/api/v1/cases/${t.caseId}/tasks/${t.taskId}/complete`)
            .set('Authorization', `Bearer ${tokens[t.who]}`)
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(body) ?? 'null');
          expect({ type: t.type, status: res.status < 500 }).toEqual({ type: t.type, status: true });
          completed = res.status === 200;
          if (completed) return;
          const [after] = await stack.sql<{ version: number; open: boolean }>(
            `select c.version, t.status = 'open' as open from cases c join tasks t on t.case_id = c.id where t.id = $1`,
            [t.taskId],
          );
          expect(after).toEqual({ version: before.version, open: true });
        }),
        { seed, numRuns: runs },
      );
    }
  });

  it('never answers 5xx to a page form, whatever its fields hold', async () => {
    const agent: Agent = await signedInAgent(web.baseUrl, Demo.officer);
    const csrf = await csrfOf(agent);
    const enquiry = await stack.openEnquiry(Demo.officer, { providerId: DemoIds.sunrise });
    const task = (enquiry.tasks as { id: string; type: string }[]).find(
      (t) => t.type === 'record_adult_views',
    )!;
    const fieldNames = [
      'msp',
      'desiredOutcomes',
      'capacity',
      'advocate',
      'taskType',
      'version',
      'reviewOn-day',
      'reviewOn-year',
    ];
    let completed = false;
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom(...fieldNames),
          fc.oneof(
            fc.string(),
            fc.string().map((s) => `${s}${NUL}`),
            fc.constantFrom(...Object.keys(TaskForms)),
          ),
        ),
        async (fields) => {
          if (completed) return;
          const res = await agent
            .post(`/cases/${enquiry.id}/tasks/${task.id}/complete`)
            .type('form')
            .send({ ...fields, _csrf: csrf });
          expect(res.status).toBeLessThan(500);
          completed = res.status === 303;
          if (completed) return;
          const [row] = await stack.sql<{ status: string }>('select status from tasks where id = $1', [
            task.id,
          ]);
          expect(row.status).toBe('open');
        },
      ),
      { seed, numRuns: runs },
    );
  });
});
