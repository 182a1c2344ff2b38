/**
 * `npm run bench:open-cases [-- --counts 2000,10000] [--concurrency N] [--providers P]`
 *
 * Opens concerns through the API (the same transactions as production) whose triage clocks fall due
 * weeks away (15 working days), so every one is a running workflow waiting on a timer. After each
 * count it waits until every workflow has run its first tasks (both raise notices sent), forces a full
 * garbage collection in the worker (started with --expose-gc; bench/support/control-preload.ts) and
 * reads its RSS from /proc and its heap. Baseline from the same run: the worker idle just after start,
 * with no open case. The worker's cache and slots come from the WORKER_* configuration, printed here.
 * Goal: RSS at the last count within 1.2x of RSS at the first.
 */
import { loadConfig } from '@vigil/config';
import * as os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { postConcern, runBenchmark, type BenchStack } from './support/bench-stack';
import { cpuMeter, mib, readMemory } from './support/proc';
import { providerLeads } from './support/providers';
import { fmt, forEachLimited, loadAverage, numberArg, envArgs } from './support/stats';

const RSS_GOAL = 1.2;

interface Options {
  counts: number[];
  concurrency: number;
  providers: number;
}

/** Clocks weeks away: nothing falls due during the run. */
const policy = {
  name: 'bench-open-cases',
  version: '1',
  clocks: {
    'concern.triage': {
      due: { workingDays: 15 },
      escalations: [
        { after: { workingDays: 0 }, to: 'assignee' },
        { after: { workingDays: 1 }, to: 'team_manager' },
      ],
    },
  },
};

interface Snapshot {
  label: string;
  open: number;
  rssKiB: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

interface GcAnswer {
  memory: { rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number };
}

/** Two full collections (the second catches what finalisers released), then /proc and the heap. */
async function measure(stack: BenchStack, label: string, open: number): Promise<Snapshot> {
  const pid = stack.worker?.child.pid ?? -1;
  await stack.control(pid, 'gc');
  await sleep(500);
  const answer = await stack.control<GcAnswer>(pid, 'gc');
  const memory = readMemory(pid);
  if (!memory) throw new Error('cannot read the worker memory from /proc');
  const m = answer.memory;
  return {
    label,
    open,
    rssKiB: memory.rssKiB,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
  };
}

const MiB = (bytes: number) => fmt(bytes / 1024 / 1024);

function printSnapshot(s: Snapshot): void {
  console.log(
    `  ${s.label.padEnd(24)} open ${String(s.open).padStart(6)}  RSS ${fmt(mib(s.rssKiB)).padStart(7)} MiB  ` +
      `heap used ${MiB(s.heapUsed).padStart(6)} / total ${MiB(s.heapTotal).padStart(6)} MiB  ` +
      `external ${MiB(s.external)} MiB (array buffers ${MiB(s.arrayBuffers)})`,
  );
}

async function runningWorkflows(stack: BenchStack): Promise<number> {
  const { count } = await stack
    .temporal()
    .workflow.count(`ExecutionStatus = "Running" AND TaskQueue = "${stack.taskQueue}"`);
  return count;
}

async function open(
  stack: BenchStack,
  tokens: string[],
  from: number,
  to: number,
  o: Options,
): Promise<void> {
  const started = Date.now();
  let lastReport = started;
  await forEachLimited(to - from, o.concurrency, async (k) => {
    const i = from + k;
    await postConcern(stack.apiUrl, tokens[i % tokens.length], {
      adultAtRisk: { name: `Open case adult ${i}` },
      category: 'neglect',
      summary: 'Benchmark concern kept open: its triage clock is weeks away.',
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      immediateRisk: false,
    });
    if (Date.now() - lastReport > 30_000) {
      lastReport = Date.now();
      console.log(`  ${new Date().toISOString()} raised ${i + 1} of ${to}`);
    }
  });
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `raised ${to - from} concerns in ${fmt(seconds)} s (${fmt((to - from) / seconds)}/s); ${to} in all`,
  );
  // Settled: every workflow has run its first tasks (both raise notices sent).
  const deadline = Date.now() + 300_000;
  while (stack.mailbox().count((m) => m.step.startsWith('concern.raised')) < 2 * to) {
    stack.assertAlive();
    if (Date.now() > deadline) throw new Error('the raise notices did not all arrive within 5 minutes');
    await sleep(250);
  }
  await sleep(2000);
}

async function run(stack: BenchStack, o: Options): Promise<boolean> {
  const pid = stack.worker?.child.pid;
  if (!pid) throw new Error('no worker process');
  const limits = loadConfig({ NODE_ENV: 'development', ...stack.workerEnvironment() }).temporal.worker;
  console.log(
    `worker limits: maxCachedWorkflows ${limits.maxCachedWorkflows}, workflow task slots ` +
      `${limits.maxConcurrentWorkflowTasks}, activity slots ${limits.maxConcurrentActivities}`,
  );
  await sleep(3000);
  const snapshots = [await measure(stack, 'idle after start', 0)];
  printSnapshot(snapshots[0]);
  const leads = await providerLeads(stack, o.providers);
  const tokens = await Promise.all(leads.map((email) => stack.token(email)));
  let opened = 0;
  for (const count of o.counts) {
    console.log(`\nopening concerns up to ${count} (load average ${loadAverage()})`);
    const meter = cpuMeter(stack.children().map((c) => ({ name: c.name, pid: c.child.pid })));
    await open(stack, tokens, opened, count, o);
    console.log(`CPU while opening (% of one core): ${meter.stop()}`);
    opened = count;
    const running = await runningWorkflows(stack);
    console.log(`running concern workflows on the task queue (Temporal visibility): ${running}`);
    const s = await measure(stack, `${count} open`, running);
    snapshots.push(s);
    printSnapshot(s);
  }
  console.log(`\nload average at the end: ${loadAverage()}`);
  console.log('worker memory after a forced full GC:');
  for (const s of snapshots) printSnapshot(s);
  const first = snapshots[1];
  const last = snapshots[snapshots.length - 1];
  const ratio = last.rssKiB / first.rssKiB;
  const perCase = ((last.rssKiB - first.rssKiB) * 1024) / Math.max(1, last.open - first.open);
  console.log(
    `\nRSS at ${last.open} open / RSS at ${first.open} open: ${fmt(ratio, 3)} (goal <= ${RSS_GOAL}): ` +
      (ratio <= RSS_GOAL ? 'PASS' : 'BELOW GOAL'),
  );
  console.log(
    `baseline (idle, no open case): RSS ${fmt(mib(snapshots[0].rssKiB))} MiB; growth per open case between ` +
      `the counts: ${fmt(perCase / 1024, 2)} KiB RSS, ` +
      `${fmt((last.heapUsed - first.heapUsed) / Math.max(1, last.open - first.open) / 1024, 2)} KiB heap`,
  );
  return last.open >= o.counts[o.counts.length - 1];
}

function options(): Options {
  const at = process.argv.indexOf('--counts');
  const counts = at === -1 ? [2000, 10000] : process.argv[at + 1].split(',').map(Number);
  if (
    counts.some((c) => !Number.isInteger(c) || c <= 0) ||
    counts.some((c, i) => i > 0 && c <= counts[i - 1])
  ) {
    throw new Error('--counts needs increasing positive integers, e.g. 2000,10000');
  }
  return { counts, concurrency: numberArg('concurrency', 16), providers: numberArg('providers', 8) };
}

async function main(): Promise<void> {
  const o = options();
  console.log(
    `Vigil open-cases benchmark, ${new Date().toISOString()}, ${os.cpus().length} CPUs, ` +
      `${fmt(os.totalmem() / 1024 ** 3)} GiB, node ${process.version}, load average ${loadAverage()}`,
  );
  await runBenchmark(
    { name: 'open_cases', policy, control: true, nodeArgs: { worker: ['--expose-gc'] }, env: envArgs() },
    (stack) => run(stack, o),
  );
}

void main();
