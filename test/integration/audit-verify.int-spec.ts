import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runScript as runScriptWith } from '../support/run-script';
import { Demo, Stack } from '../support/stack';

/*
 * `npm run audit:verify` as an operator runs it: the real script in a child process, in production
 * mode, with DATABASE_URL and none of the application's secrets.
 */
describe('npm run audit:verify', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({ name: 'audit-verify', worker: false });
    // Some activity on more than one chain: sign-ins, concerns raised by two providers, a case viewed.
    await stack.raiseConcern(Demo.sunriseLead);
    const viewed = await stack.raiseConcern(Demo.oakwoodLead);
    await stack.raiseConcern(Demo.sunriseLead);
    const res = await stack
      .http()
      .get(`/api/v1/cases/${viewed.id}`)
      .set('Authorization', `Bearer ${await stack.token(Demo.officer)}`);
    if (res.status !== 200) throw new Error(`viewing the case answered ${res.status}`);
  });
  afterAll(async () => stack?.stop());

  /** Runs scripts/audit-verify.ts with only DATABASE_URL set beyond the inherited environment. */
  const verify = (databaseUrl: string) => runScript('scripts/audit-verify.ts', [], databaseUrl, 'production');

  /** Runs a script as an operator would, with the given NODE_ENV (undefined: unset) and no app secrets. */
  const runScript = (
    script: string,
    args: string[],
    databaseUrl: string,
    nodeEnv: string | undefined,
    extra: Record<string, string> = {},
  ) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: nodeEnv, ...extra };
    for (const name of ['SESSION_SECRET', 'CSRF_SECRET', 'DATABASE_APP_URL', 'PUBLIC_BASE_URL'])
      delete env[name];
    if (nodeEnv === undefined) delete env.NODE_ENV;
    return runScriptWith(script, args, env);
  };

  it('exits 0 on an untouched trail and says how many rows it verified', async () => {
    const [{ count }] = await stack.sql<{ count: string }>(
      'select count(*)::text as count from audit_events',
    );
    expect(Number(count)).toBeGreaterThan(3);

    const run = await verify(stack.config.database.url);

    expect(run).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
    expect(run.stdout).toMatch(new RegExp(`audit trail verified: ${count} rows in \\d+ chain\\(s\\)`));
  });

  it('exits 1 and names the row edited by hand, and what broke', async () => {
    const [victim] = await stack.sql<{ id: string }>(
      `select id::text as id from audit_events order by id
        offset (select count(*) / 2 from audit_events) limit 1`,
    );
    // The owner is refused too, by a trigger: an attacker with the owner's rights would lift it.
    await stack.sql('alter table audit_events disable trigger audit_events_no_update');
    try {
      await stack.sql(`update audit_events set action = action || '_x' where id = $1`, [victim.id]);
    } finally {
      await stack.sql('alter table audit_events enable trigger audit_events_no_update');
    }

    const run = await verify(stack.config.database.url);

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`audit trail BROKEN at row id ${victim.id} `);
    expect(run.stderr).toContain('hash_mismatch');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 when the database cannot be reached, without a stack trace or the password', async () => {
    const url = new URL(stack.config.database.url);
    url.port = '1';
    url.username = 'postgres';
    url.password = 'not-to-be-printed-7f3a';

    const run = await verify(url.toString());

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('audit verification failed to run:');
    expect(run.output).not.toContain('not-to-be-printed-7f3a');
    expect(run.output).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for a DATABASE_URL that is not a postgres:// URL, without echoing it', async () => {
    const run = await verify('mysql://root:not-to-be-printed-7f3a@127.0.0.1/vigil');

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('DATABASE_URL: must be a postgres:// URL');
    expect(run.output).not.toContain('not-to-be-printed-7f3a');
  });

  it('refuses to seed demo accounts in production or with NODE_ENV unset, and seeds in development', async () => {
    for (const nodeEnv of ['production', undefined]) {
      const run = await runScript('scripts/db.ts', ['seed'], stack.config.database.url, nodeEnv);
      expect({ nodeEnv, code: run.code }).toEqual({ nodeEnv, code: 1 });
      expect(run.stderr).toContain('refused in production');
    }
    const dev = await runScript('scripts/db.ts', ['seed'], stack.config.database.url, 'development');
    expect(dev.code).toBe(0);
    expect(dev.stdout).toContain('demo data: 0 account(s) created');
  });

  describe('checkpoints', () => {
    const key = 'test-checkpoint-key-0123456789abcdef';
    const withKey = (script: string) =>
      runScript(script, [], stack.config.database.url, 'production', { AUDIT_CHECKPOINT_KEY: key });

    it('writes only through the database: the application role cannot insert a row of its own', async () => {
      const app = await import('pg');
      const client = new app.Client({ connectionString: stack.appDatabaseUrl });
      await client.connect();
      try {
        await expect(
          client.query(
            `insert into audit_events (chain, seq, at, action, outcome, details, prev_hash, hash) values ('x', 999, now(), 'x', 'success', '{}', 'x', 'x')`,
          ),
        ).rejects.toThrow(/permission denied/);
        await expect(client.query('select 1 from audit_checkpoints')).rejects.toThrow(/permission denied/);
      } finally {
        await client.end();
      }
    });

    it('catches rows deleted up to a checkpointed head, naming the chain', async () => {
      // The previous tests broke a row: start again from a clean database for these.
      await stack.sql('alter table audit_events disable trigger audit_events_no_update');
      try {
        await stack.sql('delete from audit_events');
      } finally {
        await stack.sql('alter table audit_events enable trigger audit_events_no_update');
      }
      await stack
        .http()
        .post('/api/v1/auth/token')
        .send({ email: Demo.officer, password: 'demo-password-1' });
      await stack
        .http()
        .post('/api/v1/auth/token')
        .send({ email: Demo.officer, password: 'demo-password-1' });
      const written = await withKey('scripts/audit-checkpoint.ts');
      expect(written.code).toBe(0);
      expect(written.stdout).toMatch(/audit checkpoint written for \d+ chain\(s\)/);
      const ok = await withKey('scripts/audit-verify.ts');
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/\d+ checkpoint\(s\)$/m);
      // The owner deletes the whole chain (triggers lifted): every row it had is gone, so the rows alone verify.
      const [{ chain }] = await stack.sql<{ chain: string }>(
        `select chain from audit_checkpoints order by id desc limit 1`,
      );
      await stack.sql('alter table audit_events disable trigger audit_events_no_update');
      try {
        await stack.sql('delete from audit_events where chain = $1', [chain]);
      } finally {
        await stack.sql('alter table audit_events enable trigger audit_events_no_update');
      }
      const run = await withKey('scripts/audit-verify.ts');
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`(chain ${chain},`);
      expect(run.stderr).toContain('checkpoint_missing_row');
    });

    it('catches every hash recomputed by the owner, and a checkpoint signed without the key', async () => {
      // Start from no checkpoints (the last test's name a chain that is gone).
      await stack.sql('alter table audit_checkpoints disable trigger audit_checkpoints_no_update');
      try {
        await stack.sql('delete from audit_checkpoints');
      } finally {
        await stack.sql('alter table audit_checkpoints enable trigger audit_checkpoints_no_update');
      }
      await stack
        .http()
        .post('/api/v1/auth/token')
        .send({ email: Demo.manager, password: 'demo-password-1' });
      expect((await withKey('scripts/audit-checkpoint.ts')).code).toBe(0);
      const [{ chain }] = await stack.sql<{ chain: string }>(
        `select chain from audit_events where action = 'auth.token_issued' order by id desc limit 1`,
      );
      // Rewrite one row and recompute every later hash with the database's own function: the chain verifies…
      await stack.sql('alter table audit_events disable trigger audit_events_no_update');
      try {
        await stack.sql(
          `update audit_events set action = 'auth.signed_in' where chain = $1 and action = 'auth.token_issued'`,
          [chain],
        );
        const rows = await stack.sql<{ id: string }>(
          'select id::text as id from audit_events where chain = $1 order by seq',
          [chain],
        );
        let prev = '0'.repeat(64);
        for (const { id } of rows) {
          const [r] = await stack.sql<{ hash: string }>(
            `update audit_events set prev_hash = $2, hash = vigil_audit_hash_v2($2, id, chain, seq, at, actor_user_id, actor_role,
               actor_organisation_id, action, outcome, subject_type, subject_id, ip, correlation_id, details)
             where id = $1 returning hash`,
            [id, prev],
          );
          prev = r.hash;
        }
      } finally {
        await stack.sql('alter table audit_events enable trigger audit_events_no_update');
      }
      // …but not against its checkpoint, and a checkpoint forged without the key is caught too.
      const run = await withKey('scripts/audit-verify.ts');
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`(chain ${chain},`);
      expect(run.stderr).toContain('checkpoint_hash_mismatch');
      await stack.sql('alter table audit_checkpoints disable trigger audit_checkpoints_no_update');
      try {
        await stack.sql(
          `update audit_checkpoints set hash = (select hash from audit_events e where e.chain = audit_checkpoints.chain and e.seq = audit_checkpoints.seq)`,
        );
      } finally {
        await stack.sql('alter table audit_checkpoints enable trigger audit_checkpoints_no_update');
      }
      const forged = await withKey('scripts/audit-verify.ts');
      expect(forged.code).toBe(1);
      expect(forged.stderr).toContain('checkpoint_forged');
    });
  });
});
