import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { buildConcern, CANARY } from '../factories/concern.factory';
import { buildEnquiry } from '../factories/enquiry.factory';
import { Demo, fastPolicy, Stack } from '../support/stack';
import { closedResult, describeWhenStarted } from '../support/temporal-helpers';

/*
 * The Section 42 enquiry on the case engine (issue 7), on real parts: PostgreSQL, the Temporal dev server,
 * the worker with real activities and an SMTP server in this process. The policy makes the clocks under
 * test fall due within seconds; the others are minutes away so they stay quiet.
 */
const ladder = (to: 'council' | 'provider' | 'manager') =>
  to === 'provider'
    ? [
        { after: 'PT0S', to: 'assignee' },
        { after: 'PT3S', to: 'commissioner' },
      ]
    : to === 'manager'
      ? [{ after: 'PT0S', to: 'assignee' }]
      : [
          { after: 'PT0S', to: 'assignee' },
          { after: 'PT3S', to: 'team_manager' },
        ];
const quick = (due: string, to: 'council' | 'provider' | 'manager' = 'council') => ({
  due: { duration: due },
  escalations: ladder(to),
});

const policy = fastPolicy({
  's42.msp_views': quick('PT5S'),
  's42.strategy': quick('PT8S'),
  's42.urgent_strategy': quick('PT8S'),
  's42.provider_report': quick('PT5S', 'provider'),
  's42.outcome': quick('PT10M'),
  's42.signoff': quick('PT4S', 'manager'),
  'concern.triage': quick('PT10M'),
  'concern.care_plan_review': quick('PT10M', 'provider'),
});

interface Task {
  id: string;
  type: string;
  status: string;
  assignedRole: string;
  dueAt: string | null;
}
interface CaseBody {
  id: string;
  type: string;
  reference: string;
  status: string;
  version: number;
  masked: boolean;
  tasks: Task[];
  clocks: { id: string; name: string; state: string; dueAt: string }[];
  links: { type: string; id: string; reference: string }[];
  timeline: { kind: string; details: Record<string, unknown> }[];
  details: Record<string, unknown> & { adultAtRisk: { name: string; dateOfBirth: string | null } };
}

describe('Section 42 enquiry', () => {
  let stack: Stack;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    stack = await Stack.start({ name: 's42', policy });
    for (const email of Object.values(Demo)) tokens[email] = await stack.token(email);
  });
  afterAll(async () => stack?.stop());

  const as = (email: string) => ({
    get: (path: string) => stack.http().get(path).set('Authorization', `Bearer ${tokens[email]}`),
    post: (path: string, body: object) =>
      stack.http().post(path).set('Authorization', `Bearer ${tokens[email]}`).send(body),
  });
  const read = async (email: string, id: string): Promise<CaseBody> => {
    const res = await as(email).get(`/api/v1/cases/${id}`);
    expect(res.status).toBe(200);
    return res.body as CaseBody;
  };
  const openTask = (c: CaseBody, type: string): Task => {
    const task = c.tasks.find((t) => t.type === type && t.status === 'open');
    if (!task) throw new Error(`no open ${type} task on ${c.reference}`);
    return task;
  };
  const complete = async (email: string, c: CaseBody, type: string, body: object, expected = 200) => {
    const res = await as(email).post(`/api/v1/cases/${c.id}/tasks/${openTask(c, type).id}/complete`, body);
    expect({ type, status: res.status, body: res.status === expected ? null : res.body }).toEqual({
      type,
      status: expected,
      body: null,
    });
    return res.body as CaseBody;
  };
  const mailsFor = (reference: string, to: string, subject: string) =>
    stack.inbox.mails.filter(
      (m) => m.subject.includes(reference) && m.to.includes(to) && m.subject.includes(subject),
    );

  /** A concern triaged into an enquiry: both cases, as the officer reads them. */
  async function concernIntoEnquiry(
    immediateRisk = false,
  ): Promise<{ concern: CaseBody; enquiry: CaseBody }> {
    const raised = await stack.raiseConcern(Demo.sunriseLead, buildConcern({ immediateRisk }));
    const concern = await read(Demo.officer, raised.id);
    const decided = await complete(Demo.officer, concern, 'triage_decision', {
      decision: 'section_42_enquiry',
      rationale: 'Pattern of missed medication',
    });
    expect(decided.status).toBe('enquiry_open');
    // The early warning may also link a provider concern once a provider has had several
    // concerns in this suite; the enquiry is the one link triage adds.
    const enquiries = decided.links.filter((l) => l.type === 's42_enquiry');
    expect(enquiries).toEqual([expect.objectContaining({ id: expect.any(String) })]);
    return { concern: decided, enquiry: await read(Demo.officer, enquiries[0].id) };
  }

  it('opens a linked enquiry when triage decides on one, with its first three steps and their clocks', async () => {
    const { concern, enquiry } = await concernIntoEnquiry();
    expect(enquiry.type).toBe('s42_enquiry');
    expect(enquiry.status).toBe('planning');
    // Linked to its concern, and to the safeguarding-investigation notice it raised for the commissioner.
    expect(enquiry.links).toEqual([
      { type: 'concern', id: concern.id, reference: concern.reference },
      { type: 'notification', id: expect.any(String), reference: expect.any(String) },
    ]);
    const notice = await read(Demo.commissioner, enquiry.links[1].id);
    expect(notice.status).toBe('sent');
    expect(notice.details).toEqual(
      expect.objectContaining({ trigger: 'safeguarding_investigation', late: false }),
    );
    expect(enquiry.details.adultAtRisk.name).toContain(CANARY);
    expect(enquiry.tasks.map((t) => [t.type, t.status, t.assignedRole]).sort()).toEqual([
      ['decide_enquiry_lead', 'open', 'assignee'],
      ['record_adult_views', 'open', 'assignee'],
      ['record_outcome', 'open', 'assignee'],
    ]);
    expect(enquiry.clocks.map((c) => c.name).sort()).toEqual([
      's42.msp_views',
      's42.outcome',
      's42.strategy',
    ]);
    // Its own workflow, `s42:<uuid>`; the commissioning team is told, by reference and link only.
    const handle = (await stack.temporal()).workflow.getHandle(`s42:${enquiry.id}`);
    expect((await describeWhenStarted(handle)).type).toBe('s42EnquiryWorkflow');
    const [toCommissioner] = await stack.inbox.waitFor(
      (m) => m.subject.includes(enquiry.reference) && m.to.includes(Demo.commissioner),
    );
    expect(toCommissioner.subject).toBe(`[Vigil] New section 42 enquiry ${enquiry.reference}`);
    expect(toCommissioner.raw).not.toContain(CANARY);
  });

  it('uses the urgent strategy clock when the concern had an immediate risk', async () => {
    const { enquiry } = await concernIntoEnquiry(true);
    expect(enquiry.clocks.map((c) => c.name)).toContain('s42.urgent_strategy');
    expect(enquiry.clocks.map((c) => c.name)).not.toContain('s42.strategy');
  });

  it('escalates a missed clock (the adult’s views) and stays silent for one met in time (the strategy)', async () => {
    const { enquiry } = await concernIntoEnquiry();
    await complete(Demo.officer, enquiry, 'decide_enquiry_lead', {
      lead: 'council_led',
      strategy: 'Visit and review records',
    });
    const [overdue] = await stack.inbox.waitFor(
      (m) =>
        m.subject.includes(enquiry.reference) &&
        m.subject.startsWith('[Vigil] Overdue') &&
        m.to.includes(Demo.officer),
      { timeoutMs: 20_000 },
    );
    expect(overdue.subject).toBe(
      `[Vigil] Overdue: adult’s views (Making Safeguarding Personal) for ${enquiry.reference}`,
    );
    await stack.inbox.waitFor(
      (m) =>
        m.subject.includes(enquiry.reference) &&
        m.subject.startsWith('[Vigil] Overdue') &&
        m.to.includes(Demo.manager),
      { timeoutMs: 20_000 },
    );
    // The strategy clock (due at 8 s) was met at once: nobody hears of it, even after its due moment.
    await new Promise((r) => setTimeout(r, 5_000));
    expect(mailsFor(enquiry.reference, Demo.officer, 'strategy')).toEqual([]);
    const after = await read(Demo.officer, enquiry.id);
    expect(after.clocks.find((c) => c.name === 's42.msp_views')?.state).toBe('breached');
    expect(after.clocks.find((c) => c.name === 's42.strategy')?.state).toBe('met');
    expect(after.status).toBe('in_progress');
  });

  it('runs the provider-caused path: report requested, late, returned with a reason, sent again', async () => {
    const { enquiry } = await concernIntoEnquiry();
    await complete(Demo.officer, enquiry, 'record_adult_views', {
      msp: 'outcomes_expressed',
      desiredOutcomes: 'Stay at home',
    });
    const caused = await complete(Demo.officer, await read(Demo.officer, enquiry.id), 'decide_enquiry_lead', {
      lead: 'provider_caused',
      scope: 'Evening medication rounds, November',
      questions: 'Who signed the MAR charts?',
    });
    expect(caused.status).toBe('awaiting_provider_report');
    const report = openTask(caused, 'submit_provider_report');
    expect(report.assignedRole).toBe('provider_manager');
    // The provider lead is asked, then reminded when the report is late, then the commissioner is told.
    await stack.inbox.waitFor(
      (m) =>
        m.subject === `[Vigil] Action needed on ${enquiry.reference}: submit the provider’s enquiry report` &&
        m.to.includes(Demo.sunriseLead),
    );
    await stack.inbox.waitFor(
      (m) =>
        m.subject.includes(enquiry.reference) &&
        m.subject.startsWith('[Vigil] Overdue') &&
        m.to.includes(Demo.sunriseLead),
      { timeoutMs: 20_000 },
    );
    await stack.inbox.waitFor(
      (m) =>
        m.subject.includes(enquiry.reference) &&
        m.subject.startsWith('[Vigil] Overdue') &&
        m.to.includes(Demo.commissioner),
      { timeoutMs: 20_000 },
    );
    // Only the provider lead may send it; an officer who may see it gets 403.
    await complete(Demo.officer, caused, 'submit_provider_report', { report: 'x' }, 403);
    const submitted = await complete(
      Demo.sunriseLead,
      await read(Demo.sunriseLead, enquiry.id),
      'submit_provider_report',
      {
        report: 'Two agency staff missed the round; retrained',
      },
    );
    expect(submitted.status).toBe('in_progress');
    // The officer returns it: a reason and a new due date; a new report task opens.
    const dueOn = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const bad = await as(Demo.officer).post(`/api/v1/cases/${enquiry.id}/tasks/${report.id}/return`, {
      reason: '',
    });
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: { pointer: string }[] }).errors.map((e) => e.pointer).sort()).toEqual([
      '#/reason',
      '#/reportDueOn',
    ]);
    const returned = await as(Demo.officer).post(`/api/v1/cases/${enquiry.id}/tasks/${report.id}/return`, {
      reason: 'Say what changes on the rota',
      reportDueOn: dueOn,
    });
    expect(returned.status).toBe(200);
    const back = returned.body as CaseBody;
    expect(back.status).toBe('awaiting_provider_report');
    const second = openTask(back, 'submit_provider_report');
    expect(second.id).not.toBe(report.id);
    expect(new Date(second.dueAt ?? '').toISOString().slice(0, 10)).toBe(dueOn);
    expect(back.details.returnReason).toBe('Say what changes on the rota');
    // The same report cannot be returned twice.
    expect(
      (
        await as(Demo.officer).post(`/api/v1/cases/${enquiry.id}/tasks/${report.id}/return`, {
          reason: 'again',
          reportDueOn: dueOn,
        })
      ).status,
    ).toBe(409);
    const again = await complete(Demo.sunriseLead, back, 'submit_provider_report', {
      report: 'Rota now has a named lead',
    });
    expect(again.status).toBe('in_progress');
    expect(again.details.report).toBe('Rota now has a named lead');
  });

  it('closes the enquiry only on a manager’s sign-off, and closes its concern with the outcome', async () => {
    const { concern, enquiry } = await concernIntoEnquiry();
    await complete(Demo.officer, enquiry, 'record_adult_views', { msp: 'none_expressed' });
    let e = await complete(Demo.officer, await read(Demo.officer, enquiry.id), 'decide_enquiry_lead', {
      lead: 'council_led',
      strategy: 'Meet the family',
    });
    e = await complete(Demo.officer, e, 'record_outcome', {
      outcome: 'risk_identified_action_taken',
      riskNow: 'reduced',
      outcomesMet: 'not_expressed',
    });
    expect(e.status).toBe('outcome_recorded');
    const reviewOn = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    e = await complete(Demo.officer, e, 'agree_safeguarding_plan', {
      plan: 'agreed',
      summary: 'Weekly visits',
      reviewOn,
    });
    expect(e.status).toBe('plan_active');
    e = await complete(Demo.officer, e, 'review_plan', { notes: 'Going well', final: false });
    expect(e.tasks.filter((t) => t.type === 'review_plan').map((t) => t.status)).toEqual([
      'completed',
      'open',
    ]);
    e = await complete(Demo.officer, e, 'review_plan', { final: true });
    expect(e.status).toBe('awaiting_signoff');
    // Sign-off is a manager's: an officer gets 403 and nothing changes.
    await complete(Demo.officer, e, 'sign_off', { decision: 'signed_off' }, 403);
    const returned = await complete(Demo.manager, await read(Demo.manager, enquiry.id), 'sign_off', {
      decision: 'returned',
      reason: 'Record the risk to others',
    });
    expect(returned.status).toBe('in_progress');
    e = await complete(Demo.officer, await read(Demo.officer, enquiry.id), 'record_outcome', {
      outcome: 'risk_identified_action_taken',
      riskNow: 'removed',
      outcomesMet: 'not_expressed',
    });
    e = await complete(Demo.officer, e, 'agree_safeguarding_plan', { plan: 'none_needed' });
    // The sign-off clock is missed: the team manager (who holds the task) is reminded.
    await stack.inbox.waitFor(
      (m) =>
        m.subject.includes(enquiry.reference) &&
        m.subject.startsWith('[Vigil] Overdue') &&
        m.to.includes(Demo.manager),
      { timeoutMs: 20_000 },
    );
    const closed = await complete(Demo.manager, await read(Demo.manager, enquiry.id), 'sign_off', {
      decision: 'signed_off',
    });
    // The provider reviews the adult's care plan (Std 6.5): its own duty, which keeps the concern's clock running.
    expect((await read(Demo.officer, concern.id)).status).toBe('closed');
    await complete(Demo.sunriseLead, await read(Demo.sunriseLead, concern.id), 'care_plan_review', {
      notNeeded: true,
      reason: 'Plan reviewed last week',
    });
    expect(closed.status).toBe('closed');
    const after = await read(Demo.officer, concern.id);
    expect(after.status).toBe('closed');
    expect(after.timeline.find((t) => t.kind === 'concern.enquiry_closed')?.details).toEqual(
      expect.objectContaining({ enquiryId: enquiry.id, outcome: 'risk_identified_action_taken' }),
    );
    // Both workflows end: the enquiry with its outcome, the concern with its decision.
    const client = await stack.temporal();
    expect(await closedResult(client.workflow.getHandle(`s42:${enquiry.id}`))).toEqual({
      status: 'COMPLETED',
      result: expect.objectContaining({ outcome: 'risk_identified_action_taken' }),
    });
    expect(await closedResult(client.workflow.getHandle(`concern:${concern.id}`))).toEqual({
      status: 'COMPLETED',
      result: expect.objectContaining({ outcome: 'section_42_enquiry' }),
    });
    // The concern's raiser is told it has closed.
    await stack.inbox.waitFor(
      (m) =>
        m.subject.includes(concern.reference) &&
        m.to.includes(Demo.sunriseLead) &&
        m.subject.includes('closed'),
    );
  });

  it('lets the adult stop an enquiry from planning: the lead decision is cancelled, the outcome recorded', async () => {
    const { enquiry } = await concernIntoEnquiry();
    await complete(
      Demo.officer,
      enquiry,
      'record_outcome',
      { outcome: 'no_risk', riskNow: 'removed', outcomesMet: 'fully' },
      409,
    );
    await complete(Demo.officer, enquiry, 'record_adult_views', { msp: 'not_asked' });
    const e = await complete(Demo.officer, await read(Demo.officer, enquiry.id), 'record_outcome', {
      outcome: 'ceased_at_request',
      riskNow: 'remains',
      outcomesMet: 'not',
    });
    expect(e.status).toBe('outcome_recorded');
    expect(e.tasks.find((t) => t.type === 'decide_enquiry_lead')?.status).toBe('cancelled');
    expect(e.clocks.find((c) => c.name === 's42.strategy')?.state).toBe('cancelled');
  });

  it('shows the provider lead the enquiry about their service, and 404 to another provider', async () => {
    const { enquiry } = await concernIntoEnquiry();
    const seen = await read(Demo.sunriseLead, enquiry.id);
    expect(seen.tasks.length).toBe(3);
    expect(seen.clocks.length).toBe(3);
    const other = await as(Demo.oakwoodLead).get(`/api/v1/cases/${enquiry.id}`);
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body)).not.toContain(enquiry.reference);
  });

  it('opens an enquiry directly for an officer: idempotent, validated, and refused to other roles', async () => {
    const key = randomUUID();
    const body = buildEnquiry();
    const first = await as(Demo.officer).post('/api/v1/enquiries', body).set('Idempotency-Key', key);
    expect(first.status).toBe(201);
    expect(first.headers.location).toBe(`/api/v1/cases/${first.body.id}`);
    const again = await as(Demo.officer).post('/api/v1/enquiries', body).set('Idempotency-Key', key);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const bad = await as(Demo.officer)
      .post('/api/v1/enquiries', {
        ...body,
        providerId: randomUUID(),
        summary: `bad${String.fromCharCode(0)}`,
      })
      .set('Idempotency-Key', randomUUID());
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toEqual([
      '#/summary',
    ]);
    const wrongProvider = await as(Demo.officer)
      .post('/api/v1/enquiries', { ...body, providerId: randomUUID() })
      .set('Idempotency-Key', randomUUID());
    expect(wrongProvider.status).toBe(400);
    expect(wrongProvider.body.errors).toEqual([{ pointer: '#/providerId', detail: expect.any(String) }]);
    for (const who of [Demo.sunriseLead, Demo.lado, Demo.commissioner, Demo.head]) {
      const refused = await as(who).post('/api/v1/enquiries', body).set('Idempotency-Key', randomUUID());
      expect({ who, status: refused.status }).toEqual({ who, status: 403 });
    }
    const [{ n }] = await stack.sql<{ n: string }>(
      `select count(*)::text as n from cases where type = 's42_enquiry' and id = $1`,
      [first.body.id],
    );
    expect(n).toBe('1');
  });

  it('gives the concern its care-plan review for the provider, and lets only a team manager withdraw it', async () => {
    const raised = await stack.raiseConcern(Demo.sunriseLead);
    const concern = await read(Demo.sunriseLead, raised.id);
    expect(concern.tasks.map((t) => [t.type, t.assignedRole])).toEqual([
      ['triage_decision', 'assignee'],
      ['care_plan_review', 'provider_manager'],
    ]);
    // The review is the provider lead's: a date in the past, or why none is needed.
    await complete(Demo.officer, concern, 'care_plan_review', { notNeeded: true, reason: 'x' }, 403);
    await complete(Demo.sunriseLead, concern, 'care_plan_review', { reviewedOn: '2999-01-01' }, 400);
    await complete(Demo.sunriseLead, concern, 'care_plan_review', { notNeeded: false }, 400);
    const reviewed = await complete(Demo.sunriseLead, concern, 'care_plan_review', {
      reviewedOn: new Date().toISOString().slice(0, 10),
    });
    expect(reviewed.clocks.find((c) => c.name === 'concern.care_plan_review')?.state).toBe('met');
    expect(reviewed.status).toBe('awaiting_triage');
    const officerTry = await as(Demo.officer).post(`/api/v1/cases/${concern.id}/transitions`, {
      event: 'withdraw',
      reason: 'Raised in error',
    });
    expect(officerTry.status).toBe(403);
    const noReason = await as(Demo.manager).post(`/api/v1/cases/${concern.id}/transitions`, {
      event: 'withdraw',
    });
    expect(noReason.status).toBe(400);
    const withdrawn = await as(Demo.manager).post(`/api/v1/cases/${concern.id}/transitions`, {
      event: 'withdraw',
      reason: 'Raised in error by agency staff',
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('closed');
    expect(withdrawn.body.details.closure).toEqual({
      kind: 'withdrawn',
      reason: 'Raised in error by agency staff',
    });
    expect(withdrawn.body.tasks.map((t: Task) => t.status)).toEqual(['cancelled', 'completed']);
    const handle = (await stack.temporal()).workflow.getHandle(`concern:${concern.id}`);
    expect(await closedResult(handle)).toEqual({
      status: 'COMPLETED',
      result: expect.objectContaining({ outcome: 'withdrawn' }),
    });
  });

  it('shows a commissioner a concern masked, and reveals it only with a reason, on the record', async () => {
    const raised = await stack.raiseConcern(Demo.sunriseLead);
    const masked = await read(Demo.commissioner, raised.id);
    expect(masked.masked).toBe(true);
    expect(JSON.stringify(masked)).not.toContain(CANARY);
    expect(masked.details.adultAtRisk).toEqual({
      name: expect.stringMatching(/^C\. T\. \d+\.$/),
      dateOfBirth: null,
    });
    expect(masked.details.summary).toBeNull();
    const [notice] = await stack.inbox.waitFor(
      (m) => m.subject.includes(raised.reference) && m.to.includes(Demo.commissioner),
    );
    expect(notice.raw).not.toContain(CANARY);
    expect(
      (await as(Demo.commissioner).post(`/api/v1/cases/${raised.id}/reveal`, { reason: '' })).status,
    ).toBe(400);
    expect(
      (await as(Demo.officer).post(`/api/v1/cases/${raised.id}/reveal`, { reason: 'Curious' })).status,
    ).toBe(403);
    const revealed = await as(Demo.commissioner).post(`/api/v1/cases/${raised.id}/reveal`, {
      reason: 'Police asked about the home',
    });
    expect(revealed.status).toBe(200);
    expect(revealed.body.masked).toBe(false);
    expect(revealed.body.details.adultAtRisk.name).toContain(CANARY);
    const [row] = await stack.sql<{ reason: string }>('select reason from case_reveals where case_id = $1', [
      raised.id,
    ]);
    expect(row.reason).toBe('Police asked about the home');
    const audited = await stack.sql(
      `select 1 from audit_events where action = 'case.revealed' and subject_id = $1`,
      [raised.id],
    );
    expect(audited).toHaveLength(1);
    // The next read is masked again.
    expect((await read(Demo.commissioner, raised.id)).masked).toBe(true);
  });

  it('documents each case route’s response and every task type’s body in OpenAPI', async () => {
    const doc = (await stack.http().get('/api/docs-json')).body as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>
      >;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    const caseRoutes = Object.entries(doc.paths).filter(([path]) =>
      /^\/api\/v1\/(cases|concerns|enquiries|tasks)/.test(path),
    );
    expect(caseRoutes.length).toBeGreaterThanOrEqual(8);
    for (const [path, methods] of caseRoutes) {
      for (const [method, op] of Object.entries(methods)) {
        const ok = Object.entries(op.responses).find(([status]) => status.startsWith('2'));
        expect({
          route: `${method} ${path}`,
          schema: Object.values(ok?.[1].content ?? {}).some((c) => Boolean(c.schema)),
        }).toEqual({
          route: `${method} ${path}`,
          schema: true,
        });
      }
    }
    expect(Object.keys(doc.components.schemas.TaskBody_decide_enquiry_lead ?? {})).not.toHaveLength(0);
    expect(doc.components.schemas.TaskBody_record_outcome.properties).toEqual(
      expect.objectContaining({
        outcome: expect.anything(),
        riskNow: expect.anything(),
        outcomesMet: expect.anything(),
      }),
    );
  });
});
