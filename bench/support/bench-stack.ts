/**
 * An isolated world for one benchmark run: a scratch database on the local PostgreSQL, an in-memory
 * Temporal dev server, an SMTP recorder, and the API and the worker as separate child processes (as
 * in production, so they do not share an event loop with the load generator or each other).
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { DEMO_PASSWORD, seedDemo } from '@vigil/access';
import {
  appUrlFor,
  DEFAULT_APP_ROLE,
  dropDatabase,
  ensureAppRole,
  ensureDatabase,
  migrate,
  ormOptions,
  queryOnce,
} from '@vigil/persistence';
import { workflowBundleOptions } from '@vigil/temporal';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { isListening, waitFor } from '../../scripts/dev/ports';
import { findTemporalCli, stopChild } from '../../scripts/dev/temporal';
import { dynamicConfigArgs } from '../../scripts/dev/temporal-config';
import { SmtpRecorder } from './smtp-recorder';

const ROOT = path.resolve(__dirname, '..', '..');
const NAMESPACE = 'default';

export interface BenchStackOptions {
  /** Short label for the database and task queue names. */
  name: string;
  /** Timescale policy written to a temp file; absent means the shipped default policy. */
  policy?: object;
  /**
   * Further API processes on the same database, Temporal and worker, each with its own policy (the
   * timers benchmark uses one to line up the due instants of concerns raised later).
   */
  extraApiPolicies?: object[];
  /** Extra environment for the API and the worker. */
  env?: Record<string, string>;
  /** Extra Node options (before the script) for the API processes and the worker, e.g. --cpu-prof. */
  nodeArgs?: { api?: string[]; worker?: string[] };
  /**
   * Loads bench/support/control-preload.ts into the API and the worker, so `control(pid, 'gc')` can
   * force a garbage collection and read their memory, and --cpu-prof profiles are written at stop.
   */
  control?: boolean;
  /**
   * The API processes' entry point: `apps/api/src/main.ts` (the API alone, as in production) unless set,
   * e.g. `apps/web/src/main.dev.ts` for the pages with the API in one process, as `npm start` runs them.
   */
  apiEntry?: string;
  /** `alter database <scratch> set name = value` before anything connects, e.g. `{ jit: 'off' }`. */
  databaseSettings?: Record<string, string>;
}

/** What control-preload.ts answers. */
export type ControlCommand = 'gc' | 'memory' | 'sql' | 'record-start' | 'record-stop';

/** A child process whose output goes to a log file, so a failure can show its last lines. */
export interface RunningChild {
  name: string;
  child: ChildProcess;
  logFile: string;
  exit: { code: number | null; signal: string | null } | null;
  /** Set before a deliberate kill, so its exit is not reported as unexpected. */
  expectedExit?: boolean;
}

/** Any free TCP port on loopback, chosen by the kernel. */
export function ephemeralPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function apiHealthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health`)).status === 200;
  } catch {
    return false;
  }
}

function tail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Stacks started and not yet stopped, so Ctrl-C can tear down even one still starting. */
const live = new Set<BenchStack>();

function onSignal(signal: NodeJS.Signals): void {
  console.error(`\n${signal}: tearing the benchmark stack down...`);
  void Promise.all([...live].map((s) => s.stop())).finally(() =>
    process.exit(signal === 'SIGINT' ? 130 : 143),
  );
}
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

export class BenchStack {
  readonly nonce = randomUUID().slice(0, 8);
  readonly databaseUrl: string;
  appDatabaseUrl = '';
  readonly taskQueue: string;
  readonly dir: string;
  temporalAddress = '';
  /** The API processes: the first with `policy`, then one per entry of `extraApiPolicies`. */
  readonly apiUrls: string[] = [];
  readonly apis: RunningChild[] = [];
  smtp: SmtpRecorder | null = null;
  worker: RunningChild | null = null;
  /** The first worker's start: spawned -> Temporal lists its poller, ms (it starts alongside the API). */
  workerReadyMs: number | null = null;
  /** The prebuilt workflow bundle the worker loads. */
  bundlePath = '';
  /** BENCH_CONTROL of the children when `control` is on. */
  readonly controlDir: string;
  private workerEnv: Record<string, string> = {};
  private workers = 0;
  private temporalServer: RunningChild | null = null;
  private client: Client | null = null;
  /** Children started by a benchmark itself (spawnExtra), stopped with the stack. */
  private readonly extraChildren: RunningChild[] = [];
  private databaseCreated = false;
  private stopped = false;

  private constructor(private readonly options: BenchStackOptions) {
    const label = options.name.replace(/[^a-z0-9]/gi, '_').toLowerCase();
    this.databaseUrl = `postgres://postgres@127.0.0.1:5432/vigil_bench_${label}_${this.nonce}`;
    this.taskQueue = `vigil-bench-${label}-${this.nonce}`;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-'));
    this.controlDir = path.join(this.dir, 'control');
    fs.mkdirSync(this.controlDir);
    live.add(this);
  }

  /** Starts everything; on any failure tears down what was started and rethrows. */
  static async start(options: BenchStackOptions): Promise<BenchStack> {
    const stack = new BenchStack(options);
    try {
      await stack.init();
      return stack;
    } catch (error) {
      stack.printLogs();
      await stack.stop();
      throw error;
    }
  }

  private async init(): Promise<void> {
    const log = (text: string) => console.log(`  [stack] ${text}`);
    const t0 = Date.now();
    const env = Object.entries(this.options.env ?? {}).map(([k, v]) => `${k}=${v}`);
    if (env.length > 0) log(`configuration of the API and the worker: ${env.join(' ')}`);
    // Independent and each several seconds: run them side by side; wait for all before failing.
    const settled = await Promise.allSettled([
      this.prepareDatabase(),
      this.startTemporal(),
      this.bundleWorkflows(),
      SmtpRecorder.start().then((smtp) => (this.smtp = smtp)),
    ]);
    const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure) throw failure.reason;
    log(`database, Temporal ${this.temporalAddress}, SMTP and bundle ready in ${Date.now() - t0} ms`);
    this.bundlePath = (settled[2] as PromiseFulfilledResult<string>).value;
    await this.startApps(this.bundlePath);
    log(`API ${this.apiUrls.join(' and ')} healthy and worker polling after ${Date.now() - t0} ms`);
  }

  private async prepareDatabase(): Promise<void> {
    await dropDatabase(this.databaseUrl);
    await ensureDatabase(this.databaseUrl);
    this.databaseCreated = true;
    const database = new URL(this.databaseUrl).pathname.slice(1);
    for (const [name, value] of Object.entries(this.options.databaseSettings ?? {})) {
      if (!/^[a-z_]+$/.test(name)) throw new Error(`not a setting name: ${name}`);
      await this.sql(`alter database "${database}" set ${name} = '${value.replace(/'/g, "''")}'`);
    }
    await migrate(this.databaseUrl);
    const orm = await MikroORM.init(ormOptions({ url: this.databaseUrl, poolMax: 1 }));
    try {
      await orm.em.fork().transactional((em) => seedDemo(em));
    } finally {
      await orm.close(true);
    }
    // As in production: the API connects as the restricted role, so row-level security is measured too.
    this.appDatabaseUrl = appUrlFor(this.databaseUrl, DEFAULT_APP_ROLE, 'vigil-bench-app');
    await ensureAppRole(this.databaseUrl, this.appDatabaseUrl);
  }

  private async startTemporal(): Promise<void> {
    const cli = findTemporalCli();
    if (!cli) throw new Error('no Temporal CLI: see scripts/temporal-cli.sh');
    const port = await ephemeralPort();
    // No --db-filename: an in-memory store, discarded with the process.
    const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--headless'];
    this.temporalServer = this.spawnLogged(
      'temporal',
      cli,
      [...args, '--log-level', 'error', ...dynamicConfigArgs()],
      {},
    );
    this.temporalAddress = `127.0.0.1:${port}`;
    await waitFor(() => this.aliveAnd(() => isListening(port)), 60_000, 'the Temporal dev server');
    const connection = await Connection.connect({ address: this.temporalAddress });
    this.client = new Client({ connection, namespace: NAMESPACE });
    // The port opens a moment before the default namespace is registered.
    await waitFor(
      () =>
        this.aliveAnd(() =>
          connection.workflowService.describeNamespace({ namespace: NAMESPACE }).then(
            () => true,
            () => false,
          ),
        ),
      30_000,
      'the default namespace',
    );
  }

  /** The production worker loads a prebuilt bundle; bundling inside it would inflate its memory. */
  private async bundleWorkflows(): Promise<string> {
    const logger = new DefaultLogger('WARN');
    const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(), logger });
    const file = path.join(this.dir, 'workflow-bundle.js');
    fs.writeFileSync(file, code);
    return file;
  }

  private async startApps(bundle: string): Promise<void> {
    const smtp = this.smtp;
    if (!smtp) throw new Error('SMTP recorder not started');
    const env: Record<string, string> = {
      NODE_ENV: 'development',
      DATABASE_URL: this.databaseUrl,
      DATABASE_APP_URL: this.appDatabaseUrl,
      TEMPORAL_ADDRESS: this.temporalAddress,
      TEMPORAL_TASK_QUEUE: this.taskQueue,
      TEMPORAL_WORKFLOW_BUNDLE: bundle,
      SMTP_URL: smtp.url,
      LOG_LEVEL: 'warn',
      VIGIL_DEMO: 'false',
      // The benchmarks measure capacity, not the abuse limits in front of it.
      CREATE_RATE_LIMIT_PER_MINUTE: '1000000',
      SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000000',
      ...this.options.env,
    };
    if (this.options.control) env.BENCH_CONTROL = this.controlDir;
    const policies = [this.options.policy, ...(this.options.extraApiPolicies ?? [])];
    this.workerEnv = { ...env, ...this.policyEnv(this.options.policy, 'policy.json') };
    const spawned = Date.now();
    this.spawnWorker();
    for (const [i, policy] of policies.entries()) {
      const port = await ephemeralPort();
      const name = i === 0 ? 'api' : `api-${i + 1}`;
      const apiEnv = { ...env, PORT: String(port), ...this.policyEnv(policy, `policy-${name}.json`) };
      const args = this.nodeArgs(this.options.nodeArgs?.api, this.options.apiEntry ?? 'apps/api/src/main.ts');
      this.apis.push(this.spawnLogged(name, process.execPath, args, apiEnv));
      this.apiUrls.push(`http://127.0.0.1:${port}`);
    }
    await Promise.all([
      ...this.apiUrls.map((url) =>
        waitFor(() => this.aliveAnd(() => apiHealthy(url)), 120_000, `the API at ${url} to report healthy`),
      ),
      this.waitForPoller(this.worker?.child.pid ?? -1).then(() => {
        this.workerReadyMs = Date.now() - spawned;
      }),
    ]);
  }

  private nodeArgs(extra: string[] | undefined, file: string): string[] {
    const preload = this.options.control ? ['-r', path.join(ROOT, 'bench/support/control-preload.ts')] : [];
    return [...(extra ?? []), '-r', '@swc-node/register', ...preload, path.join(ROOT, file)];
  }

  /** The worker's environment (to read the configuration it runs with). */
  workerEnvironment(): Record<string, string> {
    return { ...this.workerEnv };
  }

  /** Starts a worker process (the first, or a replacement after `killWorker`); does not wait for it. */
  spawnWorker(): RunningChild {
    this.workers += 1;
    const name = this.workers === 1 ? 'worker' : `worker-${this.workers}`;
    const args = this.nodeArgs(this.options.nodeArgs?.worker, 'apps/worker/src/main.ts');
    this.worker = this.spawnLogged(name, process.execPath, args, this.workerEnv);
    return this.worker;
  }

  /** SIGKILLs the worker (no shutdown, no drain) and waits until it has gone. */
  async killWorker(): Promise<void> {
    const worker = this.worker;
    if (!worker || worker.exit) return;
    const gone = new Promise<void>((resolve) => worker.child.once('exit', () => resolve()));
    worker.expectedExit = true;
    worker.child.kill('SIGKILL');
    await gone;
  }

  /**
   * Waits until Temporal lists a poller of the workflow task queue whose identity is the given
   * process's (the SDK's default identity is `<pid>@<host>`); a killed worker's poller stays listed
   * for a while, so a replacement is recognised by its own.
   */
  async waitForPoller(pid: number, timeoutMs = 120_000, taskQueue = this.taskQueue): Promise<void> {
    await waitFor(
      () =>
        this.aliveAnd(async () => {
          const described = await this.temporal().workflowService.describeTaskQueue({
            namespace: NAMESPACE,
            taskQueue: { name: taskQueue },
          });
          return (described.pollers ?? []).some((p) => p.identity?.startsWith(`${pid}@`));
        }),
      timeoutMs,
      `a poller from process ${pid}`,
    );
  }

  /** VIGIL_POLICY_FILE for a policy written to the temp dir; nothing (the shipped default) without one. */
  private policyEnv(policy: object | undefined, file: string): Record<string, string> {
    if (!policy) return {};
    const target = path.join(this.dir, file);
    fs.writeFileSync(target, JSON.stringify(policy, null, 2));
    return { VIGIL_POLICY_FILE: target };
  }

  /**
   * The child environment is built from scratch (PATH and HOME only) so a developer's own
   * DATABASE_APP_URL or VIGIL_* settings cannot leak into the measurement.
   */
  private spawnLogged(
    name: string,
    command: string,
    args: string[],
    env: Record<string, string>,
  ): RunningChild {
    const logFile = path.join(this.dir, `${name}.log`);
    const fd = fs.openSync(logFile, 'a');
    const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.homedir() };
    const child = spawn(command, args, { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    const running: RunningChild = { name, child, logFile, exit: null };
    child.once('exit', (code, signal) => {
      running.exit = { code, signal };
      if (!this.stopped && !running.expectedExit)
        console.error(`  [stack] ${name} exited unexpectedly (${signal ?? `exit ${code}`})`);
    });
    return running;
  }

  /** Starts another child process (e.g. a baseline program) whose life is tied to the stack's. */
  spawnExtra(name: string, args: string[], env: Record<string, string>): RunningChild {
    const child = this.spawnLogged(name, process.execPath, args, env);
    this.extraChildren.push(child);
    return child;
  }

  /** Stops one child started with spawnExtra (SIGTERM, then SIGKILL after the grace time). */
  async stopExtra(child: RunningChild): Promise<void> {
    child.expectedExit = true;
    await stopChild(child.child, 15_000);
  }

  /**
   * Sends a command to a child started with `control: true` (see control-preload.ts) and returns its
   * JSON answer.
   */
  async control<T = Record<string, unknown>>(pid: number, command: ControlCommand): Promise<T> {
    if (!this.options.control) throw new Error('the stack was started without control');
    const base = path.join(this.controlDir, String(pid));
    fs.rmSync(`${base}.out`, { force: true });
    fs.writeFileSync(`${base}.cmd`, command);
    process.kill(pid, 'SIGWINCH');
    const deadline = Date.now() + 30_000;
    while (!fs.existsSync(`${base}.out`)) {
      if (Date.now() > deadline) throw new Error(`process ${pid} did not answer '${command}'`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const answer = JSON.parse(fs.readFileSync(`${base}.out`, 'utf8')) as T & { error?: string };
    if (answer.error) throw new Error(`process ${pid}: ${answer.error}`);
    return answer;
  }

  /** The first API's base URL. */
  get apiUrl(): string {
    return this.apiUrls[0] ?? '';
  }

  /** The child processes, for CPU and memory sampling. */
  children(): RunningChild[] {
    return [...this.apis, this.worker, this.temporalServer].filter((c): c is RunningChild => c !== null);
  }

  /** The Temporal dev server's process ID. */
  get temporalPid(): number | undefined {
    return this.temporalServer?.child.pid;
  }

  /** Throws if a child has died, so waits fail at once instead of timing out. */
  assertAlive(): void {
    for (const c of this.children()) {
      if (c.expectedExit) continue;
      if (c.exit) {
        throw new Error(`${c.name} exited (${c.exit.signal ?? `code ${c.exit.code}`}); log: ${c.logFile}`);
      }
    }
  }

  private async aliveAnd(check: () => Promise<boolean>): Promise<boolean> {
    this.assertAlive();
    return check();
  }

  temporal(): Client {
    if (!this.client) throw new Error('Temporal not started');
    return this.client;
  }

  mailbox(): SmtpRecorder {
    if (!this.smtp) throw new Error('SMTP recorder not started');
    return this.smtp;
  }

  async token(email: string, password = DEMO_PASSWORD): Promise<string> {
    const res = await fetch(`${this.apiUrl}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`sign-in for ${email} failed with ${res.status}`);
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  /** Runs SQL as the database owner (reading results the application stored). */
  async sql<T extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    return queryOnce<T>(this.databaseUrl, text, params);
  }

  printLogs(): void {
    for (const c of [...this.children(), ...this.extraChildren]) {
      console.error(`--- last lines of ${c.name} (${c.logFile}) ---\n${tail(c.logFile)}`);
    }
  }

  /** Stops everything that was started, in reverse order; safe to call twice and after a failed start. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    live.delete(this);
    const quietly = async (p: Promise<unknown> | undefined) => {
      await p?.catch((e: unknown) => console.error(e));
    };
    const apps = [...this.apis, this.worker, ...this.extraChildren].filter(
      (c): c is RunningChild => c !== null,
    );
    await Promise.all(apps.map((c) => quietly(stopChild(c.child, 15_000))));
    await quietly(this.client?.connection.close());
    if (this.temporalServer) await quietly(stopChild(this.temporalServer.child, 10_000));
    await quietly(this.smtp?.stop());
    if (this.databaseCreated) await quietly(dropDatabase(this.databaseUrl));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A benchmark's life: start its stack, run it, print the stack's logs if it broke, always tear the stack
 * down, and exit 0 only when the run says it succeeded.
 */
export async function runBenchmark(
  options: BenchStackOptions,
  run: (stack: BenchStack) => Promise<boolean>,
  afterStop?: () => Promise<void> | void,
): Promise<never> {
  let stack: BenchStack | null = null;
  let ok = false;
  try {
    stack = await BenchStack.start(options);
    ok = await run(stack);
  } catch (error) {
    console.error('\nbenchmark failed:', error instanceof Error ? error.message : error);
    stack?.printLogs();
  } finally {
    await stack?.stop();
  }
  // After the stop: the children write their --cpu-prof profiles as they exit.
  if (ok && afterStop) {
    try {
      await afterStop();
    } catch (error) {
      console.error('after the run:', error instanceof Error ? error.message : error);
    }
  }
  process.exit(ok ? 0 : 1);
}

/** Builds a workflow bundle from one file (a benchmark's own baseline workflows) into the stack's dir. */
export async function bundleFile(stack: BenchStack, workflowsPath: string, name: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
  const file = path.join(stack.dir, `${name}.js`);
  fs.writeFileSync(file, code);
  return file;
}

/** `node -r @swc-node/register <file>` arguments for a TypeScript program of the repository. */
export const tsProgram = (file: string): string[] => ['-r', '@swc-node/register', path.join(ROOT, file)];

/** `POST /api/v1/concerns` with a fresh Idempotency-Key; anything but 201 throws with the start of the body. */
export async function postConcern(apiUrl: string, token: string, body: object): Promise<void> {
  return postCase(apiUrl, token, '/api/v1/concerns', body);
}

/** Creates a case of any type (`/api/v1/complaints`, say) with a fresh Idempotency-Key; throws unless 201. */
export async function postCase(apiUrl: string, token: string, route: string, body: object): Promise<void> {
  const res = await fetch(`${apiUrl}${route}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
}
