import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '@vigil/access';
import type { Browser, Page } from 'playwright-core';
import { CANARY } from '../factories/concern.factory';
import { Demo, Stack } from '../support/stack';
import { EnquiryPage as TaskListCasePage, TaskFormPage } from './pages/enquiry.page';
import { SignInPage } from './pages/sign-in.page';
import { expectNoA11yViolations, launchChromium, newContext } from './support/browser';
import { startWebServer, type WebServer } from './support/web-server';

/*
 * Issue 10's provider concern in Chromium against the real stack: the commissioner opens one from the
 * providers page and suspends new referrals (the providers page says so), asks for an action plan; the
 * provider lead submits a plan of two actions and evidences one; the commissioner resumes referrals in
 * phases with a weekly cap. Another provider's lead gets the 404 page; an officer and an auditor the 403
 * page for the providers page. axe on every page on the way.
 */
const HEADING = 'Provider concern';
const AUDITOR = 'auditor@riverside.example';

/** A London day `days` from today, as `YYYY-MM-DD`. */
const inDays = (days: number): string => {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

const squash = (s: string | null): string => (s ?? '').replace(/\s+/g, ' ').trim();

describe('provider concern journey in Chromium', () => {
  let stack: Stack;
  let web: WebServer;
  let browser: Browser;
  let caseUrl: string;
  let reference: string;

  beforeAll(async () => {
    stack = await Stack.start({ name: 'e2e-provider-concern' });
    web = await startWebServer(stack.config);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.app.close();
    await stack?.stop();
  });

  async function as(
    email: string,
    path: string,
  ): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('response', (r) => {
      if (r.request().resourceType() !== 'document' && r.status() >= 400)
        errors.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${web.baseUrl}${path}`);
    await (await SignInPage.verifyOnPage(page)).signIn(email, DEMO_PASSWORD);
    expect(new URL(page.url()).pathname).toBe(path);
    return { page, errors, close: () => context.close() };
  }

  /** The providers page's row for one provider: its cells by `data-qa`. */
  async function providerRow(page: Page, name: string): Promise<Record<string, string>> {
    const row = page.locator('[data-qa="provider"]', {
      has: page.locator('[data-qa="name"]', { hasText: name }),
    });
    const cells: Record<string, string> = {};
    for (const qa of ['referral-status', 'open-cases', 'last-90-days', 'early-warning', 'concern']) {
      cells[qa] = squash(await row.locator(`[data-qa="${qa}"]`).textContent());
    }
    return cells;
  }

  async function click(page: Page, selector: string): Promise<void> {
    await Promise.all([page.waitForNavigation(), page.locator(selector).click()]);
  }

  it('the commissioner opens a provider concern from the providers page and suspends new referrals', async () => {
    const commissioner = await as(Demo.commissioner, '/providers');
    const page = commissioner.page;
    expect(await page.locator('h1').textContent()).toBe('Providers');
    expect(await page.locator('.govuk-service-navigation__item--active').textContent()).toContain(
      'Providers',
    );
    await expectNoA11yViolations(page);
    const before = await providerRow(page, 'Sunrise Care');
    expect(before['referral-status']).toBe('Open to referrals');
    expect(before['last-90-days']).toBe('Concerns: 0 Serious incidents: 0 Upheld complaints: 0');
    expect(before['early-warning']).toBe('0 of 3 in 30 days');
    expect(before.concern).toBe('Open a provider concern for Sunrise Care');

    await click(
      page,
      '[data-qa="provider"]:has([data-qa="name"]:text-is("Sunrise Care")) [data-qa="open-concern"]',
    );
    expect(await page.title()).toBe('Open a provider concern – Sunrise Care – Vigil');
    await expectNoA11yViolations(page);
    // Refused first without a reason: the page's message, with axe on the error state.
    await click(page, '[data-qa="open-concern-form"] button');
    expect(await page.title()).toBe('Error: Open a provider concern – Sunrise Care – Vigil');
    expect(squash(await page.locator('.govuk-error-summary__list').textContent())).toBe(
      'Enter why the provider is a concern',
    );
    await expectNoA11yViolations(page);
    await page
      .getByLabel('Why is the provider a concern?')
      .fill(`${CANARY} Repeated missed medication rounds`);
    await click(page, '[data-qa="open-concern-form"] button');

    reference = ((await page.locator('[data-qa="case-reference"]').textContent()) ?? '').trim();
    expect(reference).toMatch(/^VIG-\d{4}-\d{6}$/);
    let c = await TaskListCasePage.verifyOnPage(page, reference, HEADING);
    caseUrl = new URL(page.url()).pathname;
    expect(await c.flash()).toContain('Provider concern opened');
    expect(await c.steps()).toEqual([
      'Decide whether to suspend new referrals: Not started',
      'Decide on a large-scale enquiry: Not started',
      'Submit a service improvement action plan: Cannot start yet',
      'Review the action plan: Cannot start yet',
    ]);
    expect(squash(await page.locator('[data-qa="provider"]').textContent())).toContain('Open to referrals');
    await expectNoA11yViolations(page);

    await c.openStep('Decide whether to suspend new referrals');
    let form = await TaskFormPage.verifyOnPage(page, 'Do you suspend new referrals to the provider?');
    expect(await form.context()).toEqual(['Sunrise Care', `${CANARY} Repeated missed medication rounds`]);
    await expectNoA11yViolations(page);
    await form.submit();
    form = await TaskFormPage.verifyOnPage(page, 'Do you suspend new referrals to the provider?', {
      failed: true,
    });
    expect(await form.errorMessages()).toEqual(['Select whether new referrals are suspended']);
    await expectNoA11yViolations(page);
    await form.choose('Yes, suspend new referrals');
    await form.fill('Why?', 'People are at risk while medication is missed');
    await form.submit();
    c = await TaskListCasePage.verifyOnPage(page, reference, HEADING);
    expect(await c.flash()).toContain('Decision on referrals recorded');
    expect(squash(await page.locator('[data-qa="warning"]').textContent())).toContain(
      'New referrals to Sunrise Care are suspended.',
    );
    expect(await c.steps()).toContain('Decide when referrals resume: Not started');
    await expectNoA11yViolations(page);

    // The providers page shows the suspension and links to the open case.
    await page.goto(`${web.baseUrl}/providers`);
    const after = await providerRow(page, 'Sunrise Care');
    expect(after['referral-status']).toBe('Referrals suspended');
    expect(after['open-cases']).toContain('Provider concern: 1');
    expect(after.concern).toBe(reference);
    expect((await providerRow(page, 'Oakwood Homes'))['referral-status']).toBe('Open to referrals');
    await expectNoA11yViolations(page);
    // Opening a second one for the same provider is not offered; the page links to the open one.
    await page.goto(`${web.baseUrl}/providers/00000000-0000-4000-8000-000000000002/concerns/new`);
    expect(squash(await page.locator('[data-qa="existing"]').textContent())).toContain(reference);
    await expectNoA11yViolations(page);

    // The commissioner asks the provider for an action plan (a manual event of the case).
    await page.goto(`${web.baseUrl}${caseUrl}`);
    await Promise.all([
      page.waitForNavigation(),
      page.locator('[data-qa="actions"]').getByRole('link', { name: 'Ask for an action plan' }).click(),
    ]);
    form = await TaskFormPage.verifyOnPage(page, 'Ask the provider for an action plan');
    await expectNoA11yViolations(page);
    await form.fill('What must the plan cover? (optional)', 'Medication rounds and staff training');
    await form.submit();
    c = await TaskListCasePage.verifyOnPage(page, reference, HEADING);
    expect(await c.flash()).toContain('Action plan requested');
    expect(await c.steps()).toContain('Submit a service improvement action plan: Not started');
    expect(await c.hasStepLink('Submit a service improvement action plan')).toBe(false);
    expect(commissioner.errors).toEqual([]);
    await commissioner.close();
  });

  it('the provider lead submits a plan of two actions and evidences one', async () => {
    const lead = await as(Demo.sunriseLead, caseUrl);
    const page = lead.page;
    let c = await TaskListCasePage.verifyOnPage(page, reference, HEADING);
    expect(squash(await page.locator('[data-qa="warning"]').textContent())).toContain('are suspended');
    // The provider lead completes only its own steps; the commissioner's read as someone else's.
    expect(await c.hasStepLink('Decide when referrals resume')).toBe(false);
    await expectNoA11yViolations(page);
    await c.openStep('Submit a service improvement action plan');
    let form = await TaskFormPage.verifyOnPage(page, 'Submit your service improvement action plan');
    await expectNoA11yViolations(page);
    // No rows at all: refused, the message on the first row.
    await form.submit();
    form = await TaskFormPage.verifyOnPage(page, 'Submit your service improvement action plan', {
      failed: true,
    });
    expect(await form.errorMessages()).toEqual(['Enter at least one action']);
    await expectNoA11yViolations(page);
    await form.fill('Summary of the plan (optional)', 'Medication handling is retrained and audited');
    await form.fill('Action 1', 'Retrain every carer on medication rounds');
    await form.fill('Who owns action 1?', 'Registered manager');
    await form.date('dueOn1', inDays(14));
    // Row 2 left empty; row 3 is the second action (empty rows are ignored).
    await form.fill('Action 3', 'Weekly medication audit');
    await form.fill('Who owns action 3?', 'Deputy manager');
    await form.date('dueOn3', inDays(28));
    await form.submit();
    c = await TaskListCasePage.verifyOnPage(page, reference, HEADING);
    expect(await c.flash()).toContain('2 actions added to the plan');
    // The plan's actions are a task list: each with its owner and due date, open ones linking to the form.
    const plan = page.locator('[data-qa="action-plan"]');
    const items = async () =>
      (await plan.locator('.govuk-task-list__item').allTextContents()).map((t) => squash(t));
    let actions = await items();
    expect(actions).toHaveLength(2);
    expect(actions[0]).toMatch(
      /^Action 1: Retrain every carer on medication rounds Owner: Registered manager\. Due by .+, 5pm\. Evidence: not yet\. Not started$/,
    );
    expect(actions[1]).toMatch(/^Action 2: Weekly medication audit Owner: Deputy manager\. Due by /);
    expect(await plan.getByRole('link', { name: /^Action \d:/ }).count()).toBe(2);
    await expectNoA11yViolations(page);

    await Promise.all([
      page.waitForNavigation(),
      plan.getByRole('link', { name: 'Action 1: Retrain every carer on medication rounds' }).click(),
    ]);
    form = await TaskFormPage.verifyOnPage(page, 'What shows that the action is done?');
    expect((await form.context()).slice(0, 2)).toEqual([
      'Retrain every carer on medication rounds',
      'Registered manager',
    ]);
    await expectNoA11yViolations(page);
    await form.fill('What shows that the action is done?', 'Training records for all 24 carers');
    await form.submit();
    c = await TaskListCasePage.verifyOnPage(page, reference, HEADING);
    expect(await c.flash()).toContain('Evidence recorded');
    actions = await items();
    expect(actions[0]).toContain('Evidence: Training records for all 24 carers Done ');
    expect(actions[0]).toMatch(/Completed$/);
    expect(actions[1]).toContain('Evidence: not yet.');
    expect((await plan.getByRole('link', { name: /^Action \d:/ }).allTextContents()).map(squash)).toEqual([
      'Action 2: Weekly medication audit',
    ]);
    await expectNoA11yViolations(page);
    // The provider lead has no providers page.
    const refused = await page.goto(`${web.baseUrl}/providers`);
    expect(refused?.status()).toBe(403);
    expect(lead.errors).toEqual([]);
    await lead.close();
  });

  it('the commissioner resumes referrals in phases with a weekly cap', async () => {
    const commissioner = await as(Demo.commissioner, caseUrl);
    const page = commissioner.page;
    let c = await TaskListCasePage.verifyOnPage(page, reference, HEADING);
    expect(squash(await page.locator('[data-qa="action-plan"]').textContent())).toContain(
      'Evidence: Training records for all 24 carers',
    );
    await c.openStep('Decide when referrals resume');
    let form = await TaskFormPage.verifyOnPage(page, 'How do new referrals resume?');
    await expectNoA11yViolations(page);
    await form.choose('In phases, with a weekly cap');
    await form.fill('How many new referrals a week?', 'two');
    await form.submit();
    form = await TaskFormPage.verifyOnPage(page, 'How do new referrals resume?', { failed: true });
    expect(await form.errorMessages()).toEqual(['Enter the weekly cap of new referrals as a whole number']);
    await expectNoA11yViolations(page);
    await form.fill('How many new referrals a week?', '2');
    await form.submit();
    c = await TaskListCasePage.verifyOnPage(page, reference, HEADING);
    expect(await c.flash()).toContain('at most 2 a week');
    expect(await page.locator('[data-qa="warning"]').count()).toBe(0);
    const provider = squash(await page.locator('[data-qa="provider"]').textContent());
    expect(provider).toContain('Phased resumption');
    expect(provider).toContain('2 new referrals a week');
    expect(await c.status()).toBe('Phased resumption');
    await expectNoA11yViolations(page);

    await page.goto(`${web.baseUrl}/providers`);
    const row = await providerRow(page, 'Sunrise Care');
    expect(row['referral-status']).toBe('Phased resumption At most 2 new referrals a week');
    await expectNoA11yViolations(page);
    expect(commissioner.errors).toEqual([]);
    await commissioner.close();
  });

  it('another provider’s lead gets the 404 page for the case', async () => {
    const other = await as(Demo.oakwoodLead, '/cases');
    const res = await other.page.goto(`${web.baseUrl}${caseUrl}`);
    expect(res?.status()).toBe(404);
    expect(await other.page.content()).not.toContain(reference);
    await expectNoA11yViolations(other.page);
    await other.close();
  });

  it('refuses the providers page to an officer and an auditor, and audits the refusal', async () => {
    for (const email of [Demo.officer, AUDITOR]) {
      const { page, close } = await as(email, '/providers');
      expect(await page.locator('h1').textContent()).toContain('You cannot do this');
      expect(await page.locator('.govuk-service-navigation').textContent()).not.toContain('Providers');
      await expectNoA11yViolations(page);
      const res = await page.goto(
        `${web.baseUrl}/providers/00000000-0000-4000-8000-000000000002/concerns/new`,
      );
      expect(res?.status()).toBe(403);
      await close();
    }
    const [row] = await stack.sql<{ n: string }>(
      `select count(*)::text as n from audit_events where action = 'case.access_refused' and details->>'attempted' = 'providers.read'`,
    );
    expect(Number(row.n)).toBeGreaterThanOrEqual(2);
  });
});
