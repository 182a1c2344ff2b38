/**
 * Database tasks, run with DATABASE_URL (the owner connection):
 *   migrate            create the database if missing, then apply pending migrations
 *   check              fail when the entities need a migration the repository lacks
 *   app-role           create the restricted application role of DATABASE_APP_URL (default vigil_app) and
 *                      grant it what the API needs (row-level security binds it)
 *   seed               add the demo organisations and accounts (idempotent; no cases)
 *   migration:create   write a new migration from the entity diff (developers only)
 */
import { loadDatabaseConfig } from '@vigil/config';
import { MikroORM } from '@mikro-orm/postgresql';
import { seedDemo } from '@vigil/access';
import {
  appUrlFor,
  createMigration,
  ensureAppRole,
  ensureDatabase,
  migrate,
  migrationNeeded,
  ormOptions,
} from '@vigil/persistence';

async function main(command: string | undefined, args: string[]): Promise<number> {
  const { database, env } = loadDatabaseConfig(process.env);
  switch (command) {
    case 'migrate': {
      const created = await ensureDatabase(database.url);
      const applied = await migrate(database.url);
      console.log(`${created ? 'created database; ' : ''}${applied.length} migration(s) applied`);
      return 0;
    }
    case 'app-role': {
      const appUrl = database.appUrl ?? appUrlFor(database.url);
      await ensureAppRole(database.url, appUrl);
      console.log(`application role ${decodeURIComponent(new URL(appUrl).username)} ready`);
      return 0;
    }
    case 'seed': {
      if (env === 'production') {
        console.error(
          'db seed creates demo accounts with a published password: refused in production (set NODE_ENV)',
        );
        return 1;
      }
      const orm = await MikroORM.init(ormOptions({ url: database.url, poolMax: 1 }));
      try {
        const { accountsCreated } = await orm.em.fork().transactional((em) => seedDemo(em));
        console.log(`demo data: ${accountsCreated} account(s) created`);
      } finally {
        await orm.close(true);
      }
      return 0;
    }
    case 'check': {
      await ensureDatabase(database.url);
      await migrate(database.url);
      if (await migrationNeeded(database.url)) {
        console.error('The entities differ from what the migrations build: run npm run db:migration:create');
        return 1;
      }
      console.log('migrations match the entities');
      return 0;
    }
    case 'migration:create': {
      await ensureDatabase(database.url);
      await migrate(database.url);
      const file = await createMigration(database.url, args[0]);
      console.log(
        file ? `created ${file}: add it to libs/persistence/src/migrations/index.ts` : 'no changes',
      );
      return 0;
    }
    default:
      console.error('usage: db (migrate | app-role | seed | check | migration:create [name])');
      return 2;
  }
}

main(process.argv[2], process.argv.slice(3)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
