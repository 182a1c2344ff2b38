import { Migration } from '@mikro-orm/migrations';

/** The reader's setting, read once per statement (an InitPlan), as the column's type. */
const setting = (name: string): string => `(select vigil_setting('vigil.${name}')::uuid)`;
/**
 * The case types the reader's role sees through one relationship, read once per statement. The cast
 * makes `any` take the array the subquery returns, not the subquery's rows.
 */
const typesBy = (relationship: string): string =>
  `type = any ((select vigil_visible_types('${relationship}'))::text[])`;

/**
 * The arms of the rule that compare a row's scope columns (`type`, `council_id`, `team_id`,
 * `involves_children`, `provider_id`) with the reader's settings; shared with the clock tallies' policy
 * (Migration20261204153513_clock_tallies), whose rows carry the same columns.
 */
export const ScopeArms = `(${typesBy('council')} and council_id = ${setting('council_id')})
  or (${typesBy('team')} and council_id = ${setting('council_id')} and team_id = ${setting('team_id')})
  or (${typesBy('council_children')} and council_id = ${setting('council_id')} and involves_children)
  or (${typesBy('provider')} and provider_id = ${setting('organisation_id')})
  or (${typesBy('commissioned')} and council_id = ${setting('council_id')}
      and provider_id = any ((select string_to_array(vigil_setting('vigil.provider_ids'), ',')::uuid[])::uuid[]))`;

/**
 * Who may see a case, as comparisons of the case's own columns with values PostgreSQL computes once per
 * statement: one arm per relationship of `case_visibility`, and break-glass grants as an array of case
 * IDs. The same rows as `vigil_case_visible` (ADR 0017): that function was called for every row looked
 * at, with an `EXISTS` over `case_visibility` and a SECURITY DEFINER call inside, which PostgreSQL can
 * neither inline nor price.
 */
export const CaseVisible = `(
     ${ScopeArms}
  or (${typesBy('raised_by')} and raised_by = ${setting('user_id')})
  or id = any ((select vigil_my_grants())::uuid[]))`;

const OldCaseVisible = `vigil_case_visible(id, type, provider_id, council_id, team_id, raised_by, involves_children)`;

/**
 * Row-level security at a million cases (issue 11 item 5, ADR 0017): `cases_in_scope` written as column
 * comparisons, so the planner can use indexes and price the policy; the old function stays for anyone
 * who calls it. An index for the raised-by arm (a provider's staff member's own cases).
 */
export class Migration20261204150000_rls_column_scope extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function "vigil_visible_types"(relationship text) returns text[] language sql stable
      as $$ select coalesce(array_agg(v.case_type order by v.case_type), '{}') from case_visibility v
             where v.role = vigil_setting('vigil.role') and v.relationship = $1 $$;`);
    this.addSql(`create function "vigil_my_grants"() returns uuid[] language sql stable security definer
      set search_path = pg_catalog, public, pg_temp
      as $$ select coalesce(array_agg(g.case_id), '{}') from access_grants g
             where g.user_id::text = vigil_setting('vigil.user_id') and g.expires_at > now() $$;`);
    this.addSql(`drop policy "cases_in_scope" on "cases";`);
    this.addSql(`create policy "cases_in_scope" on "cases" using ${CaseVisible} with check ${CaseVisible};`);
    this.addSql(`create index "cases_raised_by_index" on "cases" ("raised_by");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "cases_raised_by_index";`);
    this.addSql(`drop policy "cases_in_scope" on "cases";`);
    this.addSql(
      `create policy "cases_in_scope" on "cases" using (${OldCaseVisible}) with check (${OldCaseVisible});`,
    );
    this.addSql(`drop function "vigil_my_grants"();`);
    this.addSql(`drop function "vigil_visible_types"(text);`);
  }
}
