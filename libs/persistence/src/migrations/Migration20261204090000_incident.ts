import { Migration } from '@mikro-orm/migrations';

/**
 * The serious incident (issue 9, DOMAIN §4.4): its own table (what happened and what was found, PostgreSQL
 * only), the new type, statuses and tasks in the shared tables' checks, and its visibility rows.
 */
export class Migration20261204090000_incident extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "incidents" ("case_id" uuid not null, "category" text check ("category" in ('unexpected_death', 'serious_harm', 'service_continuity', 'allegation_of_abuse', 'adverse_media', 'controlled_drugs', 'information_security_breach', 'professional_standards_breach')) not null, "occurred_at" timestamptz not null, "aware_at" timestamptz not null, "summary" text not null, "personal_data_breach" boolean not null, "si_meeting" boolean null, "initial_review_findings" text null, "report_summary" text null, "learning_accepted_at" timestamptz null, "closing_rationale" text null, constraint "incidents_pkey" primary key ("case_id"));`,
    );
    this.addSql(
      `alter table "incidents" add constraint "incidents_case_id_foreign" foreign key ("case_id") references "cases" ("id") on update cascade on delete cascade;`,
    );
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
    this.addSql(`insert into "case_visibility" ("role", "case_type", "relationship", "masked") values
      ('provider_lead', 'incident', 'provider', false),
      ('council_officer', 'incident', 'council', false),
      ('team_manager', 'incident', 'team', false),
      ('head_of_service', 'incident', 'council', false),
      ('commissioner', 'incident', 'commissioned', false),
      ('auditor', 'incident', 'council', false);`);
    this.addSql(`alter table "incidents" enable row level security;`);
    this.addSql(`create policy "incidents_in_case_scope_no_auditors" on "incidents"
      using (vigil_setting('vigil.role') is distinct from 'auditor' and exists (select 1 from cases c where c.id = case_id))
      with check (vigil_setting('vigil.role') is distinct from 'auditor' and exists (select 1 from cases c where c.id = case_id));`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "case_visibility" where "case_type" = 'incident';`);
    this.addSql(`drop table if exists "incidents" cascade;`);
  }
}
