import { Migration } from '@mikro-orm/migrations';

export class Migration20261123222027_access_control extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "sessions" ("sid" varchar(255) not null, "sess" jsonb not null, "expire" timestamptz(6) not null, constraint "sessions_pkey" primary key ("sid"));`,
    );
    this.addSql(`create index "sessions_expire_index" on "sessions" ("expire");`);

    this.addSql(
      `create table "access_grants" ("id" uuid not null, "case_id" uuid not null, "user_id" uuid not null, "reason" text not null, "granted_at" timestamptz not null, "expires_at" timestamptz not null, constraint "access_grants_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "access_grants_user_id_case_id_index" on "access_grants" ("user_id", "case_id");`,
    );

    this.addSql(
      `alter table "access_grants" add constraint "access_grants_case_id_foreign" foreign key ("case_id") references "cases" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "access_grants" add constraint "access_grants_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "users" add column "line_manager_id" uuid null, add column "failed_sign_ins" int not null default 0, add column "locked_until" timestamptz null, add column "last_sign_in_at" timestamptz null;`,
    );
    // Row-level security: the backstop behind the permission checks in code (docs/adr/0010).
    // The application role (DATABASE_APP_URL) is not the owner, so these policies bind it; the owner
    // (migrations, the worker) is not bound. Each transaction sets vigil.* with set_config(..., true).
    this.addSql(`create function "vigil_setting"(name text) returns text language sql stable
      as $$ select nullif(current_setting(name, true), '') $$;`);
    this
      .addSql(`create function "vigil_has_grant"(target uuid) returns boolean language sql stable security definer
      set search_path = public
      as $$ select exists (select 1 from access_grants g where g.case_id = target
                           and g.user_id::text = vigil_setting('vigil.user_id') and g.expires_at > now()) $$;`);
    // The SQL twin of libs/domain/src/permissions.ts (caseScopeFor + scopeAllows); test/integration/rls
    // checks both agree.
    this.addSql(`create function "vigil_case_visible"(c_id uuid, c_type text, c_provider uuid, c_council uuid,
        c_team uuid, c_raised_by uuid) returns boolean language sql stable
      as $$ select coalesce(case vigil_setting('vigil.role')
          when 'provider_staff' then c_type = 'concern' and c_raised_by::text = vigil_setting('vigil.user_id')
          when 'provider_lead' then c_type = 'concern' and c_provider::text = vigil_setting('vigil.organisation_id')
          when 'council_officer' then c_type = 'concern' and c_council::text = vigil_setting('vigil.council_id')
          when 'head_of_service' then c_type = 'concern' and c_council::text = vigil_setting('vigil.council_id')
          when 'team_manager' then c_type = 'concern' and c_council::text = vigil_setting('vigil.council_id')
                                   and c_team::text = vigil_setting('vigil.team_id')
          else false end, false) or vigil_has_grant(c_id) $$;`);
    // Which council a case belongs to, for audit visibility (bypasses the cases policy on purpose).
    this
      .addSql(`create function "vigil_case_council"(target uuid) returns uuid language sql stable security definer
      set search_path = public
      as $$ select council_id from cases where id = target $$;`);
    // The audit writer needs the tail of its chain (seq and hash only) whatever the reader may see.
    this.addSql(`create function "vigil_audit_tail"(target_chain text) returns table (seq bigint, hash text)
      language sql stable security definer set search_path = public
      as $$ select a.seq, a.hash from audit_events a where a.chain = target_chain order by a.seq desc limit 1 $$;`);

    this.addSql(`alter table "cases" enable row level security;`);
    this.addSql(`create policy "cases_in_scope" on "cases"
      using (vigil_case_visible(id, type, provider_id, council_id, team_id, raised_by))
      with check (vigil_case_visible(id, type, provider_id, council_id, team_id, raised_by));`);
    for (const table of [
      'concerns',
      'tasks',
      'clocks',
      'case_events',
      'notification_outbox',
      'workflow_commands',
    ]) {
      this.addSql(`alter table "${table}" enable row level security;`);
      this.addSql(`create policy "${table}_in_case_scope" on "${table}"
        using (exists (select 1 from cases c where c.id = case_id))
        with check (exists (select 1 from cases c where c.id = case_id));`);
    }
    this.addSql(`alter table "access_grants" enable row level security;`);
    this.addSql(`create policy "access_grants_own_or_in_scope" on "access_grants"
      using (user_id::text = vigil_setting('vigil.user_id') or exists (select 1 from cases c where c.id = case_id))
      with check (user_id::text = vigil_setting('vigil.user_id'));`);
    this.addSql(`alter table "idempotency_keys" enable row level security;`);
    this.addSql(`create policy "idempotency_keys_own" on "idempotency_keys"
      using (user_id::text = vigil_setting('vigil.user_id')) with check (user_id::text = vigil_setting('vigil.user_id'));`);
    this.addSql(`alter table "audit_events" enable row level security;`);
    this.addSql(`create policy "audit_events_append" on "audit_events" for insert with check (true);`);
    this.addSql(`create policy "audit_events_read" on "audit_events" for select
      using (vigil_setting('vigil.role') in ('team_manager', 'head_of_service', 'auditor')
             and (vigil_case_council(subject_id)::text = vigil_setting('vigil.council_id')
                  or actor_organisation_id::text = vigil_setting('vigil.organisation_id')));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sessions" cascade;`);

    this.addSql(`drop table if exists "access_grants" cascade;`);

    this.addSql(
      `alter table "users" drop column "line_manager_id", drop column "failed_sign_ins", drop column "locked_until", drop column "last_sign_in_at";`,
    );
  }
}
