import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '@vigil/access';
import type { Browser, Page } from 'playwright-core';
import { CANARY } from '../factories/concern.factory';
import { Demo, Stack } from '../support/stack';
import { CasePage } from './pages/case.page';
import { QuestionPage, RaiseFlowPages } from './pages/question.page';
import { SignInPage } from './pages/sign-in.page';
import { expectNoA11yViolations, launchChromium, newContext, type ContextOptions } from './support/browser';
import { startWebServer, type WebServer } from './support/web-server';

/*
 * Issue 11, part 1, in Chromium against the real stack: a provider lead raises a safeguarding concern at
 * /concerns/new one question per page, with the conditional "Have you called 999?" and the reason consent
 * was not asked; the concern reaches the council (its triage clock running, its email sent). axe on every
 * page, also without scripts and at 320 px for the first question. Other roles cannot raise one here.
 */
const adult = `${CANARY} Edith Example`;

describe('raising a concern in Chromium', () => {
  let stack: Stack;
  let web: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    stack = await Stack.start({ name: 'e2e-concern-raise' });
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
    options: ContextOptions = {},
  ): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
    const context = await newContext(browser, options);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${web.baseUrl}${path}`);
    await (await SignInPage.verifyOnPage(page)).signIn(email, DEMO_PASSWORD);
    expect(new URL(page.url()).pathname).toBe(path);
    return { page, errors, close: () => context.close() };
  }

  async function answer(
    page: Page,
    question: string,
    fill: (q: QuestionPage) => Promise<void>,
    failFirst?: string[],
  ): Promise<void> {
    let q = await QuestionPage.verifyOnPage(page, question);
    await expectNoA11yViolations(page);
    if (failFirst) {
      await q.continue();
      q = await QuestionPage.verifyOnPage(page, question, { failed: true });
      expect(await q.errorMessages()).toEqual(failFirst);
      await expectNoA11yViolations(page);
    }
    await fill(q);
    await q.continue();
  }

  it('a provider lead raises a concern with an immediate risk, and the council is told', async () => {
    const { page, errors, close } = await as(Demo.sunriseLead, '/concerns/new');
    const flow = new RaiseFlowPages(page);
    expect(await page.locator('h1').textContent()).toBe('Raise a safeguarding concern');
    await expectNoA11yViolations(page);
    await flow.startNow();
    await answer(
      page,
      'Who is at risk?',
      async (q) => {
        await q.fill('Full name', adult);
        await page.locator('#dateOfBirth-day').fill('30');
        await page.locator('#dateOfBirth-month').fill('7');
        await page.locator('#dateOfBirth-year').fill('1941');
      },
      ['Enter the adult’s full name'],
    );
    await answer(page, 'What happened?', (q) => q.fill('What happened?', `${CANARY} bruises on both arms`), [
      'Enter what happened',
    ]);
    await answer(
      page,
      'When did it happen?',
      async (q) => {
        const yesterday = new Date(Date.now() - 86_400_000);
        await page.locator('#occurredOn-day').fill(String(yesterday.getUTCDate()));
        await page.locator('#occurredOn-month').fill(String(yesterday.getUTCMonth() + 1));
        await page.locator('#occurredOn-year').fill(String(yesterday.getUTCFullYear()));
        await q.fill('Time (if you know it)', '7:45pm');
      },
      ['Enter the date it happened'],
    );
    await answer(page, 'What type of abuse or neglect is it?', (q) => q.choose('Physical abuse'), [
      'Select the type of abuse or neglect',
    ]);
    await answer(page, 'Is the adult at immediate risk?', (q) => q.choose('Yes'));
    await answer(page, 'Have you called 999?', (q) => q.choose('Yes'), ['Select yes if you have called 999']);
    // "Not asked" reveals the reason, which is then required.
    let consent = await QuestionPage.verifyOnPage(
      page,
      'Has the adult consented to this concern being raised?',
    );
    await consent.choose('Not asked');
    await consent.continue();
    consent = await QuestionPage.verifyOnPage(page, 'Has the adult consented to this concern being raised?', {
      failed: true,
    });
    expect(await consent.errorMessages()).toEqual(['Enter why the adult was not asked']);
    await expectNoA11yViolations(page);
    await consent.fill('Why was the adult not asked?', 'She was taken to hospital before we could ask');
    await consent.continue();
    await answer(page, 'What does the adult want to happen?', async () => undefined);
    expect(await flow.answers()).toEqual([
      `Adult at risk: ${adult}`,
      'Date of birth: 30 July 1941',
      `What happened: ${CANARY} bruises on both arms`,
      expect.stringMatching(/^When it happened: \d{1,2} \w+ \d{4}, 7:45pm$/),
      'Type of abuse or neglect: Physical abuse',
      'Immediate risk: Yes',
      '999 called: Yes',
      'Consent: Not asked',
      'Why consent was not asked: She was taken to hospital before we could ask',
      'What the adult wants: Not known',
    ]);
    await expectNoA11yViolations(page);
    await flow.send();
    expect(((await page.locator('h1').textContent()) ?? '').trim()).toBe('Concern raised');
    const reference = await flow.reference();
    await expectNoA11yViolations(page);
    await Promise.all([page.waitForNavigation(), page.locator('[data-qa="case-link"]').click()]);
    const overview = await CasePage.verifyOnPage(page, reference);
    expect(await page.locator('main').textContent()).toContain('Emergency services (999) called');
    expect(overview).toBeDefined();
    // The council is told by reference; the urgent triage clock runs.
    const [mail] = await stack.inbox.waitFor(
      (m) => m.subject.includes(reference) && m.to.includes(Demo.officer),
    );
    expect(mail.raw).not.toContain(CANARY);
    const [row] = await stack.sql<{
      immediate_risk: boolean;
      emergency_services_called: boolean;
      consent_reason: string;
    }>(
      `select immediate_risk, emergency_services_called, consent_reason from concerns c
         join cases k on k.id = c.case_id where k.reference = $1`,
      [reference],
    );
    expect(row).toEqual({
      immediate_risk: true,
      emergency_services_called: true,
      consent_reason: 'She was taken to hospital before we could ask',
    });
    expect(errors).toEqual([]);
    await close();
  });

  it('the first question is accessible without scripts and at 320 px', async () => {
    for (const options of [{ blockScripts: true }, { width: 320 }] as ContextOptions[]) {
      const { page, close } = await as(Demo.oakwoodLead, '/concerns/new', options);
      await new RaiseFlowPages(page).startNow();
      await QuestionPage.verifyOnPage(page, 'Who is at risk?');
      await expectNoA11yViolations(page);
      await close();
    }
  });

  it('refuses roles that do not raise concerns', async () => {
    const { page, close } = await as(Demo.officer, '/cases');
    const res = await page.goto(`${web.baseUrl}/concerns/new`);
    expect(res?.status()).toBe(403);
    await close();
  });
});
