/**
 * OIDC sign-in end to end, in plain Node (openid-client and oidc-provider are ESM-only and cannot load in
 * jest): a real local OpenID Provider, the Vigil pages and API, and Debian Chromium clicking through the
 * provider's login and consent. Run by test/integration/oidc.int-spec.ts with the database and Temporal
 * of its Stack in the environment; prints one JSON line of findings for the test to assert on.
 */
import { DemoIds } from '@vigil/access';
import AxeBuilder from '@axe-core/playwright';
import { loadConfig } from '@vigil/config';
import * as net from 'node:net';
import { launchChromium, newContext } from '../e2e/support/chromium';
import { startWebServer } from '../e2e/support/web-server';
import { startLocalProvider, type LocalAccount } from './local-provider';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function main(): Promise<void> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const accounts: Record<string, LocalAccount> = {
    'oidc-officer': {
      email: 'oidc.officer@riverside.example',
      name: 'OIDC Officer',
      groups: ['staff', 'sg-officers'],
      organisationId: DemoIds.council,
    },
    'oidc-nobody': {
      email: 'oidc.nobody@riverside.example',
      name: 'No Role',
      groups: ['staff'],
      organisationId: DemoIds.council,
    },
    // A council role claimed at a provider: it would otherwise see every case of the council.
    'oidc-misfit': {
      email: 'oidc.misfit@sunrise-care.example',
      name: 'Misfit',
      groups: ['sg-officers'],
      organisationId: DemoIds.sunrise,
    },
    // An organisation this provider is not configured for.
    'oidc-elsewhere': {
      email: 'oidc.elsewhere@oakwood-homes.example',
      name: 'Elsewhere',
      groups: ['sg-leads'],
      organisationId: DemoIds.oakwood,
    },
    'oidc-unverified': {
      email: 'oidc.unverified@riverside.example',
      name: 'Unverified',
      groups: ['sg-officers'],
      organisationId: DemoIds.council,
      emailVerified: false,
    },
    // The email of an existing local (password) account, claimed with a council role.
    'oidc-takeover': {
      email: 'lead@sunrise-care.example',
      name: 'Takeover',
      groups: ['sg-officers'],
      organisationId: DemoIds.council,
    },
  };
  const provider = await startLocalProvider(`${base}/sign-in/oidc/callback`, accounts);
  const config = loadConfig({
    ...process.env,
    PORT: String(port),
    PUBLIC_BASE_URL: base,
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    OIDC_ROLE_CLAIM: 'groups',
    OIDC_ROLE_MAP: JSON.stringify({ 'sg-officers': 'council_officer', 'sg-leads': 'provider_lead' }),
    OIDC_ALLOW_HTTP: 'true',
    // Oakwood is left out: this provider may not create accounts there.
    OIDC_ORGANISATIONS: `${DemoIds.council},${DemoIds.sunrise}`,
    LOG_LEVEL: 'silent',
  });
  const web = await startWebServer(config, port);
  const browser = await launchChromium();
  const findings: Record<string, unknown> = {};
  try {
    const signIn = async (login: string) => {
      const context = await newContext(browser);
      const page = await context.newPage();
      await page.goto(`${base}/sign-in`);
      // The sign-in page with both ways in, checked like every other page.
      const axe = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
        .analyze();
      findings.signInPageViolations = axe.violations.map((v) => v.id);
      await page.click('[data-qa="oidc-sign-in"]');
      await page.waitForURL(/\/interaction\//);
      await page.fill('input[name="login"]', login);
      await page.fill('input[name="password"]', 'anything');
      await page.click('button[type="submit"]');
      await page.waitForURL(/\/interaction\/|\/cases|\/sign-in/);
      if (page.url().includes('/interaction/')) await page.click('button[type="submit"]');
      await page.waitForURL(new RegExp(`^${base}/(cases|sign-in)`));
      const result = {
        url: page.url().replace(base, ''),
        h1: await page.locator('h1').first().textContent(),
        errors: await page.locator('.govuk-error-summary').allTextContents(),
      };
      await context.close();
      return result;
    };
    findings.officer = await signIn('oidc-officer');
    findings.nobody = await signIn('oidc-nobody');
    findings.misfit = await signIn('oidc-misfit');
    findings.takeover = await signIn('oidc-takeover');
    findings.elsewhere = await signIn('oidc-elsewhere');
    findings.unverified = await signIn('oidc-unverified');
    // The same person again, their email changed at the provider: still the account linked to their subject.
    accounts['oidc-officer'].email = 'oidc.officer.renamed@riverside.example';
    findings.again = await signIn('oidc-officer');
    findings.ok = true;
  } catch (error) {
    findings.ok = false;
    findings.error = error instanceof Error ? error.message : String(error);
  } finally {
    await browser.close();
    await web.app.close();
    await provider.close();
  }
  console.log(`OIDC-FINDINGS ${JSON.stringify(findings)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.log(
      `OIDC-FINDINGS ${JSON.stringify({ ok: false, error: error instanceof Error ? error.message : String(error) })}`,
    );
    process.exit(1);
  },
);
