import { Migration } from '@mikro-orm/migrations';

/**
 * Raising a concern in the browser asks two more things (issue 11): with an immediate risk, whether 999
 * was called; and why the adult was not asked for consent. Both optional, so earlier concerns stay valid.
 */
export class Migration20261204060000_concern_intake extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "concerns" add column "emergency_services_called" boolean null, add column "consent_reason" text null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "concerns" drop column "emergency_services_called", drop column "consent_reason";`,
    );
  }
}
