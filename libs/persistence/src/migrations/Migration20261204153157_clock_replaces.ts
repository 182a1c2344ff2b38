import { Migration } from '@mikro-orm/migrations';

/**
 * An extension's replacement clock names the clock it replaces (ADR 0017): the dashboard and the returns
 * join on it by index, where they parsed `replacedBy` out of every extension's submission (which
 * row-level security kept from using any index at a million cases). Existing extensions are linked from
 * their submissions; the submission indexes that served the old lookups go.
 */
export class Migration20261204153157_clock_replaces extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "clocks" add column "replaces" uuid null;`);
    this.addSql(`update "clocks" r set "replaces" = k."id"
      from "task_submissions" s join "clocks" k on k."task_id" = s."task_id"
      where s."payload"->>'replacedBy' is not null
        and r."task_id"::text = s."payload"->>'replacedBy' and r."name" = k."name";`);
    this.addSql(
      `create index "clocks_replaces_index" on "clocks" ("replaces") where "replaces" is not null;`,
    );
    this.addSql(`drop index "task_submissions_extension_task_id_index";`);
    this.addSql(`drop index "task_submissions_replaced_by_index";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "clocks_replaces_index";`);
    this.addSql(`alter table "clocks" drop column "replaces";`);
    this.addSql(
      `create index "task_submissions_extension_task_id_index" on "task_submissions" ("task_id") where ("payload"->>'replacedBy') is not null;`,
    );
    this.addSql(
      `create index "task_submissions_replaced_by_index" on "task_submissions" (("payload"->>'replacedBy')) where ("payload"->>'replacedBy') is not null;`,
    );
  }
}
