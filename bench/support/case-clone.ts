/**
 * Set-based cloning of template cases into many more (bench:case-read, bench:pages): a mapping table
 * `bench_case_map` (one row per new case: `n`, `new_id`, `template_id`, and whatever else the benchmark's
 * column rules read) built with `generate_series`, then one `insert … select` per table, then `analyze`.
 */
import type { BenchStack } from './bench-stack';
import { fmt } from './stats';

/** A column of a cloned table, as information_schema describes it. */
export interface CloneColumn {
  table: string;
  name: string;
  dataType: string;
}

export interface CloneOptions {
  /** The tables cloned per case, in dependency order (`cases` first; the others have `case_id`). */
  tables: readonly string[];
  /**
   * `create unlogged table bench_case_map as <mapSql>`: columns `n`, `new_id`, `template_id`, and any
   * more the column rules read (as `m.<name>`).
   */
  mapSql: string;
  mapParams?: unknown[];
  /** The select expression of a column (template row `t`, mapping row `m`), or undefined for the default. */
  column?: (c: CloneColumn) => string | undefined;
}

/**
 * The default select expression of each column of a clone: the new case's ID, IDs derived from it and the
 * template row's (md5 of both, as a UUID, so a clock's task_id meets its task's clone, and a replacement
 * clock's `replaces` the original's clone), a unique
 * reference; everything else copied. Columns filled by a sequence are left to their default.
 */
async function cloneSql(stack: BenchStack, table: string, options: CloneOptions): Promise<string> {
  const columns = await stack.sql<{ column_name: string; column_default: string | null; data_type: string }>(
    `select column_name, column_default, data_type from information_schema.columns
      where table_schema = 'public' and table_name = $1 order by ordinal_position`,
    [table],
  );
  const keyed = (col: string) => `md5(m.new_id::text || t.${col}::text)::uuid`;
  const targets: string[] = [];
  const exprs: string[] = [];
  for (const { column_name: c, column_default: d, data_type: dataType } of columns) {
    if (d?.startsWith('nextval(')) continue;
    targets.push(c);
    const custom = options.column?.({ table, name: c, dataType });
    if (custom !== undefined) exprs.push(custom);
    else if (table === 'cases' && c === 'id') exprs.push('m.new_id');
    else if (table === 'cases' && c === 'reference') exprs.push(`'VIG-BENCH-' || lpad(m.n::text, 8, '0')`);
    else if (c === 'case_id') exprs.push('m.new_id');
    else if (c === 'id' || c === 'task_id' || c === 'replaces')
      exprs.push(`case when t.${c} is null then null else ${keyed(c)} end`);
    else exprs.push(`t.${c}`);
  }
  const templateKey = table === 'cases' ? 'id' : 'case_id';
  return `insert into ${table} (${targets.join(', ')})
          select ${exprs.join(', ')} from bench_case_map m join ${table} t on t.${templateKey} = m.template_id`;
}

/** Clones the templates into `bench_case_map`'s rows, table by table, prints the counts, then analyzes. */
export async function cloneCases(stack: BenchStack, options: CloneOptions): Promise<void> {
  const t0 = Date.now();
  await stack.sql(`create unlogged table bench_case_map as ${options.mapSql}`, options.mapParams ?? []);
  const [{ n: clones }] = await stack.sql<{ n: string }>(`select count(*)::text as n from bench_case_map`);
  // The counts' triggers (clock tallies, open work) would count millions of rows set by set: off while
  // cloning, then rebuilt from every row at once (the functions the migrations use).
  const triggers = [
    'clocks disable trigger clocks_tally_insert',
    'cases disable trigger cases_open_work_insert',
    'tasks disable trigger tasks_open_work_insert',
  ];
  for (const t of triggers) await stack.sql(`alter table ${t}`);
  for (const table of options.tables) {
    const started = Date.now();
    await stack.sql(await cloneSql(stack, table, options));
    const [{ n }] = await stack.sql<{ n: string }>(`select count(*)::text as n from ${table}`);
    console.log(`  ${table}: ${n} rows (${fmt((Date.now() - started) / 1000)} s)`);
  }
  for (const t of triggers) await stack.sql(`alter table ${t.replace(' disable ', ' enable ')}`);
  for (const [table, rebuild] of [
    ['clock_tallies', 'vigil_rebuild_clock_tallies'],
    ['open_work', 'vigil_rebuild_open_work'],
  ]) {
    const started = Date.now();
    await stack.sql(`select ${rebuild}()`);
    console.log(`  ${table} rebuilt (${fmt((Date.now() - started) / 1000)} s)`);
  }
  await stack.sql(`drop table bench_case_map`);
  await stack.sql(`analyze`);
  console.log(`generated ${clones} cloned cases in ${fmt((Date.now() - t0) / 1000)} s (set-based SQL)`);
}
