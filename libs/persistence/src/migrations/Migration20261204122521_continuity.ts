import { Migration } from '@mikro-orm/migrations';

export class Migration20261204122521_continuity extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "provider_concerns" drop constraint if exists "provider_concerns_source_check";`,
    );

    this.addSql(
      `alter table "provider_concerns" add constraint "provider_concerns_source_check" check("source" in ('manual', 'early_warning', 'continuity'));`,
    );

    this.addSql(`alter table "incidents" add column "care_interrupted" boolean null;`);
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "provider_concerns" drop constraint if exists "provider_concerns_source_check";`,
    );

    this.addSql(`alter table "incidents" drop column "care_interrupted";`);

    this.addSql(
      `alter table "provider_concerns" add constraint "provider_concerns_source_check" check("source" in ('manual', 'early_warning'));`,
    );
  }
}
