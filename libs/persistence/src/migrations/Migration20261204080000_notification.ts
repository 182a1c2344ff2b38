import { Migration } from '@mikro-orm/migrations';

/**
 * The commissioner notification (issue 9, DOMAIN §4.6): its own table (what happened, PostgreSQL only), the
 * new type, statuses and task in the shared tables' checks, and its visibility rows (the registry's).
 */
export class Migration20261204080000_notification extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "commissioner_notifications" ("case_id" uuid not null, "trigger" text check ("trigger" in ('refusal_of_services', 'serious_accident_or_injury', 'death', 'infectious_disease_outbreak', 'emergency', 'legacy_or_bequest', 'unplanned_absence', 'hospital_admission', 'safeguarding_investigation', 'unable_to_gain_access')) not null, "occurred_at" timestamptz not null, "aware_at" timestamptz not null, "due_at" timestamptz not null, "sent_at" timestamptz not null, "late" boolean not null, "late_reason" text null, "summary" text not null, "acknowledged_at" timestamptz null, constraint "commissioner_notifications_pkey" primary key ("case_id"));`,
    );
    this.addSql(
      `alter table "commissioner_notifications" add constraint "commissioner_notifications_case_id_foreign" foreign key ("case_id") references "cases" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(`alter table "case_visibility" drop constraint if exists "case_visibility_case_type_check";`);
    this.addSql(`alter table "cases" drop constraint if exists "cases_type_check";`);
    this.addSql(`alter table "cases" drop constraint if exists "cases_status_check";`);
    this.addSql(`alter table "tasks" drop constraint if exists "tasks_type_check";`);
    this.addSql(
      `alter table "case_visibility" add constraint "case_visibility_case_type_check" check("case_type" in ('concern', 's42_enquiry', 'allegation', 'complaint', 'notification'));`,
    );
    this.addSql(
      `alter table "cases" add constraint "cases_type_check" check("type" in ('concern', 's42_enquiry', 'allegation', 'complaint', 'notification'));`,
    );
    this.addSql(
      `alter table "cases" add constraint "cases_status_check" check("status" in ('awaiting_triage', 'enquiry_open', 'closed', 'planning', 'awaiting_provider_report', 'in_progress', 'outcome_recorded', 'plan_active', 'awaiting_signoff', 'open', 'suspension_in_place', 'investigating', 'received', 'acknowledged', 'responded', 'sent', 'sent_late'));`,
    );
    this.addSql(
      `alter table "tasks" add constraint "tasks_type_check" check("type" in ('triage_decision', 'care_plan_review', 'record_adult_views', 'decide_enquiry_lead', 'submit_provider_report', 'record_outcome', 'agree_safeguarding_plan', 'review_plan', 'sign_off', 'confirm_suspension', 'lado_referral', 'record_employment_outcome', 'dbs_referral_decision', 'regulator_referral_decision', 'suspension_review', 'lift_suspension', 'acknowledge', 'notify_social_worker', 'respond', 'share_outcome', 'acknowledge_notification'));`,
    );
    this.addSql(`insert into "case_visibility" ("role", "case_type", "relationship", "masked") values
      ('provider_lead', 'notification', 'provider', false),
      ('council_officer', 'notification', 'council', false),
      ('team_manager', 'notification', 'team', false),
      ('head_of_service', 'notification', 'council', false),
      ('commissioner', 'notification', 'commissioned', false),
      ('auditor', 'notification', 'council', false);`);
    this.addSql(`alter table "commissioner_notifications" enable row level security;`);
    this
      .addSql(`create policy "commissioner_notifications_in_case_scope_no_auditors" on "commissioner_notifications"
      using (vigil_setting('vigil.role') is distinct from 'auditor' and exists (select 1 from cases c where c.id = case_id))
      with check (vigil_setting('vigil.role') is distinct from 'auditor' and exists (select 1 from cases c where c.id = case_id));`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "case_visibility" where "case_type" = 'notification';`);
    this.addSql(`drop table if exists "commissioner_notifications" cascade;`);
  }
}
