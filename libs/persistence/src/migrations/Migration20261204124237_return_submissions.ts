import { Migration } from '@mikro-orm/migrations';

/**
 * That a council submitted a return (the Kent PI return, quarter end + 14 days) for a period: once per
 * council, kind and period; readable and writable only within the council (row-level security).
 */
export class Migration20261204124237_return_submissions extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "return_submissions" ("id" uuid not null, "council_id" uuid not null, "kind" text check ("kind" in ('kent_pi')) not null, "period" text not null, "due_at" timestamptz not null, "submitted_at" timestamptz not null, "submitted_by" uuid not null, constraint "return_submissions_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "return_submissions" add constraint "return_submissions_council_id_kind_period_unique" unique ("council_id", "kind", "period");`,
    );

    this.addSql(
      `alter table "return_submissions" add constraint "return_submissions_council_id_foreign" foreign key ("council_id") references "organisations" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "return_submissions" add constraint "return_submissions_submitted_by_foreign" foreign key ("submitted_by") references "users" ("id") on update cascade;`,
    );
    this.addSql(`alter table "return_submissions" enable row level security;`);
    this.addSql(`create policy "return_submissions_council" on "return_submissions"
      using ("council_id" = nullif(current_setting('vigil.council_id', true), '')::uuid)
      with check ("council_id" = nullif(current_setting('vigil.council_id', true), '')::uuid);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "return_submissions" cascade;`);
  }
}
