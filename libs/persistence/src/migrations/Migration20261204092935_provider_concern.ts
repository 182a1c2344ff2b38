import { Migration } from '@mikro-orm/migrations';

/**
 * The provider concern (issue 10, DOMAIN §4.7): its own tables (why, the referral status, notices, action
 * plan items, the people who must move; PostgreSQL only), the new type, statuses and tasks in the shared
 * tables' checks, its visibility rows, at most one open provider concern per provider, and `raised_by`
 * empty for a case Vigil opened itself (the early warning).
 */
export class Migration20261204092935_provider_concern extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "provider_notices" ("id" uuid not null, "case_id" uuid not null, "kind" text check ("kind" in ('improvement', 'default')) not null, "requirements" text not null, "compliance_date" date not null, "issued_at" timestamptz not null, "lifted_at" timestamptz null, constraint "provider_notices_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "provider_notices_case_id_index" on "provider_notices" ("case_id");`);

    this.addSql(
      `create table "provider_concerns" ("case_id" uuid not null, "source" text check ("source" in ('manual', 'early_warning')) not null, "reason" text not null, "referral_status" text check ("referral_status" in ('open', 'suspended', 'phased_resumption', 'closed_to_new_business', 'decommissioned')) not null, "weekly_cap" int null, "lse_active" boolean not null default false, "action_plan_summary" text null, "action_plan_submitted_at" timestamptz null, "closing_rationale" text null, constraint "provider_concerns_pkey" primary key ("case_id"));`,
    );

    this.addSql(
      `create table "provider_affected_people" ("id" uuid not null, "case_id" uuid not null, "name" text not null, "moved_to" text null, "moved_on" date null, "created_at" timestamptz not null, constraint "provider_affected_people_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "provider_affected_people_case_id_index" on "provider_affected_people" ("case_id");`,
    );

    this.addSql(
      `create table "provider_action_items" ("task_id" uuid not null, "case_id" uuid not null, "action" text not null, "owner" text not null, "evidence" text null, "created_at" timestamptz not null, constraint "provider_action_items_pkey" primary key ("task_id"));`,
    );
    this.addSql(`create index "provider_action_items_case_id_index" on "provider_action_items" ("case_id");`);

    this.addSql(
      `alter table "provider_notices" add constraint "provider_notices_case_id_foreign" foreign key ("case_id") references "cases" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "provider_concerns" add constraint "provider_concerns_case_id_foreign" foreign key ("case_id") references "cases" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "provider_affected_people" add constraint "provider_affected_people_case_id_foreign" foreign key ("case_id") references "cases" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "provider_action_items" add constraint "provider_action_items_task_id_foreign" foreign key ("task_id") references "tasks" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "provider_action_items" add constraint "provider_action_items_case_id_foreign" foreign key ("case_id") references "cases" ("id") on update cascade;`,
    );

    this.addSql(`alter table "case_visibility" drop constraint if exists "case_visibility_case_type_check";`);

    this.addSql(`alter table "cases" drop constraint if exists "cases_type_check";`);
    this.addSql(`alter table "cases" drop constraint if exists "cases_status_check";`);

    this.addSql(`alter table "tasks" drop constraint if exists "tasks_type_check";`);

    this.addSql(
      `alter table "case_visibility" add constraint "case_visibility_case_type_check" check("case_type" in ('concern', 's42_enquiry', 'allegation', 'incident', 'complaint', 'notification', 'provider_concern'));`,
    );

    this.addSql(
      `alter table "cases" add constraint "cases_type_check" check("type" in ('concern', 's42_enquiry', 'allegation', 'incident', 'complaint', 'notification', 'provider_concern'));`,
    );
    this.addSql(
      `alter table "cases" add constraint "cases_status_check" check("status" in ('awaiting_triage', 'enquiry_open', 'closed', 'planning', 'awaiting_provider_report', 'in_progress', 'outcome_recorded', 'plan_active', 'awaiting_signoff', 'open', 'suspension_in_place', 'investigating', 'received', 'acknowledged', 'responded', 'sent', 'sent_late', 'reported', 'report_submitted', 'concern_open', 'improvement_plan', 'phased_resumption', 'monitoring', 'provider_failure', 'decommissioned'));`,
    );

    this.addSql(
      `alter table "tasks" add constraint "tasks_type_check" check("type" in ('triage_decision', 'care_plan_review', 'record_adult_views', 'decide_enquiry_lead', 'submit_provider_report', 'record_outcome', 'agree_safeguarding_plan', 'review_plan', 'sign_off', 'confirm_suspension', 'lado_referral', 'record_employment_outcome', 'dbs_referral_decision', 'regulator_referral_decision', 'suspension_review', 'lift_suspension', 'acknowledge', 'notify_social_worker', 'respond', 'share_outcome', 'si_meeting_decision', 'initial_review', 'duty_of_candour', 'cqc_notification', 'ico_notification', 'investigation_report', 'accept_learning', 'acknowledge_notification', 'decide_referral_suspension', 'decide_lse', 'close_lse', 'submit_siap', 'siap_action', 'siap_review', 'decide_resumption', 'notice_compliance', 'affected_people', 'complete_transfers'));`,
    );

    this.addSql(`alter table "cases" alter column "raised_by" drop not null;`);
    this.addSql(`create unique index "cases_one_open_provider_concern" on "cases" ("provider_id")
      where "type" = 'provider_concern' and "closed_at" is null;`);
    this.addSql(`insert into "case_visibility" ("role", "case_type", "relationship", "masked") values
      ('provider_lead', 'provider_concern', 'provider', false),
      ('council_officer', 'provider_concern', 'council', false),
      ('team_manager', 'provider_concern', 'team', false),
      ('head_of_service', 'provider_concern', 'council', false),
      ('commissioner', 'provider_concern', 'commissioned', false),
      ('auditor', 'provider_concern', 'council', false);`);
    for (const table of [
      'provider_concerns',
      'provider_notices',
      'provider_action_items',
      'provider_affected_people',
    ]) {
      this.addSql(`alter table "${table}" enable row level security;`);
      this.addSql(`create policy "${table}_in_case_scope_no_auditors" on "${table}"
        using (vigil_setting('vigil.role') is distinct from 'auditor' and exists (select 1 from cases c where c.id = case_id))
        with check (vigil_setting('vigil.role') is distinct from 'auditor' and exists (select 1 from cases c where c.id = case_id));`);
    }
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "case_visibility" where "case_type" = 'provider_concern';`);
    this.addSql(`drop index if exists "cases_one_open_provider_concern";`);
    this.addSql(`drop table if exists "provider_notices" cascade;`);

    this.addSql(`drop table if exists "provider_concerns" cascade;`);

    this.addSql(`drop table if exists "provider_affected_people" cascade;`);

    this.addSql(`drop table if exists "provider_action_items" cascade;`);

    this.addSql(`alter table "case_visibility" drop constraint if exists "case_visibility_case_type_check";`);

    this.addSql(`alter table "cases" drop constraint if exists "cases_type_check";`);
    this.addSql(`alter table "cases" drop constraint if exists "cases_status_check";`);

    this.addSql(`alter table "tasks" drop constraint if exists "tasks_type_check";`);

    this.addSql(
      `alter table "case_visibility" add constraint "case_visibility_case_type_check" check("case_type" in ('concern', 's42_enquiry', 'allegation', 'incident', 'complaint', 'notification'));`,
    );

    this.addSql(
      `alter table "cases" add constraint "cases_type_check" check("type" in ('concern', 's42_enquiry', 'allegation', 'incident', 'complaint', 'notification'));`,
    );
    this.addSql(
      `alter table "cases" add constraint "cases_status_check" check("status" in ('awaiting_triage', 'enquiry_open', 'closed', 'planning', 'awaiting_provider_report', 'in_progress', 'outcome_recorded', 'plan_active', 'awaiting_signoff', 'open', 'suspension_in_place', 'investigating', 'received', 'acknowledged', 'responded', 'sent', 'sent_late', 'reported', 'report_submitted'));`,
    );

    this.addSql(
      `alter table "tasks" add constraint "tasks_type_check" check("type" in ('triage_decision', 'care_plan_review', 'record_adult_views', 'decide_enquiry_lead', 'submit_provider_report', 'record_outcome', 'agree_safeguarding_plan', 'review_plan', 'sign_off', 'confirm_suspension', 'lado_referral', 'record_employment_outcome', 'dbs_referral_decision', 'regulator_referral_decision', 'suspension_review', 'lift_suspension', 'acknowledge', 'notify_social_worker', 'respond', 'share_outcome', 'si_meeting_decision', 'initial_review', 'duty_of_candour', 'cqc_notification', 'ico_notification', 'investigation_report', 'accept_learning', 'acknowledge_notification'));`,
    );
  }
}
