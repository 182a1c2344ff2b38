import { Migration } from '@mikro-orm/migrations';

export class Migration20261204125339_page_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "cases_created_at_index" on "cases" ("created_at");`);
    this.addSql(`create index "cases_closed_at_index" on "cases" ("closed_at");`);

    this.addSql(`create index "tasks_open_due_at_index" on "tasks" ("due_at") where "status" = 'open';`);

    this.addSql(
      `create index "task_submissions_extension_task_id_index" on "task_submissions" ("task_id") where ("payload"->>'replacedBy') is not null;`,
    );
    this.addSql(
      `create index "task_submissions_replaced_by_index" on "task_submissions" (("payload"->>'replacedBy')) where ("payload"->>'replacedBy') is not null;`,
    );

    this.addSql(
      `create index "commissioner_notifications_sent_at_index" on "commissioner_notifications" ("sent_at");`,
    );

    this.addSql(`create index "clocks_due_at_index" on "clocks" ("due_at");`);
    this.addSql(`create index "clocks_task_id_index" on "clocks" ("task_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "cases_created_at_index";`);
    this.addSql(`drop index "cases_closed_at_index";`);

    this.addSql(`drop index "clocks_due_at_index";`);
    this.addSql(`drop index "clocks_task_id_index";`);

    this.addSql(`drop index "commissioner_notifications_sent_at_index";`);

    this.addSql(`drop index "task_submissions_extension_task_id_index";`);
    this.addSql(`drop index "task_submissions_replaced_by_index";`);

    this.addSql(`drop index "tasks_open_due_at_index";`);
  }
}
