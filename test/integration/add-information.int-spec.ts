import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildConcern, CANARY } from '../factories/concern.factory';
import { CaseApi, type CaseBody } from '../support/case-api';
import { Demo, Stack } from '../support/stack';

/*
 * "Add information" to an open case (issue 11) on real parts: append-only words in PostgreSQL, an entry
 * on the timeline (the words only for viewers who see narrative), every clock running on, refusals.
 */
describe('add information to a case', () => {
  let stack: Stack;
  let api: CaseApi;

  beforeAll(async () => {
    stack = await Stack.start({ name: 'add_information' });
    api = await new CaseApi(stack).signIn([...Object.values(Demo), 'auditor@riverside.example']);
  });
  afterAll(async () => stack?.stop());

  const add = (email: string, id: string, body: object) =>
    api.as(email).post(`/api/v1/cases/${id}/information`, body);

  it('keeps the words with the case, on its timeline, while its clocks run on', async () => {
    const raised = await stack.raiseConcern(Demo.sunriseLead, buildConcern());
    const before = await api.read(Demo.sunriseLead, raised.id);
    const res = await add(Demo.sunriseLead, raised.id, { text: `${CANARY} the bruise is larger today` });
    expect(res.status).toBe(201);
    const after = res.body as CaseBody;
    expect(after.version).toBe(before.version + 1);
    const entry = after.timeline.find((e) => e.kind === 'case.information_added');
    expect(entry?.details.text).toBe(`${CANARY} the bruise is larger today`);
    // The triage clock is untouched: same due instant, still running.
    expect(after.clocks).toEqual(before.clocks);
    expect(after.status).toBe('awaiting_triage');
    // The officer adds too; the commissioner (masked) sees that information was added, not the words.
    expect((await add(Demo.officer, raised.id, { text: 'Called the GP' })).status).toBe(201);
    const masked = await api.read(Demo.commissioner, raised.id);
    const entries = masked.timeline.filter((e) => e.kind === 'case.information_added');
    expect(entries).toHaveLength(2);
    for (const e of entries) expect(e.details.text).toBeUndefined();
    const [{ n }] = await stack.sql<{ n: number }>(
      `select count(*)::int as n from audit_events where action = 'case.information_added' and subject_id = $1`,
      [raised.id],
    );
    expect(n).toBe(2);
    const history = await (await stack.temporal()).workflow.getHandle(`concern:${raised.id}`).fetchHistory();
    expect(JSON.stringify(history)).not.toContain(CANARY);
  });

  it('refuses empty words, other providers, the auditor and a closed case, changing nothing', async () => {
    const raised = await stack.raiseConcern(Demo.sunriseLead, buildConcern());
    const empty = await add(Demo.sunriseLead, raised.id, { text: '  ' });
    expect(empty.status).toBe(400);
    expect((empty.body as CaseBody).errors?.map((e) => e.pointer)).toEqual(['#/text']);
    expect((await add(Demo.oakwoodLead, raised.id, { text: 'Not mine' })).status).toBe(404);
    expect((await add('auditor@riverside.example', raised.id, { text: 'Audit' })).status).toBe(403);
    const decided = await api.complete(
      Demo.officer,
      await api.read(Demo.officer, raised.id),
      'triage_decision',
      {
        decision: 'no_further_action',
        rationale: 'Family supporting',
      },
    );
    expect(decided.status).toBe('closed');
    expect((await add(Demo.sunriseLead, raised.id, { text: 'Too late' })).status).toBe(409);
    const [{ n }] = await stack.sql<{ n: number }>(
      `select count(*)::int as n from case_notes where case_id = $1`,
      [raised.id],
    );
    expect(n).toBe(0);
  });
});
