import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { Stack } from '../support/stack';
import { HomePage } from './pages/home.page';
import { expectNoA11yViolations, launchChromium, newContext } from './support/browser';
import { startWebServer } from './support/web-server';

describe('start page in Chromium', () => {
  let stack: Stack;
  let web: { app: INestApplication; baseUrl: string };
  let browser: Browser;

  beforeAll(async () => {
    stack = await Stack.start({ name: 'e2e-home', worker: false });
    web = await startWebServer(stack.config);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.app.close();
    await stack?.stop();
  });

  it.each([
    ['with JavaScript', { javaScriptEnabled: true }],
    ['without its scripts', { blockScripts: true }],
    ['at 320 px', { width: 320 }],
  ])('renders with GOV.UK Frontend and no accessibility violations %s', async (_name, options) => {
    const context = await newContext(browser, options);
    const page = await context.newPage();
    const response = await page.goto(`${web.baseUrl}/`);
    expect(response?.status()).toBe(200);
    await HomePage.verifyOnPage(page);
    await expectNoA11yViolations(page);
    await context.close();
  });

  it('works with JavaScript switched off', async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    expect((await page.goto(`${web.baseUrl}/`))?.status()).toBe(200);
    await HomePage.verifyOnPage(page);
    expect(await page.locator('a[href="/api/docs"]').count()).toBeGreaterThan(0);
    await context.close();
  });

  it('loads its stylesheet and module script without errors', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${web.baseUrl}/`);
    await page.waitForFunction('document.body.classList.contains("govuk-frontend-supported")');
    expect(errors).toEqual([]);
    await context.close();
  });
});
