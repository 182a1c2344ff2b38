import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { buildConcern, CANARY } from '../factories/concern.factory';
import { Demo, fastPolicy, Stack } from '../support/stack';

/*
 * Personal details live in PostgreSQL only (ADR 0005). A concern full of canary values goes through
 * raise, escalation, a decision, bad requests and refusals; then no canary may appear in a log line, an
 * email, the real workflow history, the workflow commands, or the audit trail.
 */
describe('personal details stay in the case tables', () => {
  let stack: Stack;
  let caseId: string;
  let reference: string;

  beforeAll(async () => {
    stack = await Stack.start({
      name: 'privacy',
      policy: fastPolicy(),
      captureLogs: true,
      env: { LOG_LEVEL: 'debug' },
    });
    const lead = await stack.token(Demo.sunriseLead);
    const officer = await stack.token(Demo.officer);
    const other = await stack.token(Demo.oakwoodLead);
    const created = await stack
      .http()
      .post('/api/v1/concerns')
      .set('Authorization', `Bearer ${lead}`)
      .set('Idempotency-Key', randomUUID())
      .send(buildConcern());
    caseId = created.body.id;
    reference = created.body.reference;
    await stack
      .http()
      .post('/api/v1/concerns')
      .set('Authorization', `Bearer ${lead}`)
      .set('Idempotency-Key', randomUUID())
      .send({ ...buildConcern(), occurredAt: `${CANARY} yesterday` });
    await stack.http().get(`/api/v1/cases/${caseId}`).set('Authorization', `Bearer ${other}`);
    await stack
      .http()
      .post('/api/v1/auth/token')
      .send({ email: `${CANARY.toLowerCase()}@example.test`, password: `${CANARY}-password` });
    await stack.inbox.waitFor(
      (m) => m.subject.includes(reference) && m.subject.startsWith('[Vigil] Overdue'),
      { timeoutMs: 20_000 },
    );
    await stack
      .http()
      .post(`/api/v1/cases/${caseId}/tasks/${created.body.tasks[0].id}/complete`)
      .set('Authorization', `Bearer ${officer}`)
      .send({
        decision: 'no_further_action',
        rationale: `${CANARY} rationale: the adult's daughter visits daily`,
      });
    await stack.inbox.waitFor(
      (m) => m.subject.includes(reference) && m.subject.includes('Triage decision recorded'),
    );
  });
  afterAll(async () => stack?.stop());

  it('the concern really holds the canaries (the test could fail)', async () => {
    const [row] = await stack.sql<{ adult_name: string; decision_rationale: string }>(
      'select adult_name, decision_rationale from concerns where case_id = $1',
      [caseId],
    );
    expect(row.adult_name).toContain(CANARY);
    expect(row.decision_rationale).toContain(CANARY);
  });

  it('no log line carries one', () => {
    expect(stack.logs.length).toBeGreaterThan(10);
    expect(
      stack.logs.filter((line) => line.includes(CANARY) || line.toLowerCase().includes('canary')),
    ).toEqual([]);
  });

  it('no email carries one', () => {
    const mails = stack.inbox.mails.filter((m) => m.subject.includes(reference));
    expect(mails.length).toBeGreaterThanOrEqual(3);
    expect(mails.filter((m) => m.raw.includes(CANARY))).toEqual([]);
  });

  it('the workflow history, the workflow commands and the audit trail carry none', async () => {
    const history = await (await stack.temporal()).workflow.getHandle(`concern:${caseId}`).fetchHistory();
    const text = JSON.stringify(history);
    expect(text).toContain(caseId);
    expect(text).not.toContain(CANARY);
    const commands = await stack.sql<{ name: string; payload: unknown }>(
      'select name, payload from workflow_commands where case_id = $1 order by id',
      [caseId],
    );
    // The case's start and its triage signal (the early-warning check runs in the case's workflow).
    expect(commands.map((c) => c.name).sort()).toEqual(['caseUpdated', 'concernWorkflow']);
    expect(JSON.stringify(commands)).not.toContain(CANARY);
    const audit = await stack.sql('select * from audit_events');
    expect(audit.length).toBeGreaterThan(5);
    expect(JSON.stringify(audit).toLowerCase()).not.toContain('canary');
  });
});
