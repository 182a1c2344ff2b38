import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '@vigil/access';
import type { Browser, Page } from 'playwright-core';
import { CANARY } from '../factories/concern.factory';
import { Demo, Stack } from '../support/stack';
import { EnquiryPage as TaskListCasePage, TaskFormPage } from './pages/enquiry.page';
import { QuestionPage, RaiseFlowPages } from './pages/question.page';
import { SignInPage } from './pages/sign-in.page';
import { expectNoA11yViolations, launchChromium, newContext, type ContextOptions } from './support/browser';
import { startWebServer, type WebServer } from './support/web-server';

/*
 * Issue 8's journey in Chromium against the real stack: a provider lead raises an allegation one question
 * per page (errors, a change from "Check your answers", a second send that raises nothing new), confirms
 * the suspension; the LADO decides and records the evaluation meeting; the commissioner lifts the suspension; the person resigns and the
 * provider records the DBS and regulator decisions; an officer closes it. Then an allegation raised from a
 * concern's page, whose employment outcome changes after it is recorded. axe on every page on the way.
 */
const HEADING = 'Allegation against staff';
const staffName = `${CANARY} Jordan Staffmember`;

describe('allegation journey in Chromium', () => {
  let stack: Stack;
  let web: WebServer;
  let browser: Browser;
  let allegation: { id: string; reference: string };

  beforeAll(async () => {
    stack = await Stack.start({ name: 'e2e-allegation' });
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
    page.on('response', (r) => {
      if (r.request().resourceType() !== 'document' && r.status() >= 400)
        errors.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${web.baseUrl}${path}`);
    await (await SignInPage.verifyOnPage(page)).signIn(email, DEMO_PASSWORD);
    expect(new URL(page.url()).pathname).toBe(path);
    return { page, errors, close: () => context.close() };
  }

  /** Answers one question page (failing it first when asked), with axe on each state. */
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

  async function doStep(
    page: Page,
    step: string,
    question: string,
    fill: (form: TaskFormPage) => Promise<void>,
    failFirst?: string[],
  ): Promise<TaskListCasePage> {
    await (await TaskListCasePage.verifyOnPage(page, allegation.reference, HEADING)).openStep(step);
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
    expect(new URL(page.url()).pathname).toBe(`/cases/${allegation.id}`);
    return TaskListCasePage.verifyOnPage(page, allegation.reference, HEADING);
  }

  const today = () => new Date().toISOString().slice(0, 10);

  it('a provider lead raises an allegation one question per page, and sending twice raises it once', async () => {
    const { page, errors, close } = await as(Demo.sunriseLead, '/cases');
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Raise an allegation against a member of staff' }).click(),
    ]);
    expect(new URL(page.url()).pathname).toBe('/allegations/new');
    const flow = new RaiseFlowPages(page);
    expect(await page.locator('h1').textContent()).toBe('Raise an allegation against a member of staff');
    await expectNoA11yViolations(page);
    await flow.startNow();
    await answer(
      page,
      'Who is the allegation about?',
      async (q) => {
        await q.fill('Full name', staffName);
        await q.fill('Job title', 'Night carer');
      },
      ['Enter the staff member’s full name', 'Enter their job title'],
    );
    await answer(page, 'How are they engaged?', (q) => q.choose('Agency'), [
      'Select whether they are an employee, a volunteer or agency staff',
    ]);
    await answer(page, 'Do they work with children?', (q) => q.choose('Yes'), [
      'Select yes if they work with children',
    ]);
    await answer(page, 'Is the provider a regulated-activity provider?', (q) => q.choose('Yes'));
    await answer(page, 'Are they registered with a professional regulator?', (q) =>
      q.choose('Nursing and Midwifery Council (NMC)'),
    );
    await answer(
      page,
      'What is alleged?',
      (q) => q.fill('What is alleged?', `${CANARY} rough handling during a night transfer`),
      ['Enter what is alleged'],
    );
    expect(await flow.answers()).toEqual([
      `Name: ${staffName}`,
      'Job title: Night carer',
      'Engaged as: Agency',
      'Works with children: Yes',
      'Regulated-activity provider: Yes',
      'Regulator: Nursing and Midwifery Council (NMC)',
      `What is alleged: ${CANARY} rough handling during a night transfer`,
    ]);
    await expectNoA11yViolations(page);
    // A change goes back to "Check your answers".
    await flow.change('Engaged as');
    await answer(page, 'How are they engaged?', (q) => q.choose('Employee'));
    expect(await flow.answers()).toContain('Engaged as: Employee');
    // The form as sent, to send it again afterwards (a double click, or a resubmit from history).
    const sent = {
      _csrf: await page.locator('[data-qa="submit-form"] input[name="_csrf"]').inputValue(),
      idempotencyKey: await page.locator('input[name="idempotencyKey"]').inputValue(),
    };
    await flow.send();
    expect(((await page.locator('h1').textContent()) ?? '').trim()).toBe('Allegation raised');
    const reference = await flow.reference();
    expect(reference).toMatch(/^VIG-\d{4}-\d{6}$/);
    await expectNoA11yViolations(page);
    // The same form sent again: the same allegation's confirmation, not a second allegation.
    const again = await page.request.post(`${web.baseUrl}/allegations/new/check`, { form: sent });
    expect(again.status()).toBe(200);
    expect(new URL(again.url()).pathname).toBe('/allegations/new/confirmation');
    expect(await again.text()).toContain(reference);
    const [{ n }] = await stack.sql<{ n: string }>(
      `select count(*)::text as n from cases where type = 'allegation'`,
    );
    expect(n).toBe('1');
    // Going back to the questions after sending starts afresh.
    await page.goBack();
    expect(new URL(page.url()).pathname).toBe('/allegations/new');
    await page.goto(`${web.baseUrl}/allegations/new/confirmation`);
    expect(await flow.reference()).toBe(reference);
    await Promise.all([page.waitForNavigation(), page.locator('[data-qa="case-link"]').click()]);
    const casePage = await TaskListCasePage.verifyOnPage(page, reference, HEADING);
    allegation = { id: new URL(page.url()).pathname.replace('/cases/', ''), reference };
    expect(await casePage.status()).toBe('Open');
    expect(await casePage.suspension()).toBeNull();
    await expectNoA11yViolations(page);
    // The answers are on the case now, not in a draft.
    expect(await stack.sql(`select 1 from form_drafts where answers::text like '%${CANARY}%'`)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it('the provider confirms the suspension and the page says since when', async () => {
    const { page, close } = await as(Demo.sunriseLead, `/cases/${allegation.id}`);
    const after = await doStep(
      page,
      'Confirm the suspension',
      'When was the staff member suspended?',
      (form) => form.date('suspendedOn', today()),
    );
    expect(await after.status()).toBe('Suspension in place');
    expect(await after.suspension()).toMatch(/^! Warning Suspension in place since \d{1,2} \w+ \d{4}, /);
    await expectNoA11yViolations(page);
    await close();
  });

  it('the LADO records a decision and the evaluation meeting; the commissioner lifts the suspension with a rationale', async () => {
    const lado = await as(Demo.lado, `/cases/${allegation.id}`);
    await doStep(
      lado.page,
      'LADO referral decision',
      'What did the LADO decide?',
      async (form) => {
        await form.choose('Threshold met');
        await form.date('decidedOn', today());
      },
      ['Select the LADO’s decision', 'The decision date must be a real date like 2026-03-04'],
    );
    // The threshold met: the LADO records the evaluation meeting that follows.
    await doStep(
      lado.page,
      'LADO evaluation meeting',
      'What did the evaluation meeting decide?',
      async (form) => {
        await form.choose('The employer investigates');
        await form.date('heldOn', today());
      },
      ['Select what happens next', 'The meeting date must be a real date like 2026-03-04'],
    );
    // The LADO does not raise allegations here: the flow refuses them, and the case list offers none.
    const refused = await lado.page.goto(`${web.baseUrl}/allegations/new`);
    expect(refused?.status()).toBe(403);
    await lado.page.goto(`${web.baseUrl}/cases`);
    expect(await lado.page.locator('[data-qa="raise-links"]').count()).toBe(0);
    await lado.close();

    const commissioner = await as(Demo.commissioner, `/cases/${allegation.id}`);
    const lifted = await doStep(
      commissioner.page,
      'Lift the suspension',
      'Lift the suspension',
      (form) =>
        form.fill('Why is the matter resolved to your satisfaction?', 'Investigation found no ongoing risk'),
      ['Enter why the suspension is lifted'],
    );
    expect(await lifted.status()).toBe('Investigating');
    expect(await lifted.suspension()).toBeNull();
    await commissioner.close();
  });

  it('the person resigns; the provider records the DBS and regulator decisions; an officer closes it', async () => {
    const { page, close } = await as(Demo.sunriseLead, `/cases/${allegation.id}`);
    await doStep(page, 'Record the employment outcome', 'What is the employment outcome?', (form) =>
      form.choose('Resigned'),
    );
    await doStep(
      page,
      'DBS referral decision',
      'Has the person been referred to the DBS?',
      async (form) => {
        await form.choose('Yes');
        await form.date('referredOn', today());
        await form.fill('The referral’s reference', 'DBS-2026-0042');
      },
      ['Select whether the person was referred to the DBS'],
    );
    // The referral made, the council is owed the written details of the actions taken.
    await doStep(
      page,
      'Send the council the details of the DBS referral',
      'Send the council the details of the DBS referral',
      async (form) => {
        await form.date('sentOn', today());
        await form.fill('What actions were taken?', 'Referred to the DBS on resignation; rota changed');
      },
      ['The date they were sent must be a real date like 2026-03-04', 'Enter the actions taken'],
    );
    const done = await doStep(
      page,
      'Regulator referral decision',
      'Has the person been referred to their regulator?',
      async (form) => {
        await form.choose('No, a referral is not required');
        await form.fill(
          'Why is the harm test (or relevant-conduct test) not met?',
          'Their registration lapsed in 2024',
        );
      },
    );
    // Only the council's resolution review is left: a watch over the case, which does not hold up closing.
    expect((await done.steps()).filter((s) => !/Completed|Cancelled|Not needed/.test(s))).toEqual([
      'Review why the allegation is not yet resolved: Not started',
    ]);
    await close();

    const officer = await as(Demo.officer, `/cases/${allegation.id}`);
    await Promise.all([
      officer.page.waitForNavigation(),
      officer.page.locator('[data-qa="close-case"]').click(),
    ]);
    let form = await TaskFormPage.verifyOnPage(officer.page, 'What is the outcome?');
    await expectNoA11yViolations(officer.page);
    await form.submit();
    form = await TaskFormPage.verifyOnPage(officer.page, 'What is the outcome?', { failed: true });
    await expectNoA11yViolations(officer.page);
    await form.choose('Substantiated');
    await form.fill('Why can the case close?', 'Findings shared; DBS referral made');
    await form.submit();
    const closed = await TaskListCasePage.verifyOnPage(officer.page, allegation.reference, HEADING);
    expect(await closed.status()).toBe('Closed');
    expect(await closed.steps()).toContain('Review why the allegation is not yet resolved: Not needed');
    await officer.close();

    // Every email about it carries the reference and never the person's name or the allegation.
    const mails = stack.inbox.mails.filter((m) => m.subject.includes(allegation.reference));
    expect(mails.map((m) => m.to.join(','))).toEqual(
      expect.arrayContaining([Demo.commissioner, Demo.lado, Demo.sunriseLead]),
    );
    expect(mails.filter((m) => m.raw.includes(CANARY))).toEqual([]);
  });

  it('raises an allegation from a concern’s page, linked both ways; a later resignation starts the DBS decision', async () => {
    const concern = await stack.raiseConcern(Demo.sunriseLead);
    const raiseLink = 'Raise an allegation about a member of staff';
    // The commissioner sees the concern but does not raise allegations: no link.
    const commissioner = await as(Demo.commissioner, `/cases/${concern.id}`);
    expect(await commissioner.page.getByRole('link', { name: raiseLink }).count()).toBe(0);
    await commissioner.close();

    const { page, errors, close } = await as(Demo.sunriseLead, `/cases/${concern.id}`);
    await Promise.all([
      page.waitForNavigation(),
      page.locator('[data-qa="actions"]').getByRole('link', { name: raiseLink }).click(),
    ]);
    const url = new URL(page.url());
    expect(`${url.pathname}${url.search}`).toBe(`/allegations/new?from=${concern.id}`);
    expect(await page.locator('[data-qa="raised-from"]').textContent()).toBe(
      `It will be linked to safeguarding concern ${concern.reference}.`,
    );
    await expectNoA11yViolations(page);
    await new RaiseFlowPages(page).startNow();
    await answer(page, 'Who is the allegation about?', async (q) => {
      await q.fill('Full name', `${CANARY} Sam Daycarer`);
      await q.fill('Job title', 'Day carer');
    });
    await answer(page, 'How are they engaged?', (q) => q.choose('Employee'));
    await answer(page, 'Do they work with children?', (q) => q.choose('No'));
    await answer(page, 'Is the provider a regulated-activity provider?', (q) => q.choose('Yes'));
    await answer(page, 'Are they registered with a professional regulator?', (q) =>
      q.choose('No, they are not registered with a regulator'),
    );
    await answer(page, 'What is alleged?', (q) =>
      q.fill('What is alleged?', `${CANARY} shouted at a resident`),
    );
    const flow = new RaiseFlowPages(page);
    await flow.send();
    const reference = await flow.reference();
    const [link] = await stack.sql<{ type: string }>(
      `select a.type from case_links l join cases a on a.id = l.case_id
        where l.linked_case_id = $1 and a.reference = $2`,
      [concern.id, reference],
    );
    expect(link).toEqual({ type: 'allegation' });
    // The person stays in post; a change follows later, offered only once the outcome is recorded.
    await Promise.all([page.waitForNavigation(), page.locator('[data-qa="case-link"]').click()]);
    let raised = await TaskListCasePage.verifyOnPage(page, reference, HEADING);
    const change = page
      .locator('[data-qa="actions"]')
      .getByRole('link', { name: 'Change the employment outcome' });
    expect(await change.count()).toBe(0);
    await raised.openStep('Record the employment outcome');
    let form = await TaskFormPage.verifyOnPage(page, 'What is the employment outcome?');
    await form.choose('No change');
    await form.submit();
    raised = await TaskListCasePage.verifyOnPage(page, reference, HEADING);
    expect(await raised.steps()).toContain('DBS referral decision: Cannot start yet');
    // They resign: the change's page (axe, a refusal without a choice), then the DBS decision to make.
    await Promise.all([page.waitForNavigation(), change.click()]);
    form = await TaskFormPage.verifyOnPage(page, 'What is the employment outcome now?');
    await expectNoA11yViolations(page);
    await form.submit();
    form = await TaskFormPage.verifyOnPage(page, 'What is the employment outcome now?', { failed: true });
    expect(await form.errorMessages()).toEqual(['Select the employment outcome']);
    await expectNoA11yViolations(page);
    await form.choose('Resigned');
    await form.submit();
    raised = await TaskListCasePage.verifyOnPage(page, reference, HEADING);
    expect(await raised.steps()).toContain('DBS referral decision: Not started');
    expect(await page.locator('[data-qa="timeline"]').textContent()).toContain(
      'Employment outcome changed: Resigned',
    );
    // The concern's page lists the allegation among its linked cases.
    await page.goto(`${web.baseUrl}/cases/${concern.id}`);
    expect(await page.locator('[data-qa="links"]').textContent()).toContain(reference);
    expect(errors).toEqual([]);
    await close();
  });
});
