import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { AuthService, DemoIds } from '@vigil/access';
import {
  DashboardQueries,
  TimescalePolicyService,
  type DashboardFigures,
  type DashboardQuery,
  type RequestContext,
} from '@vigil/cases';
import { CANARY } from '../factories/concern.factory';
import { signedInAgent, startWebOnlyServer, type WebServer } from '../e2e/support/web-server';
import { CaseApi, type CaseBody } from '../support/case-api';
import { Demo, Stack } from '../support/stack';

/*
 * The manager's dashboard (issue 11) against PostgreSQL under row-level security, through the service the
 * page uses: concerns raised through the API, then moved with SQL into known shapes (assigned, due, moved to
 * a second team, backdated, their clocks met or breached); the figures by team member (council-held tasks
 * only), the team filter as each role may use it, the period filter on the trend and per-clock compliance
 * (an extended complaint response counted against its original due time), the audit record, and the CSVs.
 */
describe('dashboard figures', () => {
  let stack: Stack;
  let api: CaseApi;
  let web: WebServer;
  let dashboard: DashboardQueries;
  let dueSoonUntil: Date;
  const ids: Record<string, string> = {};
  const SECOND_TEAM = randomUUID();
  const SAM = randomUUID(); // an officer of the demo team
  const KIM = randomUUID(); // an officer of the second team
  const THIRD_TEAM = randomUUID(); // holds only the complaint of the extension test

  const ctxFor = async (email: string): Promise<RequestContext> => {
    const [row] = await stack.sql<{ id: string }>(`select id from users where email = $1`, [email]);
    const principal = await stack.api.get(AuthService).principalForUser(row.id);
    if (!principal) throw new Error(`no principal for ${email}`);
    return { principal, ip: null, correlationId: randomUUID() };
  };
  const figures = async (email: string, query: DashboardQuery): Promise<DashboardFigures> =>
    dashboard.figures(await ctxFor(email), query, dueSoonUntil);
  const member = (f: DashboardFigures, userId: string | null) => {
    const m = f.members.find((x) => x.userId === userId);
    return m ? { name: m.name, overdue: m.overdue, dueSoon: m.dueSoon } : undefined;
  };

  /** A concern raised by Sunrise's lead, then shaped with SQL. */
  const concern = async (shape: {
    assignee?: string;
    team?: string;
    triageDue?: string;
    createdAt?: string;
    closedAt?: string;
  }): Promise<string> => {
    const { id } = await stack.raiseConcern(Demo.sunriseLead);
    await stack.sql(
      `update cases set assignee_user_id = $2, team_id = coalesce($3, team_id),
         created_at = coalesce($4::timestamptz, created_at),
         closed_at = $5::timestamptz, status = case when $5::timestamptz is null then status else 'closed' end
       where id = $1`,
      [id, shape.assignee ?? null, shape.team ?? null, shape.createdAt ?? null, shape.closedAt ?? null],
    );
    if (shape.closedAt) {
      await stack.sql(`update tasks set status = 'cancelled' where case_id = $1`, [id]);
      await stack.sql(`update clocks set state = 'cancelled' where case_id = $1`, [id]);
    }
    // Each concern also opens the provider's care plan review: out of the way, a month ahead.
    await stack.sql(
      `update tasks set due_at = now() + interval '30 days' where case_id = $1 and type = 'care_plan_review'`,
      [id],
    );
    if (shape.triageDue) {
      await stack.sql(
        `update tasks set due_at = now() + $2::interval where case_id = $1 and type = 'triage_decision'`,
        [id, shape.triageDue],
      );
    }
    return id;
  };

  /** Sets a case's triage clock due that long ago, met (that long before its due time) or breached. */
  const triageClock = async (caseId: string, dueAgo: string, metEarly: string | null) => {
    await stack.sql(
      `update clocks set due_at = now() - $2::interval,
         state = case when $3::interval is null then 'breached' else 'met' end,
         met_at = now() - $2::interval - $3::interval,
         breached_at = case when $3::interval is null then now() - $2::interval end
       where case_id = $1 and name = 'concern.triage'`,
      [caseId, dueAgo, metEarly],
    );
  };

  beforeAll(async () => {
    stack = await Stack.start({ name: 'dashboard', worker: false });
    api = await new CaseApi(stack).signIn([Demo.sunriseLead]);
    web = await startWebOnlyServer(stack.config);
    dashboard = stack.api.get(DashboardQueries, { strict: false });
    dueSoonUntil = stack.api
      .get(TimescalePolicyService, { strict: false })
      .calendar.addWorkingDays(new Date(), 5);
    await stack.sql(
      `insert into teams (id, council_id, name, created_at) values ($1, $2, 'Riverside learning disability team', now())`,
      [SECOND_TEAM, DemoIds.council],
    );
    await stack.sql(
      `insert into teams (id, council_id, name, created_at) values ($1, $2, 'Riverside complaints team', now())`,
      [THIRD_TEAM, DemoIds.council],
    );
    await stack.sql(
      `insert into users (id, email, display_name, password_hash, organisation_id, role, team_id, active, created_at) values
         ($1, 'sam@riverside.example', 'Sam Officer', null, $3, 'council_officer', $4, true, now()),
         ($2, 'kim@riverside.example', 'Kim Officer', null, $3, 'council_officer', $5, true, now())`,
      [SAM, KIM, DemoIds.council, DemoIds.team, SECOND_TEAM],
    );
    // Sam: one triage overdue, one due tomorrow, and an overdue task the provider holds (not Sam's to do).
    ids.samLate = await concern({ assignee: SAM, triageDue: '-3 days' });
    ids.samSoon = await concern({ assignee: SAM, triageDue: '1 day' });
    await stack.sql(
      `insert into tasks (id, case_id, type, status, assigned_role, due_at, created_at)
       values ($1, $2, 'care_plan_review', 'open', 'provider_manager', now() - interval '2 days', now())`,
      [randomUUID(), ids.samSoon],
    );
    // Nobody: one triage overdue. The rest of the raised concerns' triage tasks are due well ahead.
    ids.nobodyLate = await concern({ triageDue: '-1 day' });
    await concern({ triageDue: '30 days' });
    // Kim, on the second team: one overdue.
    ids.kimLate = await concern({ assignee: KIM, team: SECOND_TEAM, triageDue: '-2 days' });
    // Raised 8 weeks ago (in 13 weeks, not in 4); closed 20 weeks ago, raised 22 (in 26 weeks only).
    ids.older = await concern({
      createdAt: new Date(Date.now() - 8 * 7 * 86_400_000).toISOString(),
      triageDue: '30 days',
    });
    ids.oldest = await concern({
      createdAt: new Date(Date.now() - 22 * 7 * 86_400_000).toISOString(),
      closedAt: new Date(Date.now() - 20 * 7 * 86_400_000).toISOString(),
    });
    // Triage clocks: met on time 1 week ago, breached 2 weeks ago, met on time 8 weeks ago.
    await triageClock(ids.samLate, '1 week', '1 hour');
    await triageClock(ids.nobodyLate, '2 weeks', null);
    await triageClock(ids.older, '8 weeks', '2 hours');
  });
  afterAll(async () => {
    await web?.app.close();
    await stack?.stop();
  });

  it('counts council-held overdue and soon-due tasks by the officer each case is assigned to', async () => {
    const f = await figures(Demo.manager, { weeks: 13 });
    expect(f.filter.teamId).toBe(DemoIds.team);
    expect(member(f, SAM)).toEqual({ name: 'Sam Officer', overdue: 1, dueSoon: 1 });
    expect(member(f, null)).toEqual({ name: null, overdue: 1, dueSoon: 0 });
    // The demo team's own officer and manager are listed with nothing late; Kim is on another team.
    const [{ id: officer }] = await stack.sql<{ id: string }>(`select id from users where email = $1`, [
      Demo.officer,
    ]);
    expect(member(f, officer)).toMatchObject({ overdue: 0, dueSoon: 0 });
    expect(member(f, KIM)).toBeUndefined();
    expect(f.members.at(-1)?.userId).toBeNull();
    // The panels count every open task, the provider's too: Sam's 1 + nobody's 1 + the provider's 1.
    expect(f.overdueTasks).toBe(3);
    expect(f.dueSoon).toBe(1);
    expect(f.triageOverdue).toBe(2);
  });

  it('lets a head of service see all teams or one, and keeps a team manager to their own team', async () => {
    const all = await figures(Demo.head, { weeks: 13 });
    expect(all.filter.teamId).toBeNull();
    expect(all.allTeams).toBe(true);
    expect(all.teams.map((t) => t.id).sort()).toEqual([DemoIds.team, SECOND_TEAM, THIRD_TEAM].sort());
    expect(member(all, KIM)).toEqual({ name: 'Kim Officer', overdue: 1, dueSoon: 0 });
    expect(member(all, SAM)).toEqual({ name: 'Sam Officer', overdue: 1, dueSoon: 1 });
    expect(all.triageOverdue).toBe(3);

    const second = await figures(Demo.head, { weeks: 13, team: SECOND_TEAM });
    expect(second.filter.teamId).toBe(SECOND_TEAM);
    expect(second.members.map((m) => m.userId)).toEqual([KIM, null]);
    expect(second.overdueTasks).toBe(1);
    expect(second.openByType.find((t) => t.type === 'concern')?.count).toBe(1);

    // Not in a team manager's scope: their own team instead. Nor is "all" theirs to choose.
    for (const team of [SECOND_TEAM, 'all', randomUUID()]) {
      const managed = await figures(Demo.manager, { weeks: 13, team });
      expect({ team, teamId: managed.filter.teamId }).toEqual({ team, teamId: DemoIds.team });
      expect(managed.allTeams).toBe(false);
      expect(managed.teams.map((t) => t.id)).toEqual([DemoIds.team]);
      expect(member(managed, KIM)).toBeUndefined();
    }

    // A commissioner has no team filter: their providers' cases, whoever is assigned.
    const commissioner = await figures(Demo.commissioner, { weeks: 13, team: SECOND_TEAM });
    expect(commissioner.filter.teamId).toBeNull();
    expect(commissioner.teams).toEqual([]);
    expect(member(commissioner, KIM)).toEqual({ name: 'Kim Officer', overdue: 1, dueSoon: 0 });
  });

  it('bounds the trend and clock compliance by the period chosen', async () => {
    const sumRaised = (f: DashboardFigures) => f.weeks.reduce((s, w) => s + w.raised, 0);
    const sumClosed = (f: DashboardFigures) => f.weeks.reduce((s, w) => s + w.closed, 0);
    const triage = (f: DashboardFigures) => f.clocks.find((c) => c.name === 'concern.triage');

    const team = DemoIds.team;
    const four = await figures(Demo.head, { weeks: 4, team });
    expect(four.weeks).toHaveLength(4);
    expect(sumRaised(four)).toBe(4); // the team's four raised this week, not the backdated two
    expect(sumClosed(four)).toBe(0);
    expect(triage(four)).toEqual({ name: 'concern.triage', due: 2, met: 1, metWithinExtension: 0 });

    const thirteen = await figures(Demo.head, { weeks: 13, team });
    expect(thirteen.weeks).toHaveLength(13);
    expect(sumRaised(thirteen)).toBe(5);
    expect(triage(thirteen)).toEqual({ name: 'concern.triage', due: 3, met: 2, metWithinExtension: 0 });
    // Week by week, the same clocks: the breach two weeks ago, the met ones one and eight weeks ago.
    expect(thirteen.weeks.reduce((s, w) => s + w.clocksDue, 0)).toBe(3);
    expect(thirteen.weeks.reduce((s, w) => s + w.clocksMet, 0)).toBe(2);

    const half = await figures(Demo.head, { weeks: 26, team });
    expect(sumRaised(half)).toBe(6);
    expect(sumClosed(half)).toBe(1);
    expect(half.filter.from < thirteen.filter.from).toBe(true);

    // A period the page does not offer is read as 13 weeks.
    const odd = await figures(Demo.head, { weeks: 7 as DashboardQuery['weeks'] });
    expect(odd.filter.weeks).toBe(13);
  });

  it('counts an extended task’s clock against its original due time, and shows it met within the extension', async () => {
    const res = await api
      .as(Demo.sunriseLead)
      .post('/api/v1/complaints', {
        receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
        affectsCare: false,
        complainantRelationship: 'The person’s son',
        summary: `${CANARY} complaint about missed calls`,
      })
      .set('Idempotency-Key', randomUUID());
    expect(res.status).toBe(201);
    const c = res.body as CaseBody;
    await stack.sql(`update cases set team_id = $2 where id = $1`, [c.id, THIRD_TEAM]);
    const original = api.openTask(c, 'respond');
    const agreed = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    const extended = await api
      .as(Demo.sunriseLead)
      .post(`/api/v1/cases/${c.id}/tasks/${original.id}/extend`, {
        dueOn: agreed,
        reason: 'Agreed with the son',
      });
    expect(extended.status).toBe(200);
    const next = api.openTask(extended.body as CaseBody, 'respond');
    await stack.sql(
      `update clocks set due_at = now() - interval '10 days' where task_id = $1 and state = 'cancelled'`,
      [original.id],
    );
    await stack.sql(
      `update clocks set due_at = now() - interval '2 days', state = 'met', met_at = now() - interval '5 days'
        where task_id = $1`,
      [next.id],
    );
    const f = await figures(Demo.head, { weeks: 4, team: THIRD_TEAM });
    expect(f.weeks.reduce((s, w) => s + w.raised, 0)).toBe(1);
    expect(f.clocks.find((k) => k.name === 'complaint.respond')).toEqual({
      name: 'complaint.respond',
      due: 1,
      met: 0,
      metWithinExtension: 1,
    });
  });

  it('records the filters in the audit trail', async () => {
    await figures(Demo.head, { weeks: 26, team: SECOND_TEAM });
    const rows = await stack.sql<{ details: Record<string, unknown> }>(
      `select details from audit_events where action = 'dashboard.read' order by id desc limit 1`,
    );
    expect(rows[0].details).toMatchObject({ weeks: 26, team: SECOND_TEAM });
  });

  it('serves the page and both CSVs with the filters, for a head of service choosing a team', async () => {
    const agent = await signedInAgent(web.baseUrl, Demo.head);
    const page = await agent.get(`/dashboard?weeks=4&team=${SECOND_TEAM}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`value="${SECOND_TEAM}" selected`);
    expect(page.text).toContain('Kim Officer');
    expect(page.text).not.toContain('Sam Officer');
    expect(page.text).toContain(
      `href="/queue?who=team&amp;tab=overdue&amp;assigned=${KIM}&amp;holder=council&amp;team=${SECOND_TEAM}"`,
    );
    expect(page.text).toContain(`href="/dashboard.csv?weeks=4&amp;team=${SECOND_TEAM}"`);

    const trend = await agent.get(`/dashboard.csv?weeks=26&team=all`);
    expect(trend.status).toBe(200);
    expect(trend.headers['content-disposition']).toContain('vigil-dashboard-26-weeks.csv');
    const lines = trend.text.trim().split('\r\n');
    expect(lines[0]).toBe('week_start,raised,closed,clocks_due,clocks_met');
    expect(lines).toHaveLength(27);

    const clocks = await agent.get(`/dashboard/clocks.csv?weeks=13&team=all`);
    expect(clocks.status).toBe(200);
    expect(clocks.headers['content-type']).toContain('text/csv');
    const rows = clocks.text.trim().split('\r\n');
    expect(rows[0]).toBe(
      'period_from,weeks,clock_key,clock,due,met_on_time,met_within_extension,percent_met_on_time',
    );
    expect(rows.find((r) => r.includes(',concern.triage,'))).toMatch(
      /^\d{4}-\d{2}-\d{2},13,concern\.triage,Triage decision,3,2,0,67%$/,
    );
    expect(clocks.text).not.toContain(CANARY);
  });

  it('counts open work at every edge of the window as a live count of the tasks does (ADR 0019)', async () => {
    // Tasks due either side of now, of London midnight tonight, of each day to the window's last, and of
    // the window's end (its last day at 17:00), on cases of Sam's and nobody's, held by the council or not.
    const londonMidnight = (days: number) => {
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(
        new Date(Date.now() + days * 86_400_000),
      );
      return stack
        .sql<{ t: Date }>(`select ($1::date)::timestamp at time zone 'Europe/London' as t`, [day])
        .then(([r]) => new Date(r.t));
    };
    const dues: Date[] = [
      new Date(Date.now() - 3 * 86_400_000),
      new Date(Date.now() - 60_000),
      new Date(Date.now() + 60_000),
      new Date(dueSoonUntil.getTime() - 60_000),
      dueSoonUntil,
      new Date(dueSoonUntil.getTime() + 60_000),
      new Date(dueSoonUntil.getTime() + 86_400_000),
    ];
    for (let day = 0; day <= 8; day += 1) {
      const midnight = await londonMidnight(day);
      dues.push(new Date(midnight.getTime() - 60_000), new Date(midnight.getTime() + 60_000));
    }
    const edges = [
      await concern({ assignee: SAM, triageDue: '40 days' }),
      await concern({ triageDue: '40 days' }),
    ];
    for (const [i, due] of dues.entries()) {
      await stack.sql(
        `insert into tasks (id, case_id, type, status, assigned_role, due_at, created_at)
         values ($1, $2, $3, 'open', $4, $5, now())`,
        [
          randomUUID(),
          edges[i % 2],
          i % 3 === 0 ? 'triage_decision' : 'care_plan_review',
          i % 4 === 0 ? 'provider_manager' : 'assignee',
          due,
        ],
      );
    }
    const f = await figures(Demo.manager, { weeks: 13 });
    // The old statement, run live as the owner over the manager's team.
    const live = await stack.sql<{
      assignee: string | null;
      council: boolean;
      overdue: number;
      soon: number;
      triage: number;
    }>(
      `select c.assignee_user_id::text as assignee, t.assigned_role <> 'provider_manager' as council,
              count(*) filter (where t.due_at < now())::int as overdue,
              count(*) filter (where t.due_at >= now())::int as soon,
              count(*) filter (where t.due_at < now() and t.type = 'triage_decision' and c.type = 'concern')::int as triage
         from tasks t join cases c on c.id = t.case_id
        where t.status = 'open' and t.due_at <= $1 and c.closed_at is null and c.team_id = $2
        group by 1, 2`,
      [dueSoonUntil, DemoIds.team],
    );
    const total = (pick: (r: (typeof live)[number]) => number) => live.reduce((n, r) => n + pick(r), 0);
    expect({ overdue: f.overdueTasks, soon: f.dueSoon, triage: f.triageOverdue }).toEqual({
      overdue: total((r) => r.overdue),
      soon: total((r) => r.soon),
      triage: total((r) => r.triage),
    });
    for (const who of [SAM, null]) {
      const mine = live.filter((r) => r.assignee === who && r.council);
      expect(member(f, who)).toMatchObject({
        overdue: mine.reduce((n, r) => n + r.overdue, 0),
        dueSoon: mine.reduce((n, r) => n + r.soon, 0),
      });
    }
    // The edges did land on both sides: some due soon, some overdue, some past the window.
    expect(total((r) => r.soon)).toBeGreaterThan(1);
    const [{ after }] = await stack.sql<{ after: number }>(
      `select count(*)::int as after from tasks where case_id = any($1) and due_at > $2`,
      [edges, dueSoonUntil],
    );
    expect(after).toBeGreaterThan(2);
  });
});
