import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '@vigil/access';
import type { Config } from '@vigil/config';
import type { Browser, Page } from 'playwright-core';
import { startMailCatcher } from '../../scripts/dev/mail-catcher';
import { freePort } from '../../scripts/dev/ports';
import { Demo, Stack } from '../support/stack';
import { CaseListPage } from './pages/case-list.page';
import { MessagePage } from './pages/message.page';
import { SignInPage } from './pages/sign-in.page';
import { expectNoA11yViolations, launchChromium, newContext, type ContextOptions } from './support/browser';
import { productionConfigFrom } from './support/production-config';
import { startWebOnlyServer, startWebServer, type WebServer } from './support/web-server';

const Variants: [string, ContextOptions][] = [
  ['with JavaScript', {}],
  ['without its scripts', { blockScripts: true }],
  ['at 320 px', { width: 320 }],
];

const InfoPages: [string, string][] = [
  ['/help', 'Help using Vigil'],
  ['/accessibility', 'Accessibility statement for Vigil'],
  ['/cookies', 'Cookies'],
];

const SupportEmail = 'safeguarding-systems@riverside.example';

/** The footer's links, as text → href. */
const footerLinks = async (page: Page): Promise<Record<string, string>> =>
  Object.fromEntries(
    await page
      .locator('footer .govuk-footer__inline-list a')
      .evaluateAll((as) => as.map((a) => [a.textContent?.trim() ?? '', a.getAttribute('href') ?? ''])),
  );

const expectFooterLinks = async (page: Page): Promise<void> => {
  expect(await footerLinks(page)).toEqual(
    expect.objectContaining({
      Help: '/help',
      'Accessibility statement': '/accessibility',
      Cookies: '/cookies',
    }),
  );
};

/*
 * The public pages (help, accessibility statement, cookies): reachable signed out and signed in, axe
 * clean, linked from every page's footer; the cookies page names every cookie the browser really holds;
 * the header's mail catcher link only on embedded defaults.
 */
describe('help, accessibility statement and cookies pages', () => {
  let stack: Stack;
  let web: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    stack = await Stack.start({
      name: 'e2e-info-pages',
      worker: false,
      env: { SUPPORT_EMAIL: SupportEmail },
    });
    web = await startWebServer(stack.config);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.app.close();
    await stack?.stop();
  });

  async function signedIn(email: string, options: ContextOptions = {}) {
    const context = await newContext(browser, options);
    const page = await context.newPage();
    await (await SignInPage.open(page, web.baseUrl)).signIn(email, DEMO_PASSWORD);
    return { context, page };
  }

  describe.each(InfoPages)('%s', (path, heading) => {
    it.each(Variants)('renders signed out with its footer links, axe clean, %s', async (_name, options) => {
      const context = await newContext(browser, options);
      try {
        const page = await context.newPage();
        const res = await page.goto(`${web.baseUrl}${path}`);
        expect(res?.status()).toBe(200);
        await MessagePage.verifyOnPage(page, heading);
        await expectFooterLinks(page);
        await expectNoA11yViolations(page);
      } finally {
        await context.close();
      }
    });

    it('renders signed in, inside the service navigation', async () => {
      const { context, page } = await signedIn(Demo.manager);
      try {
        await page.goto(`${web.baseUrl}${path}`);
        await MessagePage.verifyOnPage(page, heading);
        expect(await page.locator('[data-qa="sign-out"]').count()).toBe(1);
        await expectNoA11yViolations(page);
      } finally {
        await context.close();
      }
    });
  });

  it('every kind of page has the footer links: sign-in, home, a list, the work queue, a 404', async () => {
    const { context, page } = await signedIn(Demo.officer);
    try {
      for (const path of ['/cases', '/queue', '/no-such-page']) {
        await page.goto(`${web.baseUrl}${path}`);
        expect(new URL(page.url()).pathname).toBe(path);
        await expectFooterLinks(page);
      }
      await page.goto(`${web.baseUrl}/cases`);
      await CaseListPage.verifyOnPage(page);
      // Followed from the footer, the page opens.
      await Promise.all([
        page.waitForNavigation(),
        page.locator('footer').getByRole('link', { name: 'Accessibility statement' }).click(),
      ]);
      await MessagePage.verifyOnPage(page, 'Accessibility statement for Vigil');
    } finally {
      await context.close();
    }
    const signedOut = await newContext(browser);
    try {
      const page2 = await signedOut.newPage();
      for (const path of ['/', '/sign-in']) {
        await page2.goto(`${web.baseUrl}${path}`);
        await expectFooterLinks(page2);
      }
    } finally {
      await signedOut.close();
    }
  });

  it('the help page gives the configured support address and what each role can do', async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(`${web.baseUrl}/help`);
      await MessagePage.verifyOnPage(page, 'Help using Vigil');
      expect(await page.locator('[data-qa="support-email"]').getAttribute('href')).toBe(
        `mailto:${SupportEmail}`,
      );
      const roles = await page.locator('[data-qa="roles"] .govuk-summary-list__key').allTextContents();
      expect(roles.map((r) => r.trim())).toEqual([
        'Provider staff',
        'Provider safeguarding lead',
        'Council officer',
        'Team manager',
        'Head of service',
        'LADO',
        'Commissioner',
        'Auditor',
      ]);
      for (const href of ['/accessibility', '/cookies', '/sign-in']) {
        expect(await page.locator(`main a[href="${href}"]`).count()).toBeGreaterThan(0);
      }
    } finally {
      await context.close();
    }
  });

  it('the accessibility statement has the model statement’s sections, WCAG 2.2 AA status and the date prepared', async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(`${web.baseUrl}/accessibility`);
      const statement = await MessagePage.verifyOnPage(page, 'Accessibility statement for Vigil');
      expect((await page.locator('main h2').allTextContents()).map((h) => h.trim())).toEqual([
        'How accessible this service is',
        'What to do if you cannot access parts of this service',
        'Reporting accessibility problems with this service',
        'Enforcement procedure',
        'Technical information about this service’s accessibility',
        'What we are doing to improve accessibility',
        'Preparation of this accessibility statement',
      ]);
      const body = await statement.body();
      expect(body).toContain('Equality and Human Rights Commission (EHRC)');
      expect(body).toContain('Equality Commission for Northern Ireland (ECNI)');
      expect(body).toContain('not a full manual audit');
      expect(await page.locator('[data-qa="compliance-status"]').textContent()).toContain(
        'Web Content Accessibility Guidelines version 2.2 AA standard',
      );
      expect(await page.locator('[data-qa="prepared"]').textContent()).toMatch(
        /prepared on \d{1,2} [A-Z][a-z]+ \d{4}/,
      );
      expect(await page.locator('main a[href^="mailto:"]').first().getAttribute('href')).toBe(
        `mailto:${SupportEmail}`,
      );
    } finally {
      await context.close();
    }
  });

  it('the cookies page lists exactly the cookies the browser holds after signing in and using forms', async () => {
    const requested = new Set<string>();
    const { context, page } = await signedIn(Demo.officer);
    try {
      page.on('request', (r) => requested.add(new URL(r.url()).origin));
      for (const path of ['/cases', '/queue', '/help', '/cookies']) await page.goto(`${web.baseUrl}${path}`);
      const held = (await context.cookies()).map((c) => c.name).sort();
      const listed = (await page.locator('[data-qa="cookies"] tbody th').allTextContents())
        .map((n) => n.trim())
        .sort();
      expect(listed).toEqual(['vigil.csrf', 'vigil.sid', 'vigil.signed-in']);
      expect(held).toEqual(listed);
      // No analytics: nothing is fetched from anywhere but Vigil.
      expect([...requested]).toEqual([new URL(web.baseUrl).origin]);
      expect(await page.locator('main').textContent()).toContain('does not use analytics cookies');
    } finally {
      await context.close();
    }
  });

  describe('the mail catcher link in the header', () => {
    it('is absent when Vigil is not on embedded defaults (no mail catcher), signed out and signed in', async () => {
      const { context, page } = await signedIn(Demo.officer);
      try {
        await page.goto(`${web.baseUrl}/cases`);
        expect(await page.locator('[data-qa="mail-catcher-link"]').count()).toBe(0);
        expect(await page.getByText('Mail catcher (development)').count()).toBe(0);
      } finally {
        await context.close();
      }
      const signedOut = await newContext(browser);
      try {
        const page2 = await signedOut.newPage();
        await page2.goto(`${web.baseUrl}/`);
        expect(await page2.locator('[data-qa="mail-catcher-link"]').count()).toBe(0);
        expect(await page2.getByText('Read the emails Vigil has sent').count()).toBe(0);
      } finally {
        await signedOut.close();
      }
    });

    it('on embedded defaults (npm start runs a mail catcher) is in the header and opens the catcher', async () => {
      const catcher = await startMailCatcher(
        await freePort(21025 + Math.floor(Math.random() * 2000)),
        await freePort(24080 + Math.floor(Math.random() * 2000)),
      );
      const config: Config = {
        ...stack.config,
        devTools: { ...stack.config.devTools, mailCatcherUrl: catcher.webUrl },
      };
      const dev = await startWebServer(config);
      const context = await newContext(browser);
      try {
        const page = await context.newPage();
        await page.goto(`${dev.baseUrl}/help`);
        const link = page.locator('.govuk-service-navigation [data-qa="mail-catcher-link"]');
        expect((await link.textContent())?.trim()).toBe('Mail catcher (development)');
        expect(await link.getAttribute('href')).toBe(catcher.webUrl);
        await expectNoA11yViolations(page);
        await (await SignInPage.open(page, dev.baseUrl)).signIn(Demo.officer, DEMO_PASSWORD);
        await CaseListPage.verifyOnPage(page);
        expect(await page.locator('.govuk-service-navigation [data-qa="mail-catcher-link"]').count()).toBe(1);
        await expectNoA11yViolations(page);
        await Promise.all([page.waitForNavigation(), page.locator('[data-qa="mail-catcher-link"]').click()]);
        expect(await page.title()).toContain('Vigil mail catcher');
      } finally {
        await context.close();
        await dev.app.close();
        await catcher.stop();
      }
    });

    it('is never shown with production configuration, even if MAIL_CATCHER_URL is set', async () => {
      const prod = await startWebOnlyServer(
        productionConfigFrom(stack.config, { MAIL_CATCHER_URL: 'http://localhost:1080' }),
      );
      try {
        for (const path of ['/', '/sign-in', '/help']) {
          const res = await fetch(`${prod.baseUrl}${path}`);
          const html = await res.text();
          expect(res.status).toBe(200);
          expect(html).toContain('href="/accessibility"');
          expect(html).not.toContain('Mail catcher');
          expect(html).not.toContain('localhost:1080');
        }
      } finally {
        await prod.app.close();
      }
    });
  });
});
