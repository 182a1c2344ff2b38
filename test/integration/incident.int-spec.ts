import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { CANARY } from '../factories/concern.factory';
import { CaseApi, type CaseBody } from '../support/case-api';
import { Demo, fastPolicy, Stack } from '../support/stack';
import { closedResult, describeWhenStarted } from '../support/temporal-helpers';

/*
 * Serious incidents (issue 9) on real parts. The CQC's 24 hours is seconds long here, on the provider
 * ladder; the other clocks are minutes away.
 */
const quiet = { due: { duration: 'PT10M' }, escalations: [{ after: 'PT0S', to: 'assignee' }] };
const policy = fastPolicy({
  'incident.cqc_notification': {
    due: { duration: 'PT4S' },
    escalations: [
      { after: 'PT0S', to: 'assignee' },
      { after: 'PT3S', to: 'commissioner' },
    ],
  },
  'incident.ico_notification': quiet,
  'incident.si_meeting_decision': quiet,
  'incident.initial_review': quiet,
  'incident.duty_of_candour': quiet,
  'incident.investigation_report': quiet,
});

describe('serious incident', () => {
  let stack: Stack;
  let api: CaseApi;

  beforeAll(async () => {
    stack = await Stack.start({ name: 'incident', policy });
    api = await new CaseApi(stack).signIn(Object.values(Demo));
  });
  afterAll(async () => stack?.stop());

  const as = (email: string) => api.as(email);
  const report = async (overrides: Record<string, unknown> = {}): Promise<CaseBody> => {
    const res = await as(Demo.sunriseLead)
      .post('/api/v1/incidents', {
        category: 'serious_harm',
        occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
        summary: `${CANARY} fall from a hoist`,
        ...overrides,
      })
      .set('Idempotency-Key', randomUUID());
    expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({
      status: 201,
      body: null,
    });
    return res.body as CaseBody;
  };
  const complete = (email: string, c: CaseBody, type: string, body: object, expected = 200) =>
    api.complete(email, c, type, body, expected);
  const today = () => new Date().toISOString().slice(0, 10);

  it('tells the council team and the commissioner at once, and opens the steps its category needs', async () => {
    const c = await report();
    expect(c.type).toBe('incident');
    expect(c.status).toBe('reported');
    expect(c.tasks.map((t) => [t.type, t.assignedRole]).sort()).toEqual([
      ['cqc_notification', 'provider_manager'],
      ['duty_of_candour', 'provider_manager'],
      ['initial_review', 'provider_manager'],
      ['investigation_report', 'provider_manager'],
      ['si_meeting_decision', 'commissioner'],
    ]);
    const handle = (await stack.temporal()).workflow.getHandle(`incident:${c.id}`);
    expect((await describeWhenStarted(handle)).type).toBe('incidentWorkflow');
    for (const to of [Demo.officer, Demo.commissioner]) {
      const [mail] = await stack.inbox.waitFor((m) => m.subject.includes(c.reference) && m.to.includes(to));
      expect(mail.subject).toBe(`[Vigil] New serious incident ${c.reference}`);
      expect(mail.raw).not.toContain(CANARY);
    }
    // A breach of personal data owes the ICO; adverse media owes neither regulator.
    const breach = await report({ category: 'information_security_breach' });
    expect(breach.tasks.map((t) => t.type)).toContain('ico_notification');
    expect(breach.tasks.map((t) => t.type)).not.toContain('cqc_notification');
    const media = await report({ category: 'adverse_media' });
    expect(media.tasks.map((t) => t.type)).not.toContain('cqc_notification');
    expect(media.tasks.map((t) => t.type)).not.toContain('ico_notification');
  });

  it('escalates a missed CQC notice to the provider lead, then the commissioner', async () => {
    const c = await report();
    const [toLead] = await stack.inbox.waitFor(
      (m) =>
        m.subject === `[Vigil] Overdue: CQC notification for ${c.reference}` &&
        m.to.includes(Demo.sunriseLead),
      { timeoutMs: 20_000 },
    );
    const [toCommissioner] = await stack.inbox.waitFor(
      (m) =>
        m.subject.startsWith('[Vigil] Overdue') &&
        m.subject.includes(c.reference) &&
        m.to.includes(Demo.commissioner),
      { timeoutMs: 20_000 },
    );
    for (const mail of [toLead, toCommissioner]) expect(mail.raw).not.toContain(CANARY);
    const after = (await as(Demo.sunriseLead).get(`/api/v1/cases/${c.id}`)).body as CaseBody;
    expect(after.clocks.find((k) => k.name === 'incident.cqc_notification')?.state).toBe('breached');
  });

  it('refuses each notice decision without a date and reference or a reason, then takes the incident to closure', async () => {
    const c = await report({ personalDataBreach: true });
    for (const type of ['cqc_notification', 'ico_notification']) {
      const noRef = await complete(
        Demo.sunriseLead,
        c,
        type,
        { decision: 'notified', notifiedOn: today() },
        400,
      );
      expect(noRef.errors?.map((e) => e.pointer)).toEqual(['#/reference']);
      const noReason = await complete(Demo.sunriseLead, c, type, { decision: 'not_required' }, 400);
      expect(noReason.errors?.map((e) => e.pointer)).toEqual(['#/reason']);
    }
    let x = await complete(Demo.sunriseLead, c, 'cqc_notification', {
      decision: 'notified',
      notifiedOn: today(),
      reference: 'CQC-123',
    });
    x = await complete(Demo.sunriseLead, x, 'ico_notification', {
      decision: 'not_required',
      reason: 'The data was encrypted',
    });
    await complete(Demo.sunriseLead, x, 'si_meeting_decision', { meeting: true, rationale: 'x' }, 403);
    x = await complete(
      Demo.commissioner,
      await (async () => (await as(Demo.commissioner).get(`/api/v1/cases/${c.id}`)).body as CaseBody)(),
      'si_meeting_decision',
      {
        meeting: true,
        rationale: 'Harm to a resident',
      },
    );
    x = await complete(
      Demo.sunriseLead,
      (await as(Demo.sunriseLead).get(`/api/v1/cases/${c.id}`)).body as CaseBody,
      'initial_review',
      {
        completedOn: today(),
        findings: 'Hoist sling worn',
      },
    );
    expect(x.status).toBe('investigating');
    x = await complete(Demo.sunriseLead, x, 'duty_of_candour', { decision: 'sent', sentOn: today() });
    x = await complete(Demo.sunriseLead, x, 'investigation_report', {
      submittedOn: today(),
      summary: 'Slings replaced; checks weekly',
    });
    expect(x.status).toBe('report_submitted');
    const early = await as(Demo.commissioner).post(`/api/v1/cases/${c.id}/close`, { rationale: 'Done' });
    expect(early.status).toBe(409);
    x = await complete(
      Demo.commissioner,
      (await as(Demo.commissioner).get(`/api/v1/cases/${c.id}`)).body as CaseBody,
      'accept_learning',
      {
        accepted: true,
      },
    );
    expect(
      (await as(Demo.sunriseLead).post(`/api/v1/cases/${c.id}/close`, { rationale: 'Done' })).status,
    ).toBe(403);
    const closed = await as(Demo.commissioner).post(`/api/v1/cases/${c.id}/close`, {
      rationale: 'Learning shared',
    });
    expect(closed.status).toBe(200);
    expect((closed.body as CaseBody).status).toBe('closed');
    expect(await closedResult((await stack.temporal()).workflow.getHandle(`incident:${c.id}`))).toEqual(
      expect.objectContaining({ status: 'COMPLETED' }),
    );
  });

  it('runs the CQC and ICO windows from when the provider became aware, the others from the report', async () => {
    const awareAt = new Date(Date.now() - 5 * 60_000);
    const before = Date.now();
    const c = await report({ personalDataBreach: true, awareAt: awareAt.toISOString() });
    const due = (type: string) => new Date(c.tasks.find((t) => t.type === type)?.dueAt ?? 0).getTime();
    // ICO: 10 minutes (this policy) from awareness, so 5 minutes from now; the initial review: 10 from now.
    expect(due('ico_notification')).toBe(awareAt.getTime() + 10 * 60_000);
    expect(due('initial_review')).toBeGreaterThanOrEqual(before + 10 * 60_000);
    expect(due('cqc_notification')).toBe(awareAt.getTime() + 4_000);
  });

  it('also sends the commissioner a death notice, linked both ways, for an unexpected death', async () => {
    const c = await report({ category: 'unexpected_death' });
    const [link] = c.links.filter((l) => l.type === 'notification');
    expect(link).toBeDefined();
    const notice = (await as(Demo.commissioner).get(`/api/v1/cases/${link.id}`)).body as CaseBody<{
      trigger: string;
      late: boolean;
      lateReason: string | null;
    }>;
    expect(notice.details.trigger).toBe('death');
    expect(notice.status).toBe('sent');
    expect(notice.links).toEqual([expect.objectContaining({ type: 'incident', id: c.id })]);
    const [mail] = await stack.inbox.waitFor(
      (m) => m.subject.includes(notice.reference) && m.to.includes(Demo.commissioner),
    );
    expect(mail.raw).not.toContain(CANARY);
    // Serious harm is not a death: no notice.
    expect((await report()).links.filter((l) => l.type === 'notification')).toEqual([]);
    // A death the provider knew of two days before reporting it: the notice is late, and says why.
    const twoDays = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const late = await report({ category: 'unexpected_death', occurredAt: twoDays, awareAt: twoDays });
    const lateNotice = (
      await as(Demo.commissioner).get(
        `/api/v1/cases/${late.links.find((l) => l.type === 'notification')?.id}`,
      )
    ).body as CaseBody<{ late: boolean; lateReason: string | null }>;
    expect(lateNotice.status).toBe('sent_late');
    expect(lateNotice.details.lateReason).toMatch(/reported as a serious incident after the notice window/);
    expect(notice.details).toEqual(expect.objectContaining({ late: false, lateReason: null }));
  });

  it('lists the incident’s decisions in the commissioner’s queue, and replays a repeated report', async () => {
    const c = await report();
    const queue = await as(Demo.commissioner).get('/api/v1/tasks?type=incident&limit=200');
    expect(queue.status).toBe(200);
    const mine = (queue.body as { items: { caseId: string; task: { type: string } }[] }).items
      .filter((i) => i.caseId === c.id)
      .map((i) => i.task.type);
    expect(mine).toEqual(['si_meeting_decision']);
    const key = randomUUID();
    const body = { category: 'serious_harm', occurredAt: new Date().toISOString(), summary: 'x' };
    const first = await as(Demo.sunriseLead).post('/api/v1/incidents', body).set('Idempotency-Key', key);
    const second = await as(Demo.sunriseLead).post('/api/v1/incidents', body).set('Idempotency-Key', key);
    expect(first.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers['idempotent-replayed']).toBe('true');
  });

  it('is reported only by a provider lead, seen in scope only, and validated', async () => {
    const c = await report();
    expect((await as(Demo.oakwoodLead).get(`/api/v1/cases/${c.id}`)).status).toBe(404);
    expect((await as(Demo.officer).get(`/api/v1/cases/${c.id}`)).status).toBe(200);
    const refused = await as(Demo.officer)
      .post('/api/v1/incidents', {
        category: 'serious_harm',
        occurredAt: new Date().toISOString(),
        summary: 'x',
      })
      .set('Idempotency-Key', randomUUID());
    expect(refused.status).toBe(403);
    const bad = await as(Demo.sunriseLead)
      .post('/api/v1/incidents', { category: 'fire', occurredAt: 'soon', summary: '' })
      .set('Idempotency-Key', randomUUID());
    expect(bad.status).toBe(400);
    expect((bad.body as CaseBody).errors?.map((e) => e.pointer).sort()).toEqual([
      '#/category',
      '#/occurredAt',
      '#/summary',
    ]);
  });
});
