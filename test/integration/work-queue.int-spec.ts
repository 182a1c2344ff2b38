import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { buildConcern, CANARY } from '../factories/concern.factory';
import { CaseApi, type CaseBody } from '../support/case-api';
import { Elsewhere, seedOtherCouncil } from '../support/other-council';
import { Demo, fastPolicy, Stack } from '../support/stack';

interface WorkItemBody {
  caseId: string;
  reference: string;
  caseType: string;
  provider: { id: string; name: string };
  assignee: { id: string; name: string } | null;
  task: { id: string; type: string; dueAt: string | null };
}
interface WorkPage {
  items: WorkItemBody[];
  total: number;
}

/*
 * The work queue's filters and sort (`GET /api/v1/tasks`, the same use case as `/queue`) and assigning a
 * case to an officer (`POST /api/v1/cases/:id/assignee`), on real PostgreSQL under row-level security, the
 * Temporal dev server and an SMTP inbox: the triage clock's `assignee` rung (8 s, fast policy) reaches the
 * officer the case was assigned to, not the team.
 */
describe('work queue filters, sorting and assignment', () => {
  let stack: Stack;
  let api: CaseApi;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    stack = await Stack.start({ name: 'work_queue', policy: fastPolicy() });
    await seedOtherCouncil(stack);
    api = await new CaseApi(stack).signIn([...Object.values(Demo), Elsewhere.officer]);
    for (const [name, email] of Object.entries({ ...Demo, elsewhere: Elsewhere.officer })) {
      const [row] = await stack.sql<{ id: string }>(`select id from users where email = $1`, [email]);
      ids[name] = row.id;
    }
  });
  afterAll(async () => stack?.stop());

  const tasks = async (email: string, query = '', expected = 200): Promise<WorkPage> => {
    const res = await api.as(email).get(`/api/v1/tasks${query}`);
    expect({ status: res.status, body: res.status === expected ? null : res.body }).toEqual({
      status: expected,
      body: null,
    });
    return res.body as WorkPage;
  };
  const assign = (email: string, caseId: string, userId: string | null) =>
    api.as(email).post(`/api/v1/cases/${caseId}/assignee`, { userId });
  const refs = (page: WorkPage) => page.items.map((i) => i.reference);

  it('assigns a case to an officer, and the triage clock’s first reminder reaches them, not the team', async () => {
    const raised = await stack.raiseConcern(Demo.sunriseLead, buildConcern());
    const res = await assign(Demo.manager, raised.id, ids.manager);
    expect(res.status).toBe(200);
    const view = res.body as CaseBody & { assignee: { id: string; name: string } | null };
    expect(view.assignee?.id).toBe(ids.manager);
    expect(view.version).toBe(raised.version + 1);
    expect(view.timeline.find((e) => e.kind === 'case.assigned')?.details).toMatchObject({
      assigneeUserId: ids.manager,
    });
    const [reminder] = await stack.inbox.waitFor(
      (m) => m.subject.includes(raised.reference) && m.subject.startsWith('[Vigil] Overdue'),
      { timeoutMs: 25_000 },
    );
    expect(reminder.to).toContain(Demo.manager);
    expect(reminder.to).not.toContain(Demo.officer);
    const [{ n }] = await stack.sql<{ n: number }>(
      `select count(*)::int as n from audit_events where action = 'case.assigned' and subject_id = $1`,
      [raised.id],
    );
    expect(n).toBe(1);
    // The officer's own queue no longer holds it (it is the manager's now); the manager's assigned filter does.
    expect(refs(await tasks(Demo.officer))).not.toContain(raised.reference);
    const team = await tasks(Demo.manager, `?who=team&assigned=${ids.manager}`);
    expect(refs(team)).toEqual([raised.reference]);
    expect(team.items[0].assignee?.id).toBe(ids.manager);
  });

  it('lets an officer take a case and give it back, but not give it to someone else', async () => {
    const raised = await stack.raiseConcern(Demo.sunriseLead, buildConcern());
    expect((await assign(Demo.officer, raised.id, ids.manager)).status).toBe(403);
    expect((await assign(Demo.officer, raised.id, ids.officer)).status).toBe(200);
    expect(refs(await tasks(Demo.officer, '?assigned=me'))).toContain(raised.reference);
    // Taken: a second identical request changes nothing (no new version, no second timeline entry).
    const again = await assign(Demo.officer, raised.id, ids.officer);
    expect(again.status).toBe(200);
    const entries = (again.body as CaseBody).timeline.filter((e) => e.kind === 'case.assigned');
    expect(entries).toHaveLength(1);
    const back = await assign(Demo.officer, raised.id, null);
    expect(back.status).toBe(200);
    expect((back.body as { assignee: unknown }).assignee).toBeNull();
    expect(refs(await tasks(Demo.officer, '?assigned=unassigned'))).toContain(raised.reference);
  });

  it('emails an officer given a case by their manager (reference and link only), not one who takes it', async () => {
    const given = await stack.raiseConcern(Demo.sunriseLead, buildConcern());
    expect((await assign(Demo.manager, given.id, ids.officer)).status).toBe(200);
    const [told] = await stack.inbox.waitFor(
      (m) => m.subject === `[Vigil] ${given.reference} assigned to you`,
      { timeoutMs: 15_000 },
    );
    expect(told.to).toEqual([Demo.officer]);
    expect(told.text).toContain(`/cases/${given.id}`);
    expect(told.text).not.toContain(CANARY);
    const taken = await stack.raiseConcern(Demo.sunriseLead, buildConcern());
    expect((await assign(Demo.officer, taken.id, ids.officer)).status).toBe(200);
    // The given case's email has come and gone; the taken one's never comes (a later one would be here by now).
    const other = await stack.raiseConcern(Demo.sunriseLead, buildConcern());
    expect((await assign(Demo.manager, other.id, ids.officer)).status).toBe(200);
    await stack.inbox.waitFor((m) => m.subject === `[Vigil] ${other.reference} assigned to you`, {
      timeoutMs: 15_000,
    });
    expect(stack.inbox.mails.filter((m) => m.subject.includes(`${taken.reference} assigned`))).toEqual([]);
  });

  it('refuses a bad officer, the wrong roles, another council and a closed case, changing nothing', async () => {
    const raised = await stack.raiseConcern(Demo.sunriseLead, buildConcern());
    const provider = await assign(Demo.manager, raised.id, ids.sunriseLead);
    expect(provider.status).toBe(400);
    expect((provider.body as CaseBody).errors?.map((e) => e.pointer)).toEqual(['#/userId']);
    expect((await assign(Demo.manager, raised.id, ids.elsewhere)).status).toBe(400);
    const malformed = await api.as(Demo.manager).post(`/api/v1/cases/${raised.id}/assignee`, { userId: 'x' });
    expect(malformed.status).toBe(400);
    expect((await assign(Demo.sunriseLead, raised.id, ids.officer)).status).toBe(403);
    expect((await assign(Demo.commissioner, raised.id, ids.officer)).status).toBe(403);
    expect((await assign(Elsewhere.officer, raised.id, ids.elsewhere)).status).toBe(404);
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
    expect((await assign(Demo.manager, raised.id, ids.officer)).status).toBe(409);
    const [row] = await stack.sql<{ assignee_user_id: string | null }>(
      `select assignee_user_id from cases where id = $1`,
      [raised.id],
    );
    expect(row.assignee_user_id).toBeNull();
  });

  it('lists open cases of a team for the dashboard’s links, and closed ones apart', async () => {
    const raised = await stack.raiseConcern(Demo.sunriseLead, buildConcern());
    const closed = await stack.raiseConcern(Demo.sunriseLead, buildConcern());
    await api.complete(Demo.officer, await api.read(Demo.officer, closed.id), 'triage_decision', {
      decision: 'signpost',
      rationale: 'Signposted to the GP',
    });
    const [{ team_id: team }] = await stack.sql<{ team_id: string }>(
      `select team_id from cases where id = $1`,
      [raised.id],
    );
    const list = async (query: string) =>
      (
        (await api.as(Demo.manager).get(`/api/v1/cases${query}`)).body as { items: { id: string }[] }
      ).items.map((i) => i.id);
    const open = await list(`?type=concern&open=true&team=${team}&limit=200`);
    expect(open).toContain(raised.id);
    expect(open).not.toContain(closed.id);
    const shut = await list(`?type=concern&open=false&limit=200`);
    expect(shut).toContain(closed.id);
    expect(shut).not.toContain(raised.id);
    expect(await list(`?team=${randomUUID()}`)).toEqual([]);
    expect((await api.as(Demo.manager).get('/api/v1/cases?open=maybe')).status).toBe(400);
  });

  it('filters by risk, abuse type, provider, case type and task, and sorts by reference either way', async () => {
    const urgent = await stack.raiseConcern(
      Demo.sunriseLead,
      buildConcern({ immediateRisk: true, emergencyServicesCalled: true, category: 'financial' }),
    );
    const oakwood = await stack.raiseConcern(Demo.oakwoodLead, buildConcern({ category: 'financial' }));
    const risky = await tasks(Demo.officer, '?risk=immediate&limit=200');
    expect(refs(risky)).toContain(urgent.reference);
    expect(refs(risky)).not.toContain(oakwood.reference);
    const financial = await tasks(Demo.officer, '?abuse=financial&limit=200');
    expect(new Set(refs(financial))).toEqual(new Set([urgent.reference, oakwood.reference]));
    const [oakwoodOrg] = await stack.sql<{ id: string }>(
      `select provider_id as id from cases where id = $1`,
      [oakwood.id],
    );
    const byProvider = await tasks(Demo.officer, `?provider=${oakwoodOrg.id}&abuse=financial`);
    expect(refs(byProvider)).toEqual([oakwood.reference]);
    expect(byProvider.items[0].provider.name).toMatch(/Oakwood/);
    expect((await tasks(Demo.officer, '?type=allegation')).total).toBe(0);
    const triage = await tasks(Demo.officer, '?task=triage_decision&limit=200');
    expect(triage.items.every((i) => i.task.type === 'triage_decision')).toBe(true);
    const up = refs(await tasks(Demo.officer, '?sort=reference&limit=200'));
    const down = refs(await tasks(Demo.officer, '?sort=reference&order=desc&limit=200'));
    expect(up).toEqual([...up].sort());
    expect(down).toEqual([...up].reverse());
  });

  it('keeps tasks due within so many working days, and never overdue ones', async () => {
    const soon = await stack.raiseConcern(Demo.sunriseLead, buildConcern());
    const far = await stack.raiseConcern(Demo.sunriseLead, buildConcern());
    await stack.sql(`update tasks set due_at = now() + interval '1 hour' where case_id = $1`, [soon.id]);
    await stack.sql(`update tasks set due_at = now() + interval '60 days' where case_id = $1`, [far.id]);
    const within = refs(await tasks(Demo.officer, '?within=5&limit=200'));
    expect(within).toContain(soon.reference);
    expect(within).not.toContain(far.reference);
    const all = await tasks(Demo.officer, '?within=5&limit=200');
    for (const item of all.items)
      expect(Date.parse(item.task.dueAt ?? '')).toBeGreaterThan(Date.now() - 5_000);
  });

  it('shows managers everyone’s tasks on their cases, and refuses that to others and bad filters', async () => {
    const raised = await stack.raiseConcern(Demo.sunriseLead, buildConcern());
    // A provider's care plan review is not the manager's to do, so only `who=team` lists it.
    await stack.sql(
      `insert into tasks (id, case_id, type, status, assigned_role, due_at, created_at)
       values (gen_random_uuid(), $1, 'care_plan_review', 'open', 'provider_manager', now() + interval '3 days', now())`,
      [raised.id],
    );
    const mine = await tasks(Demo.manager, '?type=concern&limit=200');
    expect(mine.items.some((i) => i.task.type === 'care_plan_review')).toBe(false);
    const team = await tasks(Demo.manager, `?who=team&task=care_plan_review&limit=200`);
    expect(refs(team)).toContain(raised.reference);
    const providers = await tasks(Demo.manager, `?who=team&holder=provider&limit=200`);
    expect(providers.items.every((i) => i.task.type === 'care_plan_review')).toBe(true);
    expect(refs(providers)).toContain(raised.reference);
    const council = await tasks(Demo.manager, `?who=team&holder=council&type=concern&limit=200`);
    expect(council.items.some((i) => i.task.type === 'care_plan_review')).toBe(false);
    expect(refs(council)).toContain(raised.reference);
    const commissioner = await tasks(Demo.commissioner, '?who=team&limit=200');
    expect(refs(commissioner)).toContain(raised.reference);
    await tasks(Demo.officer, '?who=team', 403);
    await tasks(Demo.sunriseLead, '?who=team', 403);
    const bad = await api.as(Demo.officer).get('/api/v1/tasks?sort=colour&provider=nope');
    expect(bad.status).toBe(400);
    expect((bad.body as CaseBody).errors?.map((e) => e.pointer).sort()).toEqual(['#/provider', '#/sort']);
  });
});
