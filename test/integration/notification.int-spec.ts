import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NotificationTriggers, SpecifiedNotificationTriggers } from '@vigil/contracts';
import { randomUUID } from 'node:crypto';
import { CANARY } from '../factories/concern.factory';
import { CaseApi, type CaseBody } from '../support/case-api';
import { Demo, fastPolicy, Stack } from '../support/stack';
import { closedResult, describeWhenStarted } from '../support/temporal-helpers';

/*
 * Notifications to the commissioner (issue 9, DOMAIN §4.6) on real parts. The window (`notice.prompt`) is
 * ten minutes here, so "late" is a notice about something the provider knew of more than ten minutes ago.
 */
const policy = fastPolicy({
  'notice.prompt': { due: { duration: 'PT10M' }, escalations: [{ after: 'PT0S', to: 'assignee' }] },
  'notice.timely': { due: { duration: 'PT1H' }, escalations: [{ after: 'PT0S', to: 'assignee' }] },
});

describe('commissioner notification', () => {
  let stack: Stack;
  let api: CaseApi;

  beforeAll(async () => {
    stack = await Stack.start({ name: 'notification', policy });
    api = await new CaseApi(stack).signIn(Object.values(Demo));
  });
  afterAll(async () => stack?.stop());

  const as = (email: string) => api.as(email);
  const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
  const send = (body: object, email: string = Demo.sunriseLead) =>
    as(email).post('/api/v1/notifications', body).set('Idempotency-Key', randomUUID());
  const notice = (overrides: Record<string, unknown> = {}) => ({
    trigger: 'hospital_admission',
    occurredAt: minutesAgo(5),
    summary: `${CANARY} admitted after a fall`,
    ...overrides,
  });

  it('records each trigger (the ten and the other seed duties) and tells the commissioner at once, by reference only', async () => {
    for (const trigger of NotificationTriggers) {
      const res = await send(notice({ trigger }));
      expect({ trigger, status: res.status }).toEqual({ trigger, status: 201 });
      const c = res.body as CaseBody;
      expect(c.type).toBe('notification');
      expect(c.status).toBe('sent');
      expect(c.tasks.map((t) => [t.type, t.assignedRole, t.status])).toEqual([
        ['acknowledge_notification', 'commissioner', 'open'],
      ]);
    }
    const last = (await send(notice())).body as CaseBody;
    const handle = (await stack.temporal()).workflow.getHandle(`notification:${last.id}`);
    expect((await describeWhenStarted(handle)).type).toBe('notificationWorkflow');
    const [mail] = await stack.inbox.waitFor(
      (m) => m.subject.includes(last.reference) && m.to.includes(Demo.commissioner),
    );
    expect(mail.subject).toBe(`[Vigil] New commissioner notification ${last.reference}`);
    expect(mail.raw).not.toContain(CANARY);
  });

  it('knows the ten triggers of specs/004 §16.1 and times the other seed duties by their own tier', async () => {
    expect(SpecifiedNotificationTriggers).toHaveLength(10);
    // Thirty minutes after awareness: past the prompt tier's ten minutes, within the timely tier's hour.
    const exclusion = await send(notice({ trigger: 'exclusion', occurredAt: minutesAgo(30) }));
    expect(exclusion.status).toBe(201);
    expect((exclusion.body as CaseBody).status).toBe('sent');
    const failure = await send(notice({ trigger: 'failure_to_deliver', occurredAt: minutesAgo(30) }));
    expect(failure.status).toBe(400);
    expect((failure.body as CaseBody).errors?.map((e) => e.pointer)).toEqual(['#/lateReason']);
  });

  it('refuses a late notice without its reason, and marks one with a reason late', async () => {
    const late = notice({ occurredAt: minutesAgo(30), summary: `${CANARY} late ${randomUUID()}` });
    const refused = await send(late);
    expect(refused.status).toBe(400);
    expect((refused.body as CaseBody).errors?.map((e) => e.pointer)).toEqual(['#/lateReason']);
    const [{ n }] = await stack.sql<{ n: string }>(
      `select count(*)::text as n from commissioner_notifications where summary = $1`,
      [late.summary],
    );
    expect(n).toBe('0');
    const res = await send({ ...late, lateReason: 'The manager was on leave' });
    expect(res.status).toBe(201);
    const c = res.body as CaseBody;
    expect(c.status).toBe('sent_late');
    expect(c.details).toEqual(
      expect.objectContaining({ late: true, lateReason: 'The manager was on leave' }),
    );
    // Knowing later than it happened moves the window: aware five minutes ago is on time.
    const aware = await send(notice({ occurredAt: minutesAgo(60), awareAt: minutesAgo(5) }));
    expect(aware.status).toBe(201);
    expect((aware.body as CaseBody).status).toBe('sent');
  });

  it('links a notice to one of its provider’s cases, both ways, refuses another provider’s, and replays', async () => {
    const first = (await send(notice())).body as CaseBody;
    const linked = await send(notice({ trigger: 'serious_accident_or_injury', linkedCaseId: first.id }));
    expect(linked.status).toBe(201);
    expect((linked.body as CaseBody).links).toEqual([expect.objectContaining({ id: first.id })]);
    const back = (await as(Demo.commissioner).get(`/api/v1/cases/${first.id}`)).body as CaseBody;
    expect(back.links).toEqual([expect.objectContaining({ id: (linked.body as CaseBody).id })]);
    // Oakwood's lead cannot link to Sunrise's notice: it is not theirs to see.
    const foreign = await send(notice({ linkedCaseId: first.id }), Demo.oakwoodLead);
    expect(foreign.status).toBe(400);
    expect((foreign.body as CaseBody).errors?.map((e) => e.pointer)).toEqual(['#/linkedCaseId']);
    const key = randomUUID();
    const body = notice();
    const a = await as(Demo.sunriseLead).post('/api/v1/notifications', body).set('Idempotency-Key', key);
    const b = await as(Demo.sunriseLead).post('/api/v1/notifications', body).set('Idempotency-Key', key);
    expect(a.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    expect(b.headers['idempotent-replayed']).toBe('true');
  });

  it('is acknowledged by the commissioner alone, which closes it', async () => {
    const c = (await send(notice())).body as CaseBody;
    const task = c.tasks[0];
    for (const email of [Demo.sunriseLead, Demo.officer]) {
      const res = await as(email).post(`/api/v1/cases/${c.id}/tasks/${task.id}/complete`, {});
      expect({ email, status: res.status }).toEqual({ email, status: 403 });
    }
    const done = await as(Demo.commissioner).post(`/api/v1/cases/${c.id}/tasks/${task.id}/complete`, {
      note: 'Thank you',
    });
    expect(done.status).toBe(200);
    expect((done.body as CaseBody).status).toBe('acknowledged');
    expect((done.body as CaseBody).details.acknowledgedAt).toEqual(expect.any(String));
    expect(await closedResult((await stack.temporal()).workflow.getHandle(`notification:${c.id}`))).toEqual(
      expect.objectContaining({ status: 'COMPLETED' }),
    );
  });

  it('is seen by its provider, the council and the commissioner; sent only by a provider lead; validated', async () => {
    const c = (await send(notice())).body as CaseBody;
    expect((await as(Demo.oakwoodLead).get(`/api/v1/cases/${c.id}`)).status).toBe(404);
    expect((await as(Demo.lado).get(`/api/v1/cases/${c.id}`)).status).toBe(404);
    expect((await as(Demo.commissioner).get(`/api/v1/cases/${c.id}`)).status).toBe(200);
    expect((await send(notice(), Demo.officer)).status).toBe(403);
    const bad = await send({ trigger: 'parking', occurredAt: 'yesterday', summary: '' });
    expect(bad.status).toBe(400);
    expect((bad.body as CaseBody).errors?.map((e) => e.pointer).sort()).toEqual([
      '#/occurredAt',
      '#/summary',
      '#/trigger',
    ]);
  });
});
