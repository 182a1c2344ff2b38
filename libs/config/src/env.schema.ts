import { z } from 'zod';

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\//, { error: 'must be a postgres:// URL' })
  .refine((v) => URL.canParse(v), { error: 'must be a valid URL' });

/**
 * Every environment variable Vigil reads, with its default. README's configuration table and
 * .env.example mirror this schema; the "is documented" test in ./config.spec.ts checks they agree.
 * scripts/temporal-cli.sh and the test setup read a few more; that test checks those are listed too.
 */
export const EnvSchema = z.object({
  /** Unset is production (fail closed): `npm start` and the tests set development and test themselves. */
  NODE_ENV: z.enum(['development', 'test', 'production']).optional(),
  PORT: port(3000),
  PUBLIC_BASE_URL: z.url().optional(),
  TRUST_PROXY: z.string().min(1).default('loopback'),
  DATABASE_URL: postgresUrl.default('postgres://postgres@127.0.0.1:5432/vigil'),
  DATABASE_APP_URL: postgresUrl.optional(),
  DATABASE_POOL_MAX: positiveInt(10),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('vigil-cases'),
  TEMPORAL_WORKFLOW_BUNDLE: z.string().min(1).optional(),
  /** Worker limits: memory is bounded by the cache, not by the number of open cases (docs/benchmarks.md). */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(1000),
  WORKER_MAX_WORKFLOW_TASKS: z.coerce.number().int().min(2).default(40),
  WORKER_MAX_ACTIVITIES: positiveInt(100),
  WORKER_MAX_LOCAL_ACTIVITIES: positiveInt(100),
  WORKER_WORKFLOW_POLLERS: z.coerce.number().int().min(2).default(10),
  WORKER_ACTIVITY_POLLERS: positiveInt(10),
  WORKER_STICKY_TIMEOUT_SECONDS: positiveInt(10),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, { error: 'must be an smtp:// or smtps:// URL' })
    .default('smtp://127.0.0.1:1025'),
  MAIL_FROM: z.string().min(3).default('Vigil <no-reply@vigil.localhost>'),
  /** Who users write to for help and to report accessibility problems (the help and accessibility pages). */
  SUPPORT_EMAIL: z.email({ error: 'must be an email address' }).default('support@vigil.localhost'),
  VIGIL_POLICY_FILE: z.string().min(1).optional(),
  VIGIL_ALLOW_SHORT_TIMESCALES: bool(false),
  VIGIL_DATA_DIR: z.string().min(1).default('.data'),
  VIGIL_DEMO: bool(true),
  VIGIL_OUTBOX_POLL_MS: positiveInt(2000),
  VIGIL_OUTBOX_GRACE_MS: z.coerce.number().int().min(0).default(5000),
  API_TOKEN_TTL_SECONDS: positiveInt(3600),
  SESSION_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  CSRF_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  SESSION_IDLE_MINUTES: positiveInt(30),
  SESSION_ABSOLUTE_HOURS: positiveInt(12),
  SIGN_IN_RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(30, { error: 'must allow at least 30 a minute' })
    .default(30),
  SIGN_IN_IP_RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(30, { error: 'must allow at least 30 a minute' })
    .default(120),
  CASE_READ_RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(600, { error: 'must allow at least 600 a minute' })
    .default(600),
  BREAK_GLASS_RATE_LIMIT_PER_HOUR: positiveInt(10),
  CREATE_RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(120, { error: 'must allow at least 120 a minute' })
    .default(120),
  LOCKOUT_THRESHOLD: positiveInt(5),
  LOCKOUT_BASE_SECONDS: positiveInt(60),
  BREAK_GLASS_MINUTES: positiveInt(60),
  LOCAL_ACCOUNTS_ENABLED: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
    .optional(),
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_ROLE_CLAIM: z.string().min(1).default('vigil_role'),
  OIDC_ORGANISATION_CLAIM: z.string().min(1).default('vigil_organisation'),
  OIDC_ROLE_MAP: z.string().min(2).optional(),
  OIDC_ALLOW_HTTP: bool(false),
  /** Signs audit checkpoints; the database never holds it (required in production). */
  AUDIT_CHECKPOINT_KEY: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  AUDIT_CHECKPOINT_MINUTES: positiveInt(60),
  /** Comma-separated organisation IDs the identity provider may create accounts in (required with OIDC). */
  OIDC_ORGANISATIONS: z.string().min(36).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAIL_CATCHER_SMTP_PORT: port(1025),
  MAIL_CATCHER_HTTP_PORT: port(1080),
  /** Set by `npm start` when it runs the mail catcher: its web page, linked from the pages' header. */
  MAIL_CATCHER_URL: z.url().optional(),
  TEMPORAL_UI_PORT: port(8233),
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  CHROMIUM_PATH: z.string().min(1).optional(),
});
export type Env = z.infer<typeof EnvSchema>;
