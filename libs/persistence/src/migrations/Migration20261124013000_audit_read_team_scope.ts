import { Migration } from '@mikro-orm/migrations';

/**
 * Reading the audit trail, in SQL as in code: heads of service and auditors read rows about their council's
 * cases, team managers only about their team's, anyone about a case they hold an emergency access grant
 * for; rows about no case (sign-ins, lists) by their own organisation's staff.
 */
export class Migration20261124013000_audit_read_team_scope extends Migration {
  override async up(): Promise<void> {
    this
      .addSql(`create function "vigil_case_team"(target uuid) returns uuid language sql stable security definer
      set search_path = public
      as $$ select team_id from cases where id = target $$;`);
    this.addSql(`drop policy "audit_events_read" on "audit_events";`);
    this.addSql(`create policy "audit_events_read" on "audit_events" for select
      using (vigil_setting('vigil.role') in ('team_manager', 'head_of_service', 'auditor')
             and case when subject_id is null
                   then actor_organisation_id::text = vigil_setting('vigil.organisation_id')
                   else vigil_has_grant(subject_id)
                        or (vigil_case_council(subject_id)::text = vigil_setting('vigil.council_id')
                            and (vigil_setting('vigil.role') <> 'team_manager'
                                 or vigil_case_team(subject_id)::text = vigil_setting('vigil.team_id')))
                 end);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop policy "audit_events_read" on "audit_events";`);
    this.addSql(`create policy "audit_events_read" on "audit_events" for select
      using (vigil_setting('vigil.role') in ('team_manager', 'head_of_service', 'auditor')
             and (vigil_case_council(subject_id)::text = vigil_setting('vigil.council_id')
                  or actor_organisation_id::text = vigil_setting('vigil.organisation_id')));`);
    this.addSql(`drop function if exists "vigil_case_team"(uuid);`);
  }
}
