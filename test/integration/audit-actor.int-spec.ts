import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Stack } from '../support/stack';

/*
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
