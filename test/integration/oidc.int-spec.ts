import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { DemoIds } from '@vigil/access';
import { Stack } from '../support/stack';

/*
 * Sign-in with an identity provider, against a real local OpenID Provider (oidc-provider) in Chromium.
 * Both OIDC packages are ESM-only, so the browser journey runs in a child process
 * (test/oidc/oidc-sign-in.check.ts) and this test asserts on what it saw and on the database.
 */
describe('OIDC sign-in', () => {
  let stack: Stack;
  let findings: {
    ok: boolean;
    error?: string;
    officer?: { url: string; h1: string; errors: string[] };
    nobody?: { url: string; errors: string[] };
    misfit?: { url: string; errors: string[] };
    takeover?: { url: string; errors: string[] };
    elsewhere?: { url: string; errors: string[] };
    unverified?: { url: string; errors: string[] };
    again?: { url: string; errors: string[] };
  };

  beforeAll(async () => {
    stack = await Stack.start({ name: 'oidc', worker: false });
    const c = stack.config;
    const child = spawnSync(
      process.execPath,
      ['-r', '@swc-node/register', path.resolve(__dirname, '../oidc/oidc-sign-in.check.ts')],
      {
        cwd: path.resolve(__dirname, '../..'),
        encoding: 'utf8',
        timeout: 120_000,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          NODE_ENV: 'test',
          DATABASE_URL: c.database.url,
          DATABASE_APP_URL: c.database.appUrl,
          TEMPORAL_ADDRESS: c.temporal.address,
          TEMPORAL_TASK_QUEUE: c.temporal.taskQueue,
          SMTP_URL: c.mail.smtpUrl,
        },
      },
    );
    const line = child.stdout.split('\n').find((l) => l.startsWith('OIDC-FINDINGS '));
    findings = line
      ? JSON.parse(line.slice('OIDC-FINDINGS '.length))
      : { ok: false, error: `no findings; stderr: ${child.stderr.slice(-2000)}` };
  });
  afterAll(async () => stack?.stop());

  it('completes the journey through the provider’s login and consent', () => {
    expect(findings).toEqual(expect.objectContaining({ ok: true }));
  });

  it('offers both ways in on an accessible sign-in page', () => {
    expect(findings).toEqual(expect.objectContaining({ signInPageViolations: [] }));
  });

  it('signs a mapped user in and lands on their cases', () => {
    expect(findings.officer?.url).toBe('/cases');
    expect(findings.officer?.errors).toEqual([]);
  });

  it('creates the account from the claims, linked by issuer and subject: role from the group map, no password', async () => {
    const users = await stack.sql<{
      email: string;
      role: string;
      organisation_id: string;
      password_hash: string | null;
      team_id: string | null;
      oidc_subject: string;
      linked: boolean;
    }>(
      `select email, role, organisation_id, password_hash, team_id, oidc_subject, oidc_issuer is not null as linked
         from users where oidc_subject = 'oidc-officer'`,
    );
    // Signed in twice, the second time with a new email at the provider: one account, its email updated.
    expect(users).toEqual([
      {
        email: 'oidc.officer.renamed@riverside.example',
        role: 'council_officer',
        organisation_id: '00000000-0000-4000-8000-000000000001',
        password_hash: null,
        team_id: '00000000-0000-4000-8000-000000000010',
        oidc_subject: 'oidc-officer',
        linked: true,
      },
    ]);
    expect(findings.again?.url).toBe('/cases');
    const audit = await stack.sql(
      `select 1 from audit_events where action = 'auth.signed_in' and details->>'method' = 'oidc'`,
    );
    expect(audit).toHaveLength(2);
  });

  it('refuses an organisation the provider is not configured for, and an unverified email, recording both', async () => {
    expect(findings.elsewhere?.errors.join(' ')).toContain('may not sign people in to that organisation');
    expect(findings.unverified?.errors.join(' ')).toContain('verified email');
    expect(
      await stack.sql(
        `select 1 from users where email in ('oidc.elsewhere@oakwood-homes.example', 'oidc.unverified@riverside.example')`,
      ),
    ).toEqual([]);
    const reasons = await stack.sql<{ reason: string }>(
      `select details->>'reason' as reason from audit_events where action = 'auth.sign_in_failed'
          and details->>'reason' in ('oidc_organisation_not_allowed', 'oidc_claims_unverified')`,
    );
    expect(reasons.map((r) => r.reason).sort()).toEqual([
      'oidc_claims_unverified',
      'oidc_organisation_not_allowed',
    ]);
  });

  it('refuses a user whose claims carry no Vigil role, saying why, and records it', async () => {
    expect(findings.nobody?.url).toMatch(/^\/sign-in/);
    expect(findings.nobody?.errors.join(' ')).toContain('no Vigil role');
    expect(await stack.sql(`select 1 from users where email = 'oidc.nobody@riverside.example'`)).toEqual([]);
    const refused = await stack.sql(
      `select 1 from audit_events where action = 'auth.sign_in_failed' and details->>'reason' = 'oidc_claims_unmapped'`,
    );
    expect(refused).toHaveLength(1);
  });

  it('refuses a role that does not belong at the claimed organisation, and records it', async () => {
    expect(findings.misfit?.url).toMatch(/^\/sign-in/);
    expect(findings.misfit?.errors.join(' ')).toContain('does not belong at its organisation');
    expect(await stack.sql(`select 1 from users where email = 'oidc.misfit@sunrise-care.example'`)).toEqual(
      [],
    );
    const refused = await stack.sql(
      `select 1 from audit_events where action = 'auth.sign_in_failed'
          and details->>'reason' = 'oidc_role_does_not_fit_organisation'`,
    );
    expect(refused).toHaveLength(1);
  });

  it('never lets the identity provider take over a local account, and records the attempt', async () => {
    expect(findings.takeover?.url).toMatch(/^\/sign-in/);
    expect(findings.takeover?.errors.join(' ')).toContain('signs in with a Vigil password');
    const [lead] = await stack.sql<{ role: string; organisation_id: string }>(
      `select role, organisation_id from users where email = 'lead@sunrise-care.example'`,
    );
    expect(lead).toEqual({ role: 'provider_lead', organisation_id: DemoIds.sunrise });
    const refused = await stack.sql(
      `select 1 from audit_events where action = 'auth.sign_in_failed' and details->>'reason' = 'oidc_local_account'`,
    );
    expect(refused).toHaveLength(1);
  });
});
