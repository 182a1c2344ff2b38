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
    // "Not assessed" is a recorded answer on capacity (DOMAIN §4.2 closure: MSP and capacity recorded).
    await complete(Demo.officer, enquiry, 'record_adult_views', {
      msp: 'none_expressed',
      capacity: 'not_assessed',
    });
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
    // The provider reviews the adult's care plan (Std 6.5): sign-off waits for it.
    await complete(Demo.sunriseLead, await read(Demo.sunriseLead, concern.id), 'care_plan_review', {
      notNeeded: true,
      reason: 'Plan reviewed last week',
    });
    expect((await read(Demo.officer, concern.id)).status).toBe('enquiry_open');
    const closed = await complete(Demo.manager, await read(Demo.manager, enquiry.id), 'sign_off', {
      decision: 'signed_off',
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

  /** Takes an enquiry (as the officer reads it) from its first steps to awaiting sign-off, council-led, no plan. */
  async function toSignOff(enquiry: CaseBody, views: object): Promise<CaseBody> {
    await complete(Demo.officer, enquiry, 'record_adult_views', views);
    let e = await complete(Demo.officer, await read(Demo.officer, enquiry.id), 'decide_enquiry_lead', {
      lead: 'council_led',
      strategy: 'Visit and review records',
    });
    e = await complete(Demo.officer, e, 'record_outcome', {
      outcome: 'no_risk',
      riskNow: 'removed',
      outcomesMet: 'fully',
    });
    e = await complete(Demo.officer, e, 'agree_safeguarding_plan', { plan: 'none_needed' });
    expect(e.status).toBe('awaiting_signoff');
    return e;
  }
  const problemOf = (res: { status: number; body: unknown }) =>
    res.body as { status: number; detail: string; errors: { pointer: string; detail: string }[] };

  it('refuses sign-off (409, naming it) while the concern’s care plan review is open, and changes nothing', async () => {
    const { concern, enquiry } = await concernIntoEnquiry();
    await toSignOff(enquiry, {
      msp: 'outcomes_expressed',
      desiredOutcomes: 'Stay',
      capacity: 'has_capacity',
    });
    const review = openTask(await read(Demo.sunriseLead, concern.id), 'care_plan_review');
    const signOff = openTask(await read(Demo.manager, enquiry.id), 'sign_off');
    const refused = await as(Demo.manager).post(`/api/v1/cases/${enquiry.id}/tasks/${signOff.id}/complete`, {
      decision: 'signed_off',
    });
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(problemOf(refused).errors).toEqual([
      {
        pointer: `#/links/${concern.id}/tasks/${review.id}`,
        detail: expect.stringContaining(concern.reference),
      },
    ]);
    expect(problemOf(refused).detail).toContain(`care plan review on ${concern.reference}`);
    expect(refused.text).not.toContain(CANARY);
    // Nothing changed: the enquiry still awaits sign-off, its concern still waits for it.
    const after = await read(Demo.manager, enquiry.id);
    expect(after.status).toBe('awaiting_signoff');
    expect(openTask(after, 'sign_off').id).toBe(signOff.id);
    expect((await read(Demo.officer, concern.id)).status).toBe('enquiry_open');
    // Once the provider has reviewed the care plan, the same sign-off closes both.
    await complete(Demo.sunriseLead, await read(Demo.sunriseLead, concern.id), 'care_plan_review', {
      reviewedOn: new Date().toISOString().slice(0, 10),
    });
    const closed = await complete(Demo.manager, after, 'sign_off', { decision: 'signed_off' });
    expect(closed.status).toBe('closed');
    expect((await read(Demo.officer, concern.id)).status).toBe('closed');
  });

  it('refuses sign-off (409) while the adult’s capacity is not recorded; a return asks for the adult’s views again', async () => {
    const opened = await stack.openEnquiry(Demo.officer);
    const e = await toSignOff(await read(Demo.officer, opened.id), { msp: 'not_asked' });
    expect(e.details.capacity).toBeNull();
    const signOff = openTask(await read(Demo.manager, opened.id), 'sign_off');
    const refused = await as(Demo.manager).post(`/api/v1/cases/${opened.id}/tasks/${signOff.id}/complete`, {
      decision: 'signed_off',
    });
    expect(refused.status).toBe(409);
    expect(problemOf(refused).errors).toEqual([
      { pointer: '#/details/capacity', detail: expect.any(String) },
    ]);
    expect(problemOf(refused).detail).toContain('capacity');
    expect((await read(Demo.manager, opened.id)).status).toBe('awaiting_signoff');
    // Returning stays allowed: the adult's views reopen with the outcome, and the outcome waits for them.
    const returned = await complete(Demo.manager, await read(Demo.manager, opened.id), 'sign_off', {
      decision: 'returned',
      reason: 'Record the adult’s capacity',
    });
    expect(returned.status).toBe('in_progress');
    expect(
      returned.tasks
        .filter((t) => t.status === 'open')
        .map((t) => t.type)
        .sort(),
    ).toEqual(['record_adult_views', 'record_outcome']);
    let back = await read(Demo.officer, opened.id);
    await complete(
      Demo.officer,
      back,
      'record_outcome',
      { outcome: 'no_risk', riskNow: 'removed', outcomesMet: 'fully' },
      409,
    );
    back = await complete(Demo.officer, back, 'record_adult_views', {
      msp: 'not_asked',
      capacity: 'lacks_capacity',
      advocate: true,
    });
    expect(back.details.capacity).toBe('lacks_capacity');
    back = await complete(Demo.officer, back, 'record_outcome', {
      outcome: 'no_risk',
      riskNow: 'removed',
      outcomesMet: 'fully',
    });
    back = await complete(Demo.officer, back, 'agree_safeguarding_plan', { plan: 'none_needed' });
    const closed = await complete(Demo.manager, await read(Demo.manager, opened.id), 'sign_off', {
      decision: 'signed_off',
    });
    expect(closed.status).toBe('closed');
    expect(closed.details.outcome).toBe('no_risk');
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

  it('sets the report task’s due date to the end of the chosen working day (London), and lets the adult stop while it is awaited', async () => {
    const { enquiry } = await concernIntoEnquiry();
    await complete(Demo.officer, enquiry, 'record_adult_views', {
      msp: 'not_asked',
      capacity: 'has_capacity',
    });
    // A Wednesday next July: British Summer Time, so 17:00 in London is 16:00 UTC.
    const july = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 6, 15));
    july.setUTCDate(july.getUTCDate() + ((3 - july.getUTCDay() + 7) % 7));
    const reportDueOn = july.toISOString().slice(0, 10);
    const caused = await complete(Demo.officer, await read(Demo.officer, enquiry.id), 'decide_enquiry_lead', {
      lead: 'provider_caused',
      scope: 'Night checks',
      questions: 'Who was on shift?',
      reportDueOn,
    });
    expect(caused.status).toBe('awaiting_provider_report');
    expect(caused.details.reportDueOn).toBe(reportDueOn);
    const report = openTask(caused, 'submit_provider_report');
    expect(report.dueAt).toBe(`${reportDueOn}T16:00:00.000Z`);
    const clock = caused.clocks.find((c) => c.name === 's42.provider_report');
    expect(clock).toEqual(
      expect.objectContaining({ state: 'running', dueAt: `${reportDueOn}T16:00:00.000Z` }),
    );
    // The adult asks to stop while the report is awaited: the report is no longer asked for.
    const ceased = await complete(Demo.officer, caused, 'record_outcome', {
      outcome: 'ceased_at_request',
      riskNow: 'reduced',
      outcomesMet: 'partly',
    });
    expect(ceased.status).toBe('outcome_recorded');
    expect(ceased.tasks.find((t) => t.id === report.id)?.status).toBe('cancelled');
    expect(ceased.clocks.find((c) => c.name === 's42.provider_report')?.state).toBe('cancelled');
    expect(ceased.details.outcome).toBe('ceased_at_request');
    expect(openTask(ceased, 'agree_safeguarding_plan').assignedRole).toBe('assignee');
    expect(ceased.timeline.map((t) => t.kind)).toContain('task.completed');
  });

  it('shows a commissioner an enquiry masked: initials, no date of birth, no narrative', async () => {
    const opened = await stack.openEnquiry(Demo.officer);
    const full = await read(Demo.officer, opened.id);
    await complete(Demo.officer, full, 'record_adult_views', {
      msp: 'outcomes_expressed',
      desiredOutcomes: `${CANARY} wants to stay at home`,
    });
    await complete(Demo.officer, await read(Demo.officer, opened.id), 'decide_enquiry_lead', {
      lead: 'council_led',
      strategy: `${CANARY} strategy: visit with the nurse`,
    });
    expect(JSON.stringify(await read(Demo.officer, opened.id))).toContain(CANARY);
    const res = await as(Demo.commissioner).get(`/api/v1/cases/${opened.id}`);
    expect(res.status).toBe(200);
    const masked = res.body as CaseBody;
    expect(masked.masked).toBe(true);
    expect(res.text).not.toContain(CANARY);
    expect(res.text).not.toContain('Enquiryperson');
    expect(masked.details.adultAtRisk).toEqual({
      name: expect.stringMatching(/^C\. E\. \d\.$/),
      dateOfBirth: null,
    });
    expect(masked.details).toEqual(
      expect.objectContaining({
        summary: null,
        desiredOutcomes: null,
        strategy: null,
        msp: 'outcomes_expressed',
      }),
    );
    // What the commissioner may know stays: the steps, their deadlines and the lead.
    expect(masked.details.lead).toBe('council_led');
    expect(masked.tasks.map((t) => t.type)).toEqual(full.tasks.map((t) => t.type));
    const audited = await stack.sql(
      `select 1 from audit_events where action = 'case.viewed' and subject_id = $1 and actor_role = 'commissioner'`,
      [opened.id],
    );
    expect(audited.length).toBeGreaterThanOrEqual(1);
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

  it('lets only a team manager merge a concern into another case, with a reason; the concern closes as merged', async () => {
    const first = await stack.raiseConcern(Demo.sunriseLead);
    const second = await stack.raiseConcern(Demo.sunriseLead);
    const merge = (email: string, body: object) =>
      as(email).post(`/api/v1/cases/${second.id}/transitions`, { event: 'merge', ...body });
    const body = { reason: 'Second report of the same fall', intoCaseId: first.id };
    expect((await merge(Demo.officer, body)).status).toBe(403);
    const noTarget = await merge(Demo.manager, { reason: body.reason });
    expect(noTarget.status).toBe(400);
    expect(problemOf(noTarget).errors.map((e) => e.pointer)).toEqual(['#/intoCaseId']);
    const noReason = await merge(Demo.manager, { intoCaseId: first.id });
    expect(noReason.status).toBe(400);
    expect(problemOf(noReason).errors.map((e) => e.pointer)).toEqual(['#/reason']);
    // Not into itself, nor into a case that does not exist (or the manager cannot see).
    for (const intoCaseId of [second.id, randomUUID()]) {
      const bad = await merge(Demo.manager, { ...body, intoCaseId });
      expect(bad.status).toBe(400);
      expect(problemOf(bad).errors).toEqual([{ pointer: '#/intoCaseId', detail: expect.any(String) }]);
    }
    expect((await read(Demo.manager, second.id)).status).toBe('awaiting_triage');
    const merged = await merge(Demo.manager, body);
    expect(merged.status).toBe(200);
    const c = merged.body as CaseBody;
    expect(c.status).toBe('closed');
    expect(c.details.closure).toEqual({ kind: 'merged', reason: 'Second report of the same fall' });
    expect(c.tasks.map((t) => t.status)).toEqual(['cancelled', 'cancelled']);
    expect(c.links).toEqual(
      expect.arrayContaining([{ type: 'concern', id: first.id, reference: first.reference }]),
    );
    expect(c.timeline.find((t) => t.kind === 'concern.merged')?.details).toEqual(
      expect.objectContaining({ intoCaseId: first.id }),
    );
    // The case it went into shows the link back, and stays open.
    const into = await read(Demo.manager, first.id);
    expect(into.status).toBe('awaiting_triage');
    expect(into.links).toEqual(
      expect.arrayContaining([{ type: 'concern', id: second.id, reference: second.reference }]),
    );
    const audited = await stack.sql<{ into: string }>(
      `select details->>'intoCaseId' as into from audit_events
        where action = 'case.transitioned' and subject_id = $1 and details->>'event' = 'merge'`,
      [second.id],
    );
    expect(audited).toEqual([{ into: first.id }]);
    const handle = (await stack.temporal()).workflow.getHandle(`concern:${second.id}`);
    expect(await closedResult(handle)).toEqual({
      status: 'COMPLETED',
      result: expect.objectContaining({ outcome: 'merged' }),
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

  it('documents every route’s response with a schema, and every task type’s body, in OpenAPI', async () => {
    type Schema = { $ref?: string; type?: string; properties?: Record<string, unknown> };
    const doc = (await stack.http().get('/api/docs-json')).body as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, { schema?: Schema }> }> }>
      >;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    const routes = Object.entries(doc.paths);
    // Every route, not only the cases': sign-in, health, providers, each case type's own.
    expect(routes.map(([path]) => path)).toEqual(
      expect.arrayContaining(['/api/v1/auth/token', '/health', '/api/v1/cases/{id}', '/api/v1/enquiries']),
    );
    /** A schema that says something: a known component, or an inline type. */
    const meaningful = (schema: Schema | undefined): boolean =>
      schema?.$ref !== undefined
        ? Boolean(doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')])
        : Boolean(schema?.type);
    const gaps: string[] = [];
    for (const [path, methods] of routes) {
      for (const [method, op] of Object.entries(methods)) {
        const ok = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
        // 204 answers nothing; every other success has a body with a schema.
        const described =
          ok.length > 0 &&
          ok.every(
            ([status, r]) =>
              status === '204' || Object.values(r.content ?? {}).some((c) => meaningful(c.schema)),
          );
        if (!described) gaps.push(`${method} ${path}`);
      }
    }
    expect(gaps).toEqual([]);
    /** The properties of the schema a route's 200 answers with. */
    const answered = (path: string, method: string) => {
      const schema = doc.paths[path][method].responses['200'].content?.['application/json']?.schema;
      return doc.components.schemas[(schema?.$ref ?? '').replace('#/components/schemas/', '')]?.properties;
    };
    expect(Object.keys(answered('/api/v1/auth/token', 'post') ?? {}).sort()).toEqual([
      'accessToken',
      'expiresIn',
      'tokenType',
    ]);
    expect(Object.keys(answered('/health', 'get') ?? {}).sort()).toEqual(['checks', 'status']);
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
