/**
 * An experiment for bench:pages (`--experiment inline-rls`), applied to the scratch database only, never a
 * migration: the `cases_in_scope` policy written so PostgreSQL evaluates the reader's settings once per
 * statement (InitPlans) and compares columns to them, instead of calling `vigil_case_visible` (a SQL
 * function with an EXISTS over `case_visibility`, never inlined) and `vigil_has_grant` (SECURITY DEFINER)
 * for every row it looks at. It means the same rows as `vigil_case_visible`: a relationship of the
 * reader's role to the case's type in `case_visibility`, or an unexpired break-glass grant. Measuring it
 * shows what the policy costs the pages; adopting it would be a security change (ADR 0010) with its own
 * tests.
 */
import type { BenchStack } from './bench-stack';

const setting = (name: string, type: 'uuid' | 'text' = 'uuid') =>
  `(select vigil_setting('vigil.${name}'))${type === 'uuid' ? '::uuid' : ''}`;
const types = (relationship: string) =>
  `type = any ((select vigil_visible_types('${relationship}'))::text[])`;

const VISIBLE = `(
     (${types('council')} and council_id = ${setting('council_id')})
  or (${types('team')} and council_id = ${setting('council_id')} and team_id = ${setting('team_id')})
  or (${types('provider')} and provider_id = ${setting('organisation_id')})
  or (${types('raised_by')} and raised_by = ${setting('user_id')})
  or (${types('council_children')} and council_id = ${setting('council_id')} and involves_children)
  or (${types('commissioned')} and council_id = ${setting('council_id')}
      and provider_id::text = any ((select string_to_array(vigil_setting('vigil.provider_ids'), ','))::text[]))
  or id = any ((select vigil_my_grants())::uuid[]))`;

export async function inlineRowLevelSecurity(stack: BenchStack, appRole: string): Promise<void> {
  await stack.sql(`create function vigil_visible_types(rel text) returns text[] language sql stable as
    $$ select coalesce(array_agg(v.case_type), '{}') from case_visibility v
        where v.role = vigil_setting('vigil.role') and v.relationship = rel $$`);
  await stack.sql(`create function vigil_my_grants() returns uuid[] language sql stable security definer
    set search_path = pg_catalog, public, pg_temp as
    $$ select coalesce(array_agg(g.case_id), '{}') from access_grants g
        where g.user_id::text = vigil_setting('vigil.user_id') and g.expires_at > now() $$`);
  await stack.sql(`grant execute on function vigil_visible_types(text), vigil_my_grants() to "${appRole}"`);
  await stack.sql(`drop policy cases_in_scope on cases`);
  await stack.sql(`create policy cases_in_scope on cases using ${VISIBLE} with check ${VISIBLE}`);
  await stack.sql(`create index bench_cases_council_team on cases (council_id, team_id)`);
  await stack.sql(`analyze cases`);
}
