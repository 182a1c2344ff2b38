/**
 * `npm run bench:intake [-- --seconds N] [--concurrency N] [--leads 1|2] [--profile]`
 *
 * Sustained concern intake (POST /api/v1/concerns, 16 in flight) against two baselines measured in
 * the same run on the same Temporal server and PostgreSQL:
 * - bare: `client.workflow.start` of a trivial workflow type on a task queue nobody polls, 16 in
 *   flight. Every intake request also starts a workflow, so this is a ceiling no design reaches;
 * - the minimal equivalent program (bench/support/minimal): an HTTP endpoint doing one PostgreSQL
 *   transaction inserting a row and one workflow.start, and a worker whose workflow sets one timer
 *   and runs one activity writing one row. The least any design of this kind does per case.
 * For the minimal program and intake it reads, from /proc, the CPU each process used per case, over the
 * run and until the worker has caught up (every row written, every raise notice sent).
 * --profile runs the API and the worker with --cpu-prof and prints their top costs during intake.
 */
import { DemoIds } from '@vigil/access';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  bundleFile,
  ephemeralPort,
  postConcern,
  runBenchmark,
  tsProgram,
  type BenchStack,
  type RunningChild,
} from './support/bench-stack';
import { monotonicMicros, printProfiles, printStatements, profilesOf } from './support/cpu-profile';
import { sampleChainLocks, type LockReport } from './support/lock-sampler';
import { cpuLedger, cpuMeter, cpuPerCase, postgresBackends } from './support/proc';
import {
  closedLoop,
  fmt,
  forEachLimited,
  loadAverage,
  numberArg,
  percentile,
  ratePerSecond,
  type LoadResult,
  envArgs,
} from './support/stats';

/** Provider leads to spread the load over (--leads 2 adds Oakwood's, a second audit chain). */
const LEADS = ['lead@sunrise-care.example', 'lead@oakwood-homes.example'];
/** Audit chains: one per organisation (the leads' providers), 'global' for email.sent in the worker. */
const CHAINS = [DemoIds.sunrise, DemoIds.oakwood, 'global'];
const CHAIN_LABELS: Record<string, string> = {
  [CHAINS[0]]: 'Sunrise Care (API, case.created)',
  [CHAINS[1]]: 'Oakwood Homes (API, case.created)',
  global: 'global (worker, email.sent)',
};
const RATIO_GOAL = 0.5;
const ERROR_LIMIT = 0.01;
const WARM_UP_OPS = 50;

const concernBody = (i: number) => ({
  adultAtRisk: { name: `Benchmark adult ${i}`, dateOfBirth: '1941-07-30' },
  category: 'neglect',
  summary: 'Benchmark concern: missed medication rounds reported by night staff.',
  occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
  immediateRisk: false,
  consent: 'given',
});

/** One intake request. */
const raiseConcern = (apiUrl: string, token: string, i: number): Promise<void> =>
  postConcern(apiUrl, token, concernBody(i));

/** The baseline: what one workflow start costs with nothing in front of it. */
function bareStart(stack: BenchStack, queue: string): (i: number) => Promise<void> {
  return async (i) => {
    await stack.temporal().workflow.start('benchBare', {
      taskQueue: queue,
      workflowId: `${queue}-${i}`,
      args: [{ i }],
    });
  };
}

function row(label: string, r: LoadResult): string {
  return [
    label.padEnd(28),
    String(r.completed).padStart(9),
    fmt(ratePerSecond(r)).padStart(9),
    fmt(r.latencies.length ? percentile(r.latencies, 50) : NaN).padStart(9),
    fmt(r.latencies.length ? percentile(r.latencies, 99) : NaN).padStart(9),
    String(r.errors).padStart(7),
  ].join(' ');
}

const errorShare = (r: LoadResult) => r.errors / Math.max(1, r.completed + r.errors);

/** A run with the CPU each process used until the worker caught up. */
interface FullRun {
  load: LoadResult;
  /** Seconds from the first request until the worker had done its part for every case. */
  drainedSeconds: number;
  cpu: Map<string, number>;
  /** Cases counted for CPU: the warm-up's already drained, so these are the run's own. */
  cases: number;
}

const endToEndRate = (r: FullRun): number => r.cases / r.drainedSeconds;

function report(
  bare: LoadResult,
  minimal: FullRun,
  intake: FullRun,
  locks: LockReport,
  seconds: number,
): boolean {
  const ratio = ratePerSecond(intake.load) / ratePerSecond(bare);
  const vsMinimal = ratePerSecond(intake.load) / ratePerSecond(minimal.load);
  const vsMinimalEnd = endToEndRate(intake) / endToEndRate(minimal);
  console.log(`\n${'run'.padEnd(28)} completed    rate/s    p50 ms    p99 ms  errors`);
  console.log(row(`bare workflow.start`, bare));
  console.log(row(`minimal equivalent program`, minimal.load));
  console.log(row(`POST /api/v1/concerns`, intake.load));
  console.log(
    `\nworker caught up: minimal program ${fmt(minimal.drainedSeconds)} s after its first request ` +
      `(${fmt(endToEndRate(minimal))} cases/s end to end); Vigil ${fmt(intake.drainedSeconds)} s ` +
      `(${fmt(endToEndRate(intake))} cases/s, both raise notices sent)`,
  );
  // The goal is on the rate each program can keep up: cases done end to end. The minimal front answers
  // far faster than its own worker finishes cases, so its accepted rate only measures how fast a backlog
  // grows (docs/benchmarks.md, "What is measured").
  console.log(
    `minimal equivalent program: Vigil/minimal rate ${fmt(vsMinimalEnd, 3)} end to end ` +
      `(goal >= ${RATIO_GOAL}): ${vsMinimalEnd >= RATIO_GOAL ? 'PASS' : 'BELOW GOAL'}; ` +
      `${fmt(vsMinimal, 3)} accepted (the minimal front accepted ${fmt(ratePerSecond(minimal.load))}/s ` +
      `while its worker finished ${fmt(endToEndRate(minimal))}/s)`,
  );
  console.log(`ratio intake/bare rate: ${fmt(ratio, 3)} (the bare loop runs no workflow: a ceiling)`);
  console.log(`CPU ms per case, minimal program: ${cpuPerCase(minimal.cpu, minimal.cases)}`);
  console.log(`CPU ms per case, Vigil: ${cpuPerCase(intake.cpu, intake.cases)}`);
  console.log('\nduring intake:');
  for (const line of locks.lines((c) => CHAIN_LABELS[c] ?? c)) console.log(`  ${line}`);
  let ok = true;
  for (const [name, r] of [
    ['bare', bare],
    ['minimal', minimal.load],
    ['intake', intake.load],
  ] as const) {
    if (errorShare(r) > ERROR_LIMIT) {
      console.error(`\n${name}: ${r.errors} errors (> 1%) in ${seconds} s; first: ${r.firstError}`);
      ok = false;
    } else if (r.firstError) {
      console.log(`${name}: ${r.errors} error(s), first: ${r.firstError}`);
    }
  }
  return ok;
}

interface Options {
  seconds: number;
  concurrency: number;
  leads: string[];
  /** Where --cpu-prof writes (outside the stack's temp dir, which is removed at stop). */
  profileDir: string | null;
}

/** The minimal program's two processes, on their own task queue. */
interface Minimal {
  url: string;
  api: RunningChild;
  worker: RunningChild;
}

async function startMinimal(stack: BenchStack): Promise<Minimal> {
  await stack.sql(`create table bench_minimal_cases (id uuid primary key, body jsonb not null,
                     created_at timestamptz not null default now())`);
  await stack.sql(`create table bench_minimal_events (case_id uuid primary key,
                     at timestamptz not null default now())`);
  const bundle = await bundleFile(stack, require.resolve('./support/minimal/workflow'), 'minimal-bundle');
  const port = await ephemeralPort();
  const queue = `bench-minimal-${stack.nonce}`;
  const env = {
    DATABASE_URL: stack.databaseUrl,
    TEMPORAL_ADDRESS: stack.temporalAddress,
    TEMPORAL_TASK_QUEUE: queue,
    TEMPORAL_WORKFLOW_BUNDLE: bundle,
    PORT: String(port),
  };
  const worker = stack.spawnExtra('minimal-worker', tsProgram('bench/support/minimal/worker.ts'), env);
  const api = stack.spawnExtra('minimal-api', tsProgram('bench/support/minimal/api.ts'), env);
  const url = `http://127.0.0.1:${port}`;
  await stack.waitForPoller(worker.child.pid ?? -1, 120_000, queue);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (api.exit) throw new Error(`minimal-api exited; log: ${api.logFile}`);
    const healthy = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) throw new Error('the minimal API did not start');
    await sleep(200);
  }
  return { url, api, worker };
}

async function postMinimal(url: string, i: number): Promise<void> {
  const res = await fetch(`${url}/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(concernBody(i)),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
}

/**
 * Polls until `done()` reaches `target` (the worker has caught up) or five minutes pass: the minimal
 * program's worker takes about two minutes after a 60 s run (its front accepts faster than its worker
 * drains), and once took just over the two minutes this allowed at first.
 */
async function waitUntil(done: () => Promise<number> | number, target: number): Promise<void> {
  const deadline = Date.now() + 300_000;
  while ((await done()) < target) {
    if (Date.now() > deadline) throw new Error(`the worker did not catch up (${await done()} of ${target})`);
    await sleep(100);
  }
}

/**
 * A closed loop, then CPU counted until `done()` reaches the number of cases started so far: the
 * worker's share of each case is done after the request has been answered.
 */
async function fullRun(
  stack: BenchStack,
  groups: { api: RunningChild; worker: RunningChild },
  o: Options,
  op: (i: number) => Promise<void>,
  done: () => Promise<number> | number,
  alreadyDone: number,
): Promise<FullRun> {
  const ledger = await cpuLedger([
    { name: 'API', pids: () => [groups.api.child.pid ?? -1] },
    { name: 'worker', pids: () => [groups.worker.child.pid ?? -1] },
    { name: 'Temporal', pids: () => [stack.temporalPid ?? -1] },
    { name: 'PostgreSQL', pids: () => postgresBackends(stack.databaseUrl) },
    { name: 'bench (load)', pids: () => [process.pid] },
  ]);
  const started = Date.now();
  const load = await closedLoop(o.concurrency, o.seconds * 1000, op);
  await waitUntil(done, alreadyDone + load.completed);
  const drainedSeconds = (Date.now() - started) / 1000;
  return { load, drainedSeconds, cpu: await ledger.stop(), cases: load.completed };
}

/** What --profile needs after the stack has stopped: who was who, and the intake window. */
const profiled = { api: 0, worker: 0, fromUs: 0, toUs: 0, cases: 0 };

async function run(stack: BenchStack, o: Options): Promise<boolean> {
  const { seconds, concurrency, leads } = o;
  const tokens = await Promise.all(leads.map((email) => stack.token(email)));
  const bareQueue = `bench-bare-${stack.nonce}`;
  const raise = (i: number) => raiseConcern(stack.apiUrl, tokens[Math.abs(i) % tokens.length], i);
  const start = bareStart(stack, bareQueue);
  const minimal = await startMinimal(stack);
  const minimalRows = async () =>
    Number((await stack.sql<{ n: string }>(`select count(*) as n from bench_minimal_events`))[0].n);
  const raiseNotices = () => stack.mailbox().count((m) => m.step.startsWith('concern.raised')) / 2;
  // Warm-up (not counted): JIT, connection pools and prepared plans for every path.
  await forEachLimited(WARM_UP_OPS, concurrency, (i) => start(-1 - i));
  await forEachLimited(WARM_UP_OPS, concurrency, (i) => postMinimal(minimal.url, -1 - i));
  await forEachLimited(WARM_UP_OPS, concurrency, (i) => raise(-1 - i));
  await waitUntil(minimalRows, WARM_UP_OPS);
  await waitUntil(raiseNotices, WARM_UP_OPS);

  console.log(`\nload average before the runs: ${loadAverage()}`);
  console.log(`bare baseline: ${seconds} s of workflow.start, ${concurrency} in flight, queue ${bareQueue}`);
  const procs = stack.children().map((c) => ({ name: c.name, pid: c.child.pid }));
  const bareCpu = cpuMeter([...procs, { name: 'bench', pid: process.pid }]);
  const bare = await closedLoop(concurrency, seconds * 1000, start);
  const bareCpuText = bareCpu.stop();
  console.log(`load average after the bare run: ${loadAverage()}`);

  console.log(`minimal equivalent program: ${seconds} s of POST /cases, ${concurrency} in flight`);
  const minimalRun = await fullRun(
    stack,
    minimal,
    o,
    (i) => postMinimal(minimal.url, i),
    minimalRows,
    WARM_UP_OPS,
  );
  await Promise.all([stack.stopExtra(minimal.api), stack.stopExtra(minimal.worker)]);
  console.log(`load average after the minimal program: ${loadAverage()}`);

  console.log(
    `intake: ${seconds} s of POST /api/v1/concerns as ${leads.join(' and ')}, ${concurrency} in flight`,
  );
  const [api, worker] = [stack.apis[0], stack.worker];
  if (!worker) throw new Error('no worker');
  const sampler = sampleChainLocks(stack.databaseUrl, CHAINS);
  const intakeCpu = cpuMeter([...procs, { name: 'bench', pid: process.pid }]);
  const sqlOf = (pid: number | undefined) =>
    stack.control<{ statements: Record<string, number> }>(pid ?? -1, 'sql').then((a) => a.statements);
  if (o.profileDir) await Promise.all([sqlOf(api.child.pid), sqlOf(worker.child.pid)]);
  profiled.fromUs = monotonicMicros();
  const intakeRun = await fullRun(stack, { api, worker }, o, raise, raiseNotices, WARM_UP_OPS);
  profiled.toUs = monotonicMicros();
  Object.assign(profiled, { api: api.child.pid, worker: worker.child.pid, cases: intakeRun.cases });
  const intakeCpuText = intakeCpu.stop();
  const locks = await sampler.stop();
  if (o.profileDir) {
    printStatements('API', await sqlOf(api.child.pid), intakeRun.cases);
    printStatements('worker', await sqlOf(worker.child.pid), intakeRun.cases);
  }
  console.log(`load average after the runs: ${loadAverage()}`);
  stack.assertAlive();
  const ok = report(bare, minimalRun, intakeRun, locks, seconds);
  console.log(
    `CPU, % of one core (2 cores = 200%): bare: ${bareCpuText}; intake (until caught up): ${intakeCpuText}`,
  );
  return ok;
}

function printProfileSummary(dir: string): void {
  console.log(`\nCPU profiles (${dir}), self time during intake until the worker caught up:`);
  const window = { fromUs: profiled.fromUs, toUs: profiled.toUs };
  printProfiles('API', profilesOf(dir, profiled.api), window, profiled.cases);
  printProfiles('worker', profilesOf(dir, profiled.worker), window, profiled.cases);
}

async function main(): Promise<void> {
  const profileDir = process.argv.includes('--profile')
    ? fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-profiles-'))
    : null;
  const options: Options = {
    seconds: numberArg('seconds', 60),
    concurrency: numberArg('concurrency', 16),
    leads: LEADS.slice(0, Math.min(LEADS.length, numberArg('leads', 1))),
    profileDir,
  };
  console.log(
    `Vigil intake benchmark, ${new Date().toISOString()}, ${os.cpus().length} CPUs, node ${process.version}`,
  );
  console.log(
    'Order: bare baseline, then the minimal equivalent program, then intake (sequential, same Temporal ' +
      'dev server and PostgreSQL).',
  );
  const prof = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  await runBenchmark(
    { name: 'intake', control: !!profileDir, nodeArgs: { api: prof, worker: prof }, env: envArgs() },
    (stack) => run(stack, options),
    profileDir ? () => printProfileSummary(profileDir) : undefined,
  );
}

void main();
