import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '@vigil/access';
import type { Browser, Page } from 'playwright-core';
import { buildConcern } from '../factories/concern.factory';
import { Demo, Stack } from '../support/stack';
import { SignInPage } from './pages/sign-in.page';
import { expectNoA11yViolations, launchChromium, newContext, type ContextOptions } from './support/browser';
import { startWebServer, type WebServer } from './support/web-server';

/*
 * A provider's home page (issue 11) in Chromium: its organisation's open cases with the adult's initials,
 * what the council owes next in working-day words, what the provider owes, nothing of another provider's,
 * and the raise buttons. axe with JavaScript, without it and at 320 px.
 */
describe('provider home page in Chromium', () => {
  let stack: Stack;
  let web: WebServer;
  let browser: Browser;
  let ours: { id: string; reference: string };
  let theirs: { id: string; reference: string };

  beforeAll(async () => {
    stack = await Stack.start({ name: 'e2e-provider-home', worker: false });
    web = await startWebServer(stack.config);
    browser = await launchChromium();
    ours = await stack.raiseConcern(
      Demo.sunriseLead,
      buildConcern({ adultAtRisk: { name: 'Ada Lovelace' }, category: 'neglect' }),
    );
    theirs = await stack.raiseConcern(Demo.oakwoodLead);
    // The council's triage is late: "Overdue by …" in words.
    await stack.sql(
      `update tasks set due_at = now() - interval '3 days' where case_id = $1 and type = 'triage_decision'`,
      [ours.id],
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
    await page.goto(`${web.baseUrl}/sign-in?returnTo=%2F`);
    await (await SignInPage.verifyOnPage(page)).signIn(email, DEMO_PASSWORD);
    return { page, close: () => context.close() };
  }

  it('shows the lead its open cases, what the council owes next and when, and what it owes', async () => {
    const { page, close } = await as(Demo.sunriseLead);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.locator('h1').textContent()).toBe('Your open cases');
    const rows = page.locator('[data-qa="home-row"]');
    expect(await rows.count()).toBe(1);
    const row = rows.first();
    expect(await row.locator('th a').textContent()).toBe(ours.reference);
    expect(await row.textContent()).toContain('A. L.');
    expect(await row.textContent()).not.toContain('Ada Lovelace');
    const council = (await row.locator('[data-qa="council-next"]').textContent()) ?? '';
    expect(council).toContain('Triage decision');
    expect(council).toMatch(/Overdue by \d+ days?/);
    expect(await row.locator('[data-qa="provider-next"]').textContent()).toMatch(
      /care plan|Nothing due from you/i,
    );
    expect(await page.textContent('body')).not.toContain(theirs.reference);
    expect(await page.locator('[data-qa="raise-links"] a').first().textContent()).toContain('Raise');
    await expectNoA11yViolations(page);
    await Promise.all([page.waitForNavigation(), row.locator('th a').click()]);
    expect(new URL(page.url()).pathname).toBe(`/cases/${ours.id}`);
    // Add information: refused empty (with the error summary), then added to the timeline.
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('link', { name: 'Add information' }).click(),
    ]);
    expect(await page.locator('h1').textContent()).toContain('Add information');
    await expectNoA11yViolations(page);
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Add the information' }).click(),
    ]);
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'Enter the information to add',
    );
    await expectNoA11yViolations(page);
    await page.locator('textarea[name="text"]').fill('The GP visited this morning');
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Add the information' }).click(),
    ]);
    expect(new URL(page.url()).pathname).toBe(`/cases/${ours.id}`);
    expect(await page.textContent('body')).toContain('The GP visited this morning');
    await close();
  });

  it.each([
    ['without its scripts', { blockScripts: true }],
    ['at 320 px', { width: 320 }],
  ])('has no accessibility violations %s', async (_name, options) => {
    const { page, close } = await as(Demo.oakwoodLead, options);
    expect(await page.locator('[data-qa="home-row"]').count()).toBe(1);
    await expectNoA11yViolations(page);
    await close();
  });

  it('is where a provider lead lands on signing in without a return address', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${web.baseUrl}/sign-in`);
    await (await SignInPage.verifyOnPage(page)).signIn(Demo.oakwoodLead, DEMO_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.locator('[data-qa="home-row"]').count()).toBe(1);
    await context.close();
  });

  it('sends council staff to their cases', async () => {
    const { page, close } = await as(Demo.officer);
    expect(new URL(page.url()).pathname).toBe('/cases');
    await close();
  });
});
