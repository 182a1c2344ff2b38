/**
 * `npm run bench:pages [-- --cases N] [--requests N] [--providers N] [--page-seconds S] [--min-requests N]
 *   [--warmups N] [--plan-ms MS] [--experiment no-jit]`
 *
 * The work queue, the dashboard and the returns page on a database with 1,000,000 cases (issue 11 item 5),
 * each page request against the SQL it runs, executed directly in the same run.
 * - Rows: template cases of every status of every case type, with their tasks, clocks (every state),
 *   submissions (extensions among them), concerns, enquiries and commissioner notifications, are written in
 *   SQL from the case-type registry (bench/support/case-templates.ts), then cloned with set-based SQL
 *   (bench/support/case-clone.ts, as bench:case-read does) until there are --cases cases, spread over 5
 *   years (the last 60 days open, 60-120 days half open, older ones 99% closed), over --providers
 *   providers (2 demo + bench ones), 4 teams and 5 officers a team (70% of cases assigned).
 * - Pages, signed in through the sign-in page (a session cookie, as a browser): GET /queue as the council
 *   officer and as the team manager, GET /dashboard and GET /returns as the team manager. Default filters.
 * - The SQL: after --warmups untimed requests, one request per page is recorded through the API's own pg
 *   module (bench/support/control-preload.ts): every statement it sends (session, BEGIN, the row-level
 *   security settings, the page's queries, the audit append, COMMIT), with parameters. The timed pass then
 *   requests the page --requests times (fewer, but at least --min-requests, once --page-seconds are spent)
 *   and, alternating which goes first, replays its statements over one direct connection as the same
 *   database role, timing each statement; the SQL time is their sum. The same statements are also replayed
 *   as the owner, whom row-level security does not bind: the difference is what the policies cost.
 * - Plans: each page's statements run once more in a rolled-back transaction, every read as
 *   EXPLAIN (ANALYZE, BUFFERS); a Seq Scan on a table of more than 10,000 rows is printed, and the plans of
 *   statements whose median is over --plan-ms (default 20) ms; every plan goes to a file in the temp dir.
 * - Experiment, on the scratch database only: `no-jit` (since ADR 0017 requests set `jit = off` themselves;
 *   the `inline-rls` experiment became the shipped policy).
 * Goal per page: p95 < 300 ms and p95 <= 1.5 x the SQL's p95 + 10 ms.
 */
import { DemoAccounts, DemoIds } from '@vigil/access';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client as PgClient } from 'pg';
import { runBenchmark, type BenchStack } from './support/bench-stack';
import { cloneCases } from './support/case-clone';
import { writeCaseTemplates } from './support/case-templates';
import { providerLeads } from './support/providers';
import { ascending, envArgs, fmt, loadAverage, numberArg, inTurn, percentile } from './support/stats';

const GOAL_MS = 300;
const GOAL_FACTOR = 1.5;
const GOAL_PLUS_MS = 10;
const TEAMS = 4;
const OFFICERS_PER_TEAM = 5;
const LARGE_TABLE_ROWS = 10_000;
const OFFICER = 'officer@riverside.example';
const MANAGER = 'manager@riverside.example';

/** The cloned tables, in dependency order. Timeline, audit and outbox rows are not read by these pages. */
const CLONED = [
  'cases',
  'concerns',
  'enquiries',
  'commissioner_notifications',
  'tasks',
  'clocks',
  'task_submissions',
] as const;

interface Options {
  cases: number;
  requests: number;
  providers: number;
  planMs: number;
  /** Time budget per page: once spent, the page stops after at least minRequests requests (and says so). */
  pageSeconds: number;
  minRequests: number;
  /** Untimed requests per page before recording (default 3). */
  warmups: number;
  /**
   * Experiments on the scratch database only: `no-jit` (`jit = off` for the database, so the owner's
   * replay and the plans pay no JIT either; requests set it themselves since ADR 0017).
   */
  experiments: string[];
}

interface Statement {
  text: string;
  values?: unknown[];
}

interface PageSpec {
  label: string;
  email: string;
  path: string;
}

const PAGES: PageSpec[] = [
  { label: 'GET /queue (council officer)', email: OFFICER, path: '/queue' },
  { label: 'GET /queue (team manager)', email: MANAGER, path: '/queue' },
  { label: 'GET /dashboard (team manager)', email: MANAGER, path: '/dashboard' },
  { label: 'GET /returns (team manager)', email: MANAGER, path: '/returns' },
];

const demoId = (email: string): string => {
  const account = DemoAccounts.find((a) => a.email === email);
  if (!account) throw new Error(`no demo account ${email}`);
  return account.id;
};

/** A browser's cookie jar, just enough for the sign-in page and the session cookie. */
class WebSession {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  private keep(setCookie: string): void {
    const [pair] = setCookie.split(';');
    const eq = pair.indexOf('=');
    this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
  }

  /**
   * One request through node:http (fetch gives up on a response slower than 300 s, and a page on the shipped
   * policy at 1,000,000 cases can be); keeps the cookies it sets.
   */
  request(
    pathname: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<{ status: number; text: string }> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return new Promise((resolve, reject) => {
      const req = http.request(
        `${this.baseUrl}${pathname}`,
        { method: init.method ?? 'GET', headers: { ...init.headers, cookie } },
        (res) => {
          for (const c of res.headers['set-cookie'] ?? []) this.keep(c);
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(init.body);
    });
  }

  static async signIn(baseUrl: string, email: string, password = 'demo-password-1'): Promise<WebSession> {
    const session = new WebSession(baseUrl);
    const page = (await session.request('/sign-in')).text;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
    if (!csrf) throw new Error('the sign-in page has no _csrf field');
    const res = await session.request('/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
    });
    if (res.status !== 303) throw new Error(`web sign-in for ${email} answered ${res.status}`);
    return session;
  }

  /** GETs a page; anything but 200 throws. */
  async page(pathname: string): Promise<void> {
    const res = await this.request(pathname);
    if (res.status !== 200) throw new Error(`GET ${pathname}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
  }
}

/** Providers, teams and officers: the demo ones plus bench ones, as a mid-sized council's. */
async function people(stack: BenchStack, o: Options) {
  await providerLeads(stack, o.providers);
  const providers = (
    await stack.sql<{ id: string }>(
      `select id from organisations where kind = 'provider' and council_id = $1 order by name, id`,
      [DemoIds.council],
    )
  ).map((r) => r.id);
  const teams: string[] = [DemoIds.team];
  for (let i = 1; i < TEAMS; i += 1) {
    const id = randomUUID();
    await stack.sql(`insert into teams (id, council_id, name, created_at) values ($1, $2, $3, now())`, [
      id,
      DemoIds.council,
      `Bench team ${i}`,
    ]);
    teams.push(id);
  }
  // Team-major: officers[team * OFFICERS_PER_TEAM + i]; the demo officer is the first of the demo team's.
  const officers: string[] = [];
  for (const [t, team] of teams.entries()) {
    for (let i = 0; i < OFFICERS_PER_TEAM; i += 1) {
      if (t === 0 && i === 0) {
        officers.push(demoId(OFFICER));
        continue;
      }
      const id = randomUUID();
      await stack.sql(
        `insert into users (id, email, display_name, password_hash, organisation_id, role, team_id, active, created_at)
         select $1, $2, $3, password_hash, $4, 'council_officer', $5, true, now() from users where email = $6`,
        [id, `officer-${t}-${i}@bench.example`, `Bench officer ${t}.${i}`, DemoIds.council, team, OFFICER],
      );
      officers.push(id);
    }
  }
  return { providers, teams, officers };
}

async function seed(stack: BenchStack, o: Options): Promise<void> {
  const t0 = Date.now();
  const { providers, teams, officers } = await people(stack, o);
  const templates = await writeCaseTemplates(stack, {
    councilId: DemoIds.council,
    teamId: DemoIds.team,
    providerIds: providers,
    userId: demoId(OFFICER),
    assigneeId: demoId(OFFICER),
  });
  const templateCount = templates.open.length + templates.closed.length;
  console.log(
    `wrote ${templateCount} template cases (every status of every type; ${templates.open.length} open) ` +
      `and ${providers.length} providers, ${teams.length} teams, ${officers.length} officers in ` +
      `${fmt((Date.now() - t0) / 1000)} s`,
  );
  // Open for 60 days, then half and half to 120, then 1% still open (long enquiries, stuck work).
  const openDays = 60;
  if (templates.closedSpanDays > openDays) throw new Error('closed templates span more than 60 days');
  await cloneCases(stack, {
    tables: CLONED,
    mapSql: `
      select g as n, gen_random_uuid() as new_id, a.created_at - $2::timestamptz as shift,
             case when a.days < $8 or (a.days < 2 * $8 and g % 2 = 0) or (a.days >= 2 * $8 and g % 100 = 0)
                  then ($3::uuid[])[1 + (g * 7) % cardinality($3::uuid[])]
                  else ($4::uuid[])[1 + (g * 7) % cardinality($4::uuid[])] end as template_id,
             ($5::uuid[])[1 + (g * 13) % cardinality($5::uuid[])] as provider_id,
             ($6::uuid[])[1 + (g / 7) % cardinality($6::uuid[])] as team_id,
             case when g % 10 < 7
                  then ($7::uuid[])[1 + ((g / 7) % cardinality($6::uuid[])) * ${OFFICERS_PER_TEAM} + g % ${OFFICERS_PER_TEAM}]
             end as assignee
        from generate_series(1, $1::int) g,
             lateral (select g::float8 / $1 * 1826 as days) d,
             lateral (select date_trunc('second', now() - d.days * interval '1 day')
                             as created_at, d.days) a`,
    mapParams: [
      o.cases - templateCount,
      templates.base,
      templates.open,
      templates.closed,
      providers,
      teams,
      officers,
      openDays,
    ],
    column: ({ table, name, dataType }) => {
      if (table === 'cases' && name === 'provider_id') return 'm.provider_id';
      if (table === 'cases' && name === 'team_id') return 'm.team_id';
      if (table === 'cases' && name === 'assignee_user_id') return 'm.assignee';
      // A running clock whose due time a clone has moved into the past has been breached by then.
      if (table === 'clocks' && name === 'state')
        return `case when t.state = 'running' and t.due_at + m.shift < now() then 'breached' else t.state end`;
      if (table === 'clocks' && name === 'breached_at')
        return `case when t.state = 'running' and t.due_at + m.shift < now() then t.due_at + m.shift
                     else t.breached_at + m.shift end`;
      // An extension names its replacement task, whose clone's ID derives from the clone's case ID.
      if (table === 'task_submissions' && name === 'payload')
        return `case when t.payload->>'replacedBy' is null then t.payload
                     else jsonb_set(t.payload, '{replacedBy}',
                                    to_jsonb(md5(m.new_id::text || (t.payload->>'replacedBy'))::uuid::text)) end`;
      if (dataType === 'timestamp with time zone') return `t.${name} + m.shift`;
      return undefined;
    },
  });
  const counts = await stack.sql<{ what: string; n: string }>(
    `select 'cases' as what, count(*)::text as n from cases
     union all select 'open cases', count(*)::text from cases where closed_at is null
     union all select 'open tasks', count(*)::text from tasks where status = 'open'
     union all select 'open tasks overdue', count(*)::text from tasks where status = 'open' and due_at < now()
     union all select 'clocks ' || state, count(*)::text from clocks group by state
     union all select 'statuses (type.status)', count(distinct (type, status))::text from cases
     union all select 'first case', min(created_at)::date::text from cases`,
  );
  console.log(`  ${counts.map((c) => `${c.what}: ${c.n}`).join('; ')}`);
  console.log(`seeded in ${fmt((Date.now() - t0) / 1000)} s; load average ${loadAverage()}`);
}

/** Runs statements in order, timing each; on an error rolls back and rethrows. */
async function replay(client: PgClient, statements: Statement[], times?: number[]): Promise<void> {
  try {
    for (const [i, s] of statements.entries()) {
      const t = performance.now();
      await client.query(s.text, s.values);
      if (times) times[i] = (times[i] ?? 0) + (performance.now() - t);
    }
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

const isRead = (text: string) => /^\s*(select|with)\b/i.test(text) && /\bfrom\b/i.test(text);
const oneLine = (text: string, max = 160) => text.replace(/\s+/g, ' ').trim().slice(0, max);

/**
 * The page's statements once more, in a transaction rolled back at the end: each read as
 * EXPLAIN (ANALYZE, BUFFERS), everything else (BEGIN, set_config, the audit append) as sent. Every plan goes
 * to `planFile`; the slow statements' are printed; a Seq Scan on a large table is returned.
 */
async function explain(
  client: PgClient,
  page: string,
  statements: Statement[],
  slow: Set<number>,
  sizes: Map<string, number>,
  planFile: string,
): Promise<string[]> {
  const found: string[] = [];
  await client.query('begin');
  try {
    for (const [i, s] of statements.entries()) {
      if (/^\s*(begin|commit|rollback)\b/i.test(s.text)) continue;
      if (!isRead(s.text)) {
        await client.query(s.text, s.values);
        continue;
      }
      const res = await client.query<{ 'QUERY PLAN': string }>(
        `explain (analyze, buffers) ${s.text}`,
        s.values,
      );
      const lines = res.rows.map((r) => r['QUERY PLAN']);
      const total = /Execution Time: ([\d.]+) ms/.exec(lines.join('\n'))?.[1] ?? '?';
      for (const line of lines) {
        const scan =
          /Seq Scan on (\w+)(?: \w+)?\s+\(cost=[^)]*\) \(actual time=[\d.]+\.\.([\d.]+) rows=(\d+) loops=(\d+)\)/.exec(
            line,
          );
        if (!scan || (sizes.get(scan[1]) ?? 0) < LARGE_TABLE_ROWS) continue;
        found.push(
          `${page}: statement ${i + 1} (${total} ms): Seq Scan on ${scan[1]} (${sizes.get(scan[1])} rows in the table), ` +
            `${scan[3]} rows x ${scan[4]} loops, ${scan[2]} ms`,
        );
      }
      const block =
        `--- ${page}, statement ${i + 1}\n${s.text.trim()}\n-- parameters: ${JSON.stringify(s.values ?? [])}\n` +
        `${lines.join('\n')}\n\n`;
      fs.appendFileSync(planFile, block);
      if (slow.has(i)) console.log(`\n${block}`);
    }
  } finally {
    await client.query('rollback');
  }
  return found;
}

const stats = (v: number[]) => {
  const s = ascending(v);
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99) };
};

interface PageResult {
  page: PageSpec;
  http: number[];
  sql: number[];
  owner: number[];
  perStatement: number[][];
}

const line = (label: string, s: ReturnType<typeof stats>) =>
  `${label.padEnd(44)} p50 ${fmt(s.p50, 2).padStart(9)}  p95 ${fmt(s.p95, 2).padStart(9)}  p99 ${fmt(s.p99, 2).padStart(9)} ms`;

/** A page's figures: the request, its SQL directly (and as the owner), the ratio, the goal, the slowest statements. */
function summary(r: PageResult, statements: Statement[]): void {
  const h = stats(r.http);
  const q = stats(r.sql);
  const bound = GOAL_FACTOR * q.p95 + GOAL_PLUS_MS;
  const pass = h.p95 < GOAL_MS && h.p95 <= bound;
  console.log(`\n${line(`${r.page.label}, ${r.http.length} requests`, h)}`);
  console.log(line(`  its SQL directly (${statements.length} statements)`, q));
  console.log(line('  the same SQL as the owner (no RLS)', stats(r.owner)));
  console.log(
    `  page / SQL: p50 ${fmt(h.p50 / q.p50, 2)}x, p95 ${fmt(h.p95 / q.p95, 2)}x; goal p95 < ${GOAL_MS} ms and ` +
      `<= ${GOAL_FACTOR} x SQL + ${GOAL_PLUS_MS} ms: ${fmt(h.p95, 1)} <= ${fmt(Math.min(GOAL_MS, bound), 1)} ` +
      `${pass ? 'PASS' : 'BELOW GOAL'}`,
  );
  const slowest = r.perStatement
    .map((t, i) => ({ i, p50: percentile(ascending(t), 50), p95: percentile(ascending(t), 95) }))
    .sort((a, b) => b.p50 - a.p50)
    .slice(0, 3);
  for (const s of slowest) {
    console.log(
      `    statement ${s.i + 1}: p50 ${fmt(s.p50, 2)} p95 ${fmt(s.p95, 2)} ms  ${oneLine(statements[s.i].text, 110)}`,
    );
  }
}

async function run(stack: BenchStack, o: Options): Promise<boolean> {
  await seed(stack, o);
  const sessions = new Map<string, WebSession>();
  for (const email of new Set(PAGES.map((p) => p.email))) {
    sessions.set(email, await WebSession.signIn(stack.apiUrl, email));
  }
  const api = stack.apis[0].child.pid ?? -1;
  const client = new PgClient({ connectionString: stack.appDatabaseUrl });
  await client.connect();
  const ownerClient = new PgClient({ connectionString: stack.databaseUrl });
  await ownerClient.connect();
  const planFile = path.join(os.tmpdir(), `vigil-bench-pages-plans-${stack.nonce}.txt`);
  let ok = true;
  try {
    const sizes = new Map(
      (
        await stack.sql<{ relname: string; n: string }>(
          `select relname, reltuples::bigint::text as n from pg_class where relkind = 'r' and relnamespace = 'public'::regnamespace`,
        )
      ).map((r) => [r.relname, Number(r.n)]),
    );

    // The bare baseline: a request that touches no case (GET /health), and one SQL round trip.
    const bareHttp: number[] = [];
    const bareSql: number[] = [];
    for (let i = 0; i < o.requests; i += 1) {
      let t = performance.now();
      await fetch(`${stack.apiUrl}/health`).then((r) => r.text());
      bareHttp.push(performance.now() - t);
      t = performance.now();
      await client.query('select 1');
      bareSql.push(performance.now() - t);
    }

    // Untimed: warm every page, then record one request's statements per page.
    const recorded: Statement[][] = [];
    for (const p of PAGES) {
      const session = sessions.get(p.email) as WebSession;
      for (let i = 0; i < o.warmups; i += 1) await session.page(p.path);
      await stack.control(api, 'record-start');
      await session.page(p.path);
      const statements = (await stack.control<{ recorded: Statement[] }>(api, 'record-stop')).recorded;
      recorded.push(statements);
      await replay(client, statements);
      console.log(`\n${p.label}: ${statements.length} statements, recorded from the API:`);
      for (const [i, s] of statements.entries())
        console.log(`  ${String(i + 1).padStart(2)}. ${oneLine(s.text)}`);
    }

    console.log(
      `\ntimed: ${o.requests} requests per page, each followed or preceded by its SQL directly; ` +
        `load average ${loadAverage()}`,
    );
    const results: PageResult[] = [];
    for (const [pi, p] of PAGES.entries()) {
      const session = sessions.get(p.email) as WebSession;
      const http: number[] = [];
      const sql: number[] = [];
      const owner: number[] = [];
      const perStatement: number[][] = recorded[pi].map(() => []);
      const started = performance.now();
      for (let i = 0; i < o.requests; i += 1) {
        if (i >= o.minRequests && performance.now() - started > o.pageSeconds * 1000) {
          console.log(`  ${p.label}: time budget of ${o.pageSeconds} s spent after ${i} requests`);
          break;
        }
        const timePage = async () => {
          const t = performance.now();
          await session.page(p.path);
          http.push(performance.now() - t);
        };
        const timeSql = async () => {
          const times: number[] = [];
          const t = performance.now();
          await replay(client, recorded[pi], times);
          sql.push(performance.now() - t);
          times.forEach((ms, s) => perStatement[s].push(ms));
        };
        await inTurn(i, timePage, timeSql);
        // The same statements as the owner, whom row-level security does not bind: what the policies cost.
        const t = performance.now();
        await replay(ownerClient, recorded[pi]);
        owner.push(performance.now() - t);
      }
      results.push({ page: p, http, sql, owner, perStatement });
      console.log(
        `  ${p.label}: ${http.length} requests in ${fmt((performance.now() - started) / 1000)} s; ` +
          `load average ${loadAverage()}`,
      );
      summary(results[pi], recorded[pi]);
    }

    // Plans, with the slow statements' printed in full.
    const scans: string[] = [];
    for (const [pi, r] of results.entries()) {
      const slow = new Set(
        r.perStatement.flatMap((t, i) => (percentile(ascending(t), 50) >= o.planMs ? [i] : [])),
      );
      scans.push(...(await explain(client, r.page.label, recorded[pi], slow, sizes, planFile)));
    }

    console.log(`\nsummary; load average at the end: ${loadAverage()}`);
    console.log(line('bare: GET /health', stats(bareHttp)));
    console.log(line('bare: select 1, directly', stats(bareSql)));
    for (const r of results) {
      summary(r, recorded[results.indexOf(r)]);
      ok &&= r.http.length >= Math.min(o.minRequests, o.requests) && r.sql.length === r.http.length;
    }
    console.log(
      `\nSeq Scans on tables over ${LARGE_TABLE_ROWS} rows (EXPLAIN ANALYZE, same role and settings):`,
    );
    console.log(scans.length ? scans.map((s) => `  ${s}`).join('\n') : '  none');
    console.log(`every plan: ${planFile}`);
  } finally {
    await client.end();
    await ownerClient.end();
  }
  return ok;
}

const args = () => process.argv.slice(2);
/** `--name N` where N may be 0. */
function numberOrZero(name: string): number {
  const value = Number(args()[args().indexOf(`--${name}`) + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} needs a whole number`);
  return value;
}

/** Every `--experiment NAME` on the command line; each must be one of `allowed`. */
function listArg(name: string, allowed: readonly string[]): string[] {
  const args = process.argv.slice(2);
  const values = args.flatMap((a, i) => (a === `--${name}` ? [args[i + 1] ?? ''] : []));
  for (const v of values)
    if (!allowed.includes(v)) throw new Error(`--${name} must be one of ${allowed.join(', ')}`);
  return values;
}

async function main(): Promise<void> {
  const o: Options = {
    cases: numberArg('cases', 1_000_000),
    requests: numberArg('requests', 50),
    providers: numberArg('providers', 50),
    planMs: numberArg('plan-ms', 20),
    pageSeconds: numberArg('page-seconds', 240),
    minRequests: numberArg('min-requests', 3),
    warmups: args().includes('--warmups') ? numberOrZero('warmups') : 3,
    experiments: listArg('experiment', ['no-jit']),
  };
  console.log(
    `Vigil pages benchmark, ${new Date().toISOString()}, ${os.cpus().length} CPUs, node ${process.version}, ` +
      `load average ${loadAverage()}${o.experiments.length ? `; EXPERIMENTS: ${o.experiments.join(', ')}` : ''}`,
  );
  await runBenchmark(
    {
      name: 'pages',
      control: true,
      // The pages with the API in one process, as `npm start` serves them (the API alone has no pages).
      apiEntry: 'apps/web/src/main.dev.ts',
      databaseSettings: o.experiments.includes('no-jit') ? { jit: 'off' } : {},
      env: { SIGN_IN_IP_RATE_LIMIT_PER_MINUTE: '1000000', ...envArgs() },
    },
    (stack) => run(stack, o),
  );
}

void main();
