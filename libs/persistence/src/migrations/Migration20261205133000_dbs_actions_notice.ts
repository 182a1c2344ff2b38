import { Migration } from '@mikro-orm/migrations';

/**
 * The allegation's notice to the council of the actions taken after a DBS referral (specs/003 §7.16, DOMAIN
 * §4.6 "Automatic"): a new task type in the tasks' check.
 */
export class Migration20261205133000_dbs_actions_notice extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "tasks" drop constraint if exists "tasks_type_check";`);
    this.addSql(
      `alter table "tasks" add constraint "tasks_type_check" check("type" in ('triage_decision', 'care_plan_review', 'record_adult_views', 'decide_enquiry_lead', 'submit_provider_report', 'record_outcome', 'agree_safeguarding_plan', 'review_plan', 'sign_off', 'confirm_suspension', 'lado_referral', 'lado_evaluation', 'record_employment_outcome', 'dbs_referral_decision', 'dbs_actions_notice', 'regulator_referral_decision', 'suspension_review', 'lift_suspension', 'resolution_review', 'acknowledge', 'notify_social_worker', 'respond', 'share_outcome', 'si_meeting_decision', 'initial_review', 'duty_of_candour', 'cqc_notification', 'ico_notification', 'investigation_report', 'accept_learning', 'acknowledge_notification', 'decide_referral_suspension', 'decide_lse', 'close_lse', 'submit_siap', 'siap_action', 'siap_review', 'decide_resumption', 'notice_compliance', 'affected_people', 'complete_transfers'));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "tasks" drop constraint if exists "tasks_type_check";`);
    this.addSql(
      `alter table "tasks" add constraint "tasks_type_check" check("type" in ('triage_decision', 'care_plan_review', 'record_adult_views', 'decide_enquiry_lead', 'submit_provider_report', 'record_outcome', 'agree_safeguarding_plan', 'review_plan', 'sign_off', 'confirm_suspension', 'lado_referral', 'lado_evaluation', 'record_employment_outcome', 'dbs_referral_decision', 'regulator_referral_decision', 'suspension_review', 'lift_suspension', 'resolution_review', 'acknowledge', 'notify_social_worker', 'respond', 'share_outcome', 'si_meeting_decision', 'initial_review', 'duty_of_candour', 'cqc_notification', 'ico_notification', 'investigation_report', 'accept_learning', 'acknowledge_notification', 'decide_referral_suspension', 'decide_lse', 'close_lse', 'submit_siap', 'siap_action', 'siap_review', 'decide_resumption', 'notice_compliance', 'affected_people', 'complete_transfers'));`,
    );
  }
}
