/**
 * `npm run screenshots`: regenerates docs/screenshots/*.png. Starts the stack the browser tests use (the
 * Temporal dev server, a database cloned from a freshly migrated template, the worker, the API and pages
 * on a free port; needs PostgreSQL as the tests do), raises a few cases through the API, then opens each
 * main page in Debian's Chromium (playwright-core) at 1280 px wide and saves it full page.
 */
import { DemoIds, DEMO_PASSWORD } from '@vigil/access';
import type { RaiseConcern } from '@vigil/contracts';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newContext } from '../test/e2e/support/chromium';
import { startWebServer, type WebServer } from '../test/e2e/support/web-server';
import { buildConcern } from '../test/factories/concern.factory';
import globalSetup from '../test/support/stack-setup';
import globalTeardown from '../test/support/stack-teardown';
import { Demo, Stack } from '../test/support/stack';

const OUT = path.resolve(__dirname, '../docs/screenshots');

/** Made-up people and events, so the pictures look like use rather than tests. */
const Concerns: [string, Partial<RaiseConcern>][] = [
  [
    Demo.sunriseLead,
    {
      adultAtRisk: { name: 'Ada Example', dateOfBirth: '1938-03-14' },
      category: 'neglect',
      summary: 'Evening medication missed on three days running',
    },
  ],
  [
    Demo.sunriseLead,
    {
      adultAtRisk: { name: 'Bill Sample', dateOfBirth: '1944-11-02' },
      category: 'financial',
      summary: 'A visitor has been taking cash from the room',
      immediateRisk: false,
    },
  ],
  [
    Demo.oakwoodLead,
    {
      adultAtRisk: { name: 'Cora Placeholder', dateOfBirth: '1951-06-21' },
      category: 'physical',
      summary: 'Bruising on both forearms noticed at a morning call',
    },
  ],
];

async function signedInPage(browser: Browser, baseUrl: string, email: string): Promise<Page> {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
  if (new URL(page.url()).pathname === '/sign-in') throw new Error(`could not sign in as ${email}`);
  return page;
}

async function shoot(page: Page, baseUrl: string, urlPath: string, name: string): Promise<void> {
  const res = await page.goto(`${baseUrl}${urlPath}`);
  if (!res || res.status() >= 400) throw new Error(`${urlPath} answered ${res?.status() ?? 'nothing'}`);
  await page.waitForLoadState('networkidle');
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  console.log(`  ${path.relative(process.cwd(), file)}  ${urlPath}`);
}

async function main(): Promise<void> {
  await globalSetup();
  let stack: Stack | null = null;
  let web: WebServer | null = null;
  let browser: Browser | null = null;
  try {
    stack = await Stack.start({ name: 'screenshots' });
    web = await startWebServer(stack.config);
    const cases = [];
    for (const [email, overrides] of Concerns) {
      cases.push(await stack.raiseConcern(email, buildConcern({ ...overrides, desiredOutcomes: undefined })));
    }
    await stack.openEnquiry(Demo.officer, {
      providerId: DemoIds.sunrise,
      adultAtRisk: { name: 'Dora Instance' },
      summary: 'Unexplained weight loss over two months',
    });
    const complaint = await stack
      .http()
      .post('/api/v1/complaints')
      .set('Authorization', `Bearer ${await stack.token(Demo.sunriseLead)}`)
      .set('Idempotency-Key', randomUUID())
      .send({
        receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
        affectsCare: true,
        complainantRelationship: 'Daughter',
        summary: 'Evening calls cut short',
      });
    if (complaint.status !== 201) throw new Error(`recording a complaint answered ${complaint.status}`);
    // Let the worker start the workflows, so timelines and clocks show.
    await new Promise((r) => setTimeout(r, 4_000));

    fs.mkdirSync(OUT, { recursive: true });
    browser = await launchChromium();
    const base = web.baseUrl;
    console.log('Screenshots:');

    const signedOut = await (await newContext(browser)).newPage();
    await shoot(signedOut, base, '/sign-in', 'sign-in');

    const lead = await signedInPage(browser, base, Demo.sunriseLead);
    await shoot(lead, base, '/', 'home');
    await shoot(lead, base, '/concerns/new', 'concern-new');

    const officer = await signedInPage(browser, base, Demo.officer);
    await shoot(officer, base, '/cases', 'cases');
    await shoot(officer, base, `/cases/${cases[0].id}`, 'case');
    await shoot(officer, base, '/queue', 'queue');

    const manager = await signedInPage(browser, base, Demo.manager);
    await shoot(manager, base, '/dashboard', 'dashboard');
    await shoot(manager, base, '/returns', 'returns');

    const commissioner = await signedInPage(browser, base, Demo.commissioner);
    await shoot(commissioner, base, '/providers', 'providers');
  } finally {
    await browser?.close();
    await web?.app.close();
    await stack?.stop();
    await globalTeardown();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('screenshots failed:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
