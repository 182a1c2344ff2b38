import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { CANARY } from '../factories/concern.factory';
import { CaseApi, type CaseBody } from '../support/case-api';
import { Demo, fastPolicy, Stack } from '../support/stack';

const DAY = 24 * 3_600_000;

/*
 * The provider's continuity report (DOMAIN §4.7, issue 10): a serious incident of the category "threat to
 * continuity of service" is also the report the contract times (1 working day from awareness, 4 hours when
 * care is interrupted), recorded as a met or late clock the returns count, and it opens the provider's
 * continuity case (a provider concern) by itself, or joins the open one. On real parts, with the
 * early-warning threshold switched off so only the continuity report can open the provider concern.
 */
describe('continuity reports', () => {
  let stack: Stack;
  let api: CaseApi;

  beforeAll(async () => {
    stack = await Stack.start({
      name: 'continuity',
      policy: { ...fastPolicy(), thresholds: { providerConcern: null } },
    });
    api = await new CaseApi(stack).signIn([Demo.sunriseLead, Demo.commissioner, Demo.officer]);
  });
  afterAll(async () => stack?.stop());

  const report = async (body: Record<string, unknown>, expected = 201) => {
    const res = await api
      .as(Demo.sunriseLead)
      .post('/api/v1/incidents', {
        category: 'service_continuity',
        summary: `${CANARY} the rota system failed overnight`,
        ...body,
      })
      .set('Idempotency-Key', randomUUID());
    expect({ status: res.status, body: res.status === expected ? null : res.body }).toEqual({
      status: expected,
      body: null,
    });
    return res.body as CaseBody & { errors?: { pointer: string }[] };
  };

  const until = async <T>(what: string, probe: () => Promise<T | null>, timeoutMs = 30_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await probe();
      if (found !== null) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  const providerConcernOf = (incidentId: string) =>
    until('the provider concern', async () => {
      const rows = await stack.sql<{ id: string; source: string }>(
        `select c.id, p.source from case_links l
           join cases c on c.id = l.case_id and c.type = 'provider_concern'
           join provider_concerns p on p.case_id = c.id
          where l.linked_case_id = $1`,
        [incidentId],
      );
      return rows[0] ?? null;
    });

  it('records a report within 4 hours when care is interrupted as met, and opens a provider concern', async () => {
    const awareAt = new Date(Date.now() - 3_600_000).toISOString();
    const incident = await report({ occurredAt: awareAt, awareAt, careInterrupted: true });
    expect((incident.details as { careInterrupted: boolean }).careInterrupted).toBe(true);
    const clock = incident.clocks.find((k) => k.name === 'provider.continuity_interrupted');
    expect(clock?.state).toBe('met');
    expect(Date.parse(clock?.dueAt ?? '')).toBe(Date.parse(awareAt) + 4 * 3_600_000);
    expect(incident.clocks.some((k) => k.name === 'provider.continuity')).toBe(false);
    expect(incident.timeline.find((e) => e.kind === 'incident.reported')?.details).toMatchObject({
      careInterrupted: true,
    });
    const opened = await providerConcernOf(incident.id);
    expect(opened.source).toBe('continuity');
    const pc = await api.read(Demo.commissioner, opened.id);
    expect(pc.type).toBe('provider_concern');
    expect(pc.timeline[0]).toMatchObject({
      kind: 'provider_concern.opened',
      details: { source: 'continuity' },
    });
    expect(pc.links.map((l) => l.id)).toContain(incident.id);
    // The commissioner hears of the provider concern (reference and link only).
    const [mail] = await stack.inbox.waitFor(
      (m) => m.subject.includes(pc.reference) && m.to.includes(Demo.commissioner),
    );
    expect(mail.text).not.toContain(CANARY);
  });

  it('records a report a week after awareness as late (breached at 1 working day), joining the open case', async () => {
    const awareAt = new Date(Date.now() - 7 * DAY).toISOString();
    const incident = await report({ occurredAt: awareAt, awareAt, careInterrupted: false });
    const clock = incident.clocks.find((k) => k.name === 'provider.continuity');
    expect(clock?.state).toBe('breached');
    expect(Date.parse(clock?.dueAt ?? '')).toBeLessThan(Date.now() - DAY);
    const breach = incident.timeline.find((e) => e.kind === 'clock.breached');
    expect(breach?.details).toMatchObject({ clock: 'provider.continuity', clockId: clock?.id });
    const [row] = await stack.sql<{ met_at: Date | null; breached_at: Date | null; rungs: unknown[] }>(
      `select met_at, breached_at, rungs from clocks where id = $1`,
      [clock?.id],
    );
    expect(row.breached_at?.toISOString()).toBe(new Date(clock?.dueAt ?? '').toISOString());
    expect(row.met_at).not.toBeNull();
    expect(row.rungs).toEqual([]);
    const joined = await providerConcernOf(incident.id);
    const [{ n }] = await stack.sql<{ n: number }>(
      `select count(*)::int as n from cases where type = 'provider_concern' and closed_at is null`,
    );
    expect(n).toBe(1);
    const pc = await api.read(Demo.commissioner, joined.id);
    expect(
      pc.timeline.some((e) => e.kind === 'provider_concern.case_linked' && e.details.via === 'continuity'),
    ).toBe(true);
  });

  it('keeps a continuity log on the provider concern: the stage on the timeline, the words with the case', async () => {
    const [open] = await stack.sql<{ id: string; status: string }>(
      `select id, status from cases where type = 'provider_concern' and closed_at is null`,
    );
    const log = (email: string, body: object) =>
      api.as(email).post(`/api/v1/cases/${open.id}/transitions`, { event: 'log_continuity', ...body });
    const invoked = await log(Demo.sunriseLead, {
      stage: 'invoked',
      note: `${CANARY} staff moved to paper rotas`,
    });
    expect(invoked.status).toBe(200);
    const back = await log(Demo.commissioner, { stage: 'back_to_normal', note: 'Rota system restored' });
    expect(back.status).toBe(200);
    const view = back.body as CaseBody;
    expect(view.status).toBe(open.status);
    const entries = view.timeline.filter((e) => e.kind === 'provider_concern.continuity_logged');
    expect(entries.map((e) => [e.details.stage, e.details.text])).toEqual([
      ['invoked', `${CANARY} staff moved to paper rotas`],
      ['back_to_normal', 'Rota system restored'],
    ]);
    expect((entries[0] as { summary?: string }).summary).toBe(
      'Continuity log: Business continuity plan invoked',
    );
    expect((await log(Demo.officer, { stage: 'review', note: 'Reviewed' })).status).toBe(403);
    const bad = await log(Demo.commissioner, { stage: 'panic', note: '' });
    expect(bad.status).toBe(400);
    expect((bad.body as CaseBody).errors?.map((e) => e.pointer).sort()).toEqual(['#/note', '#/stage']);
    const history = await (
      await stack.temporal()
    ).workflow
      .getHandle(`provider-case:${open.id}`)
      .fetchHistory();
    expect(JSON.stringify(history)).not.toContain(CANARY);
  });

  it('asks whether care was interrupted for a continuity report only, changing nothing when refused', async () => {
    const before = await stack.sql<{ n: number }>(`select count(*)::int as n from cases`);
    const missing = await report({ occurredAt: new Date().toISOString() }, 400);
    expect(missing.errors?.map((e) => e.pointer)).toEqual(['#/careInterrupted']);
    const wrong = await report(
      { category: 'serious_harm', occurredAt: new Date().toISOString(), careInterrupted: true },
      400,
    );
    expect(wrong.errors?.map((e) => e.pointer)).toEqual(['#/careInterrupted']);
    const after = await stack.sql<{ n: number }>(`select count(*)::int as n from cases`);
    expect(after[0].n).toBe(before[0].n);
  });
});
