import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '@vigil/access';
import type { Browser, Page } from 'playwright-core';
import { Demo, Stack } from '../support/stack';
import { SignInPage } from './pages/sign-in.page';
import { expectNoA11yViolations, launchChromium, newContext, type ContextOptions } from './support/browser';
import { startWebServer, type WebServer } from './support/web-server';

/*
 * The manager's dashboard (issue 11) in Chromium: figures counted from real cases in the reader's scope
 * (one concern's triage is made overdue in the database, whatever the day), each panel a link, the 13-week
 * table and its CSV, and refusal for roles it is not for. axe with JavaScript, without it and at 320 px.
 */
describe('dashboard in Chromium', () => {
  let stack: Stack;
  let web: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    stack = await Stack.start({ name: 'e2e-dashboard', worker: false });
    web = await startWebServer(stack.config);
    browser = await launchChromium();
    const late = await stack.raiseConcern(Demo.sunriseLead);
    await stack.raiseConcern(Demo.sunriseLead);
    await stack.raiseConcern(Demo.oakwoodLead);
    await stack.sql(
      `update tasks set due_at = now() - interval '3 days' where case_id = $1 and type = 'triage_decision'`,
      [late.id],
    );
    await stack.sql(
      `update clocks set due_at = now() - interval '3 days', state = 'breached', breached_at = now() - interval '3 days'
        where case_id = $1 and name = 'concern.triage'`,
      [late.id],
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
    await page.goto(`${web.baseUrl}/dashboard`);
    await (await SignInPage.verifyOnPage(page)).signIn(email, DEMO_PASSWORD);
    return { page, close: () => context.close() };
  }
  const panel = async (page: Page, qa: string) =>
    Number(await page.locator(`[data-qa="panel-${qa}"] [data-qa="count"]`).textContent());

  it('shows a team manager what is open and late, each figure a link, with the trend and its CSV', async () => {
    const { page, close } = await as(Demo.manager);
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    expect(await page.locator('h1').textContent()).toBe('Dashboard');
    expect(await panel(page, 'overdue')).toBe(1);
    expect(await panel(page, 'triage-overdue')).toBe(1);
    expect(await panel(page, 'suspensions')).toBe(0);
    const concerns = page.locator('[data-qa="open-by-type"] tr', { hasText: 'Safeguarding concern' });
    expect((await concerns.locator('td').last().textContent())?.trim()).toBe('3');
    const weeks = await page.locator('[data-qa="weeks"] tbody tr').count();
    expect(weeks).toBe(13);
    const thisWeek = page.locator('[data-qa="weeks"] tbody tr').last();
    expect((await thisWeek.locator('td').nth(1).textContent())?.trim()).toBe('3');
    await expectNoA11yViolations(page);
    // Each panel leads to the work it counts.
    await Promise.all([page.waitForNavigation(), page.locator('[data-qa="panel-triage-overdue"] a').click()]);
    expect(new URL(page.url()).search).toBe('?status=awaiting_triage');
    const csv = await page.request.get(`${web.baseUrl}/dashboard.csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('week_start,raised,closed,clocks_due,clocks_met');
    expect(lines).toHaveLength(14);
    expect(lines[13]).toMatch(/^\d{4}-\d{2}-\d{2},3,0,\d+,\d+$/);
    await close();
  });

  it('is accessible without scripts and at 320 px', async () => {
    for (const options of [{ blockScripts: true }, { width: 320 }] as ContextOptions[]) {
      const { page, close } = await as(Demo.head, options);
      expect(await page.locator('h1').textContent()).toBe('Dashboard');
      await expectNoA11yViolations(page);
      await close();
    }
  });

  it('refuses roles it is not for, and audits the refusal', async () => {
    for (const email of [Demo.officer, Demo.sunriseLead]) {
      const { page, close } = await as(email);
      expect(await page.locator('h1').textContent()).toContain('You cannot do this');
      await close();
    }
    const [row] = await stack.sql<{ n: string }>(
      `select count(*)::text as n from audit_events where action = 'case.access_refused' and details->>'attempted' = 'dashboard.read'`,
    );
    expect(Number(row.n)).toBeGreaterThanOrEqual(2);
  });
});
