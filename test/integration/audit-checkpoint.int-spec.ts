import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { CHECKPOINT_KEY_FILE, verifyAuditChain } from '@vigil/audit';
import type { AppConfig, Config } from '@vigil/config';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AuditCheckpointService } from '../../apps/worker/src/audit-checkpoint.service';
import { runScript as runScriptWith } from '../support/run-script';
import { Demo, Stack } from '../support/stack';

/*
 * Issue 13: the worker anchors every audit chain's head outside the table. It writes a checkpoint as it
 * starts (a worker restarted more often than the interval used to write none), then on its schedule; with
 * no AUDIT_CHECKPOINT_KEY outside production it signs with a key generated once into VIGIL_DATA_DIR, which
 * `npm run audit:checkpoint` and `npm run audit:verify` then find without another variable.
 */
describe('audit checkpoints', () => {
  let stack: Stack;
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-checkpoint-'));
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    stack = await Stack.start({ name: 'audit-checkpoint', worker: false });
    // Some rows on more than one chain: sign-ins at the council, a concern raised by a provider.
    await stack.raiseConcern(Demo.sunriseLead);
    await stack.token(Demo.officer);
    Logger.overrideLogger(false);
  });
  afterAll(async () => {
    await stack?.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The worker's service on this stack's database, as the worker module builds it. */
  const service = (dir: string, minutes: number, key?: string) =>
    new AuditCheckpointService({
      ...stack.config,
      env: 'test',
      dataDir: dir,
      audit: { checkpointKey: key, checkpointMinutes: minutes },
    } as Config as AppConfig);

  const checkpoints = async () =>
    stack.sql<{ chain: string; at: string }>(
      `select chain, at::text as at from audit_checkpoints order by id`,
    );
  const chains = async () =>
    Number(
      (await stack.sql<{ n: string }>('select count(distinct chain)::text as n from audit_events'))[0].n,
    );
  const eventually = async (check: () => Promise<boolean>, ms = 10_000) => {
    const until = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > until) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
    return true;
  };
  const clear = async () => {
    await stack.sql('alter table audit_checkpoints disable trigger audit_checkpoints_no_update');
    try {
      await stack.sql('delete from audit_checkpoints');
    } finally {
      await stack.sql('alter table audit_checkpoints enable trigger audit_checkpoints_no_update');
    }
  };

  it('writes one as the worker starts, long before the first interval, signed with a key made once', async () => {
    await clear();
    const dir = dataDir();
    const started = service(dir, 60);
    started.onApplicationBootstrap();
    try {
      expect(await eventually(async () => (await checkpoints()).length > 0)).toBe(true);
    } finally {
      await started.beforeApplicationShutdown();
    }
    // One checkpoint per chain, all at one instant: the start-up write, not a schedule.
    const written = await checkpoints();
    expect(written).toHaveLength(await chains());
    expect(new Set(written.map((c) => c.at)).size).toBe(1);
    // The development key: generated into VIGIL_DATA_DIR, readable by its owner only, and it signed them.
    const file = path.join(dir, CHECKPOINT_KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const key = fs.readFileSync(file, 'utf8').trim();
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect(await verifyAuditChain(stack.databaseUrl, { checkpointKey: key })).toEqual(
      expect.objectContaining({ ok: true, signaturesChecked: true, checkpoints: written.length }),
    );
    expect((await verifyAuditChain(stack.databaseUrl, { checkpointKey: 'x'.repeat(43) })).firstBreak).toEqual(
      expect.objectContaining({ reason: 'checkpoint_forged' }),
    );
    // A restart keeps the key (made once) and writes again at once.
    const again = service(dir, 60);
    again.onApplicationBootstrap();
    try {
      expect(await eventually(async () => (await checkpoints()).length > written.length)).toBe(true);
    } finally {
      await again.beforeApplicationShutdown();
    }
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(key);
    expect(await verifyAuditChain(stack.databaseUrl, { checkpointKey: key })).toEqual(
      expect.objectContaining({ ok: true, checkpoints: (await checkpoints()).length }),
    );
  });

  it('then writes on its schedule, with AUDIT_CHECKPOINT_KEY when it is set (no key file)', async () => {
    await clear();
    const dir = dataDir();
    const key = 'checkpoint-key-for-the-schedule-0123456789';
    // A 1.2-second interval (the environment allows whole minutes; the service takes what it is given).
    const running = service(dir, 0.02, key);
    running.onApplicationBootstrap();
    try {
      expect(
        await eventually(async () => new Set((await checkpoints()).map((c) => c.at)).size >= 3, 20_000),
      ).toBe(true);
    } finally {
      await running.beforeApplicationShutdown();
    }
    expect(fs.existsSync(path.join(dir, CHECKPOINT_KEY_FILE))).toBe(false);
    expect(await verifyAuditChain(stack.databaseUrl, { checkpointKey: key })).toEqual(
      expect.objectContaining({ ok: true, signaturesChecked: true }),
    );
    // Stopped: no more rows.
    const stopped = (await checkpoints()).length;
    await new Promise((r) => setTimeout(r, 2_000));
    expect((await checkpoints()).length).toBe(stopped);
  });

  /** Runs an audit script as a developer would: DATABASE_URL and VIGIL_DATA_DIR, no key variable. */
  const runScript = (script: string, dir: string) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: stack.databaseUrl,
      VIGIL_DATA_DIR: dir,
    };
    delete env.AUDIT_CHECKPOINT_KEY;
    return runScriptWith(script, [], env);
  };

  it('in development, npm run audit:checkpoint makes the key once in VIGIL_DATA_DIR and audit:verify uses it', async () => {
    await clear();
    const dir = dataDir();
    const first = await runScript('scripts/audit-checkpoint.ts', dir);
    expect(first).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
    const file = path.join(dir, CHECKPOINT_KEY_FILE);
    const key = fs.readFileSync(file, 'utf8');
    expect((await runScript('scripts/audit-checkpoint.ts', dir)).code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(key);
    const verified = await runScript('scripts/audit-verify.ts', dir);
    expect(verified.code).toBe(0);
    // Signatures checked: the key was found without a variable (else it would say "no key here").
    expect(verified.stdout).toMatch(/\d+ checkpoint\(s\)$/m);
    expect(verified.stdout).not.toContain('no key here');
    // Another data directory's key does not match: every checkpoint reads as forged.
    const elsewhere = dataDir();
    expect((await runScript('scripts/audit-checkpoint.ts', elsewhere)).code).toBe(0);
    const forged = await runScript('scripts/audit-verify.ts', dir);
    expect(forged.code).toBe(1);
    expect(forged.stderr).toContain('checkpoint_forged');
  });
});
