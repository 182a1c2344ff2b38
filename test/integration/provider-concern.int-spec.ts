import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DemoIds } from '@vigil/access';
import { randomUUID } from 'node:crypto';
import { buildConcern, CANARY } from '../factories/concern.factory';
import { CaseApi, type CaseBody } from '../support/case-api';
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
    api = await new CaseApi(stack).signIn([...Object.values(Demo), 'auditor@riverside.example']);
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
});
