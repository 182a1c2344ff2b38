import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Agent } from 'supertest';
import { randomUUID } from 'node:crypto';
import { buildAllegation } from '../factories/allegation.factory';
import { CANARY } from '../factories/concern.factory';
import { csrfOf, signedInAgent, startWebOnlyServer, type WebServer } from '../e2e/support/web-server';
import { CaseApi, type CaseBody } from '../support/case-api';
import { Demo, Stack } from '../support/stack';
import {
  lastCompleteQuarter,
  quarterKey,
  quarterPeriod,
} from '../../apps/web/src/returns/returns.view-model';

/*
 * The KPI returns (issue 11) against PostgreSQL: two complaints recorded through the API, one acknowledged,
 * their acknowledgement clocks moved back into the last complete quarter with SQL; the page's CSV counts
 * them per provider and for the council, leaves a clock still in its window out, refuses a provider lead
 * (audited) and shows a commissioner only the providers they commission.
 */
describe('returns', () => {
  let stack: Stack;
  let api: CaseApi;
  let web: WebServer;
  const agents: Record<string, Agent> = {};
  const quarter = lastCompleteQuarter(new Date());
  const period = quarterPeriod(quarter);
  const key = quarterKey(quarter);
  const today = () => new Date().toISOString().slice(0, 10);

  const record = async (email: string): Promise<CaseBody> => {
    const res = await api
      .as(email)
      .post('/api/v1/complaints', {
        receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
        affectsCare: false,
        complainantRelationship: 'The person’s son',
        summary: `${CANARY} complaint about missed calls`,
      })
      .set('Idempotency-Key', randomUUID());
    expect(res.status).toBe(201);
    return res.body as CaseBody;
  };

  /** Moves a case and its acknowledgement clock to the middle of the last complete quarter. */
  const backdate = async (id: string, state: 'met' | 'breached') => {
    const due = `${period.from}T12:00:00Z`;
    await stack.sql(`update cases set created_at = $2::timestamptz - interval '10 days' where id = $1`, [
      id,
      due,
    ]);
    await stack.sql(
      `update clocks set started_at = $2::timestamptz - interval '3 days', due_at = $2::timestamptz + interval '20 days',
         state = $3, met_at = case when $3 = 'met' then $2::timestamptz + interval '19 days' end,
         breached_at = case when $3 = 'breached' then $2::timestamptz + interval '20 days' end
       where case_id = $1 and name = 'complaint.acknowledge'`,
      [id, due, state],
    );
  };

  /** Closes a complaint inside the last complete quarter, as handled well or not, straight in the tables. */
  const closeInQuarter = async (id: string, handledWell: boolean) => {
    const closed = `${period.from}T12:00:00Z`;
    await stack.sql(
      `update cases set status = 'closed', closed_at = $2::timestamptz + interval '25 days' where id = $1`,
      [id, closed],
    );
    await stack.sql(
      `update complaints set outcome = 'upheld', shared_on = case when $2 then current_date end,
              resolved_at_provider_stage = $2 where case_id = $1`,
      [id, handledWell],
    );
    await stack.sql(
      `update clocks set state = 'met', met_at = case when $2 then due_at - interval '1 day' else due_at + interval '1 day' end
        where case_id = $1 and name = 'complaint.respond'`,
      [id, handledWell],
    );
  };

  beforeAll(async () => {
    stack = await Stack.start({ name: 'returns', worker: false });
    api = await new CaseApi(stack).signIn([Demo.sunriseLead, Demo.oakwoodLead]);
    web = await startWebOnlyServer(stack.config);
    const on = await record(Demo.sunriseLead);
    await api.complete(Demo.sunriseLead, on, 'acknowledge', { acknowledgedOn: today() });
    await backdate(on.id, 'met');
    const late = await record(Demo.oakwoodLead);
    await backdate(late.id, 'breached');
    await closeInQuarter(on.id, true);
    await closeInQuarter(late.id, false);
    // Still inside its window: recorded now, its clock running and not yet due; not counted.
    await record(Demo.sunriseLead);
    for (const email of [
      Demo.head,
      Demo.manager,
      Demo.commissioner,
      Demo.sunriseLead,
      'auditor@riverside.example',
    ])
      agents[email] = await signedInAgent(web.baseUrl, email);
  });
  afterAll(async () => {
    await web?.app.close();
    await stack?.stop();
  });

  const csv = async (email: string) => {
    const res = await agents[email].get(`/returns.csv?quarter=${key}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    return res.text.trim().split('\r\n');
  };
  const row = (lines: string[], who: string, kpi: string) =>
    lines.find((l) => l.startsWith(`${key},${who},${kpi},`))?.split(',');

  it('counts complaints handled within the Regulations and resolved at the provider’s stage', async () => {
    const lines = await csv(Demo.head);
    expect(row(lines, 'Council', 'Complaints handled within the Regulations')?.slice(-5, -2)).toEqual([
      '1',
      '2',
      '50%',
    ]);
    expect(row(lines, 'Sunrise Care', 'Complaints handled within the Regulations')?.slice(-5, -2)).toEqual([
      '1',
      '1',
      '100%',
    ]);
    expect(row(lines, 'Oakwood Homes', 'Complaints resolved at the provider’s stage')?.slice(-5, -2)).toEqual(
      ['0', '1', '0%'],
    );
    expect(row(lines, 'Council', 'Serious incidents investigated with learning accepted')?.at(-1)).toBe(
      'Waits for serious incident cases: none recorded yet',
    );
  });

  it('counts complaints acknowledged on time per provider and for the council, from case data', async () => {
    const lines = await csv(Demo.head);
    const ack = 'Complaints acknowledged within 3 working days';
    expect(row(lines, 'Council', ack)?.slice(-5)).toEqual(['1', '2', '50%', '0', '']);
    expect(row(lines, 'Sunrise Care', ack)?.slice(-5, -2)).toEqual(['1', '1', '100%']);
    expect(row(lines, 'Oakwood Homes', ack)?.slice(-5, -2)).toEqual(['0', '1', '0%']);
    // Per clock: the acknowledgement only; the running clocks are still in their window.
    expect(lines.filter((l) => l.startsWith(`${key},Council,`)).length).toBeGreaterThan(5);
    expect(row(lines, 'Council', 'Enquiry responses on time')?.at(-1)).toMatch(/^Waits for/);
    expect(row(lines, 'Council', 'Continuity issues reported within 1 working day')?.at(-1)).toBe(
      'Waits for serious incident cases: none recorded yet',
    );
  });

  it('counts an extended task against its original due time, and shows it met within the extension', async () => {
    const c = await record(Demo.sunriseLead);
    const original = api.openTask(c, 'respond');
    const agreed = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    const res = await api.as(Demo.sunriseLead).post(`/api/v1/cases/${c.id}/tasks/${original.id}/extend`, {
      dueOn: agreed,
      reason: 'Agreed with the son',
    });
    expect(res.status).toBe(200);
    const next = api.openTask(res.body as CaseBody, 'respond');
    const start = `${period.from}T12:00:00Z`;
    await stack.sql(
      `update clocks set due_at = $2::timestamptz + interval '30 days' where task_id = $1 and state = 'cancelled'`,
      [original.id, start],
    );
    await stack.sql(
      `update clocks set due_at = $2::timestamptz + interval '60 days', state = 'met',
         met_at = $2::timestamptz + interval '45 days' where task_id = $1`,
      [next.id, start],
    );
    const lines = await csv(Demo.head);
    // Numerator, denominator, percentage, met within extension: the replacement is not counted again.
    expect(row(lines, 'Council', 'Complaint response')?.slice(-5, -1)).toEqual(['0', '1', '0%', '1']);
  });

  it('shows the page to the council roles and the auditor, opening on the last complete quarter', async () => {
    for (const email of [Demo.head, Demo.manager, 'auditor@riverside.example']) {
      const page = await agents[email].get('/returns');
      expect(page.status).toBe(200);
      expect(page.text).toContain(`value="${key}" selected`);
      expect(page.text).toContain('Kent PI return due');
    }
    const [audit] = await stack.sql<{ n: string }>(
      `select count(*)::text as n from audit_events where action = 'returns.read' and outcome = 'success'`,
    );
    expect(Number(audit.n)).toBeGreaterThanOrEqual(3);
  });

  it('shows a commissioner only the providers they commission', async () => {
    await stack.sql(
      `delete from commissioning where commissioner_id = (select id from users where email = $1)
         and provider_id = (select organisation_id from users where email = $2)`,
      [Demo.commissioner, Demo.oakwoodLead],
    );
    const lines = await csv(Demo.commissioner);
    expect(lines.some((l) => l.includes(',Oakwood Homes,'))).toBe(false);
    const ack = 'Complaints acknowledged within 3 working days';
    expect(row(lines, 'All commissioned providers', ack)?.slice(-5, -2)).toEqual(['1', '1', '100%']);
    expect(row(lines, 'Sunrise Care', ack)?.slice(-5, -2)).toEqual(['1', '1', '100%']);
  });

  it('records the PI return as submitted once, by a manager, and shows when and by whom', async () => {
    const before = await agents[Demo.manager].get(`/returns?quarter=${key}`);
    expect(before.text).toContain('data-qa="record-pi-return"');
    const post = (email: string) =>
      csrfOf(agents[email], '/returns').then((csrf) =>
        agents[email].post('/returns/pi-return').type('form').send({ _csrf: csrf, quarter: key }),
      );
    const first = await post(Demo.manager);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe(`/returns?quarter=${key}`);
    // A second click, or the head of service after the manager: still one record.
    expect((await post(Demo.head)).status).toBe(303);
    const [{ n }] = await stack.sql<{ n: number }>(
      `select count(*)::int as n from return_submissions where kind = 'kent_pi' and period = $1`,
      [key],
    );
    expect(n).toBe(1);
    const page = await agents[Demo.head].get(`/returns?quarter=${key}`);
    expect(page.text).toMatch(/data-qa="pi-submitted">On \d{1,2} \w+ \d{4}, [^<]+, by /);
    expect(page.text).toMatch(/Submitted (on time|\d+ days? late)/);
    expect(page.text).not.toContain('data-qa="record-pi-return"');
    // The auditor reads the returns but records nothing; the refusal is audited.
    expect((await post('auditor@riverside.example')).status).toBe(403);
    const [{ refused }] = await stack.sql<{ refused: number }>(
      `select count(*)::int as refused from audit_events where action = 'case.access_refused'
          and details->>'attempted' = 'returns.submitted'`,
    );
    expect(refused).toBe(1);
    const [{ audited }] = await stack.sql<{ audited: number }>(
      `select count(*)::int as audited from audit_events where action = 'returns.submitted'`,
    );
    expect(audited).toBe(1);
  });

  it('refuses a provider lead with the 403 page, audited', async () => {
    const paths = [
      '/returns',
      `/returns.csv?quarter=${key}`,
      '/returns/sac.csv?year=2025',
      `/returns/mash.csv?quarter=${key}`,
      '/returns/periodic.csv?year=2025',
    ];
    for (const path of paths) {
      const res = await agents[Demo.sunriseLead].get(path);
      expect(res.status).toBe(403);
    }
    const [refused] = await stack.sql<{ n: string }>(
      `select count(*)::text as n from audit_events
        where action = 'case.access_refused' and details->>'attempted' = 'returns.read'`,
    );
    expect(Number(refused.n)).toBe(paths.length);
  });

  it('exports the SAC-style counts for a financial year, suppressing small values when published', async () => {
    const fy = Number(period.from.slice(0, 4)) - (Number(period.from.slice(5, 7)) < 4 ? 1 : 0);
    const concern = await stack.raiseConcern(Demo.sunriseLead);
    await stack.sql(`update cases set created_at = $2::timestamptz where id = $1`, [
      concern.id,
      `${period.from}T12:00:00Z`,
    ]);
    const full = await agents[Demo.head].get(`/returns/sac.csv?year=${fy}`);
    expect(full.status).toBe(200);
    const lines = full.text.trim().split('\r\n');
    expect(lines[0]).toBe('financial_year,measure,breakdown,count');
    const years = `${fy}-${String(fy + 1).slice(2)}`;
    expect(lines).toContain(`${years},started,concern,1`);
    expect(lines.some((l) => /^[^,]+,concerns_type_x_source,[a-z_]+ x provider,1$/.test(l))).toBe(true);
    const published = await agents[Demo.head].get(`/returns/sac.csv?year=${fy}&published=true`);
    expect(published.status).toBe(200);
    expect(published.text).toContain(`${years},started,concern,*`);
    for (const line of published.text.trim().split('\r\n').slice(1))
      expect(line).toMatch(/,(\*|0|[5-9]|\d{2,})$/);
  });

  it('exports the MASH report and the periodic report per provider, by type and outcome', async () => {
    const fy = Number(period.from.slice(0, 4)) - (Number(period.from.slice(5, 7)) < 4 ? 1 : 0);
    const inQuarter = `${period.from}T12:00:00Z`;
    const sunrise = await stack.raiseConcern(Demo.sunriseLead);
    const oakwood = await stack.raiseConcern(Demo.oakwoodLead);
    const allegation = await api
      .as(Demo.sunriseLead)
      .post(
        '/api/v1/allegations',
        buildAllegation({ staffMember: { name: `${CANARY} A`, jobTitle: 'Carer', type: 'agency' } }),
      )
      .set('Idempotency-Key', randomUUID());
    expect(allegation.status).toBe(201);
    const incident = await api
      .as(Demo.sunriseLead)
      .post('/api/v1/incidents', {
        category: 'controlled_drugs',
        occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
        summary: `${CANARY} missing medicines`,
      })
      .set('Idempotency-Key', randomUUID());
    expect(incident.status).toBe(201);
    const ids = [sunrise.id, oakwood.id, (allegation.body as CaseBody).id, (incident.body as CaseBody).id];
    await stack.sql(`update cases set created_at = $2::timestamptz where id = any($1::uuid[])`, [
      ids,
      inQuarter,
    ]);
    await stack.sql(
      `update concerns set decision = 'no_further_action', category = 'neglect' where case_id = $1`,
      [sunrise.id],
    );
    await stack.sql(`update concerns set category = 'financial' where case_id = $1`, [oakwood.id]);
    await stack.sql(
      `update allegations set outcome = 'substantiated', suspended_at = $2::timestamptz where case_id = $1`,
      [ids[2], inQuarter],
    );
    await stack.sql(`update complaints set received_at = $1::timestamptz`, [inQuarter]);

    const mash = await agents[Demo.head].get(`/returns/mash.csv?quarter=${key}`);
    expect(mash.status).toBe(200);
    expect(mash.headers['content-disposition']).toContain(`vigil-mash-${key}.csv`);
    const lines = mash.text.trim().split('\r\n');
    expect(lines[0]).toBe('period,provider,measure,breakdown,count');
    expect(lines).toEqual(
      expect.arrayContaining([
        `${key},Oakwood Homes,concerns,financial x awaiting_decision,1`,
        `${key},Sunrise Care,allegations,agency x substantiated,1`,
        `${key},Sunrise Care,allegations_suspension,suspended,1`,
        `${key},Sunrise Care,concerns,neglect x no_further_action,1`,
      ]),
    );
    expect(mash.text).not.toContain(CANARY);

    const years = `${fy}-${String(fy + 1).slice(2)}`;
    const periodic = await agents[Demo.head].get(`/returns/periodic.csv?year=${fy}`);
    expect(periodic.status).toBe(200);
    const yearly = periodic.text.trim().split('\r\n');
    expect(yearly).toEqual(
      expect.arrayContaining([
        `${years},Oakwood Homes,complaints,upheld,1`,
        `${years},Sunrise Care,complaints,not_yet_answered,2`,
        `${years},Sunrise Care,complaints,upheld,1`,
        `${years},Sunrise Care,safeguarding_issues,allegation,1`,
        `${years},Sunrise Care,serious_incidents,controlled_drugs,1`,
      ]),
    );
    // The commissioner no longer commissions Oakwood (above): its rows are not theirs to read.
    const theirs = await agents[Demo.commissioner].get(`/returns/mash.csv?quarter=${key}`);
    expect(theirs.status).toBe(200);
    expect(theirs.text).toContain(`${key},Sunrise Care,concerns,neglect x no_further_action,1`);
    expect(theirs.text).not.toContain('Oakwood');
    const [audited] = await stack.sql<{ n: string }>(
      `select count(*)::text as n from audit_events
        where action = 'returns.read' and details->>'export' in ('mash', 'periodic')`,
    );
    expect(Number(audited.n)).toBe(3);
  });
});
