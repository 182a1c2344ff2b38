import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '@vigil/access';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildConcern } from '../factories/concern.factory';
import { Elsewhere, seedOtherCouncil } from '../support/other-council';
import { Demo, Stack } from '../support/stack';
import { AuditTrailPage } from './pages/audit-trail.page';
import { BreakGlassPage } from './pages/break-glass.page';
import { CaseListPage } from './pages/case-list.page';
import { CasePage } from './pages/case.page';
import { MessagePage } from './pages/message.page';
import { SignInPage } from './pages/sign-in.page';
import { expectNoA11yViolations, launchChromium, newContext, type ContextOptions } from './support/browser';
import { startWebServer, type WebServer } from './support/web-server';

type Session = Awaited<ReturnType<BrowserContext['storageState']>>;

/** The three ways every page is checked besides the plain one. */
const Variants: [string, ContextOptions][] = [
  ['with JavaScript', {}],
  ['without its scripts', { blockScripts: true }],
  ['at 320 px', { width: 320 }],
];

/*
 * axe (WCAG 2.0, 2.1 and 2.2, A and AA) on every page in every state it can be in: empty, populated,
 * after a failed submit, after a success, without JavaScript and at 320 px. No rule is disabled.
 */
describe('every page is accessible in every state', () => {
  let stack: Stack;
  let web: WebServer;
  let browser: Browser;
  const sessions: Record<string, Session> = {};

  const raise = (email: string) =>
    stack.raiseConcern(email, buildConcern({ desiredOutcomes: 'Canary outcomes\non two lines' }));

  beforeAll(async () => {
    stack = await Stack.start({ name: 'e2e-a11y', worker: false });
    await seedOtherCouncil(stack);
    web = await startWebServer(stack.config);
    browser = await launchChromium();
    for (const [name, email] of Object.entries({
      officer: Demo.officer,
      manager: Demo.manager,
      lado: Demo.lado,
      auditor: 'auditor@riverside.example',
    })) {
      const context = await newContext(browser);
      const page = await context.newPage();
      await (await SignInPage.open(page, web.baseUrl)).signIn(email, DEMO_PASSWORD);
      await CaseListPage.verifyOnPage(page);
      sessions[name] = await context.storageState();
      await context.close();
    }
  });
  afterAll(async () => {
    await browser?.close();
    await web?.app.close();
    await stack?.stop();
  });

  /** Opens `path` in a fresh context (signed in as `who`, if given) and hands over the page. */
  async function visit(
    path: string,
    options: ContextOptions & { as?: string },
    check: (page: Page) => Promise<void>,
  ): Promise<void> {
    const context = await newContext(browser, {
      ...options,
      storageState: options.as ? sessions[options.as] : undefined,
    });
    try {
      const page = await context.newPage();
      await page.goto(`${web.baseUrl}${path}`);
      await check(page);
    } finally {
      await context.close();
    }
  }

  describe('sign-in', () => {
    it.each(Variants)('empty, %s', async (_name, options) => {
      await visit('/sign-in', options, async (page) => {
        await SignInPage.verifyOnPage(page);
        await expectNoA11yViolations(page);
      });
    });

    it.each(Variants)('after a failed submit, %s', async (_name, options) => {
      await visit('/sign-in', options, async (page) => {
        await (await SignInPage.verifyOnPage(page)).signIn('nobody@riverside.example', 'not-the-password');
        const failed = await SignInPage.verifyOnPage(page, { failed: true });
        expect(await failed.errorMessages()).toEqual([
          'The email address or password is not right, or the account is locked for a while after too many attempts',
        ]);
        expect(await page.locator('#email-error').textContent()).toContain('not right');
        await expectNoA11yViolations(page);
      });
    });
  });

  describe('case list', () => {
    beforeAll(async () => {
      await raise(Demo.sunriseLead);
      await raise(Demo.oakwoodLead);
    });

    it.each(Variants)('populated, %s', async (_name, options) => {
      await visit('/cases', { ...options, as: 'officer' }, async (page) => {
        const list = await CaseListPage.verifyOnPage(page);
        expect((await list.rows()).length).toBeGreaterThanOrEqual(2);
        await expectNoA11yViolations(page);
      });
    });

    it('empty (a LADO sees no safeguarding concerns)', async () => {
      await visit('/cases', { as: 'lado' }, async (page) => {
        const list = await CaseListPage.verifyOnPage(page);
        expect(await list.count()).toBe('There are no cases for you to see.');
        expect(await list.rows()).toEqual([]);
        await expectNoA11yViolations(page);
      });
    });

    it('filtered to an empty status tab', async () => {
      await visit('/cases?status=closed', { as: 'officer' }, async (page) => {
        const list = await CaseListPage.verifyOnPage(page);
        expect(await list.count()).toBe('There are no closed cases.');
        expect(await page.locator('.moj-sub-navigation__link[aria-current="page"]').textContent()).toBe(
          'Closed',
        );
        await expectNoA11yViolations(page);
      });
    });

    it('as an auditor, whose references lead to the audit trail', async () => {
      await visit('/cases', { as: 'auditor' }, async (page) => {
        await CaseListPage.verifyOnPage(page);
        const hrefs = await page
          .locator('[data-qa="cases"] tbody a')
          .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
        expect(hrefs.length).toBeGreaterThan(0);
        for (const href of hrefs) expect(href).toMatch(/^\/cases\/[0-9a-f-]{36}\/audit$/);
        await expectNoA11yViolations(page);
      });
    });
  });

  describe('case overview', () => {
    let open: { id: string; reference: string };
    beforeAll(async () => {
      open = await raise(Demo.sunriseLead);
    });

    it.each(Variants)('with the decision form, %s', async (_name, options) => {
      await visit(`/cases/${open.id}`, { ...options, as: 'officer' }, async (page) => {
        const overview = await CasePage.verifyOnPage(page, open.reference);
        expect(await overview.hasDecisionForm()).toBe(true);
        await expectNoA11yViolations(page);
      });
    });

    it.each(Variants)('after a failed decision, %s', async (_name, options) => {
      await visit(`/cases/${open.id}`, { ...options, as: 'officer' }, async (page) => {
        await (await CasePage.verifyOnPage(page, open.reference)).decide('Signpost', '');
        await CasePage.verifyOnPage(page, open.reference, { failed: true });
        expect(await page.locator('#rationale-error').textContent()).toContain('Enter the rationale');
        // The choice made is kept.
        expect(await page.getByLabel('Signpost').isChecked()).toBe(true);
        await expectNoA11yViolations(page);
      });
    });

    it.each(Variants)(
      'after a decision, with the success banner and the decision, %s',
      async (_name, options) => {
        const decided = await raise(Demo.sunriseLead);
        await visit(`/cases/${decided.id}`, { ...options, as: 'manager' }, async (page) => {
          await (
            await CasePage.verifyOnPage(page, decided.reference)
          ).decide('No further action', 'No risk found');
          const overview = await CasePage.verifyOnPage(page, decided.reference);
          expect(await overview.flash()).toContain('Decision: No further action.');
          expect(await overview.status()).toBe('Closed');
          await expectNoA11yViolations(page);
        });
      },
    );
  });

  describe('emergency access', () => {
    it.each(Variants)('the form, empty and after a failed submit, %s', async (_name, options) => {
      const elsewhere = await raise(Elsewhere.lead);
      await visit(`/cases/${elsewhere.id}/break-glass`, { ...options, as: 'manager' }, async (page) => {
        const form = await BreakGlassPage.verifyOnPage(page);
        await expectNoA11yViolations(page);
        await form.open('too short');
        await BreakGlassPage.verifyOnPage(page, { failed: true });
        expect(await page.locator('#reason-error').textContent()).toContain('at least 10 characters');
        await expectNoA11yViolations(page);
      });
    });

    it('from the 404 page to the case with its emergency access banner', async () => {
      const elsewhere = await raise(Elsewhere.lead);
      await visit(`/cases/${elsewhere.id}`, { as: 'manager' }, async (page) => {
        await MessagePage.verifyOnPage(page, 'Page not found');
        await expectNoA11yViolations(page);
        await Promise.all([
          page.waitForNavigation(),
          page.getByRole('link', { name: 'request emergency access to it' }).click(),
        ]);
        await (
          await BreakGlassPage.verifyOnPage(page)
        ).open('Adult moved into our area; strategy call at 9am');
        const overview = await CasePage.verifyOnPage(page, elsewhere.reference);
        expect(await overview.flash()).toContain('Emergency access opened');
        expect(await page.locator('[data-qa="break-glass-banner"]').textContent()).toContain('strategy call');
        await expectNoA11yViolations(page);
      });
    });
  });

  describe('audit trail', () => {
    let audited: { id: string; reference: string };
    beforeAll(async () => {
      audited = await raise(Demo.sunriseLead);
    });

    it.each(Variants)('as a team manager, %s', async (_name, options) => {
      await visit(`/cases/${audited.id}/audit`, { ...options, as: 'manager' }, async (page) => {
        const trail = await AuditTrailPage.verifyOnPage(page, audited.reference);
        expect((await trail.actions())[0]).toBe('Case created');
        await expectNoA11yViolations(page);
      });
    });

    it('as an auditor, without the overview tab', async () => {
      await visit(`/cases/${audited.id}/audit`, { as: 'auditor' }, async (page) => {
        await AuditTrailPage.verifyOnPage(page, audited.reference);
        expect(await page.locator('.moj-sub-navigation__link').allTextContents()).toEqual(['Audit trail']);
        await expectNoA11yViolations(page);
      });
    });
  });

  describe('error and confirmation pages', () => {
    it('403: an auditor opening a case overview is pointed to its audit trail', async () => {
      const c = await raise(Demo.sunriseLead);
      await visit(`/cases/${c.id}`, { as: 'auditor' }, async (page) => {
        const forbidden = await MessagePage.verifyOnPage(page, 'You cannot do this');
        expect(await forbidden.body()).not.toContain(c.reference);
        expect(await page.locator('[data-qa="audit-trail-link"]').getAttribute('href')).toBe(
          `/cases/${c.id}/audit`,
        );
        await expectNoA11yViolations(page);
      });
    });

    it.each(Variants)('404 for a page that does not exist, signed out, %s', async (_name, options) => {
      await visit('/no-such-page', options, async (page) => {
        await MessagePage.verifyOnPage(page, 'Page not found');
        await expectNoA11yViolations(page);
      });
    });

    it('the form has expired (its token is gone), and nothing changed', async () => {
      const c = await raise(Demo.sunriseLead);
      await visit(`/cases/${c.id}`, { as: 'officer' }, async (page) => {
        await CasePage.verifyOnPage(page, c.reference);
        await page.context().clearCookies({ name: 'vigil.csrf' });
        await page.getByLabel('Signpost').check();
        await page.getByLabel('Rationale').fill('Advice given');
        await Promise.all([
          page.waitForNavigation(),
          page.getByRole('button', { name: 'Record decision' }).click(),
        ]);
        await MessagePage.verifyOnPage(page, 'This form has expired');
        await expectNoA11yViolations(page);
      });
      const [row] = await stack.sql<{ status: string }>('select status from cases where id = $1', [c.id]);
      expect(row.status).toBe('awaiting_triage');
    });

    it.each(Variants)('you have been signed out (a timed-out session), %s', async (_name, options) => {
      for (const [reason, words] of [
        ['idle', 'had not used Vigil for 30 minutes'],
        ['absolute', 'signed in 12 hours ago'],
      ]) {
        await visit(`/session-expired?reason=${reason}&returnTo=%2Fqueue`, options, async (page) => {
          const expired = await MessagePage.verifyOnPage(page, 'You have been signed out');
          expect(await expired.body()).toContain(words);
          expect(await page.locator('[data-qa="sign-in-again"]').getAttribute('href')).toBe(
            '/sign-in?returnTo=%2Fqueue',
          );
          await expectNoA11yViolations(page);
        });
      }
    });

    // Help, the accessibility statement and cookies: every variant in info-pages.e2e-spec.ts.

    it.each(Variants)('signed out, %s', async (_name, options) => {
      await visit('/sign-in', options, async (page) => {
        await (await SignInPage.verifyOnPage(page)).signIn(Demo.head, DEMO_PASSWORD);
        await (await CaseListPage.verifyOnPage(page)).signOut();
        await MessagePage.verifyOnPage(page, 'You have signed out');
        expect(await page.locator('[data-qa="sign-out"]').count()).toBe(0);
        await expectNoA11yViolations(page);
      });
    });
  });
});
