import { Migration } from '@mikro-orm/migrations';

/** Every SECURITY DEFINER function: each must resolve names only in these schemas (issue 13). */
const DefinerFunctions = [
  'vigil_has_grant(uuid)',
  'vigil_case_council(uuid)',
  'vigil_case_team(uuid)',
  'vigil_case_exists(uuid)',
  'vigil_audit_tail(text)',
  'vigil_audit_reserve(text)',
];

/**
 * Security findings of issue 13 in the database: SECURITY DEFINER functions run with a fixed search path
 * (a role that can create objects in another schema cannot hijack them); emergency-access grants get a
 * policy per command (the holder may insert their own, everyone in scope may read, nobody may change or
 * delete one); an account's API tokens are revoked when its password changes; and an identity provider's
 * account is linked by issuer and subject, never by email.
 */
export class Migration20261204004000_security_hardening extends Migration {
  override async up(): Promise<void> {
    for (const fn of DefinerFunctions) {
      this.addSql(`alter function ${fn} set search_path = pg_catalog, public, pg_temp;`);
    }
    this.addSql(
      `alter table "users" add column "oidc_issuer" text null, add column "oidc_subject" text null;`,
    );
    this.addSql(
      `alter table "users" add constraint "users_oidc_issuer_oidc_subject_unique" unique ("oidc_issuer", "oidc_subject");`,
    );
    this.addSql(`drop policy "access_grants_own_or_in_scope" on "access_grants";`);
    this.addSql(`create policy "access_grants_read" on "access_grants" for select
      using (user_id::text = vigil_setting('vigil.user_id') or exists (select 1 from cases c where c.id = case_id));`);
    this.addSql(`create policy "access_grants_insert_own" on "access_grants" for insert
      with check (user_id::text = vigil_setting('vigil.user_id'));`);
    // No update or delete policy: with row-level security on, the application role can do neither.
    this.addSql(`create function "vigil_revoke_tokens_on_password_change"() returns trigger language plpgsql
      security definer set search_path = pg_catalog, public, pg_temp as $$
      begin
        if new.password_hash is distinct from old.password_hash then
          update api_tokens set revoked_at = now() where user_id = new.id and revoked_at is null;
        end if;
        return new;
      end $$;`);
    this.addSql(`create trigger "users_password_revokes_tokens" after update of password_hash on "users"
      for each row execute function "vigil_revoke_tokens_on_password_change"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "users_password_revokes_tokens" on "users";`);
    this.addSql(`drop function if exists "vigil_revoke_tokens_on_password_change"();`);
    this.addSql(`drop policy if exists "access_grants_read" on "access_grants";`);
    this.addSql(`drop policy if exists "access_grants_insert_own" on "access_grants";`);
    this.addSql(`create policy "access_grants_own_or_in_scope" on "access_grants"
      using (user_id::text = vigil_setting('vigil.user_id') or exists (select 1 from cases c where c.id = case_id))
      with check (user_id::text = vigil_setting('vigil.user_id'));`);
    for (const fn of DefinerFunctions) this.addSql(`alter function ${fn} set search_path = public;`);
    this.addSql(`alter table "users" drop constraint "users_oidc_issuer_oidc_subject_unique";`);
    this.addSql(`alter table "users" drop column "oidc_issuer", drop column "oidc_subject";`);
  }
}
