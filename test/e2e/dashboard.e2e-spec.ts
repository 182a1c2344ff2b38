import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD, DemoIds } from '@vigil/access';
import type { Browser, Page } from 'playwright-core';
import { Demo, Stack } from '../support/stack';
import { SignInPage } from './pages/sign-in.page';
import { expectNoA11yViolations, launchChromium, newContext, type ContextOptions } from './support/browser';
import { startWebServer, type WebServer } from './support/web-server';

/*
 * The manager's dashboard (issue 11) in Chromium: figures counted from real cases in the reader's scope
 * (one concern's triage is made overdue in the database, whatever the day), each panel a link, overdue work
 * by team member, the 13-week table and its CSVs, the period and team filters as a plain GET form (no
 * JavaScript), and refusal for roles it is not for. axe with JavaScript, without it and at 320 px, with the
 * filters applied.
 */
describe('dashboard in Chromium', () => {
  let stack: Stack;
  let web: WebServer;
  let browser: Browser;
  const SECOND_TEAM = randomUUID();

  beforeAll(async () => {
    stack = await Stack.start({ name: 'e2e-dashboard', worker: false });
    web = await startWebServer(stack.config);
    browser = await launchChromium();
    await stack.sql(
      `insert into teams (id, council_id, name, created_at) values ($1, $2, 'Riverside learning disability team', now())`,
      [SECOND_TEAM, DemoIds.council],
    );
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

  it('shows a team manager what is open and late, each figure a link, with the trend and its CSVs', async () => {
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
    // Their own team, named rather than offered; the late concern is nobody's yet.
    expect(await page.locator('[data-qa="team"]').count()).toBe(0);
    expect(await page.locator('[data-qa="team-name"]').textContent()).toContain('Team: ');
    const unassigned = page.locator('[data-qa="members"] tbody tr', { hasText: 'Unassigned' });
    expect((await unassigned.locator('td').first().textContent())?.trim()).toMatch(/^1 overdue tasks/);
    expect(await unassigned.locator('td a').first().getAttribute('href')).toBe(
      `/queue?who=team&tab=overdue&assigned=unassigned&holder=council&team=${DemoIds.team}`,
    );
    expect(await page.locator('[data-qa="clocks"] tbody tr', { hasText: 'Triage decision' }).count()).toBe(1);
    // The last quarter's PI return, not recorded as submitted: its deadline in words, a link to the returns.
    const pi = page.locator('[data-qa="pi-return"]');
    expect((await pi.textContent())?.replace(/\s+/g, ' ')).toMatch(
      /Kent PI return, [\w ]+ \d{4} \d{1,2} \w+ \d{4} (Due (in \d+ days|today|tomorrow)|Overdue by \d+ days?)/,
    );
    expect(await pi.locator('a').getAttribute('href')).toMatch(/^\/returns\?quarter=\d{4}-Q[1-4]$/);
    // This week's breached triage clock: one point on the compliance chart, at 0%.
    expect(await page.locator('[data-qa="compliance-chart"] circle title').textContent()).toMatch(
      /: 0 of 1 \(0%\)$/,
    );
    await expectNoA11yViolations(page);
    // Each panel leads to the work it counts, in the queue's terms.
    await Promise.all([page.waitForNavigation(), page.locator('[data-qa="panel-triage-overdue"] a').click()]);
    expect(new URL(page.url()).search).toBe(
      `?who=team&tab=overdue&type=concern&task=triage_decision&team=${DemoIds.team}`,
    );
    const clocks = await page.request.get(
      `${web.baseUrl}/dashboard/clocks.csv?weeks=13&team=${DemoIds.team}`,
    );
    expect(clocks.status()).toBe(200);
    const clockLines = (await clocks.text()).trim().split('\r\n');
    expect(clockLines.find((l) => l.includes(',concern.triage,'))).toMatch(/,Triage decision,1,0,0,0%$/);
    const csv = await page.request.get(`${web.baseUrl}/dashboard.csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('week_start,raised,closed,clocks_due,clocks_met');
    expect(lines).toHaveLength(14);
    expect(lines[13]).toMatch(/^\d{4}-\d{2}-\d{2},3,0,\d+,\d+$/);
    await close();
  });

  it('filters by period and team with a plain GET form, without JavaScript, and keeps the filters in the CSV links', async () => {
    const { page, close } = await as(Demo.head, { blockScripts: true });
    // A head of service sees every team by default.
    expect(await page.locator('[data-qa="team"] option:checked').textContent()).toBe('All teams');
    expect(await panel(page, 'overdue')).toBe(1);
    await page.locator('[data-qa="period"]').selectOption('4');
    await page.locator('[data-qa="team"]').selectOption(SECOND_TEAM);
    await Promise.all([page.waitForNavigation(), page.locator('[data-qa="apply"]').click()]);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/dashboard');
    expect(Object.fromEntries(url.searchParams)).toEqual({ weeks: '4', team: SECOND_TEAM });
    expect(await page.locator('[data-qa="period"] option:checked').textContent()).toBe('The last 4 weeks');
    expect(await page.locator('h2', { hasText: 'The last 4 weeks' }).count()).toBe(1);
    expect(await page.locator('[data-qa="weeks"] tbody tr').count()).toBe(4);
    // The second team has no cases yet.
    expect(await panel(page, 'overdue')).toBe(0);
    expect(await page.locator('[data-qa="panel-overdue"] a').getAttribute('href')).toBe(
      `/queue?who=team&tab=overdue&team=${SECOND_TEAM}`,
    );
    expect(await page.locator('[data-qa="csv"]').getAttribute('href')).toBe(
      `/dashboard.csv?weeks=4&team=${SECOND_TEAM}`,
    );
    expect(await page.locator('[data-qa="clocks-csv"]').getAttribute('href')).toBe(
      `/dashboard/clocks.csv?weeks=4&team=${SECOND_TEAM}`,
    );
    const csv = await page.request.get(`${web.baseUrl}/dashboard.csv?weeks=4&team=${SECOND_TEAM}`);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines.slice(1).every((l) => /^\d{4}-\d{2}-\d{2},0,0,0,0$/.test(l))).toBe(true);
    await expectNoA11yViolations(page);
    // A value the form does not offer falls back: 13 weeks.
    await page.goto(`${web.baseUrl}/dashboard?weeks=9&team=nonsense`);
    expect(await page.locator('[data-qa="period"] option:checked').textContent()).toBe('The last 13 weeks');
    expect(await page.locator('[data-qa="team"] option:checked').textContent()).toBe('All teams');
    await close();
  });

  it('is accessible without scripts and at 320 px, with filters applied', async () => {
    for (const options of [{ blockScripts: true }, { width: 320 }] as ContextOptions[]) {
      const { page, close } = await as(Demo.head, options);
      expect(await page.locator('h1').textContent()).toBe('Dashboard');
      await expectNoA11yViolations(page);
      await page.goto(`${web.baseUrl}/dashboard?weeks=52&team=${DemoIds.team}`);
      expect(await page.locator('[data-qa="weeks"] tbody tr').count()).toBe(52);
      await expectNoA11yViolations(page);
      await close();
    }
    const { page, close } = await as(Demo.commissioner, { width: 320 });
    expect(await page.locator('[data-qa="team"]').count()).toBe(0);
    await expectNoA11yViolations(page);
    await close();
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
