import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { ormOptions } from '@vigil/persistence';
import { Stack } from '../support/stack';

/*
 * Raw statements go to PostgreSQL as named prepared statements (PreparedStatementDriver, issue 12). They
 * must mean exactly what MikroORM's inlined text meant, on a real server: the same values back for the
 * same parameters, lists expanded, and the statements MikroORM must send as text still working.
 */
describe('raw statements as named prepared statements', () => {
  let stack: Stack;
  let orm: MikroORM;

  beforeAll(async () => {
    stack = await Stack.start({ name: 'prepared', worker: false });
    orm = await MikroORM.init(ormOptions({ url: stack.databaseUrl, poolMax: 1 }));
  });
  afterAll(async () => {
    await orm?.close(true);
    await stack?.stop();
  });

  /** The same statement through MikroORM's own path: values inlined into the text. */
  const inlined = (sql: string, params: unknown[]) => orm.em.getConnection().execute(sql, params);

  it('returns what the inlined statement returns, for dates, JSON, booleans, numbers, text, nulls and undefined', async () => {
    const sql = `select ?::timestamptz as at, ?::jsonb as doc, ?::boolean as flag, ?::int + 1 as n,
                        ?::text as label, ?::text as missing, ?::date as day, ?::text as unset`;
    const params = [
      new Date('2026-03-29T00:30:00.000Z'), // the night the clocks go forward in London
      { rung: 2, role: 'team_manager', note: 'it\'s "quoted"' },
      false,
      41,
      "O'Brien; drop table cases; --",
      null,
      new Date('2026-12-04T23:59:59.999Z'),
      undefined,
    ];
    const em = orm.em.fork();
    const prepared = await em.execute(sql, params);
    expect(prepared).toEqual(await inlined(sql, params));
    expect(prepared[0]).toEqual(
      expect.objectContaining({
        at: '2026-03-29 00:30:00+00', // MikroORM reads timestamps as text, whichever path
        day: '2026-12-04',
        doc: { rung: 2, role: 'team_manager', note: 'it\'s "quoted"' },
        flag: false,
        n: 42,
        label: "O'Brien; drop table cases; --",
        missing: null,
        unset: null,
      }),
    );
  });

  it('expands a list into one parameter per item, as `in (?)` expects, for any length', async () => {
    const em = orm.em.fork();
    const sql = `select count(*)::int as n from (values (1), (2), (3), (4)) v(x) where x in (?) and x <> ?`;
    expect(await em.execute(sql, [[1, 3, 4], 4])).toEqual([{ n: 2 }]);
    expect(await em.execute(sql, [[2], 4])).toEqual([{ n: 1 }]);
    expect(await em.execute(sql, [[1, 2, 3, 4], 0])).toEqual([{ n: 4 }]);
  });

  it('sends each statement once per connection as a named prepared statement, then reuses it', async () => {
    await orm.em.fork().transactional(async (em: EntityManager) => {
      const sql = `select ?::int * 2 as twice /* prepared-statement probe */`;
      for (let i = 0; i < 7; i++) expect(await em.execute(sql, [i])).toEqual([{ twice: i * 2 }]);
      const statements = await em.execute<{ name: string; generic_plans: number; custom_plans: number }[]>(
        `select name, generic_plans::int, custom_plans::int from pg_prepared_statements
          where statement like ?`,
        ['%prepared-statement probe%'],
      );
      expect(statements).toHaveLength(1);
      expect(statements[0].name).toMatch(/^v_[0-9a-f]{24}$/);
      expect(statements[0].generic_plans + statements[0].custom_plans).toBe(7);
    });
  });

  it('keeps MikroORM’s path for what cannot be prepared: several statements, identifiers, DDL', async () => {
    const em = orm.em.fork();
    await em.execute(`create temporary table prepared_probe (id int); insert into prepared_probe values (1)`);
    expect(await em.execute(`select ?? as id from prepared_probe`, ['id'])).toEqual([{ id: 1 }]);
    const before = await em.execute<{ n: number }[]>(`select count(*)::int as n from pg_prepared_statements`);
    await em.execute(`select 1 as one; select 2 as two`);
    expect(await em.execute(`select count(*)::int as n from pg_prepared_statements`)).toEqual(before);
  });

  it('reports a failing statement as MikroORM does, and the connection stays usable', async () => {
    const em = orm.em.fork();
    await expect(em.execute(`select ?::int as n`, ['not a number'])).rejects.toThrow(
      /invalid input syntax for type integer/,
    );
    expect(await em.execute(`select ?::int as n`, ['7'])).toEqual([{ n: 7 }]);
  });
});
