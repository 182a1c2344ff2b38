import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '@vigil/access';
import type { Browser, Page } from 'playwright-core';
import { londonDateTime } from '@vigil/domain';
import { Demo, Stack } from '../support/stack';
import { AuditTrailPage } from './pages/audit-trail.page';
import { CaseListPage } from './pages/case-list.page';
import { CasePage } from './pages/case.page';
import { MessagePage } from './pages/message.page';
import { SignInPage } from './pages/sign-in.page';
import { launchChromium, newContext } from './support/browser';
import { startWebServer, type WebServer } from './support/web-server';

/*
 * The staff journey in Chromium against the real stack (PostgreSQL, Temporal with the worker, SMTP):
 * a provider lead's case list, an officer's triage decision, a manager's audit trail and CSV, sign-out.
 */
describe('case journey in Chromium', () => {
  let stack: Stack;
  let web: WebServer;
  let browser: Browser;
  let concern: { id: string; reference: string };

  beforeAll(async () => {
    stack = await Stack.start({ name: 'e2e-journey' });
    web = await startWebServer(stack.config);
    browser = await launchChromium();
    concern = await stack.raiseConcern(Demo.sunriseLead);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.app.close();
    await stack?.stop();
  });

  /** Opens `path`, is sent to sign in, signs in, and lands back on `path`. */
  async function signInVia(page: Page, path: string, email: string): Promise<void> {
    await page.goto(`${web.baseUrl}${path}`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    const signIn = await SignInPage.verifyOnPage(page);
    await signIn.signIn(email, DEMO_PASSWORD);
    expect(new URL(page.url()).pathname).toBe(path);
  }

  it('a provider safeguarding lead signs in and sees their organisation’s cases', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInVia(page, '/cases', Demo.sunriseLead);
    const list = await CaseListPage.verifyOnPage(page);
    expect(await list.role()).toBe('Provider safeguarding lead');
    expect(await list.count()).toBe('Showing 1 to 1 of 1 case');
    const [row] = await list.rows();
    expect(row).toEqual(
      expect.objectContaining({
        reference: concern.reference,
        status: 'Awaiting triage',
        provider: 'Sunrise Care',
      }),
    );
    expect(row.due).toMatch(
      /^(Due today|Due tomorrow|Due in \d+ days|Overdue by \d+ \w+) \d{1,2} \w+ \d{4}, /,
    );
    await list.open(concern.reference);
    const overview = await CasePage.verifyOnPage(page, concern.reference);
    // Providers see the case and its clocks, but triage is the council's.
    expect(await overview.hasDecisionForm()).toBe(false);
    await context.close();
  });

  it('a council officer opens the case, records a triage decision and sees it on the timeline', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    // Nothing the pages do may trip the CSP or fail in the console (GOV.UK and MOJ scripts included).
    // (A failed submit answers 400, which the console reports for the document: subresources are checked
    // by their responses instead.)
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    });
    page.on('response', (r) => {
      if (r.request().resourceType() !== 'document' && r.status() >= 400)
        errors.push(`${r.status()} ${r.url()}`);
    });
    await signInVia(page, '/cases', Demo.officer);
    const list = await CaseListPage.verifyOnPage(page);
    await list.open(concern.reference);
    let overview = await CasePage.verifyOnPage(page, concern.reference);
    expect(await overview.status()).toBe('Awaiting triage');
    expect(await overview.tasks()).toEqual([
      expect.stringMatching(/^Triage decision: To do\. (Due|Overdue)/),
      // The provider's duty, shown to the council too (it is not theirs to do, so not a link).
      expect.stringMatching(/^Review the care plan: To do\. (Due|Overdue)/),
    ]);
    expect(await overview.hasDecisionForm()).toBe(true);

    await overview.decide('', '');
    overview = await CasePage.verifyOnPage(page, concern.reference, { failed: true });
    expect(
      (await page.locator('.govuk-error-summary__list a').allTextContents()).map((t) => t.trim()),
    ).toEqual(['Select a decision', 'Enter the rationale for the decision']);
    expect(await overview.status()).toBe('Awaiting triage');

    await overview.decide('Section 42 enquiry', 'Pattern of missed medication; strategy discussion needed');
    expect(new URL(page.url()).pathname).toBe(`/cases/${concern.id}`);
    overview = await CasePage.verifyOnPage(page, concern.reference);
    expect(await overview.flash()).toContain('Triage decision recorded');
    expect(await overview.status()).toBe('Enquiry open');
    expect(await overview.hasDecisionForm()).toBe(false);
    const timeline = await overview.timeline();
    expect(timeline[0]).toEqual(
      expect.objectContaining({
        title: 'Triage decision: Section 42 enquiry',
        text: 'Rationale: Pattern of missed medication; strategy discussion needed',
      }),
    );
    expect(timeline[timeline.length - 1].title).toBe('Concern raised');
    for (const entry of timeline) {
      expect(entry.datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      // Shown in London time, GOV.UK style: "4 March 2026, 2:15pm".
      expect(entry.when).toBe(londonDateTime(entry.datetime));
      expect(entry.when).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}, (\d{1,2}(:\d{2})?(am|pm)|midday|midnight)$/);
    }
    const instants = timeline.map((e) => Date.parse(e.datetime));
    expect([...instants].sort((a, b) => b - a)).toEqual(instants);
    // Reloading shows the banner once only (Post/Redirect/Get with a one-time message).
    await page.reload();
    expect(await page.locator('[data-qa="flash"]').count()).toBe(0);
    const [stored] = await stack.sql<{ status: string }>('select status from cases where id = $1', [
      concern.id,
    ]);
    expect(stored.status).toBe('enquiry_open');
    expect(await page.evaluate('document.body.classList.contains("govuk-frontend-supported")')).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a team manager reads the audit trail, downloads it as CSV, signs out and is bounced from /cases', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInVia(page, `/cases/${concern.id}`, Demo.manager);
    const overview = await CasePage.verifyOnPage(page, concern.reference);
    expect(await overview.subNavigation()).toEqual(['Overview', 'Audit trail']);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Audit trail' }).click()]);
    const trail = await AuditTrailPage.verifyOnPage(page, concern.reference);
    const actions = await trail.actions();
    expect(actions[0]).toBe('Case created');
    expect(actions).toEqual(expect.arrayContaining(['Case viewed', 'Triage decision recorded']));
    const times = (await trail.times()).map((t) => Date.parse(t));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    const csv = await page.request.get(`${web.baseUrl}${await trail.csvHref()}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers()['content-disposition']).toBe(`attachment; filename="case-${concern.id}-audit.csv"`);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe(
      'id,seq,at,action,outcome,actor_user_id,actor_role,actor_organisation_id,ip,correlation_id,details',
    );
    expect(lines.some((l) => l.includes(',case.created,'))).toBe(true);
    expect(lines.some((l) => l.includes(',case.triaged,'))).toBe(true);
    expect(lines.some((l) => l.includes(',case.audit_read,'))).toBe(true);
    expect(await csv.text()).not.toContain('Canary');

    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign out' }).click()]);
    await MessagePage.verifyOnPage(page, 'You have signed out');
    await page.goto(`${web.baseUrl}/cases`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(new URL(page.url()).searchParams.get('returnTo')).toBe('/cases');
    await SignInPage.verifyOnPage(page);
    await context.close();
  });

  it('keyboard only: the skip link reaches the content, and a failed sign-in focuses the error summary', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${web.baseUrl}/sign-in`);
    await page.waitForFunction('document.body.classList.contains("govuk-frontend-supported")');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent.trim()')).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main-content');

    // Tab on to the email field, type, and submit with Enter (no password).
    for (let i = 0; i < 20 && (await page.evaluate('document.activeElement.id')) !== 'email'; i += 1) {
      await page.keyboard.press('Tab');
    }
    expect(await page.evaluate('document.activeElement.id')).toBe('email');
    await page.keyboard.type(Demo.officer);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    const signIn = await SignInPage.verifyOnPage(page, { failed: true });
    expect(await signIn.errorMessages()).toEqual(['Enter your password']);
    await page.waitForFunction('document.activeElement.classList.contains("govuk-error-summary")');
    // The summary's link takes focus to the field in error.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent.trim()')).toBe('Enter your password');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('password');
    await page.keyboard.type(DEMO_PASSWORD);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await CaseListPage.verifyOnPage(page);
    await context.close();
  });
});
