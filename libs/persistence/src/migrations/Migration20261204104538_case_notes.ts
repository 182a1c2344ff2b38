import { Migration } from '@mikro-orm/migrations';

/**
 * Information added to an open case (issue 11): append-only words in PostgreSQL only. Row-level security
 * lets whoever sees the case read them (not auditors) and the signed-in author add one; no policy allows
 * an update or a delete.
 */
export class Migration20261204104538_case_notes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "case_notes" ("id" uuid not null, "case_id" uuid not null, "event_id" uuid not null, "text" text not null, "author_id" uuid not null, "created_at" timestamptz not null, constraint "case_notes_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "case_notes_case_id_index" on "case_notes" ("case_id");`);

    this.addSql(
      `alter table "case_notes" add constraint "case_notes_case_id_foreign" foreign key ("case_id") references "cases" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "case_notes" add constraint "case_notes_author_id_foreign" foreign key ("author_id") references "users" ("id") on update cascade;`,
    );
    this.addSql(`alter table "case_notes" enable row level security;`);
    this.addSql(`create policy "case_notes_read_in_case_scope" on "case_notes" for select
      using (vigil_setting('vigil.role') is distinct from 'auditor' and exists (select 1 from cases c where c.id = case_id));`);
    this.addSql(`create policy "case_notes_added_by_author" on "case_notes" for insert
      with check (vigil_setting('vigil.role') is distinct from 'auditor'
                  and author_id::text = vigil_setting('vigil.user_id')
                  and exists (select 1 from cases c where c.id = case_id));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "case_notes" cascade;`);
  }
}
