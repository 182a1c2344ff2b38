/**
 * `npm run bench:intake [-- --seconds N] [--concurrency N] [--leads 1|2]`
 *
 * Sustained concern intake (POST /api/v1/concerns, 16 in flight) against a bare baseline measured in
 * the same run on the same Temporal server: `client.workflow.start` of a trivial workflow type on a
 * task queue nobody polls, 16 in flight. Every intake request also starts a workflow, so the bare
 * start rate is the ceiling the API could reach if everything else it does were free.
 */
import { DemoIds } from '@vigil/access';
import * as os from 'node:os';
import { postConcern, runBenchmark, type BenchStack } from './support/bench-stack';
import { sampleChainLocks, type LockReport } from './support/lock-sampler';
import { cpuMeter } from './support/proc';
import {
  closedLoop,
  fmt,
  forEachLimited,
  loadAverage,
  numberArg,
  percentile,
  ratePerSecond,
  type LoadResult,
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

function report(bare: LoadResult, intake: LoadResult, locks: LockReport, seconds: number): boolean {
  const ratio = ratePerSecond(intake) / ratePerSecond(bare);
  console.log(`\n${'run'.padEnd(28)} completed    rate/s    p50 ms    p99 ms  errors`);
  console.log(row(`bare workflow.start`, bare));
  console.log(row(`POST /api/v1/concerns`, intake));
  console.log(
    `\nratio intake/bare rate: ${fmt(ratio, 3)} (goal >= ${RATIO_GOAL}): ` +
      (ratio >= RATIO_GOAL ? 'PASS' : 'BELOW GOAL'),
  );
  console.log('\nduring intake:');
  for (const line of locks.lines((c) => CHAIN_LABELS[c] ?? c)) console.log(`  ${line}`);
  let ok = true;
  for (const [name, r] of [
    ['bare', bare],
    ['intake', intake],
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
}

async function run(stack: BenchStack, { seconds, concurrency, leads }: Options): Promise<boolean> {
  const tokens = await Promise.all(leads.map((email) => stack.token(email)));
  const bareQueue = `bench-bare-${stack.nonce}`;
  const raise = (i: number) => raiseConcern(stack.apiUrl, tokens[Math.abs(i) % tokens.length], i);
  const start = bareStart(stack, bareQueue);
  // Warm-up (not counted): JIT, connection pools and prepared plans for both paths.
  await forEachLimited(WARM_UP_OPS, concurrency, (i) => start(-1 - i));
  await forEachLimited(WARM_UP_OPS, concurrency, (i) => raise(-1 - i));

  console.log(`\nload average before the runs: ${loadAverage()}`);
  console.log(`bare baseline: ${seconds} s of workflow.start, ${concurrency} in flight, queue ${bareQueue}`);
  const procs = stack.children().map((c) => ({ name: c.name, pid: c.child.pid }));
  const bareCpu = cpuMeter([...procs, { name: 'bench', pid: process.pid }]);
  const bare = await closedLoop(concurrency, seconds * 1000, start);
  const bareCpuText = bareCpu.stop();
  console.log(
    `intake: ${seconds} s of POST /api/v1/concerns as ${leads.join(' and ')}, ${concurrency} in flight`,
  );
  const sampler = sampleChainLocks(stack.databaseUrl, CHAINS);
  const intakeCpu = cpuMeter([...procs, { name: 'bench', pid: process.pid }]);
  const intake = await closedLoop(concurrency, seconds * 1000, raise);
  const intakeCpuText = intakeCpu.stop();
  const locks = await sampler.stop();
  console.log(`load average after the runs: ${loadAverage()}`);
  stack.assertAlive();
  const ok = report(bare, intake, locks, seconds);
  console.log(`CPU, % of one core (2 cores = 200%): bare: ${bareCpuText}; intake: ${intakeCpuText}`);
  const raised = stack.mailbox().count((m) => m.step.startsWith('concern.raised'));
  console.log(`raise notices received by the end (the worker runs alongside): ${raised}`);
  return ok;
}

async function main(): Promise<void> {
  const options: Options = {
    seconds: numberArg('seconds', 60),
    concurrency: numberArg('concurrency', 16),
    leads: LEADS.slice(0, Math.min(LEADS.length, numberArg('leads', 1))),
  };
  console.log(
    `Vigil intake benchmark, ${new Date().toISOString()}, ${os.cpus().length} CPUs, node ${process.version}`,
  );
  console.log('Order: bare baseline first, then intake (sequential, same Temporal dev server).');
  await runBenchmark({ name: 'intake' }, (stack) => run(stack, options));
}

void main();
