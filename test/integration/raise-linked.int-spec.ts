import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Agent } from 'supertest';
import { randomUUID } from 'node:crypto';
import { buildAllegation } from '../factories/allegation.factory';
import { buildConcern, CANARY } from '../factories/concern.factory';
import { csrfOf, signedInAgent, startWebOnlyServer, type WebServer } from '../e2e/support/web-server';
import { CaseApi, type CaseBody } from '../support/case-api';
import { Demo, Stack } from '../support/stack';

/*
 * A concern or an allegation raised from a serious incident's page (issue 9: "offers to open a linked concern
 * or allegation"): the page's link carries the incident, the start page says what the new case will be
 * linked to and keeps it in the draft, the payload carries `linkedCaseId`, and the API links both ways, only
 * to a case the raiser sees about the same provider.
 */
describe('raising a case linked to the incident it came from', () => {
  let stack: Stack;
  let api: CaseApi;
  let web: WebServer;
  let incident: CaseBody;
  const agents: Record<string, Agent> = {};

  beforeAll(async () => {
    stack = await Stack.start({ name: 'raise-linked', worker: false });
    api = await new CaseApi(stack).signIn([Demo.sunriseLead, Demo.oakwoodLead]);
    web = await startWebOnlyServer(stack.config);
    const res = await api
      .as(Demo.sunriseLead)
      .post('/api/v1/incidents', {
        category: 'allegation_of_abuse',
        occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
        summary: `${CANARY} a resident says a carer slapped her`,
      })
      .set('Idempotency-Key', randomUUID());
    if (res.status !== 201) throw new Error(`reporting the incident answered ${res.status}`);
    incident = res.body as CaseBody;
    for (const email of [Demo.sunriseLead, Demo.oakwoodLead])
      agents[email] = await signedInAgent(web.baseUrl, email);
  });
  afterAll(async () => {
    await web?.app.close();
    await stack?.stop();
  });

  it('offers both from the incident page, and the start page keeps the incident in the draft', async () => {
    const page = await agents[Demo.sunriseLead].get(`/cases/${incident.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`href="/concerns/new?from=${incident.id}"`);
    expect(page.text).toContain(`href="/allegations/new?from=${incident.id}"`);

    const start = await agents[Demo.sunriseLead].get(`/concerns/new?from=${incident.id}`);
    expect(start.status).toBe(200);
    expect(start.text).toContain(`It will be linked to serious incident ${incident.reference}`);
    expect(start.text).toContain(`name="from" value="${incident.id}"`);
    const csrf = await csrfOf(agents[Demo.sunriseLead], `/concerns/new?from=${incident.id}`);
    const begun = await agents[Demo.sunriseLead]
      .post('/concerns/new')
      .type('form')
      .send({ _csrf: csrf, from: incident.id });
    expect(begun.status).toBe(303);
    const [draft] = await stack.sql<{ answers: Record<string, string> }>(
      `select d.answers from form_drafts d join users u on u.id = d.user_id where u.email = $1 and d.flow = 'concerns'`,
      [Demo.sunriseLead],
    );
    expect(draft.answers).toEqual({ _fromCaseId: incident.id, _fromReference: incident.reference });
  });

  it('refuses to start from a case the user cannot see (404), and ignores `from` on a flow that links none', async () => {
    expect((await agents[Demo.oakwoodLead].get(`/concerns/new?from=${incident.id}`)).status).toBe(404);
    expect((await agents[Demo.oakwoodLead].get('/concerns/new?from=not-a-case')).status).toBe(404);
    const complaint = await agents[Demo.sunriseLead].get(`/complaints/new?from=${incident.id}`);
    expect(complaint.status).toBe(200);
    expect(complaint.text).not.toContain('It will be linked to');
  });

  it('links a concern and an allegation to the incident both ways, and refuses another provider’s case', async () => {
    const concern = await api
      .as(Demo.sunriseLead)
      .post('/api/v1/concerns', { ...buildConcern(), linkedCaseId: incident.id })
      .set('Idempotency-Key', randomUUID());
    expect(concern.status).toBe(201);
    const allegation = await api
      .as(Demo.sunriseLead)
      .post('/api/v1/allegations', { ...buildAllegation(), linkedCaseId: incident.id })
      .set('Idempotency-Key', randomUUID());
    expect(allegation.status).toBe(201);
    for (const raised of [concern.body as CaseBody, allegation.body as CaseBody]) {
      expect(raised.links).toEqual([{ type: 'incident', id: incident.id, reference: incident.reference }]);
    }
    const read = await api.as(Demo.sunriseLead).get(`/api/v1/cases/${incident.id}`);
    expect((read.body as CaseBody).links.map((l) => l.id).sort()).toEqual(
      [(concern.body as CaseBody).id, (allegation.body as CaseBody).id].sort(),
    );

    const before = await stack.sql<{ n: string }>(`select count(*)::text as n from cases`);
    const refused = await api
      .as(Demo.oakwoodLead)
      .post('/api/v1/concerns', { ...buildConcern(), linkedCaseId: incident.id })
      .set('Idempotency-Key', randomUUID());
    expect(refused.status).toBe(400);
    expect((refused.body as CaseBody).errors?.map((e) => e.pointer)).toEqual(['#/linkedCaseId']);
    const after = await stack.sql<{ n: string }>(`select count(*)::text as n from cases`);
    expect(after[0].n).toBe(before[0].n);
  });
});
