import { EnvSchema, type Env } from './env.schema';

export interface Config {
  env: Env['NODE_ENV'];
  http: { port: number; publicBaseUrl: string };
  database: { url: string; appUrl: string | undefined; poolMax: number };
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    cliPath: string | undefined;
    /** A prebuilt workflow bundle; without it the worker bundles workflows/ from source at start. */
    workflowBundle: string | undefined;
  };
  mail: { smtpUrl: string; from: string };
  policy: { file: string | undefined; allowShortTimescales: boolean };
  dataDir: string;
  demo: boolean;
  outbox: { pollMs: number; graceMs: number };
  auth: { tokenTtlSeconds: number };
  log: { level: Env['LOG_LEVEL'] };
  devTools: { mailCatcherSmtpPort: number; mailCatcherHttpPort: number; temporalUiPort: number };
}

/** Nest injection token and type in one: `constructor(private readonly config: AppConfig)`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- one name for the DI token and its type
export abstract class AppConfig {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface AppConfig extends Config {}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment once. Errors name the variable and the rule, never the value:
 * a bad DATABASE_URL may contain a password.
 */
export function loadConfig(source: NodeJS.ProcessEnv | Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  const config: Config = {
    env: e.NODE_ENV,
    http: {
      port: e.PORT,
      publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    },
    database: { url: e.DATABASE_URL, appUrl: e.DATABASE_APP_URL, poolMax: e.DATABASE_POOL_MAX },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      cliPath: e.TEMPORAL_CLI_PATH,
      workflowBundle: e.TEMPORAL_WORKFLOW_BUNDLE,
    },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    policy: { file: e.VIGIL_POLICY_FILE, allowShortTimescales: e.VIGIL_ALLOW_SHORT_TIMESCALES },
    dataDir: e.VIGIL_DATA_DIR,
    demo: e.VIGIL_DEMO,
    outbox: { pollMs: e.VIGIL_OUTBOX_POLL_MS, graceMs: e.VIGIL_OUTBOX_GRACE_MS },
    auth: { tokenTtlSeconds: e.API_TOKEN_TTL_SECONDS },
    log: { level: e.LOG_LEVEL },
    devTools: {
      mailCatcherSmtpPort: e.MAIL_CATCHER_SMTP_PORT,
      mailCatcherHttpPort: e.MAIL_CATCHER_HTTP_PORT,
      temporalUiPort: e.TEMPORAL_UI_PORT,
    },
  };
  return deepFreeze(config);
}

/** Builds an AppConfig instance (the class token) from a plain Config. */
export function asAppConfig(config: Config): AppConfig {
  return Object.freeze(Object.assign(Object.create(AppConfig.prototype) as AppConfig, config));
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
