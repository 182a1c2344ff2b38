import { MikroOrmModule } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Module } from '@nestjs/common';
import { AppConfig } from '@vigil/config';
import { Database } from './database.service';
import { ormOptions } from './orm.config';
import { CaseTableRepositories } from './repositories';

/**
 * MikroORM for the application. `DATABASE_APP_URL` (the restricted role) when set, else `DATABASE_URL`.
 * No request context: every use case forks its own EntityManager through `Database`.
 */
@Module({
  imports: [
    MikroOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...ormOptions({
          url: config.database.appUrl ?? config.database.url,
          poolMax: config.database.poolMax,
        }),
        registerRequestContext: false,
      }),
      driver: PostgreSqlDriver,
    }),
  ],
  providers: [Database, ...CaseTableRepositories],
  exports: [Database, ...CaseTableRepositories],
})
export class PersistenceModule {}
