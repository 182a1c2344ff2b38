import { Migration } from '@mikro-orm/migrations';

/**
 * The case engine (issue 7): the Section 42 enquiry's narrative table, what each completed task recorded,
 * links between cases, tasks with no clock, concern withdrawal and merge, and visibility as a table
 * (role × case type × relationship) that row-level security reads. The rows below are the case-type
 * registry's (libs/domain/src/cases) as of this migration; test/integration/rls checks the table and the
 * registry agree. A new case type adds its rows in its own migration.
 */
export class Migration20261203223335_case_engine extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "case_visibility" ("role" text check ("role" in ('provider_staff', 'provider_lead', 'council_officer', 'team_manager', 'head_of_service', 'lado', 'commissioner', 'auditor')) not null, "case_type" text check ("case_type" in ('concern', 's42_enquiry')) not null, "relationship" text check ("relationship" in ('raised_by', 'provider', 'team', 'council', 'commissioned')) not null, "masked" boolean not null default false, constraint "case_visibility_pkey" primary key ("role", "case_type", "relationship"));`,
    );

    this.addSql(
      `create table "task_submissions" ("task_id" uuid not null, "case_id" uuid not null, "payload" jsonb not null, "submitted_by" uuid not null, "submitted_at" timestamptz not null, constraint "task_submissions_pkey" primary key ("task_id"));`,
    );
    this.addSql(`create index "task_submissions_case_id_index" on "task_submissions" ("case_id");`);

    this.addSql(
      `create table "enquiries" ("case_id" uuid not null, "adult_name" text not null, "adult_date_of_birth" date null, "summary" text not null, "immediate_risk" boolean not null, "msp" text check ("msp" in ('outcomes_expressed', 'none_expressed', 'not_asked')) null, "desired_outcomes" text null, "capacity" text check ("capacity" in ('has_capacity', 'lacks_capacity', 'not_assessed')) null, "advocate" boolean null, "lead" text check ("lead" in ('council_led', 'provider_caused')) null, "strategy" text null, "scope" text null, "questions" text null, "report_due_on" date null, "report" text null, "outcome" text check ("outcome" in ('risk_identified_action_taken', 'risk_identified_no_action', 'no_risk', 'ceased_at_request')) null, "risk_now" text check ("risk_now" in ('removed', 'reduced', 'remains')) null, "outcomes_met" text check ("outcomes_met" in ('fully', 'partly', 'not', 'not_expressed')) null, "plan" text check ("plan" in ('agreed', 'none_needed')) null, "plan_summary" text null, "review_on" date null, "return_reason" text null, constraint "enquiries_pkey" primary key ("case_id"));`,
    );

    this.addSql(
      `create table "case_links" ("case_id" uuid not null, "linked_case_id" uuid not null, "created_at" timestamptz not null, constraint "case_links_pkey" primary key ("case_id", "linked_case_id"));`,
    );
    this.addSql(`create index "case_links_linked_case_id_index" on "case_links" ("linked_case_id");`);

    this.addSql(
      `create table "case_reveals" ("id" uuid not null, "case_id" uuid not null, "user_id" uuid not null, "reason" text not null, "revealed_at" timestamptz not null, constraint "case_reveals_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "case_reveals_case_id_index" on "case_reveals" ("case_id");`);
    this.addSql(
      `alter table "case_reveals" add constraint "case_reveals_case_id_foreign" foreign key ("case_id") references "cases" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "case_reveals" add constraint "case_reveals_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "task_submissions" add constraint "task_submissions_task_id_foreign" foreign key ("task_id") references "tasks" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "task_submissions" add constraint "task_submissions_case_id_foreign" foreign key ("case_id") references "cases" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "task_submissions" add constraint "task_submissions_submitted_by_foreign" foreign key ("submitted_by") references "users" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "enquiries" add constraint "enquiries_case_id_foreign" foreign key ("case_id") references "cases" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "case_links" add constraint "case_links_case_id_foreign" foreign key ("case_id") references "cases" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "case_links" add constraint "case_links_linked_case_id_foreign" foreign key ("linked_case_id") references "cases" ("id") on update cascade;`,
    );

    this.addSql(`alter table "cases" drop constraint if exists "cases_type_check";`);
    this.addSql(`alter table "cases" drop constraint if exists "cases_status_check";`);

    this.addSql(`alter table "tasks" drop constraint if exists "tasks_type_check";`);

    this.addSql(
      `alter table "cases" add constraint "cases_type_check" check("type" in ('concern', 's42_enquiry'));`,
    );
    this.addSql(
      `alter table "cases" add constraint "cases_status_check" check("status" in ('awaiting_triage', 'enquiry_open', 'closed', 'planning', 'awaiting_provider_report', 'in_progress', 'outcome_recorded', 'plan_active', 'awaiting_signoff'));`,
    );

    this.addSql(`alter table "tasks" alter column "due_at" type timestamptz using ("due_at"::timestamptz);`);
    this.addSql(`alter table "tasks" alter column "due_at" drop not null;`);
    this.addSql(`alter table "tasks" add column "seq" bigserial;`);
    this.addSql(
      `alter table "tasks" add constraint "tasks_type_check" check("type" in ('triage_decision', 'care_plan_review', 'record_adult_views', 'decide_enquiry_lead', 'submit_provider_report', 'record_outcome', 'agree_safeguarding_plan', 'review_plan', 'sign_off'));`,
    );

    this.addSql(
      `alter table "concerns" add column "closure_kind" text check ("closure_kind" in ('withdrawn', 'merged')) null, add column "closure_reason" text null;`,
    );

    this.addSql(`insert into "case_visibility" ("role", "case_type", "relationship", "masked") values
      ('provider_staff', 'concern', 'raised_by', false),
      ('provider_lead', 'concern', 'provider', false),
      ('council_officer', 'concern', 'council', false),
      ('team_manager', 'concern', 'team', false),
      ('head_of_service', 'concern', 'council', false),
      ('commissioner', 'concern', 'commissioned', true),
      ('auditor', 'concern', 'council', false),
      ('provider_lead', 's42_enquiry', 'provider', false),
      ('council_officer', 's42_enquiry', 'council', false),
      ('team_manager', 's42_enquiry', 'team', false),
      ('head_of_service', 's42_enquiry', 'council', false),
      ('commissioner', 's42_enquiry', 'commissioned', true),
      ('auditor', 's42_enquiry', 'council', false);`);
    // One rule for every case type: the visibility row for the user's role and the case's type, and the
    // relationship it names. The SQL twin of libs/domain/src/permissions.ts (caseScopeFor + scopeAllows).
    this
      .addSql(`create or replace function "vigil_case_visible"(c_id uuid, c_type text, c_provider uuid, c_council uuid,
        c_team uuid, c_raised_by uuid) returns boolean language sql stable
      as $$ select exists (
          select 1 from case_visibility v
           where v.role = vigil_setting('vigil.role') and v.case_type = c_type
             and case v.relationship
                   when 'raised_by' then c_raised_by::text = vigil_setting('vigil.user_id')
                   when 'provider' then c_provider::text = vigil_setting('vigil.organisation_id')
                   when 'council' then c_council::text = vigil_setting('vigil.council_id')
                   when 'team' then c_council::text = vigil_setting('vigil.council_id')
                                    and c_team::text = vigil_setting('vigil.team_id')
                   when 'commissioned' then c_council::text = vigil_setting('vigil.council_id')
                                    and c_provider::text = any (string_to_array(vigil_setting('vigil.provider_ids'), ','))
                   else false end)
        or vigil_has_grant(c_id) $$;`);
    // Narrative tables: in the case's scope, never for auditors.
    for (const table of ['enquiries', 'task_submissions']) {
      this.addSql(`alter table "${table}" enable row level security;`);
      this.addSql(`create policy "${table}_in_case_scope_no_auditors" on "${table}"
        using (vigil_setting('vigil.role') is distinct from 'auditor' and exists (select 1 from cases c where c.id = case_id))
        with check (vigil_setting('vigil.role') is distinct from 'auditor' and exists (select 1 from cases c where c.id = case_id));`);
    }
    // A reveal is written by the commissioner who makes it, and read in the case's scope (not by auditors).
    this.addSql(`alter table "case_reveals" enable row level security;`);
    this.addSql(`create policy "case_reveals_own_insert" on "case_reveals" for insert
      with check (user_id::text = vigil_setting('vigil.user_id') and exists (select 1 from cases c where c.id = case_id));`);
    this.addSql(`create policy "case_reveals_read" on "case_reveals" for select
      using (vigil_setting('vigil.role') is distinct from 'auditor' and exists (select 1 from cases c where c.id = case_id));`);
    this.addSql(`alter table "case_links" enable row level security;`);
    this.addSql(`create policy "case_links_in_case_scope" on "case_links"
      using (exists (select 1 from cases c where c.id = case_id))
      with check (exists (select 1 from cases c where c.id = case_id)
                  and exists (select 1 from cases c where c.id = linked_case_id));`);
  }

  override async down(): Promise<void> {
    this
      .addSql(`create or replace function "vigil_case_visible"(c_id uuid, c_type text, c_provider uuid, c_council uuid,
        c_team uuid, c_raised_by uuid) returns boolean language sql stable
      as $$ select coalesce(case vigil_setting('vigil.role')
          when 'provider_staff' then c_type = 'concern' and c_raised_by::text = vigil_setting('vigil.user_id')
          when 'provider_lead' then c_type = 'concern' and c_provider::text = vigil_setting('vigil.organisation_id')
          when 'council_officer' then c_type = 'concern' and c_council::text = vigil_setting('vigil.council_id')
          when 'head_of_service' then c_type = 'concern' and c_council::text = vigil_setting('vigil.council_id')
          when 'auditor' then c_type = 'concern' and c_council::text = vigil_setting('vigil.council_id')
          when 'team_manager' then c_type = 'concern' and c_council::text = vigil_setting('vigil.council_id')
                                   and c_team::text = vigil_setting('vigil.team_id')
          else false end, false) or vigil_has_grant(c_id) $$;`);
    this.addSql(`drop table if exists "case_reveals" cascade;`);
    this.addSql(`drop table if exists "case_visibility" cascade;`);

    this.addSql(`drop table if exists "task_submissions" cascade;`);

    this.addSql(`drop table if exists "enquiries" cascade;`);

    this.addSql(`drop table if exists "case_links" cascade;`);

    this.addSql(`alter table "cases" drop constraint if exists "cases_type_check";`);
    this.addSql(`alter table "cases" drop constraint if exists "cases_status_check";`);

    this.addSql(`alter table "tasks" drop constraint if exists "tasks_type_check";`);

    this.addSql(`alter table "cases" add constraint "cases_type_check" check("type" in ('concern'));`);
    this.addSql(
      `alter table "cases" add constraint "cases_status_check" check("status" in ('awaiting_triage', 'enquiry_open', 'closed'));`,
    );

    this.addSql(`alter table "concerns" drop column "closure_kind", drop column "closure_reason";`);

    this.addSql(
      `alter table "tasks" alter column "due_at" type timestamptz(6) using ("due_at"::timestamptz(6));`,
    );
    this.addSql(`alter table "tasks" alter column "due_at" set not null;`);
    this.addSql(`alter table "tasks" drop column "seq";`);
    this.addSql(
      `alter table "tasks" add constraint "tasks_type_check" check("type" in ('triage_decision'));`,
    );
  }
}
