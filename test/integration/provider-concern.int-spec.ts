import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD, DemoIds, hashPassword } from '@vigil/access';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { buildConcern, CANARY } from '../factories/concern.factory';
import { CaseApi, type CaseBody } from '../support/case-api';
import { Elsewhere, seedOtherCouncil } from '../support/other-council';
import { Demo, fastPolicy, Stack } from '../support/stack';
import { activityCompleted, describeWhenStarted } from '../support/temporal-helpers';
import { ProviderConcernsService } from '@vigil/cases';

/*
 * Provider concerns and the early warning (issue 10) on real parts: PostgreSQL, the Temporal dev server,
 * the worker (which runs the early-warning check) and an SMTP server. The threshold is three concerns,
 * incidents or upheld complaints about one provider within an hour; an action item's default clock is
 * seconds long, the other provider clocks minutes away.
 */
const quiet = { due: { duration: 'PT10M' }, escalations: [{ after: 'PT0S', to: 'assignee' }] };
const policy = {
  ...fastPolicy({
    'provider.referral_decision': quiet,
    'provider.lse_decision': quiet,
    'provider.siap_submit': quiet,
    'provider.siap_review': quiet,
    'provider.resumption_review': quiet,
    'provider.notice_compliance': quiet,
    'provider.affected_people': quiet,
    'provider.siap_action': {
      due: { duration: 'PT4S' },
      escalations: [
        { after: 'PT0S', to: 'assignee' },
        { after: 'PT2S', to: 'commissioner' },
      ],
    },
  }),
  thresholds: { providerConcern: { count: 3, window: 'PT1H', counts: ['concern', 'incident', 'complaint'] } },
};

/**
 * Besides the demo: a second Riverside team with its own manager, a member of Sunrise's staff, and two
 * more Riverside providers (with a lead each) whose counts start at nothing.
 */
const Extra = {
  team: '20000000-0000-4000-8000-000000000010',
  otherManager: 'manager2@riverside.example',
  sunriseStaff: 'staff@sunrise-care.example',
  willow: '20000000-0000-4000-8000-000000000002',
  willowLead: 'lead@willow-lodge.example',
  alder: '20000000-0000-4000-8000-000000000003',
  alderLead: 'lead@alder-court.example',
} as const;

async function seedExtra(stack: Stack): Promise<void> {
  const hash = await hashPassword(DEMO_PASSWORD);
  await stack.sql(
    `insert into teams (id, council_id, name, created_at) values ($1, $2, 'Riverside hospital team', now())`,
    [Extra.team, DemoIds.council],
  );
  await stack.sql(
    `insert into organisations (id, name, kind, council_id, created_at) values
       ($1, 'Willow Lodge', 'provider', $3, now()), ($2, 'Alder Court', 'provider', $3, now())`,
    [Extra.willow, Extra.alder, DemoIds.council],
  );
  await stack.sql(
    `insert into users (id, email, display_name, password_hash, organisation_id, role, team_id, active, created_at) values
       (gen_random_uuid(), $1, 'Hospital team manager', $2, $3, 'team_manager', $4, true, now()),
       (gen_random_uuid(), $5, 'Sunrise carer', $2, $6, 'provider_staff', null, true, now()),
       (gen_random_uuid(), $7, 'Willow lead', $2, $8, 'provider_lead', null, true, now()),
       (gen_random_uuid(), $9, 'Alder lead', $2, $10, 'provider_lead', null, true, now())`,
    [
      Extra.otherManager,
      hash,
      DemoIds.council,
      Extra.team,
      Extra.sunriseStaff,
      DemoIds.sunrise,
      Extra.willowLead,
      Extra.willow,
      Extra.alderLead,
      Extra.alder,
    ],
  );
}

interface ProviderDetails {
  source: string;
  referralStatus: string;
  weeklyCap: number | null;
  lseActive: boolean;
  notices: { kind: string; liftedAt: string | null }[];
  actionPlan: { items: { taskId: string; action: string; evidence: string | null }[] } | null;
  people: { id: string; name: string; movedTo: string | null }[];
}

describe('provider concern', () => {
  let stack: Stack;
  let api: CaseApi;

  beforeAll(async () => {
    stack = await Stack.start({ name: 'provider_concern', policy });
    await seedOtherCouncil(stack);
    await seedExtra(stack);
    api = await new CaseApi(stack).signIn([
      ...Object.values(Demo),
      'auditor@riverside.example',
      Extra.otherManager,
      Extra.sunriseStaff,
      Extra.willowLead,
      Extra.alderLead,
      Elsewhere.lead,
      Elsewhere.officer,
    ]);
  });
  afterAll(async () => stack?.stop());

  const as = (email: string) => api.as(email);
  const read = (id: string, email: string = Demo.commissioner) => api.read<ProviderDetails>(email, id);
  const complete = (email: string, c: CaseBody<unknown>, type: string, body: object, expected = 200) =>
    api.complete<ProviderDetails>(email, c, type, body, expected);
  const event = async (email: string, c: CaseBody<unknown>, body: object, expected = 200) => {
    const res = await as(email).post(`/api/v1/cases/${c.id}/transitions`, body);
    expect({ status: res.status, body: res.status === expected ? null : res.body }).toEqual({
      status: expected,
      body: null,
    });
    return res.body as CaseBody<ProviderDetails>;
  };
  const closeAll = async (providerId: string) =>
    // Test isolation between scenarios: a provider's open provider concern is closed as the owner.
    stack.sql(
      `update cases set closed_at = now(), status = 'closed' where type = 'provider_concern' and provider_id = $1`,
      [providerId],
    );
  const open = async (providerId: string, email: string = Demo.commissioner, expected = 201) => {
    // Each scenario starts with no open provider concern for its provider (an earlier one may have failed).
    if (expected === 201) await closeAll(providerId);
    const res = await as(email)
      .post('/api/v1/provider-concerns', { providerId, reason: `${CANARY} missed medication rounds` })
      .set('Idempotency-Key', randomUUID());
    expect({ status: res.status, body: res.status === expected ? null : res.body }).toEqual({
      status: expected,
      body: null,
    });
    return res.body as CaseBody<ProviderDetails>;
  };
  const provider = async (id: string, email: string = Demo.commissioner) => {
    const res = await as(email).get(`/api/v1/providers/${id}`);
    expect(res.status).toBe(200);
    return res.body as {
      referralStatus: string;
      weeklyCap: number | null;
      providerConcern: { id: string } | null;
      last90Days: Record<string, number>;
      earlyWarning: { count: number; threshold: number; window: string } | null;
    };
  };
  const openProviderConcerns = (providerId: string) =>
    stack.sql<{ id: string; reference: string }>(
      `select id, reference from cases where type = 'provider_concern' and provider_id = $1 and closed_at is null`,
      [providerId],
    );
  const until = async <T>(what: string, probe: () => Promise<T | null>, timeoutMs = 30_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await probe();
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  /** A raised concern's early-warning check, run by its own workflow (ADR 0020), has completed. */
  const watched = async (concernId: string) =>
    activityCompleted((await stack.temporal()).workflow.getHandle(`concern:${concernId}`), 'watchProvider');

  it('opens exactly one provider concern by itself when three concerns about a provider cross the threshold, linking them', async () => {
    const raised = [];
    for (let i = 0; i < 2; i += 1) raised.push(await stack.raiseConcern(Demo.oakwoodLead));
    // Two of three: the worker has checked both (each concern's workflow ran its check) and opened nothing.
    const client = await stack.temporal();
    for (const c of raised) await watched(c.id);
    expect(await openProviderConcerns(DemoIds.oakwood)).toEqual([]);

    raised.push(await stack.raiseConcern(Demo.oakwoodLead));
    const [pc] = await until('a provider concern', async () => {
      const rows = await openProviderConcerns(DemoIds.oakwood);
      return rows.length > 0 ? rows : null;
    });
    const c = await read(pc.id);
    expect(c.type).toBe('provider_concern');
    expect(c.status).toBe('concern_open');
    expect(c.details.source).toBe('early_warning');
    expect(c.details.referralStatus).toBe('open');
    expect(c.links.map((l) => [l.type, l.id]).sort()).toEqual(raised.map((r) => ['concern', r.id]).sort());
    expect(c.tasks.map((t) => [t.type, t.assignedRole]).sort()).toEqual([
      ['decide_lse', 'head_of_service'],
      ['decide_referral_suspension', 'commissioner'],
    ]);
    expect(c.timeline[0]).toMatchObject({ kind: 'provider_concern.opened', actor: null });
    const handle = client.workflow.getHandle(`provider-case:${c.id}`);
    expect((await describeWhenStarted(handle)).type).toBe('providerConcernWorkflow');

    // The commissioner and the head of service are emailed the new case's reference and link only.
    for (const to of [Demo.commissioner, Demo.head]) {
      const [mail] = await stack.inbox.waitFor((m) => m.subject.includes(c.reference) && m.to.includes(to));
      expect(mail.subject).toBe(`[Vigil] New provider concern ${c.reference}`);
      expect(mail.raw).not.toContain(CANARY);
      for (const r of raised) expect(mail.raw).not.toContain(r.reference);
    }

    // A fourth concern while it is open is linked to it, not a second case.
    const fourth = await stack.raiseConcern(Demo.oakwoodLead);
    await until('the fourth concern linked', async () => {
      const again = await read(pc.id);
      return again.links.some((l) => l.id === fourth.id) ? again : null;
    });
    expect(await openProviderConcerns(DemoIds.oakwood)).toHaveLength(1);
    // The check repeated (its activity retried after a failed email, say) changes and records nothing more.
    await watched(fourth.id);
    const again = await stack.worker!.get(ProviderConcernsService).watch(fourth.id);
    expect(again).toEqual({ opened: null, linked: pc.id });
    const linkAudits = await stack.sql(
      `select 1 from audit_events where action = 'case.transitioned' and subject_id = $1
          and details->>'event' = 'early_warning_link' and details->>'linkedCaseId' = $2`,
      [pc.id, fourth.id],
    );
    expect(linkAudits).toHaveLength(1);
    const linkEvents = await stack.sql(
      `select 1 from case_events where case_id = $1 and kind = 'provider_concern.case_linked' and details->>'linkedCaseId' = $2`,
      [pc.id, fourth.id],
    );
    expect(linkEvents).toHaveLength(1);
    await closeAll(DemoIds.oakwood);
  });

  it('opens one provider concern, not two, when two cases cross the threshold at once', async () => {
    const since = Date.now();
    await stack.raiseConcern(Demo.sunriseLead, buildConcern());
    await stack.raiseConcern(Demo.sunriseLead, buildConcern());
    const both = await Promise.all([
      stack.raiseConcern(Demo.sunriseLead, buildConcern()),
      stack.raiseConcern(Demo.sunriseLead, buildConcern()),
    ]);
    for (const c of both) await watched(c.id);
    const open = await openProviderConcerns(DemoIds.sunrise);
    expect(open).toHaveLength(1);
    const c = await read(open[0].id);
    // Whichever check ran second linked its concern to the case the first opened.
    for (const r of both) expect(c.links.map((l) => l.id)).toContain(r.id);
    // One set of opening emails: the commissioner and the head of service each told once, of this case.
    const opening = (to: string) =>
      stack.inbox
        .to(to)
        .filter((m) => m.receivedAt >= since && m.subject.startsWith('[Vigil] New provider concern'))
        .map((m) => m.subject);
    for (const to of [Demo.commissioner, Demo.head]) {
      await stack.inbox.waitFor((m) => m.to.includes(to) && m.subject.includes(c.reference));
    }
    // Let a second opening's emails, were there one, arrive (the outbox relay polls every 300 ms).
    await new Promise((r) => setTimeout(r, 3_000));
    for (const to of [Demo.commissioner, Demo.head]) {
      expect(opening(to)).toEqual([`[Vigil] New provider concern ${c.reference}`]);
    }
    await closeAll(DemoIds.sunrise);
  });

  it('suspends referrals, resumes them in phases with a weekly cap, then fully, and closes', async () => {
    const c = await open(DemoIds.sunrise);
    expect(c.details.source).toBe('manual');
    expect((await provider(DemoIds.sunrise)).referralStatus).toBe('open');

    const suspended = await complete(Demo.commissioner, c, 'decide_referral_suspension', {
      decision: 'suspend',
      rationale: 'Medication errors across three weeks',
    });
    expect(suspended.details.referralStatus).toBe('suspended');
    expect(await provider(DemoIds.sunrise)).toMatchObject({
      referralStatus: 'suspended',
      providerConcern: { id: c.id },
    });
    // The provider sees it too, and is told by reference and link.
    expect((await provider(DemoIds.sunrise, Demo.sunriseLead)).referralStatus).toBe('suspended');
    // Every case about the provider shows it beside the provider's name.
    const concern = await stack.raiseConcern(Demo.sunriseLead);
    // The early warning counts the new concern and, finding this provider concern open, links it. Let that
    // check finish first: run after the close below (a slow worker), it would find none open and open
    // another, as it should.
    await watched(concern.id);
    for (const email of [Demo.officer, Demo.sunriseLead]) {
      const read = await stack
        .http()
        .get(`/api/v1/cases/${concern.id}`)
        .set('Authorization', `Bearer ${await stack.token(email)}`);
      expect(read.body.provider).toMatchObject({ id: DemoIds.sunrise, referralStatus: 'suspended' });
    }
    const [mail] = await stack.inbox.waitFor(
      (m) => m.subject === `[Vigil] Update on ${c.reference}` && m.to.includes(Demo.sunriseLead),
    );
    expect(mail.raw).not.toContain('Medication errors');

    const phased = await complete(Demo.commissioner, suspended, 'decide_resumption', {
      decision: 'phased_resumption',
      weeklyCap: 3,
    });
    expect(phased.status).toBe('phased_resumption');
    expect(await provider(DemoIds.sunrise)).toMatchObject({
      referralStatus: 'phased_resumption',
      weeklyCap: 3,
    });
    // The phase is reviewed again; a provider lead cannot decide it.
    await complete(Demo.sunriseLead, phased, 'decide_resumption', { decision: 'resume' }, 403);

    // Closing waits for every step: the large-scale enquiry decision and the resumption are still open.
    const early = await as(Demo.commissioner).post(`/api/v1/cases/${c.id}/close`, {
      outcome: 'standard_reached',
      rationale: 'Improved',
    });
    expect(early.status).toBe(409);
    const resumed = await complete(Demo.commissioner, phased, 'decide_resumption', { decision: 'resume' });
    expect(resumed.status).toBe('monitoring');
    expect(await provider(DemoIds.sunrise)).toMatchObject({ referralStatus: 'open', weeklyCap: null });
    await complete(Demo.head, resumed, 'decide_lse', { decision: 'no_lse', rationale: 'One service only' });
    const closed = await as(Demo.commissioner).post(`/api/v1/cases/${c.id}/close`, {
      outcome: 'standard_reached',
      rationale: 'Improvements evidenced at the quality visit',
    });
    expect(closed.status).toBe(200);
    expect((closed.body as CaseBody).status).toBe('closed');
    expect((await provider(DemoIds.sunrise)).providerConcern).toBeNull();
  });

  it('holds the provider to an action plan whose missed item escalates to the commissioner', async () => {
    const c = await open(DemoIds.oakwood);
    const asked = await event(Demo.commissioner, c, { event: 'request_action_plan' });
    await event(Demo.commissioner, asked, { event: 'request_action_plan' }, 409);
    const [ask] = await stack.inbox.waitFor(
      (m) => m.subject.includes(c.reference) && m.to.includes(Demo.oakwoodLead),
    );
    expect(ask.subject).toContain('Submit a service improvement action plan'.toLowerCase());

    const bad = await complete(Demo.oakwoodLead, asked, 'submit_siap', { actions: [] }, 400);
    expect(bad.errors?.[0].pointer).toBe('#/actions');
    const planned = await complete(Demo.oakwoodLead, asked, 'submit_siap', {
      summary: 'Retrain and audit',
      actions: [
        { action: 'Retrain every carer in medication', owner: 'Registered manager' },
        { action: 'Weekly MAR chart audit', owner: 'Deputy manager', dueOn: '2099-01-04' },
      ],
    });
    expect(planned.status).toBe('improvement_plan');
    expect(planned.details.actionPlan?.items.map((i) => i.action)).toEqual([
      'Retrain every carer in medication',
      'Weekly MAR chart audit',
    ]);
    const items = planned.tasks.filter((t) => t.type === 'siap_action' && t.status === 'open');
    expect(items).toHaveLength(2);
    expect(items.map((t) => t.dueAt?.slice(0, 10))).toContain('2099-01-04');
    expect(planned.tasks.some((t) => t.type === 'siap_review' && t.status === 'open')).toBe(true);

    // The first item is seconds long here: missed, it reaches the provider and then the commissioner.
    const missed = planned.details.actionPlan?.items[0];
    const [rung] = await stack.inbox.waitFor(
      (m) =>
        m.to.includes(Demo.commissioner) &&
        m.subject.includes(c.reference) &&
        /overdue|reminder|deadline/i.test(m.subject),
      { timeoutMs: 30_000 },
    );
    expect(rung.raw).not.toContain('Retrain');
    const done = await api
      .as(Demo.oakwoodLead)
      .post(`/api/v1/cases/${c.id}/tasks/${missed?.taskId}/complete`, {
        evidence: 'Training records for all 14 carers',
      });
    expect(done.status).toBe(200);
    const after = done.body as CaseBody<ProviderDetails>;
    expect(after.details.actionPlan?.items[0].evidence).toBe('Training records for all 14 carers');
    // Another provider sees nothing of it.
    expect((await as(Demo.sunriseLead).get(`/api/v1/cases/${c.id}`)).status).toBe(404);
    await closeAll(DemoIds.oakwood);
  });

  it('keeps referrals suspended while a notice is active, and lifts it on compliance', async () => {
    const c = await open(DemoIds.oakwood);
    const noticed = await event(Demo.commissioner, c, {
      event: 'issue_notice',
      kind: 'improvement',
      requirements: 'Staffing to the agreed levels',
      complianceDate: '2099-02-01',
    });
    expect(noticed.details.referralStatus).toBe('suspended');
    expect(noticed.details.notices).toMatchObject([{ kind: 'improvement', liftedAt: null }]);
    const refused = await complete(
      Demo.commissioner,
      noticed,
      'decide_resumption',
      { decision: 'resume' },
      409,
    );
    expect(JSON.stringify(refused)).toContain('notice');
    const lifted = await complete(Demo.commissioner, noticed, 'notice_compliance', {
      decision: 'complied',
      notes: 'Rotas checked',
    });
    expect(lifted.details.notices[0].liftedAt).not.toBeNull();
    const resumed = await complete(Demo.commissioner, lifted, 'decide_resumption', { decision: 'resume' });
    expect(resumed.details.referralStatus).toBe('open');
    await closeAll(DemoIds.oakwood);
  });

  it('takes a failing provider through everyone moving to decommissioning', async () => {
    const c = await open(DemoIds.oakwood);
    const failing = await event(Demo.commissioner, c, {
      event: 'instigate_failure',
      rationale: 'Insolvency',
    });
    expect(failing.status).toBe('provider_failure');
    expect(failing.details.referralStatus).toBe('closed_to_new_business');
    expect(failing.tasks.find((t) => t.type === 'decide_referral_suspension')?.status).toBe('cancelled');
    const listed = await complete(Demo.oakwoodLead, failing, 'affected_people', {
      people: [{ name: `${CANARY} Ada Lovelace` }, { name: 'Grace Hopper' }],
    });
    const transfer = api.openTask(listed, 'complete_transfers');
    // Two people: a 30-day notice period.
    const days = (Date.parse(String(transfer.dueAt)) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29);
    expect(days).toBeLessThan(31.5);
    const [ada, grace] = listed.details.people;
    const partial = await complete(
      Demo.commissioner,
      listed,
      'complete_transfers',
      { moves: [{ personId: ada.id, movedTo: 'Sunrise Care', movedOn: '2026-12-01' }] },
      400,
    );
    expect(partial.errors?.map((e) => e.pointer)).toEqual([`#/moves/${grace.id}`]);
    const decommissioned = await complete(Demo.commissioner, listed, 'complete_transfers', {
      moves: [
        { personId: ada.id, movedTo: 'Sunrise Care', movedOn: '2026-12-01' },
        { personId: grace.id, movedTo: 'Home care', movedOn: '2026-12-02' },
      ],
    });
    expect(decommissioned.status).toBe('decommissioned');
    expect((await provider(DemoIds.oakwood)).referralStatus).toBe('decommissioned');
    const [row] = await stack.sql<{ name: string }>(
      `select name from provider_affected_people where id = $1`,
      [ada.id],
    );
    expect(row.name).toContain(CANARY);
    const history = await (await stack.temporal()).workflow.getHandle(`provider-case:${c.id}`).fetchHistory();
    expect(JSON.stringify(history)).not.toContain(CANARY);
  });

  it('lets only commissioners and council managers open one, once per provider, for their own providers', async () => {
    await open(DemoIds.sunrise, Demo.sunriseLead, 403);
    await open(DemoIds.sunrise, Demo.officer, 403);
    const bad = await as(Demo.commissioner)
      .post('/api/v1/provider-concerns', { providerId: 'nope', reason: '' })
      .set('Idempotency-Key', randomUUID());
    expect(bad.status).toBe(400);
    expect((bad.body as CaseBody).errors?.map((e) => e.pointer).sort()).toEqual(['#/providerId', '#/reason']);
    await open(DemoIds.council, Demo.commissioner, 400);
    const first = await open(DemoIds.sunrise, Demo.manager);
    await open(DemoIds.sunrise, Demo.head, 409);
    expect((await openProviderConcerns(DemoIds.sunrise)).map((r) => r.id)).toEqual([first.id]);

    // Providers: a lead sees only its own; the auditor no list; another provider's ID is 404.
    const list = await as(Demo.oakwoodLead).get('/api/v1/providers');
    expect((list.body as { items: { id: string }[] }).items.map((p) => p.id)).toEqual([DemoIds.oakwood]);
    expect((await as(Demo.oakwoodLead).get(`/api/v1/providers/${DemoIds.sunrise}`)).status).toBe(404);
    expect((await as('auditor@riverside.example').get('/api/v1/providers')).status).toBe(403);
    const all = await as(Demo.commissioner).get('/api/v1/providers');
    expect((all.body as { items: { id: string }[] }).items.map((p) => p.id).sort()).toEqual(
      [DemoIds.sunrise, DemoIds.oakwood].sort(),
    );
    expect((await as(Demo.oakwoodLead).get(`/api/v1/cases/${first.id}`)).status).toBe(404);
    expect((await as(Demo.sunriseLead).get(`/api/v1/cases/${first.id}`)).status).toBe(200);
  });

  it('counts a complaint toward the early warning only once it is closed upheld or partly upheld', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const record = async () => {
      const res = await as(Demo.oakwoodLead)
        .post('/api/v1/complaints', {
          receivedAt: new Date(Date.now() - 60_000).toISOString(),
          affectsCare: false,
          complainantRelationship: 'Son',
          summary: `${CANARY} calls missed`,
        })
        .set('Idempotency-Key', randomUUID());
      expect(res.status).toBe(201);
      return complete(Demo.oakwoodLead, res.body as CaseBody, 'acknowledge', { acknowledgedOn: today });
    };
    const closeAs = async (c: CaseBody<unknown>, outcome: string) => {
      const x = await complete(Demo.oakwoodLead, c, 'respond', { respondedOn: today, outcome });
      await complete(Demo.oakwoodLead, x, 'share_outcome', { sharedOn: today });
      const closed = await as(Demo.oakwoodLead).post(`/api/v1/cases/${c.id}/close`, {
        rationale: 'Answered',
        outcome,
        resolvedAtProviderStage: true,
      });
      expect(closed.status).toBe(200);
    };
    const watches = async (id: string) =>
      (
        await stack.sql<{ n: number }>(
          `select count(*)::int as n from workflow_commands where case_id = $1 and name = 'providerWatchWorkflow'`,
          [id],
        )
      )[0].n;
    const countNow = async () =>
      (
        (await as(Demo.commissioner).get(`/api/v1/providers/${DemoIds.oakwood}`)).body as {
          earlyWarning: { count: number };
        }
      ).earlyWarning.count;

    const notUpheld = await record();
    const upheld = await record();
    expect(await watches(upheld.id)).toBe(0);
    const before = await countNow();
    await closeAs(notUpheld, 'not_upheld');
    expect(await watches(notUpheld.id)).toBe(0);
    expect(await countNow()).toBe(before);
    await closeAs(upheld, 'partly_upheld');
    expect(await watches(upheld.id)).toBe(1);
    expect(await countNow()).toBe(before + 1);
  });

  it('alerts the head of service at once to a concern of organisational abuse (decision 8)', async () => {
    const other = await stack.raiseConcern(Demo.sunriseLead, buildConcern({ category: 'neglect' }));
    const organisational = await stack.raiseConcern(
      Demo.sunriseLead,
      buildConcern({ category: 'organisational' }),
    );
    const [mail] = await stack.inbox.waitFor(
      (m) => m.to.includes(Demo.head) && m.subject.includes(organisational.reference),
    );
    expect(mail.subject).toBe(`[Vigil] New safeguarding concern ${organisational.reference}`);
    expect(mail.raw).not.toContain(CANARY);
    // The commissioner's masked notice comes for both; the head of service's only for organisational abuse.
    await stack.inbox.waitFor((m) => m.to.includes(Demo.commissioner) && m.subject.includes(other.reference));
    expect(stack.inbox.to(Demo.head).filter((m) => m.subject.includes(other.reference))).toEqual([]);
  });

  it('shows a suspended provider’s referral status and early-warning counts to everyone who sees a case about it', async () => {
    const c = await open(DemoIds.sunrise);
    await complete(Demo.commissioner, c, 'decide_referral_suspension', {
      decision: 'suspend',
      rationale: 'Medication errors',
    });
    // A concern the provider's own carer raised, and one the other team holds.
    const mine = await stack.raiseConcern(Extra.sunriseStaff);
    const theirs = await stack.raiseConcern(Demo.sunriseLead);
    for (const x of [mine, theirs]) await watched(x.id);
    await stack.sql(`update cases set team_id = $1 where id = $2`, [Extra.team, theirs.id]);
    // Neither reader may see the provider concern itself.
    for (const email of [Extra.sunriseStaff, Extra.otherManager]) {
      expect((await as(email).get(`/api/v1/cases/${c.id}`)).status).toBe(404);
    }
    const seen = async (email: string, id: string) => {
      const res = await as(email).get(`/api/v1/cases/${id}`);
      expect(res.status).toBe(200);
      return (res.body as { provider: { id: string; referralStatus: string | null } }).provider;
    };
    for (const [email, id] of [
      [Extra.sunriseStaff, mine.id],
      [Demo.sunriseLead, theirs.id],
      [Extra.otherManager, theirs.id],
    ]) {
      expect({ email, provider: await seen(email, id) }).toEqual({
        email,
        provider: { id: DemoIds.sunrise, name: 'Sunrise Care', referralStatus: 'suspended' },
      });
    }
    // The providers page: the status and the counts are the provider's, the open case only the reader's.
    const head = await provider(DemoIds.sunrise, Demo.head);
    const other = await provider(DemoIds.sunrise, Extra.otherManager);
    expect(head).toMatchObject({ referralStatus: 'suspended', providerConcern: { id: c.id } });
    expect(other).toMatchObject({ referralStatus: 'suspended', providerConcern: null });
    expect(head.earlyWarning?.count).toBeGreaterThanOrEqual(2);
    expect(head.last90Days.concern).toBeGreaterThanOrEqual(2);
    expect({ earlyWarning: other.earlyWarning, last90Days: other.last90Days }).toEqual({
      earlyWarning: head.earlyWarning,
      last90Days: head.last90Days,
    });

    // Another council's staff and provider see nothing new: no case, no provider, no status, no counts.
    for (const email of [Elsewhere.lead, Elsewhere.officer]) {
      expect((await as(email).get(`/api/v1/cases/${theirs.id}`)).status).toBe(404);
      expect((await as(email).get(`/api/v1/cases/${c.id}`)).status).toBe(404);
    }
    expect((await as(Elsewhere.officer).get(`/api/v1/providers/${DemoIds.sunrise}`)).status).toBe(404);
    const reads = async (scope: string[]) => {
      const client = new Client({ connectionString: stack.appDatabaseUrl });
      await client.connect();
      try {
        await client.query('begin');
        await client.query(
          `select set_config('vigil.role', $1, true), set_config('vigil.organisation_id', $2, true),
                  set_config('vigil.council_id', $3, true), set_config('vigil.team_id', $4, true)`,
          scope,
        );
        const status = await client.query(`select * from vigil_referral_status($1)`, [DemoIds.sunrise]);
        const counts = await client.query(
          `select * from vigil_early_warning_counts($1, now(), 'PT1H', '{concern}', '{}', '{}')`,
          [DemoIds.sunrise],
        );
        await client.query('rollback');
        return { status: status.rows.map((r) => r.referral_status), counted: counts.rows.length > 0 };
      } finally {
        await client.end();
      }
    };
    expect(await reads(['council_officer', Elsewhere.council, Elsewhere.council, Elsewhere.team])).toEqual({
      status: [],
      counted: false,
    });
    expect(await reads(['provider_lead', Elsewhere.provider, Elsewhere.council, ''])).toEqual({
      status: [],
      counted: false,
    });
    expect(await reads(['team_manager', DemoIds.council, DemoIds.council, Extra.team])).toEqual({
      status: ['suspended'],
      counted: true,
    });
    // Later scenarios about Sunrise start from open referrals.
    await stack.sql(`update provider_concerns set referral_status = 'open' where case_id = $1`, [c.id]);
    await closeAll(DemoIds.sunrise);
  });

  it('does not count a concern withdrawn (raised in error) or merged into another (a duplicate)', async () => {
    const raise = async () => {
      const x = await stack.raiseConcern(Extra.willowLead);
      await watched(x.id);
      return x;
    };
    const withdrawn = await raise();
    await event(Demo.manager, withdrawn as CaseBody<unknown>, {
      event: 'withdraw',
      reason: 'Raised in error',
    });
    const duplicate = await raise();
    const kept = await raise();
    await event(Demo.manager, duplicate as CaseBody<unknown>, {
      event: 'merge',
      reason: 'The same fall',
      intoCaseId: kept.id,
    });
    // Four raised, two of them withdrawn or merged: with the next, two count, under the threshold of three.
    const third = await raise();
    expect(await openProviderConcerns(Extra.willow)).toEqual([]);
    expect((await provider(Extra.willow, Demo.head)).earlyWarning?.count).toBe(2);
    expect((await provider(Extra.willow, Demo.head)).last90Days.concern).toBe(2);
    const fourth = await stack.raiseConcern(Extra.willowLead);
    const [pc] = await until('a provider concern for Willow Lodge', async () => {
      const rows = await openProviderConcerns(Extra.willow);
      return rows.length > 0 ? rows : null;
    });
    const opened = await read(pc.id, Demo.head);
    expect(opened.links.map((l) => l.id).sort()).toEqual([kept.id, third.id, fourth.id].sort());
  });

  it('counts a serious incident toward the early warning', async () => {
    const concerns = [await stack.raiseConcern(Extra.alderLead), await stack.raiseConcern(Extra.alderLead)];
    for (const x of concerns) await watched(x.id);
    expect(await openProviderConcerns(Extra.alder)).toEqual([]);
    const res = await as(Extra.alderLead)
      .post('/api/v1/incidents', {
        category: 'serious_harm',
        occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
        summary: `${CANARY} fall from a hoist`,
      })
      .set('Idempotency-Key', randomUUID());
    expect(res.status).toBe(201);
    const incident = res.body as CaseBody;
    const [pc] = await until('a provider concern for Alder Court', async () => {
      const rows = await openProviderConcerns(Extra.alder);
      return rows.length > 0 ? rows : null;
    });
    const opened = await read(pc.id, Demo.head);
    expect(opened.details.source).toBe('early_warning');
    expect(opened.links.map((l) => [l.type, l.id]).sort()).toEqual(
      [['incident', incident.id], ...concerns.map((x) => ['concern', x.id])].sort(),
    );
  });
});

describe('provider concern early warning: a seconds-long window', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({
      name: 'provider_concern_window',
      policy: {
        ...fastPolicy(),
        thresholds: { providerConcern: { count: 2, window: 'PT10S', counts: ['concern'] } },
      },
    });
  });
  afterAll(async () => stack?.stop());

  const watched = async (id: string) =>
    activityCompleted((await stack.temporal()).workflow.getHandle(`concern:${id}`), 'watchProvider');
  const openProviderConcerns = () =>
    stack.sql<{ id: string }>(
      `select id from cases where type = 'provider_concern' and provider_id = $1 and closed_at is null`,
      [DemoIds.oakwood],
    );

  it('does not count a case raised before the window', async () => {
    const early = await stack.raiseConcern(Demo.oakwoodLead);
    const raisedBy = Date.now();
    await watched(early.id);
    // Past the window: the earlier concern no longer counts, so the next is one of two.
    await new Promise((r) => setTimeout(r, Math.max(0, raisedBy + 11_000 - Date.now())));
    const second = await stack.raiseConcern(Demo.oakwoodLead);
    await watched(second.id);
    expect(await openProviderConcerns()).toEqual([]);
    // Within the window, a third makes two: the threshold is reached, and only the two are linked.
    const third = await stack.raiseConcern(Demo.oakwoodLead);
    await watched(third.id);
    const [pc] = await openProviderConcerns();
    expect(pc).toBeDefined();
    const links = await stack.sql<{ id: string }>(
      `select linked_case_id as id from case_links where case_id = $1`,
      [pc.id],
    );
    expect(links.map((l) => l.id).sort()).toEqual([second.id, third.id].sort());
  });
});

describe('provider concern early warning switched off ("providerConcern": null)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({
      name: 'provider_concern_off',
      policy: { ...fastPolicy(), thresholds: { providerConcern: null } },
    });
  });
  afterAll(async () => stack?.stop());

  it('opens nothing, however many cases are raised, and shows no early warning', async () => {
    const raised = [];
    for (let i = 0; i < 4; i += 1) raised.push(await stack.raiseConcern(Demo.oakwoodLead));
    // No check is asked for: the concerns' workflows run no early-warning activity.
    const client = await stack.temporal();
    for (const c of raised) {
      const handle = client.workflow.getHandle(`concern:${c.id}`);
      await describeWhenStarted(handle);
      const history = await handle.fetchHistory();
      const activities = (history.events ?? []).map(
        (e) => e.activityTaskScheduledEventAttributes?.activityType?.name,
      );
      expect(activities).not.toContain('watchProvider');
    }
    // And the check itself, were it run, opens nothing.
    for (const c of raised) {
      expect(await stack.worker!.get(ProviderConcernsService).watch(c.id)).toEqual({
        opened: null,
        linked: null,
      });
    }
    expect(
      await stack.sql(`select id from cases where type = 'provider_concern' and provider_id = $1`, [
        DemoIds.oakwood,
      ]),
    ).toEqual([]);
    const res = await stack
      .http()
      .get(`/api/v1/providers/${DemoIds.oakwood}`)
      .set('Authorization', `Bearer ${await stack.token(Demo.commissioner)}`);
    expect(res.status).toBe(200);
    expect((res.body as { earlyWarning: unknown }).earlyWarning).toBeNull();
  });
});
