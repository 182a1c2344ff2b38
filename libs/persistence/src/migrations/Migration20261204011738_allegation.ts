import { Migration } from '@mikro-orm/migrations';

/**
 * The allegation against staff (issue 8): its narrative table (‡: never for auditors), a case flag for the
 * LADO's relationship (someone who works with children is involved), and its visibility rows. The LADO's
 * relationship needs that flag in the visibility function, which now takes it.
 */
export class Migration20261204011738_allegation extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "allegations" ("case_id" uuid not null, "staff_name" text not null, "job_title" text not null, "staff_type" text check ("staff_type" in ('employee', 'volunteer', 'agency')) null, "works_with_children" boolean not null, "regulated_activity_provider" boolean null, "regulator" text check ("regulator" in ('NMC', 'GMC', 'HCPC', 'SWE', 'other')) null, "summary" text not null, "suspended_at" timestamptz null, "suspension_lifted_at" timestamptz null, "lift_rationale" text null, "lado_decision" text check ("lado_decision" in ('threshold_met', 'threshold_not_met', 'advice_only')) null, "employment_outcome" text check ("employment_outcome" in ('no_change', 'dismissed', 'resigned', 'retired', 'removed_from_regulated_activity')) null, "outcome" text check ("outcome" in ('substantiated', 'unsubstantiated', 'unfounded', 'false', 'malicious')) null, "closing_rationale" text null, constraint "allegations_pkey" primary key ("case_id"));`,
    );

    this.addSql(
      `alter table "allegations" add constraint "allegations_case_id_foreign" foreign key ("case_id") references "cases" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(`alter table "case_visibility" drop constraint if exists "case_visibility_case_type_check";`);
    this.addSql(
      `alter table "case_visibility" drop constraint if exists "case_visibility_relationship_check";`,
    );

    this.addSql(`alter table "cases" drop constraint if exists "cases_type_check";`);
    this.addSql(`alter table "cases" drop constraint if exists "cases_status_check";`);

    this.addSql(`alter table "tasks" drop constraint if exists "tasks_type_check";`);

    this.addSql(
      `alter table "case_visibility" add constraint "case_visibility_case_type_check" check("case_type" in ('concern', 's42_enquiry', 'allegation'));`,
    );
    this.addSql(
      `alter table "case_visibility" add constraint "case_visibility_relationship_check" check("relationship" in ('raised_by', 'provider', 'team', 'council', 'commissioned', 'council_children'));`,
    );

    this.addSql(`alter table "cases" add column "involves_children" boolean not null default false;`);
    this.addSql(
      `alter table "cases" add constraint "cases_type_check" check("type" in ('concern', 's42_enquiry', 'allegation'));`,
    );
    this.addSql(
      `alter table "cases" add constraint "cases_status_check" check("status" in ('awaiting_triage', 'enquiry_open', 'closed', 'planning', 'awaiting_provider_report', 'in_progress', 'outcome_recorded', 'plan_active', 'awaiting_signoff', 'open', 'suspension_in_place', 'investigating'));`,
    );

    this.addSql(
      `alter table "tasks" add constraint "tasks_type_check" check("type" in ('triage_decision', 'care_plan_review', 'record_adult_views', 'decide_enquiry_lead', 'submit_provider_report', 'record_outcome', 'agree_safeguarding_plan', 'review_plan', 'sign_off', 'confirm_suspension', 'lado_referral', 'record_employment_outcome', 'dbs_referral_decision', 'regulator_referral_decision', 'suspension_review', 'lift_suspension'));`,
    );

    this.addSql(`insert into "case_visibility" ("role", "case_type", "relationship", "masked") values
      ('provider_lead', 'allegation', 'provider', false),
      ('council_officer', 'allegation', 'council', false),
      ('team_manager', 'allegation', 'team', false),
      ('head_of_service', 'allegation', 'council', false),
      ('commissioner', 'allegation', 'commissioned', false),
      ('lado', 'allegation', 'council_children', false),
      ('auditor', 'allegation', 'council', false);`);
    this.addSql(`drop policy "cases_in_scope" on "cases";`);
    this.addSql(`drop function "vigil_case_visible"(uuid, text, uuid, uuid, uuid, uuid);`);
    this.addSql(`create function "vigil_case_visible"(c_id uuid, c_type text, c_provider uuid, c_council uuid,
        c_team uuid, c_raised_by uuid, c_children boolean) returns boolean language sql stable
      as $$ select exists (
          select 1 from case_visibility v
           where v.role = vigil_setting('vigil.role') and v.case_type = c_type
             and case v.relationship
                   when 'raised_by' then c_raised_by::text = vigil_setting('vigil.user_id')
                   when 'provider' then c_provider::text = vigil_setting('vigil.organisation_id')
                   when 'council' then c_council::text = vigil_setting('vigil.council_id')
                   when 'council_children' then c_council::text = vigil_setting('vigil.council_id') and c_children
                   when 'team' then c_council::text = vigil_setting('vigil.council_id')
                                    and c_team::text = vigil_setting('vigil.team_id')
                   when 'commissioned' then c_council::text = vigil_setting('vigil.council_id')
                                    and c_provider::text = any (string_to_array(vigil_setting('vigil.provider_ids'), ','))
                   else false end)
        or vigil_has_grant(c_id) $$;`);
    this.addSql(`create policy "cases_in_scope" on "cases"
      using (vigil_case_visible(id, type, provider_id, council_id, team_id, raised_by, involves_children))
      with check (vigil_case_visible(id, type, provider_id, council_id, team_id, raised_by, involves_children));`);
    this.addSql(`alter table "allegations" enable row level security;`);
    this.addSql(`create policy "allegations_in_case_scope_no_auditors" on "allegations"
      using (vigil_setting('vigil.role') is distinct from 'auditor' and exists (select 1 from cases c where c.id = case_id))
      with check (vigil_setting('vigil.role') is distinct from 'auditor' and exists (select 1 from cases c where c.id = case_id));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop policy "cases_in_scope" on "cases";`);
    this.addSql(`drop function "vigil_case_visible"(uuid, text, uuid, uuid, uuid, uuid, boolean);`);
    this.addSql(`delete from "case_visibility" where "case_type" = 'allegation';`);
    this.addSql(`drop table if exists "allegations" cascade;`);

    this.addSql(`alter table "case_visibility" drop constraint if exists "case_visibility_case_type_check";`);
    this.addSql(
      `alter table "case_visibility" drop constraint if exists "case_visibility_relationship_check";`,
    );

    this.addSql(`alter table "cases" drop constraint if exists "cases_type_check";`);
    this.addSql(`alter table "cases" drop constraint if exists "cases_status_check";`);

    this.addSql(`alter table "tasks" drop constraint if exists "tasks_type_check";`);

    this.addSql(
      `alter table "case_visibility" add constraint "case_visibility_case_type_check" check("case_type" in ('concern', 's42_enquiry'));`,
    );
    this.addSql(
      `alter table "case_visibility" add constraint "case_visibility_relationship_check" check("relationship" in ('raised_by', 'provider', 'team', 'council', 'commissioned'));`,
    );

    this.addSql(`alter table "cases" drop column "involves_children";`);

    this.addSql(
      `alter table "cases" add constraint "cases_type_check" check("type" in ('concern', 's42_enquiry'));`,
    );
    this.addSql(
      `alter table "cases" add constraint "cases_status_check" check("status" in ('awaiting_triage', 'enquiry_open', 'closed', 'planning', 'awaiting_provider_report', 'in_progress', 'outcome_recorded', 'plan_active', 'awaiting_signoff'));`,
    );

    this.addSql(
      `alter table "tasks" add constraint "tasks_type_check" check("type" in ('triage_decision', 'care_plan_review', 'record_adult_views', 'decide_enquiry_lead', 'submit_provider_report', 'record_outcome', 'agree_safeguarding_plan', 'review_plan', 'sign_off'));`,
    );
  }
}
