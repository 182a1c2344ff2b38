import type { Knex } from '@mikro-orm/knex';
import { PostgreSqlDriver, Utils, type PostgreSqlPlatform, type Transaction } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';

type Method = 'all' | 'get' | 'run';

/** The parts of MikroORM's connection the prepared path uses (protected there, stable across 6.x). */
interface ConnectionInternals {
  getKnex(): Knex;
  ensureConnection(): Promise<void>;
  executeQuery<T>(query: string, cb: () => Promise<T>, context?: object): Promise<T>;
  transformRawResult<T>(res: unknown, method: Method): T;
}

/** A statement kind PostgreSQL can prepare (no DDL, no utility statements). */
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;

/**
 * Whether a raw statement can go as a named prepared statement with the same meaning as MikroORM's inlined
 * text: one statement (no `;` but a trailing one), no `??` identifier bindings, and parameters that are
 * scalars, dates, buffers, plain objects (sent as JSON, as MikroORM inlines them) or flat lists of scalars
 * (expanded to one parameter each, as for `in (?)`). Anything else takes MikroORM's own path.
 */
export function preparable(sql: string, params: readonly unknown[]): boolean {
  if (!PREPARABLE.test(sql) || sql.includes('??') || sql.replace(/;\s*$/, '').includes(';')) return false;
  return params.every((p) =>
    Array.isArray(p) ? p.length > 0 && p.every((v) => v === null || typeof v !== 'object') : !isFragment(p),
  );
}

/** MikroORM's raw fragments and knex builders, which it inlines as SQL: never a parameter. */
function isFragment(value: unknown): boolean {
  return typeof value === 'object' && value !== null && ('sql' in value || 'client' in value);
}

/**
 * One placeholder per item of a list (`in (?)` with three items becomes `in (?, ?, ?)`), as MikroORM
 * inlines a list; knex then numbers the placeholders. The pattern is knex's own, so the counts agree.
 */
function expandLists(sql: string, params: readonly unknown[]): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  let index = 0;
  const text = sql.replace(/\\?\?\??/g, (match) => {
    if (match === '\\?') return match;
    const value = params[index++];
    if (!Array.isArray(value)) {
      values.push(value);
      return match;
    }
    values.push(...value);
    return value.map(() => '?').join(', ');
  });
  return { text, values };
}

/**
 * A name per statement text and list lengths (a list of three makes three placeholders): the same text
 * always gets the same name, on every pooled connection.
 */
function statementName(sql: string, params: readonly unknown[]): string {
  const shape = params.map((p) => (Array.isArray(p) ? p.length : '')).join(',');
  return `v_${createHash('sha1').update(sql).update('\0').update(shape).digest('hex').slice(0, 24)}`;
}

/**
 * MikroORM's PostgreSQL driver, with one change: raw statements (`em.execute(sql, params)`, which every
 * repository uses) go to PostgreSQL as named prepared statements with their values as parameters, where
 * MikroORM would inline the values and send new text each time. PostgreSQL then parses each statement once
 * per connection and, after five runs, reuses its plan: planning was 44% of PostgreSQL's CPU at intake
 * (perf, docs/benchmarks.md), most of it re-planning the row-level-security policies' sub-queries.
 * Statements it cannot send that way with the same meaning (see `preparable`) take MikroORM's path.
 */
export class PreparedStatementDriver extends PostgreSqlDriver {
  override async execute<T = unknown>(
    queryOrKnex: string | Knex.QueryBuilder | Knex.Raw,
    params: unknown[] = [],
    method: Method = 'all',
    ctx?: Transaction,
    loggerContext?: object,
  ): Promise<T> {
    if (typeof queryOrKnex !== 'string' || !preparable(queryOrKnex, params)) {
      return super.execute(queryOrKnex, params, method, ctx, loggerContext) as Promise<T>;
    }
    return this.rethrow(this.executePrepared<T>(queryOrKnex, params, method, ctx, loggerContext));
  }

  private async executePrepared<T>(
    sql: string,
    params: readonly unknown[],
    method: Method,
    ctx: Transaction | undefined,
    loggerContext: object | undefined,
  ): Promise<T> {
    const connection = this.connection as unknown as ConnectionInternals;
    await connection.ensureConnection();
    const { text, values } = expandLists(sql, params);
    const name = statementName(sql, params);
    return connection.executeQuery(
      sql,
      async () => {
        const bindings = values.map((v) => this.parameter(v)) as Knex.RawBinding[];
        const query = (ctx ?? connection.getKnex()).raw(text, bindings).options({ name });
        return connection.transformRawResult<T>(await query, method);
      },
      { query: sql, params, ...loggerContext },
    );
  }

  /**
   * A value as MikroORM would write it inline: dates in its format, plain objects as JSON text, `undefined`
   * as NULL (knex refuses an undefined binding).
   */
  private parameter(value: unknown): unknown {
    if (value === undefined) return null;
    if (value instanceof Date) return (this.platform as PostgreSqlPlatform).formatDate(value);
    if (Utils.isPlainObject(value)) return JSON.stringify(value);
    return value;
  }
}
