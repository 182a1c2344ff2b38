import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort, isListening, waitFor } from './ports';
import { dynamicConfigArgs } from './temporal-config';

const CLI_SCRIPT = path.resolve(__dirname, '..', 'temporal-cli.sh');

/**
 * The Temporal CLI: TEMPORAL_CLI_PATH, `temporal` on PATH, or a go install cached outside the work
 * tree (scripts/temporal-cli.sh). Returns null when none can be had (no Go and no binary).
 */
export function findTemporalCli(): string | null {
  const result = spawnSync('bash', [CLI_SCRIPT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const found = result.stdout.trim().split('\n').pop();
  return result.status === 0 && found ? found : null;
}

export interface RunningTemporal {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

/** `temporal server start-dev` with its database file under the data directory, so cases survive restarts. */
export async function startTemporalDevServer(
  dataDir: string,
  uiPortPreferred: number,
): Promise<RunningTemporal> {
  const port = await freePort(7233);
  const uiPort = await freePort(uiPortPreferred === port ? uiPortPreferred + 1 : uiPortPreferred);
  const dbFile = path.join(dataDir, 'temporal.db');
  const pidFile = path.join(dataDir, 'temporal.pid');
  await stopStaleServer(pidFile);
  const log = fs.openSync(path.join(dataDir, 'temporal.log'), 'a');
  const cli = findTemporalCli();
  if (!cli) return startDownloadedServer(dbFile, port, uiPort);
  const child: ChildProcess = spawn(
    cli,
    [
      'server',
      'start-dev',
      '--db-filename',
      dbFile,
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--ui-port',
      String(uiPort),
      '--log-level',
      'warn',
      ...dynamicConfigArgs(),
    ],
    { stdio: ['ignore', log, log] },
  );
  let exited = false;
  child.once('exit', () => {
    exited = true;
    fs.rmSync(pidFile, { force: true });
  });
  if (child.pid) fs.writeFileSync(pidFile, String(child.pid));
  await waitFor(
    async () => {
      if (exited)
        throw new Error(`the Temporal dev server exited at start; see ${path.join(dataDir, 'temporal.log')}`);
      return isListening(port);
    },
    60_000,
    'the Temporal dev server',
  );
  return {
    address: `127.0.0.1:${port}`,
    uiUrl: `http://localhost:${uiPort}`,
    stop: () => stopChild(child, 10_000),
  };
}

/**
 * A dev server left running by a launcher that was killed outright still holds the database file:
 * stop it before starting a new one on the same file.
 */
async function stopStaleServer(pidFile: string): Promise<void> {
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8'));
  const cmdline = Number.isInteger(pid) && pid > 1 ? readCmdline(pid) : '';
  if (cmdline.includes('start-dev')) {
    console.log(`Stopping a Temporal dev server left running by an earlier start (pid ${pid})...`);
    process.kill(pid, 'SIGTERM');
    await waitFor(async () => readCmdline(pid) === '', 15_000, 'the old Temporal dev server to stop');
  }
  fs.rmSync(pidFile, { force: true });
}

function readCmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/** Last resort where a network allows: @temporalio/testing downloads and runs the dev server. */
async function startDownloadedServer(
  dbFilename: string,
  port: number,
  uiPort: number,
): Promise<RunningTemporal> {
  console.log('No Temporal CLI found or built; asking @temporalio/testing to download one...');
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: { dbFilename, ip: '127.0.0.1', port, ui: true, uiPort, extraArgs: dynamicConfigArgs() },
  });
  return { address: `127.0.0.1:${port}`, uiUrl: `http://localhost:${uiPort}`, stop: () => env.teardown() };
}

export function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
