import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@vigil/config';
import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import { Pool } from 'pg';

/**
 * The session store: connect-pg-simple over its own small pool, connected as the application role
 * (`DATABASE_APP_URL`, else `DATABASE_URL`). The `sessions` table comes from a migration.
 */
@Injectable()
export class WebSessionStore implements OnApplicationShutdown {
  private readonly logger = new Logger(WebSessionStore.name);
  private readonly pool: Pool;
  readonly store: connectPgSimple.PGStore;

  constructor(config: AppConfig) {
    this.pool = new Pool({ connectionString: config.database.appUrl ?? config.database.url, max: 4 });
    this.pool.on('error', (err: Error) => this.logger.warn({ err: err.name }, 'session pool client failed'));
    const PgStore = connectPgSimple(session);
    this.store = new PgStore({
      pool: this.pool,
      tableName: 'sessions',
      createTableIfMissing: false,
      pruneSessionInterval: 15 * 60,
      // Never the error's message: it may quote the stored session.
      errorLog: (err: unknown) =>
        this.logger.error({ err: err instanceof Error ? err.name : 'unknown' }, 'session store failed'),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.store.close();
    await this.pool.end();
  }
}
