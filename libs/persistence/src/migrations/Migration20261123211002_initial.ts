import { Migration } from '@mikro-orm/migrations';

export class Migration20261123211002_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "audit_events" ("id" bigserial primary key, "chain" text not null, "seq" bigint not null, "at" timestamptz not null, "actor_user_id" uuid null, "actor_role" text null, "actor_organisation_id" uuid null, "action" text not null, "outcome" text check ("outcome" in ('success', 'refused', 'failed')) not null, "subject_type" text null, "subject_id" uuid null, "ip" text null, "correlation_id" text null, "details" jsonb not null, "prev_hash" text not null, "hash" text not null);`,
    );
    this.addSql(`alter table "audit_events" add constraint "audit_events_hash_unique" unique ("hash");`);
    this.addSql(`create index "audit_events_subject_id_id_index" on "audit_events" ("subject_id", "id");`);
    this.addSql(
      `alter table "audit_events" add constraint "audit_events_chain_seq_unique" unique ("chain", "seq");`,
    );

    this.addSql(
      `create table "organisations" ("id" uuid not null, "name" text not null, "kind" text check ("kind" in ('council', 'provider')) not null, "council_id" uuid not null, "created_at" timestamptz not null, constraint "organisations_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "organisations_council_id_index" on "organisations" ("council_id");`);

    this.addSql(
      `create table "teams" ("id" uuid not null, "council_id" uuid not null, "name" text not null, "created_at" timestamptz not null, constraint "teams_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "users" ("id" uuid not null, "email" text not null, "display_name" text not null, "password_hash" text null, "organisation_id" uuid not null, "role" text check ("role" in ('provider_staff', 'provider_lead', 'council_officer', 'team_manager', 'head_of_service', 'lado', 'commissioner', 'auditor')) not null, "team_id" uuid null, "active" boolean not null default true, "created_at" timestamptz not null, constraint "users_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);
    this.addSql(`create index "users_organisation_id_index" on "users" ("organisation_id");`);

    this.addSql(
      `create table "idempotency_keys" ("user_id" uuid not null, "key" text not null, "request_hash" text not null, "state" text check ("state" in ('in_flight', 'done')) not null, "response_status" int null, "response_body" jsonb null, "location" text null, "created_at" timestamptz not null, "expires_at" timestamptz not null, constraint "idempotency_keys_pkey" primary key ("user_id", "key"));`,
    );
    this.addSql(`create index "idempotency_keys_expires_at_index" on "idempotency_keys" ("expires_at");`);

    this.addSql(
      `create table "commissioning" ("commissioner_id" uuid not null, "provider_id" uuid not null, constraint "commissioning_pkey" primary key ("commissioner_id", "provider_id"));`,
    );

    this.addSql(
      `create table "cases" ("id" uuid not null, "type" text check ("type" in ('concern')) not null, "reference" text not null, "status" text check ("status" in ('awaiting_triage', 'enquiry_open', 'closed')) not null, "provider_id" uuid not null, "council_id" uuid not null, "team_id" uuid null, "raised_by" uuid not null, "assignee_user_id" uuid null, "policy_name" text not null, "policy_version" text not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "closed_at" timestamptz null, constraint "cases_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "cases" add constraint "cases_reference_unique" unique ("reference");`);
    this.addSql(`create index "cases_provider_id_index" on "cases" ("provider_id");`);
    this.addSql(`create index "cases_council_id_index" on "cases" ("council_id");`);

    this.addSql(
      `create table "tasks" ("id" uuid not null, "case_id" uuid not null, "type" text check ("type" in ('triage_decision')) not null, "status" text check ("status" in ('open', 'completed', 'cancelled')) not null, "assigned_role" text check ("assigned_role" in ('assignee', 'team_manager', 'head_of_service', 'provider_manager', 'commissioner', 'lado', 'edt')) not null, "due_at" timestamptz not null, "created_at" timestamptz not null, "completed_at" timestamptz null, "completed_by" uuid null, constraint "tasks_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "tasks_case_id_index" on "tasks" ("case_id");`);

    this.addSql(
      `create table "notification_outbox" ("id" uuid not null, "workflow_id" text not null, "case_id" uuid not null, "step_key" text not null, "template" text not null, "recipient_user_id" uuid not null, "status" text check ("status" in ('pending', 'sent', 'cancelled')) not null, "message_id" text not null, "attempts" int not null default 0, "last_error" text null, "smtp_response" text null, "created_at" timestamptz not null, "sent_at" timestamptz null, constraint "notification_outbox_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "notification_outbox_case_id_index" on "notification_outbox" ("case_id");`);
    this.addSql(
      `alter table "notification_outbox" add constraint "notification_outbox_message_id_unique" unique ("message_id");`,
    );
    this.addSql(
      `alter table "notification_outbox" add constraint "notification_outbox_workflow_id_step_key_recipien_8c5e9_unique" unique ("workflow_id", "step_key", "recipient_user_id");`,
    );

    this.addSql(
      `create table "concerns" ("case_id" uuid not null, "adult_name" text not null, "adult_date_of_birth" date null, "category" text check ("category" in ('physical', 'sexual', 'psychological', 'financial', 'neglect', 'discriminatory', 'organisational', 'domestic_abuse', 'modern_slavery', 'self_neglect')) not null, "summary" text not null, "occurred_at" timestamptz not null, "aware_at" timestamptz not null, "immediate_risk" boolean not null, "consent" text check ("consent" in ('given', 'refused', 'lacks_capacity', 'not_asked')) null, "desired_outcomes" text null, "decision" text check ("decision" in ('section_42_enquiry', 'no_further_action', 'signpost')) null, "decision_rationale" text null, "decided_by" uuid null, "decided_at" timestamptz null, constraint "concerns_pkey" primary key ("case_id"));`,
    );

    this.addSql(
      `create table "clocks" ("id" uuid not null, "case_id" uuid not null, "task_id" uuid null, "name" text not null, "started_at" timestamptz not null, "due_at" timestamptz not null, "state" text check ("state" in ('running', 'met', 'breached', 'cancelled')) not null, "met_at" timestamptz null, "breached_at" timestamptz null, "policy_name" text not null, "policy_version" text not null, "rungs" jsonb not null, constraint "clocks_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "clocks_case_id_index" on "clocks" ("case_id");`);

    this.addSql(
      `create table "case_events" ("id" uuid not null, "case_id" uuid not null, "at" timestamptz not null, "kind" text not null, "actor_user_id" uuid null, "actor_role" text null, "step_key" text null, "details" jsonb not null, constraint "case_events_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "case_events_case_id_index" on "case_events" ("case_id");`);
    this.addSql(
      `alter table "case_events" add constraint "case_events_case_id_step_key_unique" unique ("case_id", "step_key");`,
    );

    this.addSql(
      `create table "api_tokens" ("id" uuid not null, "token_hash" text not null, "user_id" uuid not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, constraint "api_tokens_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "api_tokens" add constraint "api_tokens_token_hash_unique" unique ("token_hash");`,
    );
    this.addSql(`create index "api_tokens_user_id_index" on "api_tokens" ("user_id");`);

    this.addSql(
      `create table "workflow_commands" ("id" bigserial primary key, "case_id" uuid not null, "workflow_id" text not null, "kind" text check ("kind" in ('start', 'signal')) not null, "name" text not null, "payload" jsonb not null, "created_at" timestamptz not null, "dispatched_at" timestamptz null, "attempts" int not null default 0, "last_error" text null);`,
    );
    this.addSql(`create index "workflow_commands_case_id_index" on "workflow_commands" ("case_id");`);
    this.addSql(
      `create index "workflow_commands_dispatched_at_created_at_index" on "workflow_commands" ("dispatched_at", "created_at");`,
    );

    this.addSql(
      `alter table "teams" add constraint "teams_council_id_foreign" foreign key ("council_id") references "organisations" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "users" add constraint "users_organisation_id_foreign" foreign key ("organisation_id") references "organisations" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "users" add constraint "users_team_id_foreign" foreign key ("team_id") references "teams" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "idempotency_keys" add constraint "idempotency_keys_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "commissioning" add constraint "commissioning_commissioner_id_foreign" foreign key ("commissioner_id") references "users" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "commissioning" add constraint "commissioning_provider_id_foreign" foreign key ("provider_id") references "organisations" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "cases" add constraint "cases_provider_id_foreign" foreign key ("provider_id") references "organisations" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "cases" add constraint "cases_team_id_foreign" foreign key ("team_id") references "teams" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "cases" add constraint "cases_raised_by_foreign" foreign key ("raised_by") references "users" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "cases" add constraint "cases_assignee_user_id_foreign" foreign key ("assignee_user_id") references "users" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "tasks" add constraint "tasks_case_id_foreign" foreign key ("case_id") references "cases" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "tasks" add constraint "tasks_completed_by_foreign" foreign key ("completed_by") references "users" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "notification_outbox" add constraint "notification_outbox_case_id_foreign" foreign key ("case_id") references "cases" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "notification_outbox" add constraint "notification_outbox_recipient_user_id_foreign" foreign key ("recipient_user_id") references "users" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "concerns" add constraint "concerns_case_id_foreign" foreign key ("case_id") references "cases" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "concerns" add constraint "concerns_decided_by_foreign" foreign key ("decided_by") references "users" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "clocks" add constraint "clocks_case_id_foreign" foreign key ("case_id") references "cases" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "clocks" add constraint "clocks_task_id_foreign" foreign key ("task_id") references "tasks" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "case_events" add constraint "case_events_case_id_foreign" foreign key ("case_id") references "cases" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "case_events" add constraint "case_events_actor_user_id_foreign" foreign key ("actor_user_id") references "users" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "api_tokens" add constraint "api_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "workflow_commands" add constraint "workflow_commands_case_id_foreign" foreign key ("case_id") references "cases" ("id") on update cascade;`,
    );
    // Case references (VIG-<year>-<number>) draw from one sequence: gaps are fine, repeats impossible.
    this.addSql(`create sequence "case_reference_seq" start 1;`);

    // The audit trail is append-only for everyone, owner included (HOUSE_STYLE 3.8).
    this.addSql(`create function "audit_events_refuse_change"() returns trigger language plpgsql as $$
      begin raise exception 'audit_events is append-only (% refused)', tg_op using errcode = '42501'; end $$;`);
    this.addSql(`create trigger "audit_events_no_update" before update or delete on "audit_events"
      for each row execute function "audit_events_refuse_change"();`);
    this.addSql(`create trigger "audit_events_no_truncate" before truncate on "audit_events"
      for each statement execute function "audit_events_refuse_change"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "teams" drop constraint "teams_council_id_foreign";`);

    this.addSql(`alter table "users" drop constraint "users_organisation_id_foreign";`);

    this.addSql(`alter table "commissioning" drop constraint "commissioning_provider_id_foreign";`);

    this.addSql(`alter table "cases" drop constraint "cases_provider_id_foreign";`);

    this.addSql(`alter table "users" drop constraint "users_team_id_foreign";`);

    this.addSql(`alter table "cases" drop constraint "cases_team_id_foreign";`);

    this.addSql(`alter table "idempotency_keys" drop constraint "idempotency_keys_user_id_foreign";`);

    this.addSql(`alter table "commissioning" drop constraint "commissioning_commissioner_id_foreign";`);

    this.addSql(`alter table "cases" drop constraint "cases_raised_by_foreign";`);

    this.addSql(`alter table "cases" drop constraint "cases_assignee_user_id_foreign";`);

    this.addSql(`alter table "tasks" drop constraint "tasks_completed_by_foreign";`);

    this.addSql(
      `alter table "notification_outbox" drop constraint "notification_outbox_recipient_user_id_foreign";`,
    );

    this.addSql(`alter table "concerns" drop constraint "concerns_decided_by_foreign";`);

    this.addSql(`alter table "case_events" drop constraint "case_events_actor_user_id_foreign";`);

    this.addSql(`alter table "api_tokens" drop constraint "api_tokens_user_id_foreign";`);

    this.addSql(`alter table "tasks" drop constraint "tasks_case_id_foreign";`);

    this.addSql(`alter table "notification_outbox" drop constraint "notification_outbox_case_id_foreign";`);

    this.addSql(`alter table "concerns" drop constraint "concerns_case_id_foreign";`);

    this.addSql(`alter table "clocks" drop constraint "clocks_case_id_foreign";`);

    this.addSql(`alter table "case_events" drop constraint "case_events_case_id_foreign";`);

    this.addSql(`alter table "workflow_commands" drop constraint "workflow_commands_case_id_foreign";`);

    this.addSql(`alter table "clocks" drop constraint "clocks_task_id_foreign";`);

    this.addSql(`drop table if exists "audit_events" cascade;`);

    this.addSql(`drop table if exists "organisations" cascade;`);

    this.addSql(`drop table if exists "teams" cascade;`);

    this.addSql(`drop table if exists "users" cascade;`);

    this.addSql(`drop table if exists "idempotency_keys" cascade;`);

    this.addSql(`drop table if exists "commissioning" cascade;`);

    this.addSql(`drop table if exists "cases" cascade;`);

    this.addSql(`drop table if exists "tasks" cascade;`);

    this.addSql(`drop table if exists "notification_outbox" cascade;`);

    this.addSql(`drop table if exists "concerns" cascade;`);

    this.addSql(`drop table if exists "clocks" cascade;`);

    this.addSql(`drop table if exists "case_events" cascade;`);

    this.addSql(`drop table if exists "api_tokens" cascade;`);

    this.addSql(`drop table if exists "workflow_commands" cascade;`);
  }
}
