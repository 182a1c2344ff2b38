import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac, randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { Stack } from '../support/stack';
import { MessagePage } from './pages/message.page';
import { expectNoA11yViolations, launchChromium, newContext } from './support/browser';
import { productionConfigFrom } from './support/production-config';
import { startWebOnlyServer, startWebServer, type WebServer } from './support/web-server';

/** A session cookie value signed as express-session signs it (`s:` + ID + `.` + HMAC-SHA256, unpadded). */
const signedSessionId = (id: string, secret: string): string =>
  `s:${id}.${createHmac('sha256', secret).update(id).digest('base64').replace(/=+$/, '')}`;

/** What must never reach the browser from a failure: the database's words, file paths, a stack trace. */
const Leaks = [/permission denied/i, /\bsessions\b/, /node_modules/, /\.ts:\d+/, /\n\s+at /, /Error:/];

/*
 * A real 500: the application role loses its grant on the session table, so the session store fails on a
 * request that carries a session cookie. The page says "Sorry, there is a problem with the service" and
 * nothing of the error: not its message, not its stack, in production (the pages alone, as main.ts) or in
 * development (pages and API in one process, as main.dev.ts).
 */
describe('500: a server fault shows the GOV.UK page and no detail', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await Stack.start({ name: 'e2e-error-pages', worker: false });
    const appRole = new URL(stack.appDatabaseUrl).username;
    await stack.sql(`revoke all on table sessions from ${appRole}`);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('in production: status 500, the fixed page, no error message and no stack trace', async () => {
    const config = productionConfigFrom(stack.config);
    expect(config.env).toBe('production');
    const web: WebServer = await startWebOnlyServer(config);
    try {
      const cookie = `vigil.sid=${encodeURIComponent(signedSessionId(randomUUID(), config.session.secret))}`;
      const res = await fetch(`${web.baseUrl}/cases`, { headers: { cookie } });
      const html = await res.text();
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(html).toContain('<h1 class="govuk-heading-l">Sorry, there is a problem with the service</h1>');
      expect(html).toContain('Try again later.');
      for (const leak of Leaks) expect(html).not.toMatch(leak);
      // Without the cookie the store is not asked: the same server still serves its pages.
      const help = await fetch(`${web.baseUrl}/help`);
      expect(help.status).toBe(200);
    } finally {
      await web.app.close();
    }
  });

  it('in development, in Chromium: the same page, axe clean, nothing of the error', async () => {
    const web = await startWebServer(stack.config);
    const context = await newContext(browser);
    try {
      await context.addCookies([
        {
          name: 'vigil.sid',
          value: encodeURIComponent(signedSessionId(randomUUID(), stack.config.session.secret)),
          url: web.baseUrl,
        },
      ]);
      const page = await context.newPage();
      const res = await page.goto(`${web.baseUrl}/queue`);
      expect(res?.status()).toBe(500);
      const error = await MessagePage.verifyOnPage(page, 'Sorry, there is a problem with the service');
      const html = await page.content();
      for (const leak of Leaks) expect(html).not.toMatch(leak);
      expect(await error.body()).toContain('Try again later.');
      await expectNoA11yViolations(page);
    } finally {
      await context.close();
      await web.app.close();
    }
  });
});
