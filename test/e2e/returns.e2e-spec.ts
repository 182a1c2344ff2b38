import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '@vigil/access';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { CANARY } from '../factories/concern.factory';
import { CaseApi, type CaseBody } from '../support/case-api';
import { Demo, Stack } from '../support/stack';
import {
  lastCompleteQuarter,
  quarterKey,
  quarterPeriod,
  recentQuarters,
} from '../../apps/web/src/returns/returns.view-model';
import { SignInPage } from './pages/sign-in.page';
import { expectNoA11yViolations, launchChromium, newContext, type ContextOptions } from './support/browser';
import { startWebServer, type WebServer } from './support/web-server';

/*
 * The KPI returns (issue 11) in Chromium: a complaint acknowledged on time in the last complete quarter
 * (moved back there with SQL), the KPI table per provider and for the council, choosing another quarter,
 * the CSV download, refusal for roles it is not for; axe with JavaScript, without it and at 320 px.
 */
describe('returns in Chromium', () => {
  let stack: Stack;
  let web: WebServer;
  let browser: Browser;
  const quarter = lastCompleteQuarter(new Date());
  const key = quarterKey(quarter);

  beforeAll(async () => {
    stack = await Stack.start({ name: 'e2e-returns', worker: false });
    web = await startWebServer(stack.config);
    browser = await launchChromium();
    const api = await new CaseApi(stack).signIn([Demo.sunriseLead]);
    const res = await api
      .as(Demo.sunriseLead)
      .post('/api/v1/complaints', {
        receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
        affectsCare: false,
        complainantRelationship: 'The person’s son',
        summary: `${CANARY} complaint about missed calls`,
      })
      .set('Idempotency-Key', randomUUID());
    if (res.status !== 201) throw new Error(`recording a complaint answered ${res.status}`);
    const c = res.body as CaseBody;
    await api.complete(Demo.sunriseLead, c, 'acknowledge', {
      acknowledgedOn: new Date().toISOString().slice(0, 10),
    });
    const due = `${quarterPeriod(quarter).from}T12:00:00Z`;
    await stack.sql(`update cases set created_at = $2::timestamptz - interval '10 days' where id = $1`, [
      c.id,
      due,
    ]);
    await stack.sql(
      `update clocks set due_at = $2::timestamptz + interval '20 days', met_at = $2::timestamptz + interval '19 days'
        where case_id = $1 and name = 'complaint.acknowledge'`,
      [c.id, due],
    );
  });
  afterAll(async () => {
    await browser?.close();
    await web?.app.close();
    await stack?.stop();
  });

  async function as(
    email: string,
    options: ContextOptions = {},
  ): Promise<{ page: Page; close: () => Promise<void> }> {
    const context = await newContext(browser, options);
    const page = await context.newPage();
    await page.goto(`${web.baseUrl}/returns`);
    await (await SignInPage.verifyOnPage(page)).signIn(email, DEMO_PASSWORD);
    return { page, close: () => context.close() };
  }
  const ackRow = (page: Page, table: string) =>
    page.locator(`[data-qa="${table}"] tbody tr`, {
      hasText: 'Complaints acknowledged within 3 working days',
    });

  it('shows a head of service the last complete quarter’s KPIs, another quarter, and the CSV', async () => {
    const { page, close } = await as(Demo.head);
    expect(new URL(page.url()).pathname).toBe('/returns');
    expect(await page.locator('h1').textContent()).toContain('Returns');
    expect(await page.locator('#quarter').inputValue()).toBe(key);
    expect(await page.locator('.govuk-service-navigation a', { hasText: 'Returns' }).count()).toBe(1);
    const cells = await ackRow(page, 'kpis-council').locator('td').allTextContents();
    expect(cells.slice(0, 3).map((t) => t.trim())).toEqual(['1', '1', '100%']);
    expect(await page.locator('[data-qa="kpis-provider"] caption', { hasText: 'Sunrise Care' }).count()).toBe(
      1,
    );
    expect(await page.locator('[data-qa="pi-deadline"]').textContent()).toMatch(
      /Due in \d+ days?|Overdue by \d+ days?|Due today|Due tomorrow/,
    );
    await expectNoA11yViolations(page);

    // Another quarter, chosen with the form: nothing fell due there.
    const earlier = quarterKey(recentQuarters(new Date())[1]);
    await page.locator('#quarter').selectOption(earlier);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Show quarter' }).click()]);
    expect(new URL(page.url()).search).toBe(`?quarter=${earlier}`);
    const none = await ackRow(page, 'kpis-council').locator('td').allTextContents();
    expect(none.slice(0, 3).map((t) => t.trim())).toEqual(['0', '0', '–']);
    await expectNoA11yViolations(page);

    await page.goto(`${web.baseUrl}/returns`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-qa="csv"]').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`vigil-returns-${key}.csv`);
    const csv = await page.request.get(`${web.baseUrl}/returns.csv?quarter=${key}`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'quarter,for,kpi,source,numerator,denominator,percentage,met_within_extension,note',
    );
    expect(lines.find((l) => l.startsWith(`${key},Council,Complaints acknowledged`))).toMatch(
      /,1,1,100%,0,$/,
    );
    await close();
  });

  it('is accessible without scripts and at 320 px', async () => {
    for (const options of [{ blockScripts: true }, { width: 320 }] as ContextOptions[]) {
      const { page, close } = await as(Demo.manager, options);
      expect(await page.locator('h1').textContent()).toContain('Returns');
      await expectNoA11yViolations(page);
      await close();
    }
  });

  it('refuses roles it is not for, and audits the refusal', async () => {
    for (const email of [Demo.officer, Demo.sunriseLead]) {
      const { page, close } = await as(email);
      expect(await page.locator('h1').textContent()).toContain('You cannot do this');
      expect(await page.locator('.govuk-service-navigation a', { hasText: 'Returns' }).count()).toBe(0);
      await close();
    }
    const [row] = await stack.sql<{ n: string }>(
      `select count(*)::text as n from audit_events where action = 'case.access_refused' and details->>'attempted' = 'returns.read'`,
    );
    expect(Number(row.n)).toBeGreaterThanOrEqual(2);
  });
});
