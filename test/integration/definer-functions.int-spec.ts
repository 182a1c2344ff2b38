import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DemoIds } from '@vigil/access';
import { Client } from 'pg';
import { Demo, Stack } from '../support/stack';

/*
 * What the database's definer functions let the application role do (issue 13, issue 10).
 *
 * The audit chain takes its actor from the transaction's settings (issue 13, ADR 0013): as the application
 * role, inside a transaction scoped to one signed-in user, `vigil_audit_append` records that user even when
 * the caller names another. Outside a signed-in scope (the worker, a sign-in) the caller's actor stands.
 */
describe('the audit actor comes from the transaction', () => {
  let stack: Stack;
  let app: Client;

  beforeAll(async () => {
    stack = await Stack.start({ name: 'audit-actor', worker: false });
    app = new Client({ connectionString: stack.appDatabaseUrl });
    await app.connect();
  });
  afterAll(async () => {
    await app?.end();
    await stack?.stop();
  });

  const signedIn = { user: randomUUID(), role: 'council_officer', organisation: randomUUID() };
  const other = { user: randomUUID(), role: 'head_of_service', organisation: randomUUID() };

  /** Appends one event as the application role, optionally inside a signed-in user's scope. */
  async function append(
    action: string,
    actor: { user: string; role: string; organisation: string } | null,
    scope: typeof signedIn | null,
  ): Promise<{ actor_user_id: string | null; actor_role: string | null; chain: string }> {
    await app.query('begin');
    try {
      if (scope) {
        await app.query(
          `select set_config('vigil.user_id', $1, true), set_config('vigil.role', $2, true),
                  set_config('vigil.organisation_id', $3, true)`,
          [scope.user, scope.role, scope.organisation],
        );
      }
      await app.query(
        `select vigil_audit_append($1, $2, $3, $4, 'success', null, null, null, null, '{}'::jsonb)`,
        [actor?.user ?? null, actor?.role ?? null, actor?.organisation ?? null, action],
      );
      await app.query('commit');
    } catch (e) {
      await app.query('rollback');
      throw e;
    }
    const [row] = await stack.sql<{ actor_user_id: string | null; actor_role: string | null; chain: string }>(
      `select actor_user_id::text as actor_user_id, actor_role, chain from audit_events where action = $1`,
      [action],
    );
    return row;
  }

  it('records the signed-in user, not the actor a caller names', async () => {
    const row = await append(`test.forged.${randomUUID()}`, other, signedIn);
    expect(row).toEqual({
      actor_user_id: signedIn.user,
      actor_role: signedIn.role,
      chain: signedIn.organisation,
    });
  });

  it('keeps a system event inside a user’s transaction without an actor', async () => {
    const row = await append(`test.system.${randomUUID()}`, null, signedIn);
    expect(row).toEqual({ actor_user_id: null, actor_role: null, chain: 'global' });
  });

  it('lets a system event inside a user’s transaction name no role or organisation either', async () => {
    const action = `test.system_role.${randomUUID()}`;
    await app.query('begin');
    await app.query(
      `select set_config('vigil.user_id', $1, true), set_config('vigil.role', $2, true),
              set_config('vigil.organisation_id', $3, true)`,
      [signedIn.user, signedIn.role, signedIn.organisation],
    );
    await app.query(
      `select vigil_audit_append(null, $1, $2, $3, 'success', null, null, null, null, '{}'::jsonb)`,
      [other.role, other.organisation, action],
    );
    await app.query('commit');
    const [row] = await stack.sql(
      `select actor_user_id, actor_role, actor_organisation_id::text as org, chain from audit_events
        where action = $1`,
      [action],
    );
    expect(row).toEqual({ actor_user_id: null, actor_role: null, org: null, chain: 'global' });
  });

  it('records the caller’s actor where no user is signed in (a sign-in, the worker)', async () => {
    const row = await append(`test.sign_in.${randomUUID()}`, other, null);
    expect(row).toEqual({ actor_user_id: other.user, actor_role: other.role, chain: other.organisation });
  });

  it('leaves the chain verifiable', async () => {
    const broken = await stack.sql<{ n: string }>(
      `select count(*)::text as n from audit_events a
        where a.hash_version = 2 and a.hash <> vigil_audit_hash_v2(a.prev_hash, a.id, a.chain, a.seq, a.at,
          a.actor_user_id, a.actor_role, a.actor_organisation_id, a.action, a.outcome, a.subject_type, a.subject_id,
          a.ip, a.correlation_id, a.details)`,
    );
    expect(broken).toEqual([{ n: '0' }]);
  });
});

/*
 * The providers page's early-warning counts are read past row-level security (issue 10), so the definer
 * function counts only what the early warning may count: any other case type or outcome answers nothing.
 */
describe('vigil_early_warning_counts', () => {
  let stack: Stack;
  let app: Client;

  beforeAll(async () => {
    stack = await Stack.start({ name: 'early-warning-counts', worker: false });
    await stack.raiseConcern(Demo.sunriseLead);
    app = new Client({ connectionString: stack.appDatabaseUrl });
    await app.connect();
  });
  afterAll(async () => {
    await app?.end();
    await stack?.stop();
  });

  /** Counts as a head of service of the provider's council would, with the given lists. */
  async function counts(raised: string[], closed: string[] = [], unless: string[] = []): Promise<unknown[]> {
    await app.query('begin');
    try {
      await app.query(
        `select set_config('vigil.user_id', $1, true), set_config('vigil.role', 'head_of_service', true),
                set_config('vigil.council_id', $2, true)`,
        [randomUUID(), DemoIds.council],
      );
      const { rows } = await app.query(
        `select type, n from vigil_early_warning_counts($1, now(), '30 days', $2, $3, $4)`,
        [DemoIds.sunrise, `{${raised.join(',')}}`, `{${closed.join(',')}}`, `{${unless.join(',')}}`],
      );
      return rows;
    } finally {
      await app.query('commit');
    }
  }

  it('counts the concerns the early warning counts', async () => {
    expect(await counts(['concern'], ['complaint:upheld'], ['concern:withdrawn'])).toEqual([
      { type: 'concern', n: 1 },
    ]);
  });

  it('answers nothing for a case type or outcome the early warning does not count', async () => {
    expect(await counts(['concern', 'allegation'])).toEqual([]);
    expect(await counts(['s42_enquiry'])).toEqual([]);
    expect(await counts(['concern'], ['allegation:substantiated'])).toEqual([]);
    expect(await counts(['concern'], [], ['allegation:unfounded'])).toEqual([]);
  });
});
