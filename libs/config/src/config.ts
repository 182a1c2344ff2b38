import { EnvSchema, type Env } from './env.schema';

export interface Config {
  env: NonNullable<Env['NODE_ENV']>;
  /** trustProxy: Express's `trust proxy` (addresses or hop count) for client addresses and secure cookies. */
  http: { port: number; publicBaseUrl: string; trustProxy: string | number };
  database: { url: string; appUrl: string | undefined; poolMax: number };
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    cliPath: string | undefined;
    /** A prebuilt workflow bundle; without it the worker bundles workflows/ from source at start. */
    workflowBundle: string | undefined;
    /** The worker's limits (Worker.create options), set explicitly so memory and load are configuration. */
    worker: {
      /** Workflows kept in memory between tasks; an evicted one is replayed from history on its next task. */
      maxCachedWorkflows: number;
      /** Workflow task slots (the SDK requires at least 2 when the cache is on). */
      maxConcurrentWorkflowTasks: number;
      /** Activity slots (sends and clock records); each holds a database connection while it runs. */
      maxConcurrentActivities: number;
      /** Escalation steps run inside their workflow task (ADR 0023). */
      maxConcurrentLocalActivities: number;
      /** Most concurrent polls for workflow tasks (sticky and normal queues together) and activity tasks. */
      workflowPollers: number;
      activityPollers: number;
      /**
       * How long a task for a cached workflow waits on this worker's own (sticky) queue before Temporal
       * gives it to any worker: after a crash, how long the dead worker's workflows wait.
       */
      stickyTimeoutSeconds: number;
    };
  };
  mail: { smtpUrl: string; from: string };
  /** The help and accessibility pages' contact address. */
  support: { email: string };
  policy: { file: string | undefined; allowShortTimescales: boolean };
  dataDir: string;
  audit: { checkpointKey: string | undefined; checkpointMinutes: number };
  demo: boolean;
  outbox: { pollMs: number; graceMs: number };
  auth: {
    tokenTtlSeconds: number;
    localAccountsEnabled: boolean;
    lockoutThreshold: number;
    lockoutBaseSeconds: number;
    /** Per account (whatever the address) and per address (whatever the account). */
    signInPerMinute: number;
    signInPerIpPerMinute: number;
    createsPerMinute: number;
    caseReadsPerMinute: number;
    breakGlassPerHour: number;
    breakGlassMinutes: number;
    oidc: OidcConfig | null;
  };
  session: { secret: string; csrfSecret: string; idleMinutes: number; absoluteHours: number };
  log: { level: Env['LOG_LEVEL'] };
  devTools: {
    mailCatcherSmtpPort: number;
    mailCatcherHttpPort: number;
    temporalUiPort: number;
    /** The mail catcher's web page when `npm start` runs one (embedded defaults); never in production. */
    mailCatcherUrl: string | null;
  };
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  roleClaim: string;
  organisationClaim: string;
  /** Claim value → Vigil role, e.g. {"safeguarding-officers": "council_officer"}; identity when empty. */
  roleMap: Record<string, string>;
  allowHttp: boolean;
  /** The organisations this issuer may create accounts in; a claim naming another is refused. */
  organisations: string[];
}

/**
 * The options of Temporal's `Worker.create` that come from configuration (plain values, so this library
 * needs no Temporal types): the worker and the benchmarks' minimal program pass them as they are.
 */
export function workerTuning(w: Config['temporal']['worker']) {
  return {
    maxCachedWorkflows: w.maxCachedWorkflows,
    maxConcurrentWorkflowTaskExecutions: w.maxConcurrentWorkflowTasks,
    maxConcurrentActivityTaskExecutions: w.maxConcurrentActivities,
    maxConcurrentLocalActivityExecutions: w.maxConcurrentLocalActivities,
    workflowTaskPollerBehavior: { type: 'simple-maximum' as const, maximum: w.workflowPollers },
    activityTaskPollerBehavior: { type: 'simple-maximum' as const, maximum: w.activityPollers },
    stickyQueueScheduleToStartTimeout: w.stickyTimeoutSeconds * 1000,
  };
}

/** Used only outside production, where these secrets are required. */
const DEV_SECRET = 'vigil-development-only-secret-do-not-use-in-production';

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
  const problems = productionProblems(e);
  if (problems.length > 0) throw new ConfigError(problems);
  const config: Config = {
    env: e.NODE_ENV ?? 'production',
    http: {
      port: e.PORT,
      publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
      trustProxy: /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY,
    },
    database: { url: e.DATABASE_URL, appUrl: e.DATABASE_APP_URL, poolMax: e.DATABASE_POOL_MAX },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      cliPath: e.TEMPORAL_CLI_PATH,
      workflowBundle: e.TEMPORAL_WORKFLOW_BUNDLE,
      worker: {
        maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
        maxConcurrentWorkflowTasks: e.WORKER_MAX_WORKFLOW_TASKS,
        maxConcurrentActivities: e.WORKER_MAX_ACTIVITIES,
        maxConcurrentLocalActivities: e.WORKER_MAX_LOCAL_ACTIVITIES,
        workflowPollers: e.WORKER_WORKFLOW_POLLERS,
        activityPollers: e.WORKER_ACTIVITY_POLLERS,
        stickyTimeoutSeconds: e.WORKER_STICKY_TIMEOUT_SECONDS,
      },
    },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    support: { email: e.SUPPORT_EMAIL },
    policy: { file: e.VIGIL_POLICY_FILE, allowShortTimescales: e.VIGIL_ALLOW_SHORT_TIMESCALES },
    dataDir: e.VIGIL_DATA_DIR,
    audit: { checkpointKey: e.AUDIT_CHECKPOINT_KEY, checkpointMinutes: e.AUDIT_CHECKPOINT_MINUTES },
    demo: e.VIGIL_DEMO,
    outbox: { pollMs: e.VIGIL_OUTBOX_POLL_MS, graceMs: e.VIGIL_OUTBOX_GRACE_MS },
    auth: {
      tokenTtlSeconds: e.API_TOKEN_TTL_SECONDS,
      localAccountsEnabled:
        e.LOCAL_ACCOUNTS_ENABLED === undefined
          ? true
          : ['true', '1', 'yes'].includes(e.LOCAL_ACCOUNTS_ENABLED),
      lockoutThreshold: e.LOCKOUT_THRESHOLD,
      lockoutBaseSeconds: e.LOCKOUT_BASE_SECONDS,
      signInPerMinute: e.SIGN_IN_RATE_LIMIT_PER_MINUTE,
      signInPerIpPerMinute: e.SIGN_IN_IP_RATE_LIMIT_PER_MINUTE,
      createsPerMinute: e.CREATE_RATE_LIMIT_PER_MINUTE,
      caseReadsPerMinute: e.CASE_READ_RATE_LIMIT_PER_MINUTE,
      breakGlassPerHour: e.BREAK_GLASS_RATE_LIMIT_PER_HOUR,
      breakGlassMinutes: e.BREAK_GLASS_MINUTES,
      oidc:
        e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
          ? {
              issuer: e.OIDC_ISSUER,
              clientId: e.OIDC_CLIENT_ID,
              clientSecret: e.OIDC_CLIENT_SECRET,
              roleClaim: e.OIDC_ROLE_CLAIM,
              organisationClaim: e.OIDC_ORGANISATION_CLAIM,
              roleMap: e.OIDC_ROLE_MAP ? (JSON.parse(e.OIDC_ROLE_MAP) as Record<string, string>) : {},
              allowHttp: e.OIDC_ALLOW_HTTP,
              organisations: (e.OIDC_ORGANISATIONS ?? '')
                .split(',')
                .map((o) => o.trim().toLowerCase())
                .filter(Boolean),
            }
          : null,
    },
    session: {
      secret: e.SESSION_SECRET ?? DEV_SECRET,
      csrfSecret: e.CSRF_SECRET ?? `${DEV_SECRET}-csrf`,
      idleMinutes: e.SESSION_IDLE_MINUTES,
      absoluteHours: e.SESSION_ABSOLUTE_HOURS,
    },
    log: { level: e.LOG_LEVEL },
    devTools: {
      mailCatcherSmtpPort: e.MAIL_CATCHER_SMTP_PORT,
      mailCatcherHttpPort: e.MAIL_CATCHER_HTTP_PORT,
      temporalUiPort: e.TEMPORAL_UI_PORT,
      mailCatcherUrl:
        (e.NODE_ENV ?? 'production') === 'production'
          ? null
          : (e.MAIL_CATCHER_URL?.replace(/\/$/, '') ?? null),
    },
  };
  return deepFreeze(config);
}

/** Production has no default secrets and no implicit local accounts (HOUSE_STYLE 3.10). */
function productionProblems(e: Env): string[] {
  const problems: string[] = [];
  if (e.OIDC_ROLE_MAP) {
    try {
      const map: unknown = JSON.parse(e.OIDC_ROLE_MAP);
      if (!map || typeof map !== 'object' || Array.isArray(map))
        problems.push('OIDC_ROLE_MAP: must be a JSON object');
    } catch {
      problems.push('OIDC_ROLE_MAP: must be valid JSON');
    }
  }
  const oidcParts = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (oidcParts > 0 && oidcParts < 3)
    problems.push('OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: set all three or none');
  if (oidcParts === 3) {
    const orgs = (e.OIDC_ORGANISATIONS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
    if (orgs.length === 0 || orgs.some((o) => !/^[0-9a-f-]{36}$/i.test(o)))
      problems.push(
        'OIDC_ORGANISATIONS: with OIDC, list the organisation IDs (UUIDs, comma-separated) it may create accounts in',
      );
  }
  // Unset NODE_ENV is production: no development secret, Secure cookies, no plain-HTTP identity provider.
  if (e.NODE_ENV !== undefined && e.NODE_ENV !== 'production') return problems;
  if (!e.SESSION_SECRET) problems.push('SESSION_SECRET: required in production');
  if (e.OIDC_ALLOW_HTTP) problems.push('OIDC_ALLOW_HTTP: not allowed in production');
  if (!e.AUDIT_CHECKPOINT_KEY) problems.push('AUDIT_CHECKPOINT_KEY: required in production');
  if (!e.CSRF_SECRET) problems.push('CSRF_SECRET: required in production');
  if (e.LOCAL_ACCOUNTS_ENABLED === undefined)
    problems.push('LOCAL_ACCOUNTS_ENABLED: set it explicitly in production');
  return problems;
}

/**
 * Only the database settings, for scripts that need nothing else (migrations, the application role, the
 * seed): they run in production without the web app's secrets.
 */
export function loadDatabaseConfig(source: NodeJS.ProcessEnv | Record<string, string | undefined>): {
  env: NonNullable<Env['NODE_ENV']>;
  database: Config['database'];
} {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.pick({
    NODE_ENV: true,
    DATABASE_URL: true,
    DATABASE_APP_URL: true,
    DATABASE_POOL_MAX: true,
  }).safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV ?? 'production',
    database: { url: e.DATABASE_URL, appUrl: e.DATABASE_APP_URL, poolMax: e.DATABASE_POOL_MAX },
  };
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
