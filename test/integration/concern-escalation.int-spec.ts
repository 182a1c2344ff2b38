import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { buildConcern, CANARY } from '../factories/concern.factory';
import { Demo, fastPolicy, Stack } from '../support/stack';
import { closedResult } from '../support/temporal-helpers';
import { SendNoticeInputSchema } from '@vigil/contracts';
import { messageIdFor, NoticeService } from '@vigil/notifications';
import { withClient } from '@vigil/persistence';

/*
 * The whole path on real parts: PostgreSQL, the Temporal dev server, the worker with real activities
 * and an SMTP server in this process. The policy makes triage due after 8 s, with rungs at +0, +6, +12 s.
 */
describe('concern triage clock and escalation ladder', () => {
  let stack: Stack;
  let lead: string;
  let officer: string;

  beforeAll(async () => {
    stack = await Stack.start({ name: 'escalation', policy: fastPolicy() });
    lead = await stack.token(Demo.sunriseLead);
    officer = await stack.token(Demo.officer);
  });
  afterAll(async () => stack?.stop());

  const raise = async (body = buildConcern()) => {
    const res = await stack
      .http()
      .post('/api/v1/concerns')
      .set('Authorization', `Bearer ${lead}`)
      .set('Idempotency-Key', randomUUID())
      .send(body);
    expect(res.status).toBe(201);
    return res.body as {
      id: string;
      reference: string;
      status: string;
      tasks: { id: string; dueAt: string; assignedRole: string; type: string }[];
      clocks: { name: string; dueAt: string; state: string; policy: { name: string } }[];
    };
  };

  /** Raises a concern, waits for its first overdue reminder (to the officer), then records `decision`. */
  const decideOnceOverdue = async (decision: { decision: string; rationale: string }) => {
    const created = await raise();
    await stack.inbox.waitFor(
      (m) =>
        m.subject.includes(created.reference) &&
        m.subject.startsWith('[Vigil] Overdue') &&
        m.to.includes(Demo.officer),
      { timeoutMs: 20_000 },
    );
    const res = await stack
      .http()
      .post(`/api/v1/cases/${created.id}/tasks/${created.tasks[0].id}/complete`)
      .set('Authorization', `Bearer ${officer}`)
      .send(decision);
    return { created, res };
  };

  it('shows the triage task and its running clock straight after the 201', async () => {
    const before = Date.now();
    const created = await raise();
    expect(created.status).toBe('awaiting_triage');
    expect(created.reference).toMatch(/^VIG-\d{4}-\d{6}$/);
    expect(created.tasks).toEqual([
      expect.objectContaining({ type: 'triage_decision', status: 'open', assignedRole: 'assignee' }),
    ]);
    expect(created.clocks).toEqual([
      expect.objectContaining({
        name: 'concern.triage',
        state: 'running',
        policy: { name: 'fast-test', version: '1' },
      }),
    ]);
    const dueMs = Date.parse(created.clocks[0].dueAt) - before;
    expect(dueMs).toBeGreaterThanOrEqual(7_500);
    expect(dueMs).toBeLessThan(12_000);
    const read = await stack.http().get(`/api/v1/cases/${created.id}`).set('Authorization', `Bearer ${lead}`);
    expect(read.status).toBe(200);
    expect(read.body.tasks[0].id).toBe(created.tasks[0].id);
  });

  it('walks the ladder: team inbox at due, manager at +6 s, head of service at +12 s, each on the timeline', async () => {
    const created = await raise();
    const ref = (m: { subject: string }) => m.subject.includes(created.reference);
    const [toOfficer] = await stack.inbox.waitFor(
      (m) => ref(m) && m.subject.startsWith('[Vigil] Overdue') && m.to.includes(Demo.officer),
      { timeoutMs: 20_000 },
    );
    const [toManager] = await stack.inbox.waitFor(
      (m) => ref(m) && m.subject.startsWith('[Vigil] Overdue') && m.to.includes(Demo.manager),
      { timeoutMs: 20_000 },
    );
    const [toHead] = await stack.inbox.waitFor(
      (m) => ref(m) && m.subject.startsWith('[Vigil] Overdue') && m.to.includes(Demo.head),
      { timeoutMs: 25_000 },
    );
    expect(toManager.receivedAt - toOfficer.receivedAt).toBeGreaterThanOrEqual(4_000);
    expect(toHead.receivedAt - toManager.receivedAt).toBeGreaterThanOrEqual(4_000);
    for (const mail of [toOfficer, toManager, toHead]) {
      expect(mail.text).toContain(created.reference);
      expect(mail.text).toContain(`http://vigil.test/cases/${created.id}`);
      expect(mail.raw).not.toContain(CANARY);
      expect(mail.messageId).toMatch(/^<[0-9a-f]{40}@vigil\.notifications>$/);
    }
    const read = await stack
      .http()
      .get(`/api/v1/cases/${created.id}`)
      .set('Authorization', `Bearer ${officer}`);
    expect(read.body.clocks[0].state).toBe('breached');
    const kinds = (read.body.timeline as { kind: string; details: { rung?: number } }[]).map(
      (e) => `${e.kind}${e.details.rung ? `#${e.details.rung}` : ''}`,
    );
    expect(kinds).toEqual(
      expect.arrayContaining([
        'concern.raised',
        'clock.breached',
        'clock.escalated#1',
        'clock.escalated#2',
        'clock.escalated#3',
      ]),
    );
  });

  it('stops the ladder at once when the decision comes before the due moment', async () => {
    const created = await raise();
    const res = await stack
      .http()
      .post(`/api/v1/cases/${created.id}/tasks/${created.tasks[0].id}/complete`)
      .set('Authorization', `Bearer ${officer}`)
      .send({ decision: 'no_further_action', rationale: `${CANARY} rationale: family already supporting` });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('closed');
    expect(res.body.clocks[0].state).toBe('met');
    expect(res.body.tasks[0].status).toBe('completed');
    // The raiser hears of the decision; nobody gets an overdue reminder, even after the whole ladder's span.
    await stack.inbox.waitFor(
      (m) =>
        m.subject.includes(created.reference) &&
        m.subject.includes('Triage decision recorded') &&
        m.to.includes(Demo.sunriseLead),
    );
    await new Promise((r) => setTimeout(r, 14_000));
    expect(
      stack.inbox.mails.filter(
        (m) => m.subject.includes(created.reference) && m.subject.startsWith('[Vigil] Overdue'),
      ),
    ).toEqual([]);
    const handle = (await stack.temporal()).workflow.getHandle(`concern:${created.id}`);
    const { status, result } = await closedResult(handle);
    expect(status).toBe('COMPLETED');
    expect(result).toEqual(expect.objectContaining({ caseId: created.id, outcome: 'no_further_action' }));
  });

  it('after the due moment, a decision stops the later rungs and the clock stays breached but met', async () => {
    const { created, res } = await decideOnceOverdue({
      decision: 'section_42_enquiry',
      rationale: 'Risk to others in the home',
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('enquiry_open');
    expect(res.body.clocks[0]).toEqual(
      expect.objectContaining({ state: 'breached', metAt: expect.any(String) }),
    );
    await new Promise((r) => setTimeout(r, 14_000));
    const overdue = stack.inbox.mails.filter(
      (m) => m.subject.includes(created.reference) && m.subject.startsWith('[Vigil] Overdue'),
    );
    expect(overdue.flatMap((m) => m.to)).not.toContain(Demo.head);
  });

  it('sends no reminder for a duty met late, even from a rung that runs before the workflow hears of it', async () => {
    const { created, res: decided } = await decideOnceOverdue({
      decision: 'no_further_action',
      rationale: 'Family already supporting',
    });
    expect(decided.status).toBe(200);
    // A rung whose activity was already under way when the decision was stored (or that runs while the
    // signal still waits for the relay) reaches the activity with the clock breached but met.
    const [clock] = await stack.sql<{ id: string; state: string }>(
      `select id, state from clocks where case_id = $1 and name = 'concern.triage'`,
      [created.id],
    );
    expect(clock.state).toBe('breached');
    const result = await stack.worker!.get(NoticeService).send(
      SendNoticeInputSchema.parse({
        workflowId: `concern:${created.id}`,
        caseId: created.id,
        stepKey: 'concern.triage#rung-3-late',
        template: 'clock.escalation',
        audience: { kind: 'role', role: 'head_of_service' },
        clockId: clock.id,
        clockName: 'concern.triage',
        rung: 3,
      }),
    );
    expect(result).toEqual(expect.objectContaining({ skipped: true, sent: 0 }));
    const [{ n }] = await stack.sql<{ n: string }>(
      `select count(*)::text as n from notification_outbox where case_id = $1 and step_key = 'concern.triage#rung-3-late'`,
      [created.id],
    );
    expect(n).toBe('0');
  });

  it('sends several notices of one case in one call (sendMany), each email once however often it is repeated', async () => {
    const created = await raise();
    const workflowId = `concern:${created.id}`;
    // The workflow has sent the raiser's notice: its outbox row is SENT (not merely accepted by SMTP).
    const deadline = Date.now() + 20_000;
    const raiserSent = async () =>
      (
        await stack.sql(
          `select 1 from notification_outbox where case_id = $1 and step_key = 'concern.raised#raiser' and status = 'sent'`,
          [created.id],
        )
      ).length;
    while ((await raiserSent()) === 0) {
      if (Date.now() > deadline) throw new Error('the raiser was not told');
      await new Promise((r) => setTimeout(r, 200));
    }
    const batch = [
      { stepKey: 'concern.raised#raiser', template: 'concern.raised.raiser', audience: { kind: 'raiser' } },
      { stepKey: 'case.updated#batch-test', template: 'case.updated', audience: { kind: 'raiser' } },
    ] as const;
    const notices = stack.worker!.get(NoticeService);
    const first = await notices.sendMany(workflowId, created.id, batch);
    expect(first.map((r) => [r.sent, r.alreadySent, r.recipients])).toEqual([
      [0, 1, 1],
      [1, 0, 1],
    ]);
    const again = await notices.sendMany(workflowId, created.id, batch);
    expect(again.map((r) => [r.sent, r.alreadySent])).toEqual([
      [0, 1],
      [0, 1],
    ]);
    const mails = stack.inbox.mails.filter((m) => m.subject === `[Vigil] Update on ${created.reference}`);
    expect(mails.map((m) => m.to)).toEqual([[Demo.sunriseLead]]);
    const sentAudits = await stack.sql(
      `select 1 from audit_events where action = 'email.sent' and subject_id = $1 and details->>'stepKey' = 'case.updated#batch-test'`,
      [created.id],
    );
    expect(sentAudits).toHaveLength(1);
  });

  it('sends a row that another attempt of the same notice wrote and committed while this one waited for it', async () => {
    const created = await raise();
    const workflowId = `concern:${created.id}`;
    const stepKey = 'case.updated#race-test';
    const [lead] = await stack.sql<{ id: string }>(`select id from users where email = $1`, [
      Demo.sunriseLead,
    ]);
    const notices = stack.worker!.get(NoticeService);
    const sent = await withClient(stack.databaseUrl, async (other) => {
      // Another attempt has written the row and not yet committed.
      await other.query('begin');
      await other.query(
        `insert into notification_outbox (id, workflow_id, case_id, step_key, template, recipient_user_id, status,
           message_id, attempts, created_at)
         values ($1, $2, $3, $4, 'case.updated', $5, 'pending', $6, 0, now())`,
        [randomUUID(), workflowId, created.id, stepKey, lead.id, messageIdFor(workflowId, stepKey, lead.id)],
      );
      const attempt = notices.send({
        workflowId,
        caseId: created.id,
        stepKey,
        template: 'case.updated',
        audience: { kind: 'raiser' },
      });
      // This attempt's insert waits for the other's row; the other then commits without sending.
      const deadline = Date.now() + 10_000;
      const waiting = async () =>
        (
          await stack.sql(
            `select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
          )
        ).length;
      while ((await waiting()) === 0) {
        if (Date.now() > deadline) throw new Error('the attempt never waited for the other row');
        await new Promise((r) => setTimeout(r, 50));
      }
      await other.query('commit');
      return attempt;
    });
    // Its statement's snapshot predates that commit: it must read again rather than send nothing.
    expect([sent.sent, sent.recipients]).toEqual([1, 1]);
    const mails = stack.inbox.mails.filter(
      (m) => m.subject === `[Vigil] Update on ${created.reference}` && m.to.includes(Demo.sunriseLead),
    );
    expect(mails).toHaveLength(1);
    const [row] = await stack.sql<{ status: string }>(
      `select status from notification_outbox where workflow_id = $1 and step_key = $2`,
      [workflowId, stepKey],
    );
    expect(row.status).toBe('sent');
  });
});
