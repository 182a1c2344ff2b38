import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '@vigil/access';
import type { Browser, Page } from 'playwright-core';
import { CANARY } from '../factories/concern.factory';
import { Demo, Stack } from '../support/stack';
import { CasePage } from './pages/case.page';
import { EnquiryPage, TaskFormPage } from './pages/enquiry.page';
import { SignInPage } from './pages/sign-in.page';
import { expectNoA11yViolations, launchChromium, newContext, type ContextOptions } from './support/browser';
import { startWebServer, type WebServer } from './support/web-server';

/*
 * Issue 7's journey in Chromium against the real stack: a concern triaged into a provider-caused Section 42
 * enquiry, the provider's report (returned once, then sent again), the outcome, the plan decision, a
 * manager's sign-off refused until the provider has reviewed the care plan, then given, after which the
 * concern is closed. axe runs on every page on the way, empty and after
 * a failed submit; the enquiry page also without its scripts and at 320 px.
 */
describe('Section 42 enquiry journey in Chromium', () => {
  let stack: Stack;
  let web: WebServer;
  let browser: Browser;
  let concern: { id: string; reference: string };
  let enquiry: { id: string; reference: string };

  beforeAll(async () => {
    stack = await Stack.start({ name: 'e2e-enquiry' });
    web = await startWebServer(stack.config);
    browser = await launchChromium();
    concern = await stack.raiseConcern(Demo.sunriseLead);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.app.close();
    await stack?.stop();
  });

  /** A fresh browser signed in as `email`, on `path`, with every console error collected. */
  async function as(
    email: string,
    path: string,
    options: ContextOptions = {},
  ): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
    const context = await newContext(browser, options);
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

  /** Opens a step from the enquiry page, checks its form (and axe), answers it and lands back on the enquiry. */
  async function doStep(
    page: Page,
    step: string,
    question: string,
    answer: (form: TaskFormPage) => Promise<void>,
    options: { failFirst?: string[] } = {},
  ): Promise<EnquiryPage> {
    await (await EnquiryPage.verifyOnPage(page, enquiry.reference)).openStep(step);
    let form = await TaskFormPage.verifyOnPage(page, question);
    await expectNoA11yViolations(page);
    if (options.failFirst) {
      await form.submit();
      form = await TaskFormPage.verifyOnPage(page, question, { failed: true });
      expect(await form.errorMessages()).toEqual(options.failFirst);
      await expectNoA11yViolations(page);
    }
    await answer(form);
    await form.submit();
    expect(new URL(page.url()).pathname).toBe(`/cases/${enquiry.id}`);
    return EnquiryPage.verifyOnPage(page, enquiry.reference);
  }

  it('an officer triages the concern into an enquiry and works its first steps', async () => {
    const { page, errors, close } = await as(Demo.officer, `/cases/${concern.id}`);
    const overview = await CasePage.verifyOnPage(page, concern.reference);
    await overview.decide('Section 42 enquiry', 'Bruising and missed medication: enquiry needed');
    const linked = page.locator('[data-qa="links"] a');
    expect(await linked.count()).toBe(1);
    const [text] = await linked.allTextContents();
    expect(text).toMatch(/^Section 42 enquiry VIG-\d{4}-\d{6}$/);
    enquiry = {
      id: (await linked.getAttribute('href'))!.replace('/cases/', ''),
      reference: text.replace('Section 42 enquiry ', ''),
    };
    await Promise.all([page.waitForNavigation(), linked.click()]);
    let page1 = await EnquiryPage.verifyOnPage(page, enquiry.reference);
    expect(await page1.status()).toBe('Planning');
    expect(await page1.steps()).toEqual([
      'Record the adult’s views (Making Safeguarding Personal): Not started',
      'Decide who leads the enquiry: Not started',
      'Submit the provider’s enquiry report: Cannot start yet',
      'Record the outcome: Not started',
      'Agree a safeguarding plan: Cannot start yet',
      'Review the safeguarding plan: Cannot start yet',
      'Sign off the enquiry: Cannot start yet',
    ]);
    await expectNoA11yViolations(page);

    page1 = await doStep(
      page,
      'Record the adult’s views (Making Safeguarding Personal)',
      'Were the adult’s desired outcomes asked?',
      async (form) => {
        await form.choose('Asked, and the adult expressed desired outcomes');
        await form.fill('What outcomes does the adult want?', 'To stay in her flat');
        await form.choose('Has capacity');
        await form.choose('No');
      },
      { failFirst: ['Select whether the adult’s desired outcomes were asked'] },
    );
    expect(await page1.flash()).toContain('The adult’s views are recorded');

    page1 = await doStep(
      page,
      'Decide who leads the enquiry',
      'Who will lead the enquiry?',
      async (form) => {
        await form.choose('The provider is caused to make enquiries');
        await form.fill('Scope of the provider’s enquiry', 'Evening medication rounds in November');
        await form.fill('Questions the provider must answer', 'Who gave the evening doses?');
      },
      { failFirst: ['Select who will lead the enquiry'] },
    );
    expect(await page1.status()).toBe('Awaiting provider report');
    expect((await page1.steps())[2]).toBe('Submit the provider’s enquiry report: Not started');
    // The report is the provider's: the officer sees the step, not a link to it.
    expect(await page1.hasStepLink('Submit the provider’s enquiry report')).toBe(false);
    expect(errors).toEqual([]);
    await close();
  });

  it('the provider lead sends the report; the officer returns it; the provider sends it again', async () => {
    const lead = await as(Demo.sunriseLead, `/cases/${enquiry.id}`);
    await doStep(
      lead.page,
      'Submit the provider’s enquiry report',
      'Send your enquiry report',
      async (form) => {
        expect(await form.context()).toEqual([
          'Evening medication rounds in November',
          'Who gave the evening doses?',
        ]);
        await form.fill('Your report', 'Agency staff missed two rounds; retrained and rota changed');
      },
    );
    expect(await (await EnquiryPage.verifyOnPage(lead.page, enquiry.reference)).status()).toBe('In progress');
    await lead.close();

    const officer = await as(Demo.officer, `/cases/${enquiry.id}`);
    await Promise.all([
      officer.page.waitForNavigation(),
      officer.page.locator('[data-qa="return-report"]').click(),
    ]);
    let form = await TaskFormPage.verifyOnPage(officer.page, 'Return the report to the provider');
    const returnUrl = officer.page.url();
    await expectNoA11yViolations(officer.page);
    await form.submit();
    form = await TaskFormPage.verifyOnPage(officer.page, 'Return the report to the provider', {
      failed: true,
    });
    expect(await form.errorMessages()).toEqual([
      'Enter why the report is returned',
      'The new due date must be a real date like 2026-03-04',
    ]);
    await expectNoA11yViolations(officer.page);
    await form.fill('What does the provider need to do?', 'Name who leads each round');
    await form.date('reportDueOn', new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10));
    await form.submit();
    const returned = await EnquiryPage.verifyOnPage(officer.page, enquiry.reference);
    expect(await returned.status()).toBe('Awaiting provider report');
    await officer.close();

    const again = await as(Demo.sunriseLead, `/cases/${enquiry.id}`);
    // The return form is the officer's: the provider lead who sent the report is refused it.
    expect((await again.page.goto(returnUrl))?.status()).toBe(403);
    await again.page.goto(new URL(`/cases/${enquiry.id}`, returnUrl).toString());
    await doStep(
      again.page,
      'Submit the provider’s enquiry report',
      'Send your enquiry report',
      async (f) => {
        expect(await f.context()).toContain('Name who leads each round');
        await f.fill('Your report', 'Each round now has a named lead');
      },
    );
    await again.close();
  });

  it('the officer records the outcome and the plan; only the manager signs off, closing the concern too', async () => {
    const officer = await as(Demo.officer, `/cases/${enquiry.id}`);
    await doStep(
      officer.page,
      'Record the outcome',
      'What was the outcome of the enquiry?',
      async (form) => {
        await form.choose('Risk identified and action taken');
        await form.choose('Risk reduced');
        await form.choose('Fully met');
      },
      {
        failFirst: [
          'Select the outcome',
          'Select how the risk stands now',
          'Select whether the adult’s outcomes were met',
        ],
      },
    );
    const planned = await doStep(
      officer.page,
      'Agree a safeguarding plan',
      'Is a safeguarding plan needed?',
      async (form) => {
        await form.choose('No plan is needed');
      },
    );
    expect(await planned.status()).toBe('Awaiting sign-off');
    expect(await planned.hasStepLink('Sign off the enquiry')).toBe(false);
    // The sign-off page itself refuses an officer.
    const signOffTask = await stack.sql<{ id: string }>(
      `select id from tasks where case_id = $1 and type = 'sign_off'`,
      [enquiry.id],
    );
    const refused = await officer.page.goto(`${web.baseUrl}/cases/${enquiry.id}/tasks/${signOffTask[0].id}`);
    expect(refused?.status()).toBe(403);
    await officer.close();

    // The provider has not reviewed the adult's care plan yet (Std 6.5): the manager's sign-off is refused,
    // naming what is missing, and nothing changes.
    const manager = await as(Demo.manager, `/cases/${enquiry.id}`);
    await (await EnquiryPage.verifyOnPage(manager.page, enquiry.reference)).openStep('Sign off the enquiry');
    let signOff = await TaskFormPage.verifyOnPage(manager.page, 'Do you sign off the enquiry?');
    await signOff.choose('Yes, sign it off');
    await signOff.submit();
    signOff = await TaskFormPage.verifyOnPage(manager.page, 'Do you sign off the enquiry?', { failed: true });
    expect(await signOff.errorMessages()).toEqual([
      `Finish these before signing off: The provider’s care plan review on ${concern.reference}`,
    ]);
    await expectNoA11yViolations(manager.page);
    await manager.page.goto(`${web.baseUrl}/cases/${enquiry.id}`);
    expect(await (await EnquiryPage.verifyOnPage(manager.page, enquiry.reference)).status()).toBe(
      'Awaiting sign-off',
    );

    // The provider lead reviews the care plan from the concern's page.
    const lead = await as(Demo.sunriseLead, `/cases/${concern.id}`);
    await CasePage.verifyOnPage(lead.page, concern.reference);
    await Promise.all([
      lead.page.waitForNavigation(),
      lead.page.locator('[data-qa="tasks"] a', { hasText: 'Review the care plan' }).click(),
    ]);
    const review = await TaskFormPage.verifyOnPage(lead.page, 'Has the adult’s care plan been reviewed?');
    await expectNoA11yViolations(lead.page);
    await review.choose('Yes');
    await review.date('reviewedOn', new Date().toISOString().slice(0, 10));
    await review.submit();
    const reviewed = await CasePage.verifyOnPage(lead.page, concern.reference);
    expect(await reviewed.flash()).toContain('Care plan review recorded');
    expect(lead.errors).toEqual([]);
    await lead.close();

    const closed = await doStep(
      manager.page,
      'Sign off the enquiry',
      'Do you sign off the enquiry?',
      async (form) => {
        await form.choose('Yes, sign it off');
      },
    );
    expect(await closed.status()).toBe('Closed');
    expect(await closed.steps()).toEqual([
      'Record the adult’s views (Making Safeguarding Personal): Completed',
      'Decide who leads the enquiry: Completed',
      'Submit the provider’s enquiry report: Completed',
      'Record the outcome: Completed',
      'Agree a safeguarding plan: Completed',
      'Review the safeguarding plan: Not needed',
      'Sign off the enquiry: Completed',
    ]);
    await Promise.all([
      manager.page.waitForNavigation(),
      manager.page.locator('[data-qa="links"] a', { hasText: 'Safeguarding concern' }).click(),
    ]);
    const concernPage = await CasePage.verifyOnPage(manager.page, concern.reference);
    expect(await concernPage.status()).toBe('Closed');
    const timeline = await concernPage.timeline();
    expect(timeline.map((t) => t.title)).toContain('Enquiry closed: Risk identified and action taken');
    expect(manager.errors).toEqual([]);
    await manager.close();

    // Every email went: the provider was asked for the report, the commissioner told, the raiser told of the end.
    for (const [to, subject] of [
      [
        Demo.sunriseLead,
        `[Vigil] Action needed on ${enquiry.reference}: submit the provider’s enquiry report`,
      ],
      [Demo.commissioner, `[Vigil] New section 42 enquiry ${enquiry.reference}`],
      [Demo.sunriseLead, `[Vigil] ${concern.reference}: closed`],
    ]) {
      const [mail] = await stack.inbox.waitFor((m) => m.to.includes(to) && m.subject === subject);
      expect(mail.raw).not.toContain(CANARY);
    }
  });

  it('shows the enquiry accessibly without its scripts and at 320 px', async () => {
    for (const options of [{ blockScripts: true }, { width: 320 }]) {
      const { page, close } = await as(Demo.officer, `/cases/${enquiry.id}`, options);
      await EnquiryPage.verifyOnPage(page, enquiry.reference);
      await expectNoA11yViolations(page);
      await close();
    }
  });
});
