import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DemoIds } from '@vigil/access';
import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { assertRowLevelSecurity, Database, ormOptions } from '@vigil/persistence';
import { Client } from 'pg';
import { Elsewhere, seedOtherCouncil } from '../support/other-council';
import { Demo, Stack } from '../support/stack';

/*
 * Row-level security as the backstop: queries run as the application role (what the API connects as),
 * with a scope set as a request would set it, and no permission check in code at all.
 */
interface Scope {
  userId?: string;
  role?: string;
  organisationId?: string;
  councilId?: string;
  teamId?: string;
  providerIds?: string;
}

describe('row-level security for the application role', () => {
  let stack: Stack;
  let sunriseCase: string;
  let eastCase: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    stack = await Stack.start({ name: 'rls', worker: false });
    await seedOtherCouncil(stack);
    for (const row of await stack.sql<{ id: string; email: string }>('select id, email from users'))
      ids[row.email] = row.id;
    sunriseCase = (await stack.raiseConcern(Demo.sunriseLead)).id;
    eastCase = (await stack.raiseConcern(Elsewhere.lead)).id;
  });
  afterAll(async () => stack?.stop());

  /** Runs `sql` as the application role inside a transaction with the scope set (as Database.transaction does). */
  async function asApp<T extends Record<string, unknown>>(
    scope: Scope,
    sql: string,
    params: unknown[] = [],
    connectionString = stack.appDatabaseUrl,
  ): Promise<T[]> {
    const client = new Client({ connectionString });
    await client.connect();
    try {
      await client.query('begin');
      await client.query(
        `select set_config('vigil.user_id', $1, true), set_config('vigil.role', $2, true), set_config('vigil.organisation_id', $3, true),
                set_config('vigil.council_id', $4, true), set_config('vigil.team_id', $5, true),
                set_config('vigil.provider_ids', $6, true)`,
        [
          scope.userId ?? '',
          scope.role ?? '',
          scope.organisationId ?? '',
          scope.councilId ?? '',
          scope.teamId ?? '',
          scope.providerIds ?? '',
        ],
      );
      const result = await client.query<T>(sql, params);
      await client.query('commit');
      return result.rows;
    } catch (error) {
      await client.query('rollback');
      throw error;
    } finally {
      await client.end();
    }
  }

  const sunriseLead = () => ({
    userId: ids[Demo.sunriseLead],
    role: 'provider_lead',
    organisationId: DemoIds.sunrise,
    councilId: DemoIds.council,
  });
  const oakwoodLead = () => ({
    userId: ids[Demo.oakwoodLead],
    role: 'provider_lead',
    organisationId: DemoIds.oakwood,
    councilId: DemoIds.council,
  });
  const officer = () => ({
    userId: ids[Demo.officer],
    role: 'council_officer',
    organisationId: DemoIds.council,
    councilId: DemoIds.council,
    teamId: DemoIds.team,
  });

  it('the application role is not the owner and cannot bypass row-level security', async () => {
    const [role] = await stack.sql<{ rolbypassrls: boolean; rolsuper: boolean }>(
      `select rolbypassrls, rolsuper from pg_roles where rolname = 'vigil_app'`,
    );
    expect(role).toEqual({ rolbypassrls: false, rolsuper: false });
    const [owner] = await stack.sql<{ owner: string }>(
      `select tableowner as owner from pg_tables where tablename = 'cases'`,
    );
    expect(owner.owner).not.toBe('vigil_app');
  });

  it('refuses to start in production on a connection that bypasses row-level security', async () => {
    const warnings: string[] = [];
    const production = { env: 'production' } as const;
    // The API's own connection (the application role) passes.
    await assertRowLevelSecurity(stack.api.get(Database), production, (m) => warnings.push(m));
    expect(warnings).toEqual([]);
    // The owner's does not: production stops, development warns.
    const orm = await MikroORM.init(ormOptions({ url: stack.databaseUrl, poolMax: 1 }));
    try {
      const owner = new Database(orm);
      await expect(assertRowLevelSecurity(owner, production, (m) => warnings.push(m))).rejects.toThrow(
        /bypasses row-level security: set DATABASE_APP_URL/,
      );
      await assertRowLevelSecurity(owner, { env: 'development' }, (m) => warnings.push(m));
      expect(warnings).toEqual([expect.stringContaining('bypasses row-level security')]);
    } finally {
      await orm.close(true);
    }
  });

  it('refuses in production a role that inherits the owner’s rights, not only the owner itself', async () => {
    const member = `vigil_member_${randomUUID().slice(0, 8)}`;
    const [{ owner }] = await stack.sql<{ owner: string }>(
      `select tableowner as owner from pg_tables where tablename = 'cases'`,
    );
    await stack.sql(`create role ${member} login inherit`);
    await stack.sql(`grant ${owner} to ${member}`);
    const url = new URL(stack.databaseUrl);
    url.username = member;
    const orm = await MikroORM.init(ormOptions({ url: url.toString(), poolMax: 1 }));
    try {
      await expect(
        assertRowLevelSecurity(new Database(orm), { env: 'production' }, () => undefined),
      ).rejects.toThrow(/bypasses row-level security/);
    } finally {
      await orm.close(true);
      await stack.sql(`drop role ${member}`);
    }
  });

  it('pins the search path of every SECURITY DEFINER function', async () => {
    const functions = await stack.sql<{ name: string; config: string[] | null }>(
      `select p.proname as name, p.proconfig as config from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public' and p.prosecdef`,
    );
    expect(functions.length).toBeGreaterThanOrEqual(6);
    for (const f of functions) {
      expect({ name: f.name, config: f.config }).toEqual({
        name: f.name,
        config: ['search_path=pg_catalog, public, pg_temp'],
      });
    }
  });

  it('lets the holder write an emergency-access grant once, and nobody change or delete one', async () => {
    const manager = {
      userId: ids[Demo.manager],
      role: 'team_manager',
      organisationId: DemoIds.council,
      councilId: DemoIds.council,
      teamId: DemoIds.team,
    };
    const grant = randomUUID();
    await asApp(
      manager,
      `insert into access_grants (id, case_id, user_id, reason, granted_at, expires_at) values ($1, $2, $3, 'rls test', now(), now() + interval '1 hour')`,
      [grant, eastCase, ids[Demo.manager]],
    );
    await expect(
      asApp(
        manager,
        `insert into access_grants (id, case_id, user_id, reason, granted_at, expires_at) values ($1, $2, $3, 'for someone else', now(), now() + interval '1 hour')`,
        [randomUUID(), eastCase, ids[Demo.head]],
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      asApp(manager, `update access_grants set expires_at = now() + interval '1 year' where id = $1`, [
        grant,
      ]),
    ).rejects.toThrow(/permission denied/);
    await expect(asApp(manager, `delete from access_grants where id = $1`, [grant])).rejects.toThrow(
      /permission denied/,
    );
    await stack.sql(`update access_grants set expires_at = now() where id = $1`, [grant]);
  });

  it('keeps a form draft to its author: nobody else reads, changes or writes one for them', async () => {
    await asApp(
      sunriseLead(),
      `insert into form_drafts (user_id, flow, key, answers, updated_at) values ($1, 'rls-test', $2, '{"adultName":"Canary"}', now())`,
      [ids[Demo.sunriseLead], randomUUID()],
    );
    expect(await asApp(sunriseLead(), `select flow from form_drafts where flow = 'rls-test'`)).toEqual([
      { flow: 'rls-test' },
    ]);
    for (const other of [oakwoodLead(), officer()]) {
      expect(await asApp(other, `select flow from form_drafts`)).toEqual([]);
      expect(await asApp(other, `update form_drafts set answers = '{}' returning flow`)).toEqual([]);
      expect(await asApp(other, `delete from form_drafts returning flow`)).toEqual([]);
    }
    await expect(
      asApp(
        oakwoodLead(),
        `insert into form_drafts (user_id, flow, key, answers, updated_at) values ($1, 'planted', $2, '{}', now())`,
        [ids[Demo.sunriseLead], randomUUID()],
      ),
    ).rejects.toThrow(/row-level security/);
    const [kept] = await stack.sql<{ answers: Record<string, string> }>(
      `select answers from form_drafts where flow = 'rls-test'`,
    );
    expect(kept.answers).toEqual({ adultName: 'Canary' });
  });

  it('shows nothing when no scope is set', async () => {
    expect(await asApp({}, 'select id from cases')).toEqual([]);
    expect(await asApp({}, 'select case_id from concerns')).toEqual([]);
    expect(await asApp({}, 'select id from tasks')).toEqual([]);
  });

  it('shows a provider its own cases only, even with no WHERE clause', async () => {
    const own = await asApp<{ id: string }>(sunriseLead(), 'select id from cases');
    expect(own.map((r) => r.id)).toEqual([sunriseCase]);
    expect(await asApp(oakwoodLead(), 'select id from cases')).toEqual([]);
    expect(
      await asApp(oakwoodLead(), 'select adult_name from concerns where case_id = $1', [sunriseCase]),
    ).toEqual([]);
    expect(
      await asApp(oakwoodLead(), 'select id from case_events where case_id = $1', [sunriseCase]),
    ).toEqual([]);
  });

  it('keeps a council to its own area', async () => {
    const seen = (await asApp<{ id: string }>(officer(), 'select id from cases')).map((r) => r.id);
    expect(seen).toContain(sunriseCase);
    expect(seen).not.toContain(eastCase);
    const east = {
      userId: Elsewhere.officerId,
      role: 'council_officer',
      organisationId: Elsewhere.council,
      councilId: Elsewhere.council,
      teamId: Elsewhere.team,
    };
    expect((await asApp<{ id: string }>(east, 'select id from cases')).map((r) => r.id)).toEqual([eastCase]);
  });

  it('refuses to write a case or a row into another organisation’s case', async () => {
    await expect(
      asApp(
        oakwoodLead(),
        `insert into cases (id, type, reference, status, provider_id, council_id, raised_by, policy_name, policy_version, version, created_at, updated_at)
         values ($1, 'concern', 'VIG-RLS-1', 'awaiting_triage', $2, $3, $4, 'p', '1', 1, now(), now())`,
        [randomUUID(), DemoIds.sunrise, DemoIds.council, ids[Demo.oakwoodLead]],
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      asApp(
        oakwoodLead(),
        `insert into case_events (id, case_id, at, kind, details) values ($1, $2, now(), 'x', '{}')`,
        [randomUUID(), sunriseCase],
      ),
    ).rejects.toThrow(/row-level security/);
    const updated = await asApp(
      oakwoodLead(),
      `update cases set status = 'closed' where id = $1 returning id`,
      [sunriseCase],
    );
    expect(updated).toEqual([]);
  });

  it('reads visibility from a table that holds exactly the registry’s rows, which the application cannot change', async () => {
    const { VisibilityRows } = await import('@vigil/domain');
    const rows = await stack.sql<{ role: string; case_type: string; relationship: string; masked: boolean }>(
      'select role, case_type, relationship, masked from case_visibility',
    );
    const key = (r: { role: string; caseType: string; relationship: string; masked?: boolean }) =>
      `${r.role} ${r.caseType} ${r.relationship} ${r.masked ? 'masked' : ''}`;
    expect(rows.map((r) => key({ ...r, caseType: r.case_type })).sort()).toEqual(
      VisibilityRows.map(key).sort(),
    );
    await expect(
      asApp(
        sunriseLead(),
        `insert into case_visibility values ('provider_lead', 's42_enquiry', 'council', false)`,
      ),
    ).rejects.toThrow(/permission denied/);
  });

  it('shows a commissioner the concerns of the providers they commission, and nobody else’s', async () => {
    const commissioner = {
      userId: ids[Demo.commissioner],
      role: 'commissioner',
      organisationId: DemoIds.council,
      councilId: DemoIds.council,
    };
    const withSunrise = { ...commissioner, providerIds: `${DemoIds.sunrise},${DemoIds.oakwood}` };
    expect((await asApp<{ id: string }>(withSunrise, 'select id from cases')).map((r) => r.id)).toEqual([
      sunriseCase,
    ]);
    expect(await asApp({ ...commissioner, providerIds: DemoIds.oakwood }, 'select id from cases')).toEqual(
      [],
    );
  });

  it('lets LADOs see no safeguarding concern, nor a commissioner who commissions no provider, and auditors no narrative', async () => {
    const lado = {
      userId: ids[Demo.lado],
      role: 'lado',
      organisationId: DemoIds.council,
      councilId: DemoIds.council,
    };
    const commissioner = {
      userId: ids[Demo.commissioner],
      role: 'commissioner',
      organisationId: DemoIds.council,
      councilId: DemoIds.council,
    };
    const auditor = {
      userId: ids['auditor@riverside.example'],
      role: 'auditor',
      organisationId: DemoIds.council,
      councilId: DemoIds.council,
    };
    expect(await asApp(lado, 'select id from cases')).toEqual([]);
    expect(await asApp(commissioner, 'select id from cases')).toEqual([]);
    expect((await asApp<{ id: string }>(auditor, 'select id from cases')).map((r) => r.id)).toContain(
      sunriseCase,
    );
    expect(await asApp(auditor, 'select adult_name from concerns')).toEqual([]);
  });

  it('lets only managers and auditors read the audit trail, of their own council', async () => {
    expect(await asApp(sunriseLead(), 'select id from audit_events')).toEqual([]);
    expect(await asApp(officer(), 'select id from audit_events')).toEqual([]);
    const manager = {
      userId: ids[Demo.manager],
      role: 'team_manager',
      organisationId: DemoIds.council,
      councilId: DemoIds.council,
      teamId: DemoIds.team,
    };
    const rows = await asApp<{ subject_id: string | null }>(
      manager,
      'select subject_id from audit_events where subject_id is not null',
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.subject_id)).not.toContain(eastCase);
    // A case of another team in the same council: its rows are the head of service's, not the manager's.
    const otherTeam = randomUUID();
    await stack.sql(
      `insert into teams (id, council_id, name, created_at) values ($1, $2, 'Hospital team', now())`,
      [otherTeam, DemoIds.council],
    );
    await stack.sql('update cases set team_id = $1 where id = $2', [otherTeam, sunriseCase]);
    try {
      const subjects = async (who: Scope) =>
        (
          await asApp<{ subject_id: string | null }>(
            who,
            'select subject_id from audit_events where subject_id is not null',
          )
        ).map((r) => r.subject_id);
      expect(await subjects(manager)).not.toContain(sunriseCase);
      const head = { ...manager, userId: ids[Demo.head], role: 'head_of_service' };
      expect(await subjects(head)).toContain(sunriseCase);
    } finally {
      await stack.sql('update cases set team_id = $1 where id = $2', [DemoIds.team, sunriseCase]);
    }
  });

  it('agrees with the permission model in code for every demo role and case', async () => {
    const { caseScopeFor, scopeAllows } = await import('@vigil/domain');
    // An enquiry too, so every case type is compared.
    await stack.openEnquiry(Demo.officer);
    const principals = await stack.sql<{
      id: string;
      role: string;
      organisation_id: string;
      council_id: string;
      team_id: string | null;
      kind: string;
      providers: string[];
    }>(
      `select u.id, u.role, u.organisation_id, o.council_id, u.team_id, o.kind,
              array(select c.provider_id::text from commissioning c where c.commissioner_id = u.id order by 1) as providers
         from users u join organisations o on o.id = u.organisation_id`,
    );
    const allCases = await stack.sql<{
      id: string;
      type: string;
      provider_id: string;
      council_id: string;
      team_id: string | null;
      raised_by: string;
      assignee_user_id: string | null;
    }>('select * from cases');
    for (const p of principals) {
      const scope = {
        userId: p.id,
        role: p.role,
        organisationId: p.organisation_id,
        councilId: p.council_id,
        teamId: p.team_id ?? '',
        providerIds: p.providers.join(','),
      };
      const byRls = (await asApp<{ id: string }>(scope, 'select id from cases order by id')).map((r) => r.id);
      const byCode = allCases
        .filter((c) =>
          scopeAllows(
            caseScopeFor({
              userId: p.id,
              role: p.role as never,
              organisationId: p.organisation_id,
              organisationKind: p.kind as never,
              councilId: p.council_id,
              teamId: p.team_id,
              commissionedProviderIds: p.providers,
            }),
            {
              type: c.type,
              providerId: c.provider_id,
              councilId: c.council_id,
              teamId: c.team_id,
              raisedBy: c.raised_by,
              assigneeUserId: c.assignee_user_id,
            },
          ),
        )
        .map((c) => c.id)
        .sort();
      expect({ user: p.id, cases: byRls }).toEqual({ user: p.id, cases: byCode });
    }
  });

  it('shows through the column policy exactly the rows the rule it replaced showed, for every role, case type and grant (ADR 0017)', async () => {
    const { CaseStatuses, CaseTypes, UserRoles } = await import('@vigil/contracts');
    // Cases of every type in every position a relationship can tell apart, written by the owner (closed,
    // so that at most one provider concern per provider is open).
    const places = [
      { provider: DemoIds.sunrise, council: DemoIds.council, team: DemoIds.team },
      { provider: DemoIds.oakwood, council: DemoIds.council, team: null },
      { provider: Elsewhere.provider, council: Elsewhere.council, team: Elsewhere.team },
    ];
    const raisers = [ids[Demo.sunriseLead], ids[Demo.officer]];
    const made: string[] = [];
    for (const type of CaseTypes)
      for (const place of places)
        for (const children of [false, true])
          for (const raisedBy of raisers) {
            const id = randomUUID();
            made.push(id);
            await stack.sql(
              `insert into cases (id, type, reference, status, provider_id, council_id, team_id, raised_by, policy_name,
                                  policy_version, version, created_at, updated_at, involves_children, closed_at)
               values ($1, $2, $3, $4, $5, $6, $7, $8, 'rls-test', '1', 1, now(), now(), $9, now())`,
              [
                id,
                type,
                `RLS-${made.length}`,
                CaseStatuses[0],
                place.provider,
                place.council,
                place.team,
                raisedBy,
                children,
              ],
            );
          }
    // A live grant and an expired one, on cases the holder would not otherwise see.
    const holder = ids[Demo.sunriseLead];
    const [elsewhere, expired] = made.slice(-2);
    await stack.sql(
      `insert into access_grants (id, case_id, user_id, reason, granted_at, expires_at)
       values ($1, $2, $3, 'rls test', now(), now() + interval '1 hour'), ($4, $5, $3, 'rls test', now() - interval '2 hours', now() - interval '1 hour')`,
      [randomUUID(), elsewhere, holder, randomUUID(), expired],
    );
    try {
      let compared = 0;
      for (const role of UserRoles) {
        const provider = role.startsWith('provider_');
        const scope: Scope = {
          userId: provider ? holder : ids[Demo.officer],
          role,
          organisationId: provider ? DemoIds.sunrise : DemoIds.council,
          councilId: DemoIds.council,
          teamId: provider ? '' : DemoIds.team,
          providerIds: role === 'commissioner' ? `${DemoIds.sunrise},${Elsewhere.provider}` : '',
        };
        const byPolicy = (await asApp<{ id: string }>(scope, 'select id from cases order by id')).map(
          (r) => r.id,
        );
        // The owner is not bound by the policies: the old rule, called with the same settings.
        const byRule = (
          await asApp<{ id: string }>(
            scope,
            `select c.id from cases c
              where vigil_case_visible(c.id, c.type, c.provider_id, c.council_id, c.team_id, c.raised_by, c.involves_children)
              order by c.id`,
            [],
            stack.databaseUrl,
          )
        ).map((r) => r.id);
        expect({ role, cases: byPolicy }).toEqual({ role, cases: byRule });
        compared += byPolicy.length;
      }
      // The comparison saw cases (a policy hiding everything would agree with a rule hiding everything).
      expect(compared).toBeGreaterThan(made.length);
      const asHolder = {
        userId: holder,
        role: 'provider_lead',
        organisationId: DemoIds.sunrise,
        councilId: DemoIds.council,
      };
      const seen = (
        await asApp<{ id: string }>(asHolder, 'select id from cases where id = any($1)', [
          [elsewhere, expired],
        ])
      ).map((r) => r.id);
      expect(seen).toEqual([elsewhere]);
    } finally {
      await stack.sql(`delete from access_grants where case_id = any($1)`, [made]);
      await stack.sql(`delete from cases where id = any($1)`, [made]);
    }
  });
});
