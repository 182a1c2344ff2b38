import { Migration } from '@mikro-orm/migrations';
import { ActorFromScopeWhenNamed, auditAppendWith } from './Migration20261205131500_audit_actor_from_scope';
import { earlyWarningCounts } from './Migration20261204201500_provider_reads';

/**
 * Two definer functions narrowed (a review of issue 13's and issue 10's functions):
 * - `vigil_audit_append`: inside a signed-in user's transaction, an event that names no user names no role
 *   or organisation either (a system event), so no caller can write a chosen role into another
 *   organisation's chain; with a user named, the signed-in user is recorded, as before.
 * - `vigil_early_warning_counts`: counts only what the early warning may count (the registry's rules:
 *   concerns and incidents from when they are raised, complaints once upheld or partly upheld, never a
 *   concern withdrawn or merged); any other list answers no rows, so the function cannot be used to learn
 *   of cases of other types (an allegation) past row-level security.
 */
export class Migration20261205140000_definer_hardening extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      auditAppendWith(`v_scope_user uuid := nullif(current_setting('vigil.user_id', true), '')::uuid;
        v_user uuid := case when v_scope_user is not null and p_actor_user_id is not null then v_scope_user
          else p_actor_user_id end;
        v_role text := case when v_scope_user is null then p_actor_role when p_actor_user_id is null then null
          else nullif(current_setting('vigil.role', true), '') end;
        v_org uuid := case when v_scope_user is null then p_actor_organisation_id when p_actor_user_id is null
          then null else nullif(current_setting('vigil.organisation_id', true), '')::uuid end;`),
    );
    this.addSql(
      earlyWarningCounts(
        'create or replace',
        `
               and when_raised <@ array['concern', 'incident']::text[]
               and when_closed <@ array['complaint:upheld', 'complaint:partly_upheld']::text[]
               and unless_closed <@ array['concern:withdrawn', 'concern:merged']::text[]`,
      ),
    );
  }

  override async down(): Promise<void> {
    this.addSql(auditAppendWith(ActorFromScopeWhenNamed));
    this.addSql(earlyWarningCounts('create or replace'));
  }
}
