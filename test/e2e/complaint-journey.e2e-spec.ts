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
 * Issue 9's complaint in Chromium against the real stack: a provider lead records a complaint that affects
 * the person's care (one question per page), tells the social worker, acknowledges it, agrees a later
 * response date (the original stays on record), responds, shares the outcome and closes it. axe on every
 * page on the way.
 */
const HEADING = 'Complaint';

describe('complaint journey in Chromium', () => {
  let stack: Stack;
  let web: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    stack = await Stack.start({ name: 'e2e-complaint' });
    web = await startWebServer(stack.config);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.app.close();
    await stack?.stop();
  });

  const today = () => new Date().toISOString().slice(0, 10);

  async function step(
    page: Page,
    reference: string,
    name: string,
    question: string,
    fill: (form: TaskFormPage) => Promise<void>,
    failFirst?: string[],
  ): Promise<TaskListCasePage> {
    await (await TaskListCasePage.verifyOnPage(page, reference, HEADING)).openStep(name);
    let form = await TaskFormPage.verifyOnPage(page, question);
    await expectNoA11yViolations(page);
    if (failFirst) {
      await form.submit();
      form = await TaskFormPage.verifyOnPage(page, question, { failed: true });
      expect(await form.errorMessages()).toEqual(failFirst);
      await expectNoA11yViolations(page);
    }
    await fill(form);
    await form.submit();
    return TaskListCasePage.verifyOnPage(page, reference, HEADING);
  }

  it('a provider lead records a complaint that affects care and takes it to closure', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${web.baseUrl}/complaints/new`);
    await (await SignInPage.verifyOnPage(page)).signIn(Demo.sunriseLead, DEMO_PASSWORD);
    const flow = new RaiseFlowPages(page);
    expect(await page.locator('h1').textContent()).toBe('Record a complaint');
    await expectNoA11yViolations(page);
    await flow.startNow();

    let q = await QuestionPage.verifyOnPage(page, 'When was the complaint received?');
    await q.continue();
    q = await QuestionPage.verifyOnPage(page, 'When was the complaint received?', { failed: true });
    expect(await q.errorMessages()).toEqual([
      'Enter the date it was received',
      'Enter the time it was received',
    ]);
    await expectNoA11yViolations(page);
    const [y, m, d] = today().split('-');
    await page.locator('#receivedOn-day').fill(String(Number(d)));
    await page.locator('#receivedOn-month').fill(String(Number(m)));
    await page.locator('#receivedOn-year').fill(y);
    await q.fill('Time', '12:01am');
    await q.continue();
    q = await QuestionPage.verifyOnPage(page, 'Does the complaint affect or prevent the person’s care?');
    await q.choose('Yes');
    await q.continue();
    q = await QuestionPage.verifyOnPage(page, 'Who made the complaint?');
    await q.fill('Who made the complaint?', 'The person’s daughter');
    await q.continue();
    q = await QuestionPage.verifyOnPage(page, 'What is the complaint about?');
    await expectNoA11yViolations(page);
    await q.fill('What is the complaint about?', `${CANARY} evening calls cut short`);
    await q.continue();
    expect(await flow.answers()).toEqual([
      expect.stringMatching(/^Received: \d{1,2} \w+ \d{4}, 12:01am$/),
      'Affects or prevents care: Yes',
      'Complainant: The person’s daughter',
      `Complaint: ${CANARY} evening calls cut short`,
    ]);
    await flow.send();
    expect(((await page.locator('h1').textContent()) ?? '').trim()).toBe('Complaint recorded');
    const reference = await flow.reference();
    await expectNoA11yViolations(page);
    await Promise.all([page.waitForNavigation(), page.locator('[data-qa="case-link"]').click()]);
    let c = await TaskListCasePage.verifyOnPage(page, reference, HEADING);
    expect(await c.steps()).toEqual([
      'Acknowledge the complaint: Not started',
      'Tell the person’s social worker: Not started',
      'Respond to the complainant: Not started',
      'Share the outcome with the council: Cannot start yet',
    ]);
    // Each open duty says when it is due, in London time; the 24-hour notice runs from receipt.
    const [ack, notice, respond, share] = await c.hints();
    for (const hint of [ack, respond]) expect(hint).toMatch(/^Due by \d{1,2} \w+ \d{4}, 5pm\.$/);
    expect(notice).toMatch(/^Due by \d{1,2} \w+ \d{4}, 12:01am\.$/);
    expect(share).toBe('');
    await expectNoA11yViolations(page);

    c = await step(
      page,
      reference,
      'Tell the person’s social worker',
      'When did you tell the person’s social worker?',
      async (form) => {
        await form.date('notifiedAt', today());
        await form.fill('Time', '12:05am');
        await form.choose('By phone');
      },
      [
        'Select how you told the social worker',
        'Enter the date and time you told them, like 27 3 2026 and 14:30',
      ],
    );
    c = await step(
      page,
      reference,
      'Acknowledge the complaint',
      'When did you acknowledge the complaint?',
      (form) => form.date('acknowledgedOn', today()),
    );
    expect(await c.status()).toBe('Acknowledged');

    // A later response date, agreed with the complainant.
    await Promise.all([page.waitForNavigation(), page.locator('[data-qa="extend"]').click()]);
    let form = await TaskFormPage.verifyOnPage(page, 'Agree a later date');
    await expectNoA11yViolations(page);
    const agreed = new Date(Date.now() + 35 * 86_400_000).toISOString().slice(0, 10);
    await form.date('dueOn', agreed);
    await form.submit();
    form = await TaskFormPage.verifyOnPage(page, 'Agree a later date', { failed: true });
    expect(await form.errorMessages()).toEqual(['Enter why the date moves']);
    await form.fill('Why does the date move?', 'The daughter is sending letters first');
    await form.submit();
    c = await TaskListCasePage.verifyOnPage(page, reference, HEADING);
    expect(await c.flash()).toContain('Due date moved');

    c = await step(
      page,
      reference,
      'Respond to the complainant',
      'Record the response to the complainant',
      async (f) => {
        await f.date('respondedOn', today());
        await f.choose('Partly upheld');
      },
    );
    expect(await c.status()).toBe('Responded');
    c = await step(
      page,
      reference,
      'Share the outcome with the council',
      'When did you share the outcome with the council?',
      (f) => f.date('sharedOn', today()),
    );
    await Promise.all([page.waitForNavigation(), page.locator('[data-qa="close-case"]').click()]);
    form = await TaskFormPage.verifyOnPage(page, 'What is the outcome?');
    await expectNoA11yViolations(page);
    await form.choose('Partly upheld');
    await form.choose('Yes');
    await form.fill('Why can the case close?', 'Apology given; rota changed');
    await form.submit();
    c = await TaskListCasePage.verifyOnPage(page, reference, HEADING);
    expect(await c.status()).toBe('Closed');
    expect(await page.locator('[data-qa="handling"]').textContent()).toContain(
      'Resolved at the provider’s stage',
    );
    await expectNoA11yViolations(page);
    await context.close();
  });
});
