import { Migration } from '@mikro-orm/migrations';

/**
 * The commissioner notification's other seed triggers (DOMAIN §4.6 "Other seed triggers", issue 9): the
 * trigger check widened from the ten of specs/004 §16.1 to those nine more.
 */
export class Migration20261205130000_notification_triggers extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "commissioner_notifications" drop constraint if exists "commissioner_notifications_trigger_check";`,
    );
    this.addSql(
      `alter table "commissioner_notifications" add constraint "commissioner_notifications_trigger_check" check("trigger" in ('refusal_of_services', 'serious_accident_or_injury', 'death', 'infectious_disease_outbreak', 'emergency', 'legacy_or_bequest', 'unplanned_absence', 'hospital_admission', 'safeguarding_investigation', 'unable_to_gain_access', 'failure_to_deliver', 'contract_manager_change', 'capacity_or_urgent_issue', 'exclusion', 'risk_to_delivery', 'financial_difficulty', 'significant_change_in_needs', 'safeguarding_lead_change', 'court_of_protection_application'));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "commissioner_notifications" drop constraint if exists "commissioner_notifications_trigger_check";`,
    );
    this.addSql(
      `alter table "commissioner_notifications" add constraint "commissioner_notifications_trigger_check" check("trigger" in ('refusal_of_services', 'serious_accident_or_injury', 'death', 'infectious_disease_outbreak', 'emergency', 'legacy_or_bequest', 'unplanned_absence', 'hospital_admission', 'safeguarding_investigation', 'unable_to_gain_access'));`,
    );
  }
}
