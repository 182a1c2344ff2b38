import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DemoIds } from '@vigil/access';
import type { RaiseAllegation } from '@vigil/contracts';
import { randomUUID } from 'node:crypto';
import { buildAllegation } from '../factories/allegation.factory';
import { addLocalMonths } from '@vigil/domain/calendar';
import { CANARY } from '../factories/concern.factory';
import { CaseApi, type CaseBody } from '../support/case-api';
import { Demo, fastPolicy, Stack } from '../support/stack';
import { closedResult, describeWhenStarted } from '../support/temporal-helpers';

/*
 * Allegations against staff (issue 8) on real parts: PostgreSQL, the Temporal dev server, the worker with
 * real activities and an SMTP server in this process. The policy makes the clocks under test fall due
 * within seconds; the triage clock of the concern used for linking is minutes away.
 */
const policy = fastPolicy({
  'allegation.confirm_suspension': {
    due: { duration: 'PT4S' },
    escalations: [
      { after: 'PT0S', to: 'assignee' },
      { after: 'PT3S', to: 'commissioner' },
      { after: 'PT6S', to: 'head_of_service' },
    ],
  },
  'allegation.lado_referral': {
    due: { duration: 'PT5S' },
    escalations: [
      { after: 'PT0S', to: 'assignee' },
      { after: 'PT3S', to: 'team_manager' },
    ],
  },
  'allegation.dbs_referral_decision': {
    due: { duration: 'PT4S' },
    escalations: [
      { after: 'PT0S', to: 'assignee' },
      { after: 'PT3S', to: 'commissioner' },
    ],
  },
  'allegation.regulator_referral_decision': {
    due: { duration: 'PT10M' },
    escalations: [{ after: 'PT0S', to: 'assignee' }],
  },
  'allegation.suspension_review': {
    due: { duration: 'PT4S' },
    escalations: [{ after: 'PT0S', to: 'assignee' }],
  },
  'notice.prompt': {
    due: { duration: 'PT4S' },
    escalations: [
      { after: 'PT0S', to: 'assignee' },
      { after: 'PT3S', to: 'commissioner' },
    ],
  },
  'concern.triage': { due: { duration: 'PT10M' }, escalations: [{ after: 'PT0S', to: 'assignee' }] },
});

const AUDITOR = 'auditor@riverside.example';

describe('allegation against staff', () => {
  let stack: Stack;
  let api: CaseApi;

  beforeAll(async () => {
    stack = await Stack.start({ name: 'allegation', policy });
    api = await new CaseApi(stack).signIn([...Object.values(Demo), AUDITOR]);
  });
  afterAll(async () => stack?.stop());

  const as = (email: string) => api.as(email);
  const read = (email: string, id: string) => api.read(email, id);
  const openTask = (c: CaseBody, type: string) => api.openTask(c, type);
  const complete = (email: string, c: CaseBody, type: string, body: object, expected = 200) =>
    api.complete(email, c, type, body, expected);
  const raise = async (email: string, body: Partial<RaiseAllegation> = {}): Promise<CaseBody> => {
    const res = await as(email)
      .post('/api/v1/allegations', buildAllegation(body))
      .set('Idempotency-Key', randomUUID());
    expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({
      status: 201,
      body: null,
    });
    return res.body as CaseBody;
  };
  const overdue = (reference: string, to: string) =>
    stack.inbox.waitFor(
      (m) => m.subject.includes(reference) && m.subject.startsWith('[Vigil] Overdue') && m.to.includes(to),
      { timeoutMs: 20_000 },
    );
  const today = () => new Date().toISOString().slice(0, 10);
  /** The open tasks of a case in someone's work queue (`GET /api/v1/tasks`, their own by default). */
  const queued = async (email: string, caseId: string): Promise<string[]> => {
    const res = await as(email).get('/api/v1/tasks?type=allegation&limit=200');
    expect(res.status).toBe(200);
    const items = (res.body as { items: { caseId: string; task: { type: string } }[] }).items;
    return items
      .filter((i) => i.caseId === caseId)
      .map((i) => i.task.type)
      .sort();
  };
  const changeOutcome = (email: string, id: string, outcome: unknown) =>
    as(email).post(`/api/v1/cases/${id}/transitions`, { event: 'change_employment_outcome', outcome });

  it('opens with the commissioner told, the suspension clock, and the LADO and regulator duties', async () => {
    const raised = await raise(Demo.sunriseLead, { worksWithChildren: true, regulator: 'NMC' });
    expect(raised.type).toBe('allegation');
    expect(raised.status).toBe('open');
    expect((raised.details.staffMember as { name: string }).name).toContain(CANARY);
    expect(raised.tasks.map((t) => [t.type, t.assignedRole, t.dueAt !== null]).sort()).toEqual([
      ['confirm_suspension', 'provider_manager', true],
      ['lado_referral', 'lado', true],
      ['record_employment_outcome', 'provider_manager', false],
      ['regulator_referral_decision', 'provider_manager', true],
      ['resolution_review', 'assignee', true],
    ]);
    expect(raised.clocks.map((c) => c.name).sort()).toEqual([
      'allegation.confirm_suspension',
      'allegation.lado_referral',
      'allegation.regulator_referral_decision',
      'allegation.resolution',
    ]);
    // The LADO's decision is in the LADO's work queue (with the council's resolution review, which the
    // LADO may record); the provider's duties are not.
    expect(await queued(Demo.lado, raised.id)).toEqual(['lado_referral', 'resolution_review']);
    // The LADO's one working day is statutory: it cannot be moved (409), by the LADO or a manager.
    const lado = raised.tasks.find((t) => t.type === 'lado_referral')!;
    for (const email of [Demo.lado, Demo.manager]) {
      const moved = await as(email).post(`/api/v1/cases/${raised.id}/tasks/${lado.id}/extend`, {
        dueOn: addLocalMonths(today(), 1),
        reason: 'The LADO is on leave',
      });
      expect({ email, status: moved.status }).toEqual({ email, status: 409 });
    }
    expect((await read(Demo.lado, raised.id)).tasks.find((t) => t.id === lado.id)?.dueAt).toBe(lado.dueAt);
    const handle = (await stack.temporal()).workflow.getHandle(`allegation:${raised.id}`);
    expect((await describeWhenStarted(handle)).type).toBe('allegationWorkflow');
    // The commissioner at once; the LADO asked for a decision. Reference and link only.
    const [toCommissioner] = await stack.inbox.waitFor(
      (m) => m.subject.includes(raised.reference) && m.to.includes(Demo.commissioner),
    );
    expect(toCommissioner.subject).toBe(`[Vigil] New allegation against staff ${raised.reference}`);
    const [toLado] = await stack.inbox.waitFor(
      (m) => m.subject.includes(raised.reference) && m.to.includes(Demo.lado),
    );
    expect(toLado.subject).toBe(`[Vigil] Action needed on ${raised.reference}: LADO referral decision`);
    for (const mail of [toCommissioner, toLado]) {
      expect(mail.raw).not.toContain(CANARY);
      expect(mail.raw).not.toContain('Senior carer');
      expect(mail.text).toContain(`/cases/${raised.id}`);
    }
  });

  it('escalates a missed suspension to the commissioner, then the head of service; a missed LADO clock to the manager', async () => {
    const raised = await raise(Demo.sunriseLead, { worksWithChildren: true });
    const [toLead] = await overdue(raised.reference, Demo.sunriseLead);
    expect(toLead.subject).toBe(`[Vigil] Overdue: confirmation of suspension for ${raised.reference}`);
    await overdue(raised.reference, Demo.commissioner);
    await overdue(raised.reference, Demo.head);
    const [toLado] = await overdue(raised.reference, Demo.lado);
    expect(toLado.subject).toBe(`[Vigil] Overdue: referral to the LADO for ${raised.reference}`);
    await overdue(raised.reference, Demo.manager);
    const after = await read(Demo.officer, raised.id);
    expect(after.clocks.map((c) => [c.name, c.state]).sort()).toEqual([
      ['allegation.confirm_suspension', 'breached'],
      ['allegation.lado_referral', 'breached'],
      ['allegation.resolution', 'running'],
    ]);
    // Every escalation mail names the case by reference only.
    const mails = stack.inbox.mails.filter((m) => m.subject.includes(raised.reference));
    expect(mails.length).toBeGreaterThanOrEqual(6);
    expect(mails.filter((m) => m.raw.includes(CANARY))).toEqual([]);
  });

  it('takes an allegation through suspension, LADO, resignation, DBS and regulator decisions, lift and closure', async () => {
    const raised = await raise(Demo.sunriseLead, { worksWithChildren: true, regulator: 'NMC' });
    const suspendedAt = new Date(Date.now() - 60_000).toISOString();
    // Only the provider confirms the suspension; the officer (who sees it) gets 403.
    await complete(Demo.officer, raised, 'confirm_suspension', { suspendedAt }, 403);
    let a = await complete(Demo.sunriseLead, raised, 'confirm_suspension', { suspendedAt });
    expect(a.status).toBe('suspension_in_place');
    expect(a.details.suspendedAt).toBe(suspendedAt);
    expect(openTask(a, 'suspension_review').assignedRole).toBe('commissioner');
    expect(openTask(a, 'lift_suspension').assignedRole).toBe('commissioner');
    expect(a.clocks.find((c) => c.name === 'allegation.confirm_suspension')?.state).toBe('met');
    // The commissioner's review and lift are in the commissioner's work queue.
    expect(await queued(Demo.commissioner, raised.id)).toEqual(['lift_suspension', 'suspension_review']);
    // The LADO decides within the day; the provider cannot.
    await complete(
      Demo.sunriseLead,
      a,
      'lado_referral',
      { decision: 'threshold_met', decidedOn: today() },
      403,
    );
    a = await complete(Demo.lado, await read(Demo.lado, raised.id), 'lado_referral', {
      decision: 'threshold_met',
      decidedOn: today(),
    });
    expect(a.clocks.find((c) => c.name === 'allegation.lado_referral')?.state).toBe('met');
    // The threshold met: the LADO's evaluation meeting opens on its own clock, and the LADO is told.
    const evaluation = openTask(a, 'lado_evaluation');
    expect(evaluation.assignedRole).toBe('lado');
    expect(a.clocks.find((c) => c.name === 'allegation.lado_evaluation')?.state).toBe('running');
    await stack.inbox.waitFor(
      (m) =>
        m.subject === `[Vigil] Action needed on ${raised.reference}: LADO evaluation meeting` &&
        m.to.includes(Demo.lado),
    );
    // The review falls due and its holder, the commissioner, is reminded; reviewing opens the next one.
    await overdue(raised.reference, Demo.commissioner);
    a = await complete(Demo.commissioner, await read(Demo.commissioner, raised.id), 'suspension_review', {
      continues: true,
    });
    expect(a.tasks.filter((t) => t.type === 'suspension_review').map((t) => t.status)).toEqual([
      'completed',
      'open',
    ]);
    // Lifting: refused to everyone but the commissioner, and never without a rationale.
    for (const email of [Demo.sunriseLead, Demo.officer, Demo.manager, Demo.lado]) {
      await complete(email, await read(email, raised.id), 'lift_suspension', { rationale: 'Cleared' }, 403);
    }
    // The head of service and the auditor neither (the task's ID from the commissioner's view).
    for (const email of [Demo.head, AUDITOR]) {
      await complete(email, a, 'lift_suspension', { rationale: 'Cleared' }, 403);
    }
    const noReason = await complete(Demo.commissioner, a, 'lift_suspension', { rationale: ' ' }, 400);
    expect(noReason.errors?.map((e) => e.pointer)).toEqual(['#/rationale']);
    a = await complete(Demo.commissioner, a, 'lift_suspension', {
      rationale: 'Resolved to the commissioner’s satisfaction',
    });
    expect(a.status).toBe('investigating');
    expect(a.tasks.filter((t) => t.type === 'suspension_review').map((t) => t.status)).toEqual([
      'completed',
      'cancelled',
    ]);
    // They resign: the DBS referral decision opens (the duty stands even after a resignation).
    a = await complete(
      Demo.sunriseLead,
      await read(Demo.sunriseLead, raised.id),
      'record_employment_outcome',
      {
        outcome: 'resigned',
      },
    );
    const dbs = openTask(a, 'dbs_referral_decision');
    expect(dbs.assignedRole).toBe('provider_manager');
    await stack.inbox.waitFor(
      (m) =>
        m.subject === `[Vigil] Action needed on ${raised.reference}: DBS referral decision` &&
        m.to.includes(Demo.sunriseLead),
    );
    // Closing now is refused, naming every open task.
    const early = await as(Demo.officer).post(`/api/v1/cases/${raised.id}/close`, {
      rationale: 'Investigation finished',
      outcome: 'substantiated',
    });
    expect(early.status).toBe(409);
    expect((early.body as { errors: { pointer: string }[] }).errors.map((e) => e.pointer).sort()).toEqual(
      [
        `#/tasks/${dbs.id}`,
        `#/tasks/${evaluation.id}`,
        `#/tasks/${openTask(a, 'regulator_referral_decision').id}`,
      ].sort(),
    );
    // Only the LADO records the meeting, with its date and what follows.
    await complete(
      Demo.officer,
      a,
      'lado_evaluation',
      { heldOn: today(), nextStep: 'employer_investigation' },
      403,
    );
    const noStep = await complete(
      Demo.lado,
      await read(Demo.lado, raised.id),
      'lado_evaluation',
      { heldOn: today() },
      400,
    );
    expect(noStep.errors?.map((e) => e.pointer)).toEqual(['#/nextStep']);
    a = await complete(Demo.lado, await read(Demo.lado, raised.id), 'lado_evaluation', {
      heldOn: today(),
      nextStep: 'employer_investigation',
    });
    expect(a.clocks.find((c) => c.name === 'allegation.lado_evaluation')?.state).toBe('met');
    a = await read(Demo.sunriseLead, raised.id);
    // A referral decision needs the date and reference, or the reason none is needed.
    const noRef = await complete(Demo.sunriseLead, a, 'dbs_referral_decision', { decision: 'referred' }, 400);
    expect(noRef.errors?.map((e) => e.pointer).sort()).toEqual(['#/reference', '#/referredOn']);
    const noReasonDbs = await complete(
      Demo.sunriseLead,
      a,
      'dbs_referral_decision',
      { decision: 'not_required' },
      400,
    );
    expect(noReasonDbs.errors?.map((e) => e.pointer)).toEqual(['#/reason']);
    a = await complete(Demo.sunriseLead, a, 'dbs_referral_decision', {
      decision: 'referred',
      referredOn: today(),
      reference: 'DBS-REF-0001',
    });
    // The referral made, the provider owes the council written details of the actions taken (specs/003
    // §7.16): a notice in the T-prompt tier that escalates up the provider ladder when late.
    expect(openTask(a, 'dbs_actions_notice').assignedRole).toBe('provider_manager');
    const [late] = await stack.inbox.waitFor(
      (m) =>
        m.subject.startsWith('[Vigil] Overdue') &&
        m.subject.includes(raised.reference) &&
        /notice/i.test(m.subject) &&
        m.to.includes(Demo.commissioner),
      { timeoutMs: 20_000 },
    );
    expect(late.raw).not.toContain(CANARY);
    const noDetails = await complete(Demo.sunriseLead, a, 'dbs_actions_notice', { sentOn: today() }, 400);
    expect(noDetails.errors?.map((e) => e.pointer)).toEqual(['#/details']);
    await complete(Demo.officer, a, 'dbs_actions_notice', { sentOn: today(), details: 'x' }, 403);
    a = await complete(Demo.sunriseLead, await read(Demo.sunriseLead, raised.id), 'dbs_actions_notice', {
      sentOn: today(),
      details: `${CANARY} dismissed after the disciplinary hearing; DBS and police told`,
    });
    expect(a.clocks.find((c) => c.name === 'notice.prompt')?.state).toBe('breached');
    const [told] = await stack.inbox.waitFor(
      (m) => m.subject === `[Vigil] Update on ${raised.reference}` && m.to.includes(Demo.commissioner),
    );
    expect(told.raw).not.toContain(CANARY);
    a = await complete(Demo.sunriseLead, a, 'regulator_referral_decision', {
      decision: 'not_required',
      reason: 'Their NMC registration lapsed in 2024',
    });
    // The council's resolution review (1 month from raising): recorded, the next falls due 3 months from raising.
    const review = openTask(a, 'resolution_review');
    await complete(Demo.sunriseLead, a, 'resolution_review', { waitingFor: 'police_investigation' }, 403);
    const noWait = await complete(
      Demo.officer,
      await read(Demo.officer, raised.id),
      'resolution_review',
      {},
      400,
    );
    expect(noWait.errors?.map((e) => e.pointer)).toEqual(['#/waitingFor']);
    a = await complete(Demo.officer, await read(Demo.officer, raised.id), 'resolution_review', {
      waitingFor: 'police_investigation',
    });
    const nextReview = openTask(a, 'resolution_review');
    expect(nextReview.id).not.toBe(review.id);
    const [{ raised_on: raisedOn, next_on: nextOn }] = await stack.sql<{
      raised_on: string;
      next_on: string;
    }>(
      `select to_char(c.created_at at time zone 'Europe/London', 'YYYY-MM-DD') as raised_on,
              to_char(t.due_at at time zone 'Europe/London', 'YYYY-MM-DD') as next_on
         from cases c join tasks t on t.case_id = c.id where t.id = $1`,
      [nextReview.id],
    );
    expect(nextOn).toBe(addLocalMonths(raisedOn, 3));
    // Closing: a provider lead and the commissioner may not; an outcome outside the list is a 400.
    for (const email of [Demo.sunriseLead, Demo.commissioner]) {
      const refused = await as(email).post(`/api/v1/cases/${raised.id}/close`, {
        rationale: 'Done',
        outcome: 'substantiated',
      });
      expect({ email, status: refused.status }).toEqual({ email, status: 403 });
    }
    const badOutcome = await as(Demo.lado).post(`/api/v1/cases/${raised.id}/close`, {
      rationale: 'Done',
      outcome: 'closed_anyway',
    });
    expect(badOutcome.status).toBe(400);
    const closed = await as(Demo.lado).post(`/api/v1/cases/${raised.id}/close`, {
      rationale: 'Findings shared with the provider',
      outcome: 'substantiated',
    });
    expect(closed.status).toBe(200);
    const final = closed.body as CaseBody;
    expect(final.status).toBe('closed');
    expect(final.details.outcome).toBe('substantiated');
    // The open review does not hold up closing; it ends with the case, its clock with it.
    expect(final.tasks.find((t) => t.id === nextReview.id)?.status).toBe('cancelled');
    expect(
      final.clocks
        .filter((c) => c.name === 'allegation.resolution')
        .map((c) => c.state)
        .sort(),
    ).toEqual(['cancelled', 'met']);
    expect(final.timeline.map((t) => t.kind)).toEqual(
      expect.arrayContaining([
        'allegation.raised',
        'task.completed',
        'case.closed_with_outcome',
        'case.closed',
      ]),
    );
    const again = await as(Demo.lado).post(`/api/v1/cases/${raised.id}/close`, {
      rationale: 'Twice',
      outcome: 'substantiated',
    });
    expect(again.status).toBe(409);
    expect(
      await closedResult((await stack.temporal()).workflow.getHandle(`allegation:${raised.id}`)),
    ).toEqual({ status: 'COMPLETED', result: expect.objectContaining({ outcome: 'substantiated' }) });
    // The provider and the commissioner are told it has closed.
    await stack.inbox.waitFor(
      (m) => m.subject === `[Vigil] ${raised.reference}: closed` && m.to.includes(Demo.commissioner),
    );
  });

  it('ends the suspension when the person resigns while suspended, and chases the DBS decision', async () => {
    const raised = await raise(Demo.sunriseLead);
    let a = await complete(Demo.sunriseLead, raised, 'confirm_suspension', {
      suspendedAt: new Date().toISOString(),
    });
    a = await complete(Demo.sunriseLead, a, 'record_employment_outcome', { outcome: 'resigned' });
    expect(a.status).toBe('investigating');
    expect(
      a.tasks.filter((t) => ['suspension_review', 'lift_suspension'].includes(t.type)).map((t) => t.status),
    ).toEqual(['cancelled', 'cancelled']);
    // The record is made once; a second completion of the same task is refused (409), changing nothing.
    const recorded = a.tasks.filter((t) => t.type === 'record_employment_outcome');
    expect(recorded.map((t) => t.status)).toEqual(['completed']);
    const twice = await as(Demo.sunriseLead).post(
      `/api/v1/cases/${raised.id}/tasks/${recorded[0].id}/complete`,
      { outcome: 'dismissed' },
    );
    expect(twice.status).toBe(409);
    expect((await read(Demo.sunriseLead, raised.id)).details.employmentOutcome).toBe('resigned');
    // A DBS decision not made in time goes to the provider lead, then the commissioner.
    await overdue(raised.reference, Demo.sunriseLead);
    const [toCommissioner] = await overdue(raised.reference, Demo.commissioner);
    expect(toCommissioner.subject).toBe(`[Vigil] Overdue: DBS referral decision for ${raised.reference}`);
  });

  it('starts the DBS decision on every removal: dismissed, retired, removed from regulated activity', async () => {
    for (const outcome of ['dismissed', 'retired', 'removed_from_regulated_activity'] as const) {
      const raised = await raise(Demo.sunriseLead);
      const a = await complete(Demo.sunriseLead, raised, 'record_employment_outcome', { outcome });
      expect({ outcome, dbs: openTask(a, 'dbs_referral_decision').assignedRole }).toEqual({
        outcome,
        dbs: 'provider_manager',
      });
      expect(a.details.employmentOutcome).toBe(outcome);
    }
  });

  it('ends the suspension still to be confirmed when the person leaves first: no escalation, no block on closing', async () => {
    const raised = await raise(Demo.sunriseLead);
    let a = await complete(Demo.sunriseLead, raised, 'record_employment_outcome', { outcome: 'resigned' });
    expect(a.status).toBe('investigating');
    expect(a.tasks.find((t) => t.type === 'confirm_suspension')?.status).toBe('cancelled');
    expect(a.clocks.find((c) => c.name === 'allegation.confirm_suspension')?.state).toBe('cancelled');
    expect(a.tasks.map((t) => t.type)).not.toContain('lift_suspension');
    // The DBS clock started just after the suspension clock and its commissioner rung is as far from its
    // due time: once that rung has arrived, a suspension rung would have too.
    await stack.inbox.waitFor(
      (m) =>
        m.subject === `[Vigil] Overdue: DBS referral decision for ${raised.reference}` &&
        m.to.includes(Demo.commissioner),
      { timeoutMs: 20_000 },
    );
    const suspensionMails = stack.inbox.mails.filter(
      (m) => m.subject.includes(raised.reference) && m.subject.includes('confirmation of suspension'),
    );
    expect(suspensionMails.map((m) => m.subject)).toEqual([]);
    a = await complete(Demo.sunriseLead, await read(Demo.sunriseLead, raised.id), 'dbs_referral_decision', {
      decision: 'referred',
      referredOn: today(),
      reference: 'DBS-REF-0002',
    });
    // The notice of the actions taken is owed before the allegation can close.
    const early = await as(Demo.officer).post(`/api/v1/cases/${raised.id}/close`, {
      rationale: 'The person left; the DBS has the referral',
      outcome: 'substantiated',
    });
    expect(early.status).toBe(409);
    a = await complete(Demo.sunriseLead, a, 'dbs_actions_notice', {
      sentOn: today(),
      details: 'Referred to the DBS; the police were told',
    });
    const closed = await as(Demo.officer).post(`/api/v1/cases/${raised.id}/close`, {
      rationale: 'The person left; the DBS has the referral',
      outcome: 'substantiated',
    });
    expect({ status: closed.status, body: closed.status === 200 ? null : closed.body }).toEqual({
      status: 200,
      body: null,
    });
  });

  it('records a later change of employment outcome: the first removal starts the DBS decision, once', async () => {
    const raised = await raise(Demo.sunriseLead);
    let a = await complete(Demo.sunriseLead, raised, 'confirm_suspension', {
      suspendedAt: new Date().toISOString(),
    });
    // No change before the outcome is recorded: the task records it first.
    expect((await changeOutcome(Demo.sunriseLead, raised.id, 'resigned')).status).toBe(409);
    a = await complete(Demo.sunriseLead, a, 'record_employment_outcome', { outcome: 'no_change' });
    expect(a.status).toBe('suspension_in_place');
    // Only the provider's lead changes it; another provider does not see the case; bad input is a 400.
    for (const email of [Demo.officer, Demo.manager, Demo.head, Demo.commissioner, AUDITOR]) {
      const refused = await changeOutcome(email, raised.id, 'resigned');
      expect({ email, status: refused.status }).toEqual({ email, status: 403 });
    }
    const elsewhere = await changeOutcome(Demo.oakwoodLead, raised.id, 'resigned');
    expect(elsewhere.status).toBe(404);
    expect(JSON.stringify(elsewhere.body)).not.toContain(raised.reference);
    for (const outcome of ['sacked', 'no_change']) {
      const bad = await changeOutcome(Demo.sunriseLead, raised.id, outcome);
      expect({
        outcome,
        status: bad.status,
        pointers: (bad.body as CaseBody).errors?.map((e) => e.pointer),
      }).toEqual({
        outcome,
        status: 400,
        pointers: ['#/outcome'],
      });
    }
    a = await read(Demo.sunriseLead, raised.id);
    expect(a.details.employmentOutcome).toBe('no_change');
    expect(a.tasks.map((t) => t.type)).not.toContain('dbs_referral_decision');
    // They resign later: on the timeline, the DBS decision opens (the provider told), the suspension ends.
    const resigned = await changeOutcome(Demo.sunriseLead, raised.id, 'resigned');
    expect(resigned.status).toBe(200);
    a = resigned.body as CaseBody;
    expect(a.status).toBe('investigating');
    expect(a.details.employmentOutcome).toBe('resigned');
    const dbs = openTask(a, 'dbs_referral_decision');
    expect(
      a.tasks.filter((t) => ['suspension_review', 'lift_suspension'].includes(t.type)).map((t) => t.status),
    ).toEqual(['cancelled', 'cancelled']);
    expect(a.timeline.filter((e) => e.kind === 'allegation.employment_outcome_changed')).toEqual([
      expect.objectContaining({ details: { from: 'no_change', outcome: 'resigned' } }),
    ]);
    await stack.inbox.waitFor(
      (m) =>
        m.subject === `[Vigil] Action needed on ${raised.reference}: DBS referral decision` &&
        m.to.includes(Demo.sunriseLead),
    );
    // Further changes are recorded, but the DBS decision is started once only.
    for (const outcome of ['dismissed', 'no_change', 'retired'] as const) {
      const changed = await changeOutcome(Demo.sunriseLead, raised.id, outcome);
      expect({ outcome, status: changed.status }).toEqual({ outcome, status: 200 });
      a = changed.body as CaseBody;
    }
    expect(a.details.employmentOutcome).toBe('retired');
    expect(a.tasks.filter((t) => t.type === 'dbs_referral_decision').map((t) => t.id)).toEqual([dbs.id]);
    expect(a.timeline.filter((e) => e.kind === 'allegation.employment_outcome_changed')).toHaveLength(4);
    expect(a.status).toBe('investigating');
  });

  it('starts no DBS decision when the person stays in post', async () => {
    const raised = await raise(Demo.sunriseLead);
    const a = await complete(Demo.sunriseLead, raised, 'record_employment_outcome', { outcome: 'no_change' });
    expect(a.tasks.map((t) => t.type)).not.toContain('dbs_referral_decision');
    expect(a.status).toBe('open');
  });

  it('shows each allegation only to those in scope: the provider, the council, the commissioner, and the LADO for work with children', async () => {
    const adults = await raise(Demo.sunriseLead, { worksWithChildren: false });
    const children = await raise(Demo.sunriseLead, { worksWithChildren: true });
    for (const email of [Demo.sunriseLead, Demo.officer, Demo.manager, Demo.head, Demo.commissioner]) {
      expect((await as(email).get(`/api/v1/cases/${adults.id}`)).status).toBe(200);
    }
    const hidden = await as(Demo.lado).get(`/api/v1/cases/${adults.id}`);
    expect(hidden.status).toBe(404);
    expect(JSON.stringify(hidden.body)).not.toContain(adults.reference);
    expect((await as(Demo.lado).get(`/api/v1/cases/${children.id}`)).status).toBe(200);
    const other = await as(Demo.oakwoodLead).get(`/api/v1/cases/${children.id}`);
    expect(other.status).toBe(404);
    // The LADO's list holds the children's allegation and not the other.
    const list = await as(Demo.lado).get('/api/v1/cases?type=allegation&pageSize=100');
    expect(list.status).toBe(200);
    const ids = (list.body as { items: { id: string }[] }).items.map((i) => i.id);
    expect(ids).toContain(children.id);
    expect(ids).not.toContain(adults.id);
  });

  it('raises for an officer about a provider in the council’s area, linked to a concern both ways; idempotent; validated', async () => {
    const concern = await stack.raiseConcern(Demo.sunriseLead);
    const key = randomUUID();
    const body = buildAllegation({ providerId: DemoIds.sunrise, concernId: concern.id });
    const first = await as(Demo.officer).post('/api/v1/allegations', body).set('Idempotency-Key', key);
    expect(first.status).toBe(201);
    expect(first.headers.location).toBe(`/api/v1/cases/${first.body.id}`);
    const again = await as(Demo.officer).post('/api/v1/allegations', body).set('Idempotency-Key', key);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const allegation = first.body as CaseBody;
    expect(allegation.links).toEqual([{ type: 'concern', id: concern.id, reference: concern.reference }]);
    const fromConcern = await read(Demo.officer, concern.id);
    expect(fromConcern.links).toContainEqual({
      type: 'allegation',
      id: allegation.id,
      reference: allegation.reference,
    });
    // An officer must name the provider; a provider lead may not name another provider.
    const { providerId: _omit, ...noProvider } = body;
    const missing = await as(Demo.officer)
      .post('/api/v1/allegations', { ...noProvider, concernId: undefined })
      .set('Idempotency-Key', randomUUID());
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ pointer: '#/providerId', detail: expect.any(String) }]);
    const elsewhere = await as(Demo.sunriseLead)
      .post('/api/v1/allegations', buildAllegation({ providerId: DemoIds.oakwood }))
      .set('Idempotency-Key', randomUUID());
    expect(elsewhere.status).toBe(400);
    const bad = await as(Demo.sunriseLead)
      .post('/api/v1/allegations', {
        staffMember: { name: '', jobTitle: 'Carer' },
        worksWithChildren: 'yes',
        regulator: 'BMA',
        summary: 'x',
      })
      .set('Idempotency-Key', randomUUID());
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: { pointer: string }[] }).errors.map((e) => e.pointer).sort()).toEqual([
      '#/regulator',
      '#/staffMember/name',
      '#/worksWithChildren',
    ]);
    // Roles that do not raise allegations are refused.
    for (const email of [Demo.lado, Demo.commissioner]) {
      const refused = await as(email)
        .post('/api/v1/allegations', buildAllegation({ providerId: DemoIds.sunrise }))
        .set('Idempotency-Key', randomUUID());
      expect({ email, status: refused.status }).toEqual({ email, status: 403 });
    }
  });
});
