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
 * Issue 9's commissioner notification in Chromium against the real stack: a provider lead notifies a
 * hospital admission they knew of three days ago (so it is late, and the reason is asked for on its own page
 * when it is missing); the commissioner sees it in their work queue and acknowledges it. axe on every page.
 */
const HEADING = 'Commissioner notification';

describe('commissioner notification journey in Chromium', () => {
  let stack: Stack;
  let web: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    stack = await Stack.start({ name: 'e2e-notification' });
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
  const fillWhen = async (page: Page, name: string, at: Date) => {
    await page.locator(`#${name}On-day`).fill(String(at.getUTCDate()));
    await page.locator(`#${name}On-month`).fill(String(at.getUTCMonth() + 1));
    await page.locator(`#${name}On-year`).fill(String(at.getUTCFullYear()));
    await page.locator(`#${name}Time`).fill('10:00');
  };

  it('a late notification needs its reason; the commissioner acknowledges it from their queue', async () => {
    const lead = await signedIn(Demo.sunriseLead, '/notifications/new');
    const page = lead.page;
    const flow = new RaiseFlowPages(page);
    expect(await page.locator('h1').textContent()).toBe('Notify the commissioner');
    await expectNoA11yViolations(page);
    await flow.startNow();
    let q = await QuestionPage.verifyOnPage(page, 'What are you notifying the commissioner of?');
    await q.choose('Hospital admission');
    await q.continue();
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000);
    q = await QuestionPage.verifyOnPage(page, 'When did it happen?');
    await expectNoA11yViolations(page);
    await fillWhen(page, 'occurred', threeDaysAgo);
    await q.continue();
    q = await QuestionPage.verifyOnPage(page, 'When did you become aware of it?');
    await q.continue();
    q = await QuestionPage.verifyOnPage(page, 'What happened?');
    await q.fill('What happened?', `${CANARY} admitted after a fall`);
    await q.continue();
    q = await QuestionPage.verifyOnPage(page, 'If this is more than 24 hours after you knew, why?');
    await q.continue();
    await flow.send();
    // Late without a reason: the page that asks for it, with the reason it is needed.
    q = await QuestionPage.verifyOnPage(page, 'If this is more than 24 hours after you knew, why?', {
      failed: true,
    });
    expect(await q.errorMessages()).toEqual([
      'This notification is past its window: say why it was not sent sooner',
    ]);
    await expectNoA11yViolations(page);
    await q.fill('If this is more than 24 hours after you knew, why?', 'The family told us only today');
    await q.continue();
    await flow.send();
    const reference = await flow.reference();
    await Promise.all([page.waitForNavigation(), page.locator('[data-qa="case-link"]').click()]);
    const sent = await TaskListCasePage.verifyOnPage(page, reference, HEADING);
    expect(await sent.status()).toBe('Sent late');
    expect(await page.locator('[data-qa="warning"]').textContent()).toContain('Sent late');
    await expectNoA11yViolations(page);
    await lead.close();

    const commissioner = await signedIn(Demo.commissioner, '/queue');
    const row = commissioner.page.getByRole('link', { name: reference });
    expect(await row.count()).toBeGreaterThan(0);
    await commissioner.page.goto(`${web.baseUrl}${new URL(page.url()).pathname}`);
    const c = await TaskListCasePage.verifyOnPage(commissioner.page, reference, HEADING);
    await c.openStep('Acknowledge the notification');
    const form = await TaskFormPage.verifyOnPage(commissioner.page, 'Acknowledge the notification');
    await expectNoA11yViolations(commissioner.page);
    await form.submit();
    const done = await TaskListCasePage.verifyOnPage(commissioner.page, reference, HEADING);
    expect(await done.status()).toBe('Acknowledged');
    await commissioner.close();
  });
});
