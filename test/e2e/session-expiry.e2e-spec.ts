import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '@vigil/access';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Demo, Stack } from '../support/stack';
import { CaseListPage } from './pages/case-list.page';
import { CasePage } from './pages/case.page';
import { MessagePage } from './pages/message.page';
import { SignInPage } from './pages/sign-in.page';
import { expectNoA11yViolations, launchChromium, newContext } from './support/browser';
import { startWebServer, type WebServer } from './support/web-server';

/*
 * A signed-in session that times out (idle, or at the absolute limit) lands on "You have been signed out",
 * which says why; signing in from there returns to the page that was asked for. Someone who never signed
 * in, or who signed out, gets the plain sign-in page.
 */
describe('session expired', () => {
  let stack: Stack;
  let web: WebServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    stack = await Stack.start({ name: 'e2e-session-expiry', worker: false });
    web = await startWebServer(stack.config);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.app.close();
    await stack?.stop();
  });

  /** A fresh browser signed in as the officer, on a new case's page. */
  async function onCasePage(): Promise<{ id: string; reference: string }> {
    const c = await stack.raiseConcern(Demo.sunriseLead);
    context = await newContext(browser);
    page = await context.newPage();
    await (await SignInPage.open(page, web.baseUrl)).signIn(Demo.officer, DEMO_PASSWORD);
    await CaseListPage.verifyOnPage(page);
    await page.goto(`${web.baseUrl}/cases/${c.id}`);
    await CasePage.verifyOnPage(page, c.reference);
    return c;
  }

  const cookieNames = async () => (await context.cookies()).map((c) => c.name).sort();

  /** From "You have been signed out" through sign-in, back on the case's page. */
  async function signInAgainAndReturn(c: { id: string; reference: string }): Promise<void> {
    await Promise.all([page.waitForNavigation(), page.locator('[data-qa="sign-in-again"]').click()]);
    await (await SignInPage.verifyOnPage(page)).signIn(Demo.officer, DEMO_PASSWORD);
    await CasePage.verifyOnPage(page, c.reference);
    expect(new URL(page.url()).pathname).toBe(`/cases/${c.id}`);
  }

  it('idle: the browser dropped the session cookie; the page says why, and signing in returns to the case', async () => {
    const c = await onCasePage();
    expect(await cookieNames()).toContain('vigil.signed-in');
    // What the browser does when the cookie's idle lifetime (SESSION_IDLE_MINUTES) runs out.
    await context.clearCookies({ name: 'vigil.sid' });
    await page.reload();
    const expired = await MessagePage.verifyOnPage(page, 'You have been signed out');
    expect(new URL(page.url()).pathname).toBe('/session-expired');
    expect(await expired.body()).toContain('because you had not used Vigil for 30 minutes');
    expect(await page.locator('[data-qa="sign-out"]').count()).toBe(0);
    await expectNoA11yViolations(page);
    // Said once: the marker is gone.
    expect(await cookieNames()).not.toContain('vigil.signed-in');
    await signInAgainAndReturn(c);
    await context.close();
  });

  it('idle: the server expired the stored session; the same page, and back to the case', async () => {
    const c = await onCasePage();
    const updated = await stack.sql(`update sessions set expire = now() - interval '1 second' returning sid`);
    expect(updated.length).toBeGreaterThan(0);
    await page.reload();
    const expired = await MessagePage.verifyOnPage(page, 'You have been signed out');
    expect(await expired.body()).toContain('because you had not used Vigil for 30 minutes');
    await signInAgainAndReturn(c);
    await context.close();
  });

  it('absolute: 12 hours after sign-in the session ends however active; the page says so, and the sign-out is audited', async () => {
    const c = await onCasePage();
    const thirteenHoursAgo = Date.now() - 13 * 3_600_000;
    await stack.sql(
      `update sessions set sess = jsonb_set(sess, '{signedInAt}', to_jsonb($1::bigint)) where sess ? 'userId'`,
      [thirteenHoursAgo],
    );
    await page.reload();
    const expired = await MessagePage.verifyOnPage(page, 'You have been signed out');
    expect(await expired.body()).toContain('because you signed in 12 hours ago');
    await expectNoA11yViolations(page);
    const audited = await stack.sql<{ n: string }>(
      `select count(*)::text as n from audit_events where action = 'auth.signed_out' and details->>'reason' = 'absolute_timeout'`,
    );
    expect(Number(audited[0].n)).toBe(1);
    await signInAgainAndReturn(c);
    await context.close();
  });

  it('a form sent after the session timed out changes nothing, and signing in returns to its page', async () => {
    const c = await onCasePage();
    await page.getByLabel('Signpost').check();
    await page.getByLabel('Rationale').fill('Advice given');
    await context.clearCookies({ name: 'vigil.sid' });
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Record decision' }).click(),
    ]);
    const expired = await MessagePage.verifyOnPage(page, 'You have been signed out');
    expect(await expired.body()).toContain('anything you had not sent has not been saved');
    const [row] = await stack.sql<{ status: string }>('select status from cases where id = $1', [c.id]);
    expect(row.status).toBe('awaiting_triage');
    await signInAgainAndReturn(c);
    await context.close();
  });

  it('someone who never signed in gets the plain sign-in page, and comes back to the page after', async () => {
    const c = await stack.raiseConcern(Demo.sunriseLead);
    context = await newContext(browser);
    page = await context.newPage();
    await page.goto(`${web.baseUrl}/cases/${c.id}`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await (await SignInPage.verifyOnPage(page)).signIn(Demo.officer, DEMO_PASSWORD);
    await CasePage.verifyOnPage(page, c.reference);
    await context.close();
  });

  it('someone who signed out gets the plain sign-in page, not "signed out" again', async () => {
    await onCasePage();
    await page.goto(`${web.baseUrl}/cases`);
    await (await CaseListPage.verifyOnPage(page)).signOut();
    await MessagePage.verifyOnPage(page, 'You have signed out');
    expect(await cookieNames()).not.toContain('vigil.signed-in');
    await page.goto(`${web.baseUrl}/queue`);
    await SignInPage.verifyOnPage(page);
    await context.close();
  });
});
