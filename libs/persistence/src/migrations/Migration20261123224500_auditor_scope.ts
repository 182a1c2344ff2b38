import { Migration } from '@mikro-orm/migrations';

/**
 * Auditors see their council's cases for audit purposes (scope columns, timeline, audit trail) but never
 * the narrative in `concerns`; break-glass needs to know a case exists outside the caller's scope.
 */
export class Migration20261123224500_auditor_scope extends Migration {
  override async up(): Promise<void> {
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
    this.addSql(`drop policy "concerns_in_case_scope" on "concerns";`);
    this.addSql(`create policy "concerns_in_case_scope_no_auditors" on "concerns"
      using (vigil_setting('vigil.role') is distinct from 'auditor' and exists (select 1 from cases c where c.id = case_id))
      with check (vigil_setting('vigil.role') is distinct from 'auditor' and exists (select 1 from cases c where c.id = case_id));`);
    // Whether a case exists at all, for break-glass: reveals nothing else.
    this
      .addSql(`create function "vigil_case_exists"(target uuid) returns boolean language sql stable security definer
      set search_path = public
      as $$ select exists (select 1 from cases where id = target) $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists "vigil_case_exists"(uuid);`);
    this.addSql(`drop policy if exists "concerns_in_case_scope_no_auditors" on "concerns";`);
    this.addSql(`create policy "concerns_in_case_scope" on "concerns"
      using (exists (select 1 from cases c where c.id = case_id)) with check (exists (select 1 from cases c where c.id = case_id));`);
  }
}
