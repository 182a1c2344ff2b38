import type { Config } from '@vigil/config';
import type { Database } from './database.service';

/**
 * Row-level security is the second check behind the permission model (ADR 0010), and only holds if the
 * API and the pages connect as a role that cannot bypass it. In production a connection that could (the
 * owner, a superuser, BYPASSRLS) stops the start; elsewhere it is reported through `warn`.
 */
export async function assertRowLevelSecurity(
  db: Database,
  config: Pick<Config, 'env'>,
  warn: (message: string) => void,
): Promise<void> {
  const { bypasses, role } = await db.bypassesRowLevelSecurity();
  if (!bypasses) return;
  const message =
    `the application connects as the role "${role}", which bypasses row-level security: ` +
    'set DATABASE_APP_URL to a restricted role (npm run db:app-role creates one)';
  if (config.env === 'production') throw new Error(message);
  warn(message);
}
