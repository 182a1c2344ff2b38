import { Migration } from '@mikro-orm/migrations';

/**
 * Forms filled in one question per page (raising an allegation or a concern in the browser) keep their
 * answers here between pages: in PostgreSQL, never in the session or a cookie, readable and writable only
 * by their author (row-level security on `vigil.user_id`). A draft's answers are removed when it is
 * submitted; its Idempotency-Key stays so a second submit finds the same case.
 */
export class Migration20261204050000_form_drafts extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "form_drafts" ("user_id" uuid not null, "flow" text not null, "key" uuid not null, "answers" jsonb not null, "updated_at" timestamptz not null, constraint "form_drafts_pkey" primary key ("user_id", "flow"));`,
    );
    this.addSql(
      `alter table "form_drafts" add constraint "form_drafts_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade;`,
    );
    this.addSql(`alter table "form_drafts" enable row level security;`);
    this.addSql(`create policy "form_drafts_own" on "form_drafts"
      using ("user_id" = nullif(current_setting('vigil.user_id', true), '')::uuid)
      with check ("user_id" = nullif(current_setting('vigil.user_id', true), '')::uuid);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "form_drafts" cascade;`);
  }
}
