import { describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, loadConfig, workerTuning } from './config';
import { EnvSchema } from './env.schema';

describe('loadConfig', () => {
  it('fails closed when NODE_ENV is unset: production rules, no development secret, Secure cookies', () => {
    expect(() => loadConfig({})).toThrow(/SESSION_SECRET: required in production/);
    const secrets = {
      SESSION_SECRET: 's'.repeat(32),
      CSRF_SECRET: 'c'.repeat(32),
      LOCAL_ACCOUNTS_ENABLED: 'false',
      AUDIT_CHECKPOINT_KEY: 'k'.repeat(32),
    };
    const c = loadConfig(secrets);
    expect(c.env).toBe('production');
    expect(c.session.secret).toBe(secrets.SESSION_SECRET);
    expect(() => loadConfig({ ...secrets, OIDC_ALLOW_HTTP: 'true' })).toThrow(
      /OIDC_ALLOW_HTTP: not allowed in production/,
    );
    expect(loadConfig({ NODE_ENV: 'development', OIDC_ALLOW_HTTP: 'true' }).env).toBe('development');
  });

  it('gives every variable its documented default', () => {
    const c = loadConfig({ NODE_ENV: 'development' });
    expect(c.http).toEqual({ port: 3000, publicBaseUrl: 'http://localhost:3000', trustProxy: 'loopback' });
    expect(c.temporal).toEqual(
      expect.objectContaining({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'vigil-cases' }),
    );
    expect(c.temporal.worker).toEqual({
      maxCachedWorkflows: 1000,
      maxConcurrentWorkflowTasks: 40,
      maxConcurrentActivities: 100,
      maxConcurrentLocalActivities: 100,
      workflowPollers: 10,
      activityPollers: 10,
      stickyTimeoutSeconds: 10,
    });
    expect(workerTuning(c.temporal.worker)).toEqual(
      expect.objectContaining({
        maxCachedWorkflows: 1000,
        maxConcurrentLocalActivityExecutions: 100,
        workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: 10 },
        stickyQueueScheduleToStartTimeout: 10_000,
      }),
    );
    expect(c.demo).toBe(true);
    expect(Object.isFrozen(c.temporal)).toBe(true);
  });

  it('has a support address by default, and refuses one that is not an email address', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).support.email).toBe('support@vigil.localhost');
    expect(loadConfig({ NODE_ENV: 'development', SUPPORT_EMAIL: 'desk@council.example' }).support.email).toBe(
      'desk@council.example',
    );
    expect(() => loadConfig({ NODE_ENV: 'development', SUPPORT_EMAIL: 'desk' })).toThrow(/SUPPORT_EMAIL/);
  });

  it('links the mail catcher only when npm start says it runs one, and never in production', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).devTools.mailCatcherUrl).toBeNull();
    const catcher = { MAIL_CATCHER_URL: 'http://localhost:1080/' };
    expect(loadConfig({ NODE_ENV: 'development', ...catcher }).devTools.mailCatcherUrl).toBe(
      'http://localhost:1080',
    );
    const production = {
      SESSION_SECRET: 's'.repeat(32),
      CSRF_SECRET: 'c'.repeat(32),
      LOCAL_ACCOUNTS_ENABLED: 'true',
      AUDIT_CHECKPOINT_KEY: 'k'.repeat(32),
    };
    expect(loadConfig({ ...production, ...catcher }).devTools.mailCatcherUrl).toBeNull();
    expect(
      loadConfig({ ...production, NODE_ENV: 'production', ...catcher }).devTools.mailCatcherUrl,
    ).toBeNull();
  });

  it('reads TRUST_PROXY as a hop count when it is digits, else as addresses', () => {
    expect(loadConfig({ NODE_ENV: 'development', TRUST_PROXY: '2' }).http.trustProxy).toBe(2);
    expect(loadConfig({ NODE_ENV: 'development', TRUST_PROXY: '10.0.0.0/8, loopback' }).http.trustProxy).toBe(
      '10.0.0.0/8, loopback',
    );
  });

  it('names the bad variables and never echoes their values', () => {
    const secret = 'mysql://user:s3cret-password@db/vigil';
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: secret, PORT: 'eighty', VIGIL_DEMO: 'perhaps' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('PORT');
    expect(message).toContain('VIGIL_DEMO');
    expect(message).not.toContain('s3cret-password');
  });

  it('is documented: the README configuration tables list every variable, and .env.example too', () => {
    const root = path.resolve(__dirname, '../../..');
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const example = fs.readFileSync(path.join(root, '.env.example'), 'utf8');
    // Read outside the schema, by scripts/temporal-cli.sh and test/support/stack-setup.ts.
    const scriptAndTestVariables = [
      'TEMPORAL_CLI_VERSION',
      'VIGIL_CACHE_DIR',
      'VIGIL_TEST_DATABASE_URL',
      'VIGIL_TEST_TEMPORAL_ADDRESS',
    ];
    const documented = [...Object.keys(EnvSchema.shape), ...scriptAndTestVariables];
    const missing = documented.filter((name) => !new RegExp(`^\\|\\s*\`${name}\`\\s*\\|`, 'm').test(readme));
    const missingExample = documented.filter((name) => !new RegExp(`^#?\\s*${name}=`, 'm').test(example));
    expect(missing).toEqual([]);
    expect(missingExample).toEqual([]);
  });
});
