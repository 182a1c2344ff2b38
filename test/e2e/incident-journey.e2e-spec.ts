import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '@vigil/access';
import type { Browser, Page } from 'playwright-core';
import { CANARY } from '../factories/concern.factory';
import { Demo, Stack } from '../support/stack';
import { EnquiryPage as TaskListCasePage, TaskFormPage } from './pages/enquiry.page';
import { QuestionPage, RaiseFlowPages } from './pages/question.page';
import { SignInPage } from './pages/sign-in.page';
import { expectNoA11yViolations, launchChromium, newContext } from './support/browser';
import { startWebServer, type WebServer } from './support/web-server';

/*
 * Issue 9's serious incident in Chromium against the real stack: a provider lead reports an allegation of
 * abuse (one question per page), sees its steps and the offer to raise the concern or allegation it may also
 * be, and records the CQC decision (refused first without its reference); the commissioner records the
 * meeting decision. axe on every page on the way.
 */
const HEADING = 'Serious incident';

describe('serious incident journey in Chromium', () => {
  let stack: Stack;
  let web: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    stack = await Stack.start({ name: 'e2e-incident' });
    web = await startWebServer(stack.config);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.app.close();
    await stack?.stop();
  });

  async function signedIn(email: string, path: string): Promise<{ page: Page; close: () => Promise<void> }> {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${web.baseUrl}${path}`);
    await (await SignInPage.verifyOnPage(page)).signIn(email, DEMO_PASSWORD);
    return { page, close: () => context.close() };
  }

  it('a provider lead reports an incident; the provider and the commissioner work its steps', async () => {
    const lead = await signedIn(Demo.sunriseLead, '/incidents/new');
    const page = lead.page;
    const flow = new RaiseFlowPages(page);
    expect(await page.locator('h1').textContent()).toBe('Report a serious incident');
    await expectNoA11yViolations(page);
    await flow.startNow();
    let q = await QuestionPage.verifyOnPage(page, 'What kind of serious incident is it?');
    await expectNoA11yViolations(page);
    await q.choose('Allegation of abuse');
    await q.continue();
    q = await QuestionPage.verifyOnPage(page, 'When did it happen?');
    const now = new Date(Date.now() - 2 * 3_600_000);
    await page.locator('#occurredOn-day').fill(String(now.getUTCDate()));
    await page.locator('#occurredOn-month').fill(String(now.getUTCMonth() + 1));
    await page.locator('#occurredOn-year').fill(String(now.getUTCFullYear()));
    await page.locator('#occurredTime').fill('12:01am');
    await q.continue();
    q = await QuestionPage.verifyOnPage(page, 'When did you become aware of it?');
    await q.continue();
    q = await QuestionPage.verifyOnPage(page, 'Was personal data lost, stolen or exposed?');
    await q.choose('No');
    await q.continue();
    q = await QuestionPage.verifyOnPage(page, 'What happened?');
    await q.fill('What happened?', `${CANARY} a resident says a carer slapped her`);
    await q.continue();
    expect(await flow.answers()).toContain('Kind: Allegation of abuse');
    await flow.send();
    const reference = await flow.reference();
    await Promise.all([page.waitForNavigation(), page.locator('[data-qa="case-link"]').click()]);
    let c = await TaskListCasePage.verifyOnPage(page, reference, HEADING);
    expect(await c.steps()).toEqual([
      'Decide on a serious-incident meeting: Not started',
      'Complete the initial review: Not started',
      'Send the duty-of-candour letter: Not started',
      'Notify the CQC: Not started',
      'Submit the investigation report: Not started',
      'Accept the learning: Cannot start yet',
    ]);
    // It may also be a concern or an allegation: the page offers both.
    const incidentId = new URL(page.url()).pathname.split('/').at(-1);
    expect(await page.locator('[data-qa="raise-concern"]').getAttribute('href')).toBe(
      `/concerns/new?from=${incidentId}`,
    );
    expect(await page.locator('[data-qa="raise-allegation"]').getAttribute('href')).toBe(
      `/allegations/new?from=${incidentId}`,
    );
    await expectNoA11yViolations(page);
    await c.openStep('Notify the CQC');
    let form = await TaskFormPage.verifyOnPage(page, 'Have you notified the CQC?');
    await expectNoA11yViolations(page);
    await form.choose('Yes');
    await form.date('notifiedOn', new Date().toISOString().slice(0, 10));
    await form.submit();
    form = await TaskFormPage.verifyOnPage(page, 'Have you notified the CQC?', { failed: true });
    expect(await form.errorMessages()).toEqual(['Enter the reference it was given']);
    await expectNoA11yViolations(page);
    await form.fill('The reference they gave', 'CQC-2026-0001');
    await form.submit();
    c = await TaskListCasePage.verifyOnPage(page, reference, HEADING);
    expect((await c.steps())[3]).toBe('Notify the CQC: Completed');
    const caseUrl = page.url();
    await lead.close();

    const commissioner = await signedIn(Demo.commissioner, new URL(caseUrl).pathname);
    c = await TaskListCasePage.verifyOnPage(commissioner.page, reference, HEADING);
    await c.openStep('Decide on a serious-incident meeting');
    form = await TaskFormPage.verifyOnPage(commissioner.page, 'Is a serious-incident meeting needed?');
    await expectNoA11yViolations(commissioner.page);
    await form.choose('Yes');
    await form.fill('Why?', 'A resident was harmed');
    await form.submit();
    c = await TaskListCasePage.verifyOnPage(commissioner.page, reference, HEADING);
    expect((await c.steps())[0]).toBe('Decide on a serious-incident meeting: Completed');
    await commissioner.close();
  });
});
