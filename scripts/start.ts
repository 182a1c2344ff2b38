/**
 * `npm start`: the whole of Vigil on one machine with embedded defaults.
 * Temporal dev server (persistent, under VIGIL_DATA_DIR) unless TEMPORAL_ADDRESS is set; PostgreSQL
 * from DATABASE_URL, or the local server, or an embedded one; migrations; demo accounts; a mail catcher
 * unless SMTP_URL is set; then the API and pages (one port) and the worker. Ctrl-C stops everything.
 */
import { DemoAccounts, DEMO_PASSWORD, seedDemo } from '@vigil/access';
import { loadConfig, stopWhenOrphaned } from '@vigil/config';
import { appUrlFor, DEFAULT_APP_ROLE, ensureAppRole, ensureDatabase, migrate } from '@vigil/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from '@vigil/persistence';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startMailCatcher } from './dev/mail-catcher';
import { chooseDatabase } from './dev/postgres';
import { freePort, waitFor } from './dev/ports';
import { startTemporalDevServer, stopChild } from './dev/temporal';

type Stopper = { name: string; stop: () => Promise<void> };

async function main(): Promise<void> {
  // `npm start` runs on embedded defaults: development unless told otherwise (elsewhere unset is production).
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development' };
  const config = loadConfig(env);
  const root = path.resolve(__dirname, '..');
  const dataDir = path.resolve(root, config.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const stoppers: Stopper[] = [];
  let stopping = false;
  const stopAll = async (code: number): Promise<never> => {
    if (!stopping) {
      stopping = true;
      console.log('\nStopping Vigil...');
      for (const s of stoppers.reverse()) {
        await s
          .stop()
          .catch((error: unknown) =>
            console.error(`could not stop ${s.name}:`, error instanceof Error ? error.message : error),
          );
      }
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  stopWhenOrphaned(() => stopAll(0));

  try {
    const step = (text: string) => console.log(`• ${text}`);

    let temporalAddress = env.TEMPORAL_ADDRESS;
    let temporalUi: string | null = null;
    if (temporalAddress) {
      step(`Temporal: using ${temporalAddress}`);
    } else {
      step('Temporal: starting the dev server (first run may build the CLI, several minutes)...');
      const temporal = await startTemporalDevServer(dataDir, config.devTools.temporalUiPort);
      stoppers.push({ name: 'Temporal', stop: temporal.stop });
      temporalAddress = temporal.address;
      temporalUi = temporal.uiUrl;
    }

    const database = await chooseDatabase(env.DATABASE_URL, dataDir);
    stoppers.push({ name: 'PostgreSQL', stop: database.stop });
    step(
      `PostgreSQL: ${database.source === 'DATABASE_URL' ? 'DATABASE_URL' : database.source === 'local' ? 'local server, database vigil' : 'embedded, under ' + path.join(dataDir, 'postgres')}`,
    );
    await ensureDatabase(database.url);
    const applied = await migrate(database.url);
    step(`Migrations: ${applied.length} applied`);
    // The API and pages connect as a restricted role bound by row-level security (ADR 0010).
    const appUrl =
      env.DATABASE_APP_URL ?? appUrlFor(database.url, DEFAULT_APP_ROLE, appRolePassword(dataDir));
    if (!env.DATABASE_APP_URL) await ensureAppRole(database.url, appUrl);
    if (config.demo) {
      const orm = await MikroORM.init(ormOptions({ url: database.url, poolMax: 1 }));
      try {
        const { accountsCreated } = await orm.em.fork().transactional((em) => seedDemo(em));
        step(
          `Demo data: ${accountsCreated === 0 ? 'already present' : `${accountsCreated} accounts created`}`,
        );
      } finally {
        await orm.close(true);
      }
    }

    let smtpUrl = env.SMTP_URL;
    let mailUrl: string | null = null;
    if (!smtpUrl) {
      const catcher = await startMailCatcher(
        await freePort(config.devTools.mailCatcherSmtpPort),
        await freePort(config.devTools.mailCatcherHttpPort),
      );
      stoppers.push({ name: 'mail catcher', stop: catcher.stop });
      smtpUrl = catcher.smtpUrl;
      mailUrl = catcher.webUrl;
      step(`Mail catcher: ${mailUrl}`);
    }

    const port = config.http.port;
    const publicBaseUrl = env.PUBLIC_BASE_URL ?? `http://localhost:${port}`;
    const childEnv: NodeJS.ProcessEnv = {
      ...env,
      DATABASE_URL: database.url,
      DATABASE_APP_URL: appUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      SMTP_URL: smtpUrl,
      PORT: String(port),
      PUBLIC_BASE_URL: publicBaseUrl,
      MAIL_CATCHER_SMTP_PORT: smtpUrl.split(':').pop(),
      MAIL_CATCHER_HTTP_PORT: mailUrl ? mailUrl.split(':').pop() : env.MAIL_CATCHER_HTTP_PORT,
      // Only when the catcher runs: the pages then link to it from the header (never in production).
      MAIL_CATCHER_URL: mailUrl ?? undefined,
    };
    const run = (name: string, file: string): ChildProcess => {
      const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(root, file)], {
        cwd: root,
        env: childEnv,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      child.stdout?.pipe(process.stdout);
      child.once('exit', (code, signal) => {
        if (!stopping) {
          console.error(`${name} stopped unexpectedly (${signal ?? `exit ${code}`})`);
          void stopAll(1);
        }
      });
      stoppers.push({ name, stop: () => stopChild(child, 15_000) });
      return child;
    };
    step('Starting the worker and the API...');
    const worker = run('worker', 'apps/worker/src/main.ts');
    // The worker is ready when it logs that it polls its task queue (it bundles the workflows first).
    const workerReady = new Promise<void>((resolve) => {
      const watch = (chunk: Buffer) => {
        if (chunk.toString('utf8').includes('Temporal worker running')) {
          worker.stdout?.off('data', watch);
          resolve();
        }
      };
      worker.stdout?.on('data', watch);
    });
    run('api and web', 'apps/web/src/main.dev.ts');
    await waitFor(
      async () => {
        try {
          // A bounded request: while Nest starts, a connection can be accepted and not answered.
          const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(3000) });
          await res.arrayBuffer();
          return res.status === 200;
        } catch {
          return false;
        }
      },
      180_000,
      'Vigil to report healthy',
    );
    const workerTimeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('the worker did not start within 3 minutes')), 180_000).unref(),
    );
    await Promise.race([workerReady, workerTimeout]);

    const accounts = DemoAccounts.map((a) => `    ${a.email.padEnd(32)} ${a.role}`).join('\n');
    // The owner connection, for `npm run audit:verify` and the db scripts; never its password.
    const ownerUrl = new URL(database.url);
    const hadPassword = ownerUrl.password !== '' || ownerUrl.searchParams.has('password');
    ownerUrl.password = '';
    ownerUrl.searchParams.delete('password');
    console.log(`
Vigil is running.
  Pages and API     ${publicBaseUrl}
  API documentation ${publicBaseUrl}/api/docs
  Health            ${publicBaseUrl}/health
  Database (owner)  ${ownerUrl.toString()}${hadPassword ? ' (password not shown)' : ''}
${mailUrl ? `  Mail catcher      ${mailUrl}\n` : ''}${temporalUi ? `  Temporal UI       ${temporalUi}\n` : ''}${config.demo ? `  Demo accounts (password ${DEMO_PASSWORD}):\n${accounts}\n` : ''}
Press Ctrl-C to stop.`);
  } catch (error) {
    console.error('Vigil could not start:', error instanceof Error ? error.message : error);
    await stopAll(1);
  }
}

/** A password for the application role, made once and kept in the data directory. */
function appRolePassword(dataDir: string): string {
  const file = path.join(dataDir, 'app-role.secret');
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

void main();
