import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import * as path from 'node:path';
import { AllEntities } from './entities';
import { migrationsList } from './migrations';
import { PreparedStatementDriver } from './prepared-driver';

/** Where `npm run db:migration:create` writes new migration files (source tree, not dist). */
export const MIGRATIONS_SOURCE_DIR = path.resolve(__dirname, 'migrations');

export interface OrmOptionsInput {
  url: string;
  poolMax?: number;
  debug?: boolean;
}

export function ormOptions({ url, poolMax = 10, debug = false }: OrmOptionsInput): Options {
  return defineConfig({
    clientUrl: url,
    entities: AllEntities,
    // Raw statements as named prepared statements (issue 12; see the class).
    driver: PreparedStatementDriver,
    extensions: [Migrator],
    debug,
    forceUtcTimezone: true,
    pool: { min: 0, max: poolMax },
    // JIT off for every session (ADR 0017): short statements, which it compiled for 87-350 ms at a million
    // cases. setScope also turns it off per transaction; this covers the statements sent without one.
    driverOptions: { connection: { options: '-c jit=off' } },
    // Entities are defined with defineEntity: no reflect-metadata discovery.
    discovery: { warnWhenNoEntities: false },
    allowGlobalContext: false,
    migrations: {
      migrationsList,
      path: MIGRATIONS_SOURCE_DIR,
      pathTs: MIGRATIONS_SOURCE_DIR,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      silent: true,
    },
    schemaGenerator: { disableForeignKeys: false },
  });
}
