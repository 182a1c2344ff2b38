/**
 * `npm run bench:case-read [-- --cases N] [--reads N] [--templates N]`
 *
 * `GET /api/v1/cases/:id` on a database with 1,000,000 cases, against the same SQL run directly.
 * - Rows: a few template concerns are raised through the API (so their tasks, clocks and timeline are
 *   the application's own) and cloned with set-based SQL (`generate_series`) into the scratch database
 *   until there are --cases cases, each clone with its concern, tasks, clocks and timeline entries.
 *   Audit events, outbox rows and workflows are not cloned: a case read does not look them up by case.
 * - Reads: --reads random cases, one at a time, as the council officer (who may read every case of
 *   the council; row-level security on, as in production).
 * - Baseline, the same SQL: a first untimed pass records, through the API's own pg module
 *   (bench/support/control-preload.ts), every statement each read sends (the bearer-token lookup,
 *   the row-level security settings, the case, its tasks, clocks and timeline, the audit append,
 *   BEGIN and COMMIT), in order. The timed pass then reads each case through the API and replays its
 *   statements over one direct connection as the same database role, in alternating order.
 * Goal: API p50 and p95 <= 1.5 x the SQL's + 5 ms.
 */
import { DemoIds } from '@vigil/access';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client as PgClient } from 'pg';
import { postConcern, runBenchmark, type BenchStack } from './support/bench-stack';
import { cloneCases } from './support/case-clone';
import { ascending, fmt, loadAverage, numberArg, percentile, envArgs, inTurn } from './support/stats';

const READER = 'officer@riverside.example';
const LEADS = ['lead@sunrise-care.example', 'lead@oakwood-homes.example'];
const GOAL_FACTOR = 1.5;
const GOAL_PLUS_MS = 5;

interface Options {
  cases: number;
  reads: number;
  templates: number;
}

interface Statement {
  text: string;
  values?: unknown[];
}

/** Tables cloned per case, in dependency order. */
const CLONED = ['cases', 'concerns', 'tasks', 'clocks', 'case_events'] as const;

/** Clones round-robin over the templates, each case 30 s older than the one before. */
function generate(stack: BenchStack, clones: number): Promise<void> {
  return cloneCases(stack, {
    tables: CLONED,
    mapSql: `select g as n, gen_random_uuid() as new_id, t.ids[1 + g % array_length(t.ids, 1)] as template_id
               from generate_series(1, $1::int) g, (select array_agg(id order by id) as ids from cases) t`,
    mapParams: [clones],
    column: ({ table, name }) =>
      table === 'cases' && (name === 'created_at' || name === 'updated_at')
        ? `t.${name} - make_interval(secs => m.n * 30)`
        : undefined,
  });
}

async function getCase(stack: BenchStack, token: string, id: string): Promise<void> {
  const res = await fetch(`${stack.apiUrl}/api/v1/cases/${id}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${id}: HTTP ${res.status} ${body.slice(0, 200)}`);
}

async function replay(client: PgClient, statements: Statement[]): Promise<void> {
  try {
    for (const s of statements) await client.query(s.text, s.values);
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

const stats = (v: number[]) => {
  const s = ascending(v);
  return {
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    mean: v.reduce((a, b) => a + b, 0) / v.length,
  };
};

async function run(stack: BenchStack, o: Options): Promise<boolean> {
  const leadTokens = await Promise.all(LEADS.map((email) => stack.token(email)));
  for (let i = 0; i < o.templates; i += 1) {
    await postConcern(stack.apiUrl, leadTokens[i % leadTokens.length], {
      adultAtRisk: { name: `Template adult ${i}`, dateOfBirth: '1941-07-30' },
      category: i % 2 ? 'neglect' : 'financial',
      summary: 'Template concern for the case-read benchmark.',
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      immediateRisk: i % 5 === 0,
      consent: 'given',
    });
  }
  while (stack.mailbox().count((m) => m.step.startsWith('concern.raised')) < 2 * o.templates) {
    stack.assertAlive();
    await sleep(200);
  }
  await sleep(1000);
  console.log(`raised ${o.templates} template concerns through the API; load average ${loadAverage()}`);
  await generate(stack, o.cases - o.templates);
  const [{ n: total }] = await stack.sql<{ n: string }>(
    `select count(*)::text as n from cases where council_id = $1`,
    [DemoIds.council],
  );
  console.log(`cases in the database: ${total}`);
  const ids = (
    await stack.sql<{ id: string }>(`select id from cases order by random() limit $1`, [o.reads + 20])
  ).map((r) => r.id);
  const token = await stack.token(READER);
  const api = stack.apis[0].child.pid ?? -1;

  // Untimed: warm both paths on 20 other cases, and record each read's statements.
  for (const id of ids.slice(o.reads)) await getCase(stack, token, id);
  const recorded: Statement[][] = [];
  for (const id of ids.slice(0, o.reads)) {
    await stack.control(api, 'record-start');
    await getCase(stack, token, id);
    recorded.push((await stack.control<{ recorded: Statement[] }>(api, 'record-stop')).recorded);
  }
  const perRead = recorded.reduce((a, r) => a + r.length, 0) / recorded.length;
  console.log(`statements per read, recorded from the API: ${fmt(perRead)}; the first read's:`);
  for (const s of recorded[0]) console.log(`  ${s.text.replace(/\s+/g, ' ').slice(0, 150)}`);

  const client = new PgClient({ connectionString: stack.appDatabaseUrl });
  await client.connect();
  const apiMs: number[] = [];
  const sqlMs: number[] = [];
  console.log(
    `\ntimed: ${o.reads} reads, each through the API and as its SQL directly; load average ${loadAverage()}`,
  );
  try {
    for (const s of recorded.slice(0, 5)) await replay(client, s);
    for (let i = 0; i < o.reads; i += 1) {
      const timeApi = async () => {
        const t = performance.now();
        await getCase(stack, token, ids[i]);
        apiMs.push(performance.now() - t);
      };
      const timeSql = async () => {
        const t = performance.now();
        await replay(client, recorded[i]);
        sqlMs.push(performance.now() - t);
      };
      await inTurn(i, timeApi, timeSql);
    }
  } finally {
    await client.end();
  }
  const a = stats(apiMs);
  const q = stats(sqlMs);
  const line = (label: string, s: ReturnType<typeof stats>) =>
    `${label.padEnd(30)} p50 ${fmt(s.p50, 2).padStart(7)}  p95 ${fmt(s.p95, 2).padStart(7)}  p99 ${fmt(s.p99, 2).padStart(7)}  mean ${fmt(s.mean, 2).padStart(7)} ms`;
  console.log(`\nload average at the end: ${loadAverage()}`);
  console.log(line('GET /api/v1/cases/:id', a));
  console.log(line('the same SQL, directly', q));
  const ok50 = a.p50 <= GOAL_FACTOR * q.p50 + GOAL_PLUS_MS;
  const ok95 = a.p95 <= GOAL_FACTOR * q.p95 + GOAL_PLUS_MS;
  console.log(
    `API / SQL: p50 ${fmt(a.p50 / q.p50, 2)}x, p95 ${fmt(a.p95 / q.p95, 2)}x; goal API <= ${GOAL_FACTOR} x SQL + ` +
      `${GOAL_PLUS_MS} ms: p50 ${fmt(a.p50, 1)} <= ${fmt(GOAL_FACTOR * q.p50 + GOAL_PLUS_MS, 1)} ` +
      `${ok50 ? 'PASS' : 'BELOW GOAL'}, p95 ${fmt(a.p95, 1)} <= ${fmt(GOAL_FACTOR * q.p95 + GOAL_PLUS_MS, 1)} ` +
      `${ok95 ? 'PASS' : 'BELOW GOAL'}`,
  );
  return apiMs.length === o.reads && sqlMs.length === o.reads;
}

async function main(): Promise<void> {
  const o: Options = {
    cases: numberArg('cases', 1_000_000),
    reads: numberArg('reads', 200),
    templates: numberArg('templates', 20),
  };
  console.log(
    `Vigil case-read benchmark, ${new Date().toISOString()}, ${os.cpus().length} CPUs, node ${process.version}, ` +
      `load average ${loadAverage()}`,
  );
  await runBenchmark(
    {
      name: 'case_read',
      control: true,
      env: { CASE_READ_RATE_LIMIT_PER_MINUTE: '1000000', ...envArgs() },
    },
    (stack) => run(stack, o),
  );
}

void main();
