import { Migration } from '@mikro-orm/migrations';

/**
 * Two reads of bench:pages at 1,000,000 cases: the returns ask whether the reader's scope holds any case of
 * each type (one index probe per type, where they counted every case in scope); the queue reads the open
 * tasks of the types the reader's role does (by type, then due time, where it read every open task).
 */
export class Migration20261204155741_open_work_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index "cases_type_council_id_team_id_index" on "cases" ("type", "council_id", "team_id");`,
    );
    this.addSql(
      `create index "tasks_open_type_due_at_index" on "tasks" ("type", "due_at") where "status" = 'open';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "tasks_open_type_due_at_index";`);
    this.addSql(`drop index "cases_type_council_id_team_id_index";`);
  }
}
