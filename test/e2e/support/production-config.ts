import { loadConfig, type Config } from '@vigil/config';

/**
 * The test stack's connections under production rules (NODE_ENV=production: secrets required, Secure and
 * `__Host-` cookies, no development links), parsed by the same `loadConfig` as a real deployment.
 */
export function productionConfigFrom(test: Config, extra: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'production',
    SESSION_SECRET: 'production-test-session-secret-0123456789',
    CSRF_SECRET: 'production-test-csrf-secret-0123456789abc',
    AUDIT_CHECKPOINT_KEY: 'production-test-audit-key-0123456789abcd',
    LOCAL_ACCOUNTS_ENABLED: 'true',
    DATABASE_URL: test.database.url,
    DATABASE_APP_URL: test.database.appUrl,
    DATABASE_POOL_MAX: '3',
    TEMPORAL_ADDRESS: test.temporal.address,
    TEMPORAL_TASK_QUEUE: test.temporal.taskQueue,
    TEMPORAL_WORKFLOW_BUNDLE: test.temporal.workflowBundle,
    SMTP_URL: test.mail.smtpUrl,
    PUBLIC_BASE_URL: test.http.publicBaseUrl,
    LOG_LEVEL: 'silent',
    ...extra,
  });
}
