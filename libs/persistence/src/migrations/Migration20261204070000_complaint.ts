import { Migration } from '@mikro-orm/migrations';

/**
 * The complaint (issue 9, DOMAIN §4.5): its own table (the complainant's words, PostgreSQL only), the new
 * type, statuses and tasks in the shared tables' checks, and its visibility rows (the registry's).
 */
export class Migration20261204070000_complaint extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "complaints" ("case_id" uuid not null, "received_at" timestamptz not null, "affects_care" boolean not null, "complainant_relationship" text not null, "summary" text not null, "acknowledged_on" date null, "social_worker_notified_at" timestamptz null, "social_worker_method" text check ("social_worker_method" in ('phone', 'email', 'letter', 'in_person')) null, "responded_on" date null, "outcome" text check ("outcome" in ('upheld', 'partly_upheld', 'not_upheld')) null, "shared_on" date null, "resolved_at_provider_stage" boolean null, "closing_rationale" text null, constraint "complaints_pkey" primary key ("case_id"));`,
    );
    this.addSql(
      `alter table "complaints" add constraint "complaints_case_id_foreign" foreign key ("case_id") references "cases" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(`alter table "case_visibility" drop constraint if exists "case_visibility_case_type_check";`);
    this.addSql(`alter table "cases" drop constraint if exists "cases_type_check";`);
    this.addSql(`alter table "cases" drop constraint if exists "cases_status_check";`);
    this.addSql(`alter table "tasks" drop constraint if exists "tasks_type_check";`);
    this.addSql(
      `alter table "case_visibility" add constraint "case_visibility_case_type_check" check("case_type" in ('concern', 's42_enquiry', 'allegation', 'complaint'));`,
    );
    this.addSql(
      `alter table "cases" add constraint "cases_type_check" check("type" in ('concern', 's42_enquiry', 'allegation', 'complaint'));`,
    );
    this.addSql(
      `alter table "cases" add constraint "cases_status_check" check("status" in ('awaiting_triage', 'enquiry_open', 'closed', 'planning', 'awaiting_provider_report', 'in_progress', 'outcome_recorded', 'plan_active', 'awaiting_signoff', 'open', 'suspension_in_place', 'investigating', 'received', 'acknowledged', 'responded'));`,
    );
    this.addSql(
      `alter table "tasks" add constraint "tasks_type_check" check("type" in ('triage_decision', 'care_plan_review', 'record_adult_views', 'decide_enquiry_lead', 'submit_provider_report', 'record_outcome', 'agree_safeguarding_plan', 'review_plan', 'sign_off', 'confirm_suspension', 'lado_referral', 'record_employment_outcome', 'dbs_referral_decision', 'regulator_referral_decision', 'suspension_review', 'lift_suspension', 'acknowledge', 'notify_social_worker', 'respond', 'share_outcome'));`,
    );
    this.addSql(`insert into "case_visibility" ("role", "case_type", "relationship", "masked") values
      ('provider_lead', 'complaint', 'provider', false),
      ('council_officer', 'complaint', 'council', false),
      ('team_manager', 'complaint', 'team', false),
      ('head_of_service', 'complaint', 'council', false),
      ('commissioner', 'complaint', 'commissioned', false),
      ('auditor', 'complaint', 'council', false);`);
    this.addSql(`alter table "complaints" enable row level security;`);
    this.addSql(`create policy "complaints_in_case_scope_no_auditors" on "complaints"
      using (vigil_setting('vigil.role') is distinct from 'auditor' and exists (select 1 from cases c where c.id = case_id))
      with check (vigil_setting('vigil.role') is distinct from 'auditor' and exists (select 1 from cases c where c.id = case_id));`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "case_visibility" where "case_type" = 'complaint';`);
    this.addSql(`drop table if exists "complaints" cascade;`);
  }
}
