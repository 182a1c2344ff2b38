/**
 * `npm run bench:intake [-- --seconds N] [-- --concurrency N]`
 *
 * Sustained concern intake (POST /api/v1/concerns, 16 in flight) against a bare baseline measured in
 * the same run on the same Temporal server: `client.workflow.start` of a trivial workflow type on a
 * task queue nobody polls, 16 in flight. Every intake request also starts a workflow, so the bare
 * start rate is the ceiling the API could reach if everything else it does were free.
 */
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { Client as PgClient } from 'pg';
import { BenchStack } from './support/bench-stack';
import {
  closedLoop,
  fmt,
  forEachLimited,
  numberArg,
  percentile,
  ratePerSecond,
  type LoadResult,
} from './support/stats';

const LEAD = 'lead@sunrise-care.example';
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

/** One intake request; anything but 201 is an error carrying the start of the problem body. */
async function raiseConcern(apiUrl: string, token: string, i: number): Promise<void> {
  const res = await fetch(`${apiUrl}/api/v1/concerns`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
    },
    body: JSON.stringify(concernBody(i)),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
}

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

interface LockSample {
  active: number;
  advisory: number;
}

/**
 * Samples pg_stat_activity every 100 ms: how many of the scratch database's sessions are running, and
 * how many wait on an advisory lock (the audit chain is serialised by one per organisation).
 */
function sampleLocks(databaseUrl: string): { stop(): Promise<LockSample[]> } {
  const samples: LockSample[] = [];
  const client = new PgClient({ connectionString: databaseUrl });
  let running = true;
  const loop = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<{ active: number; advisory: number }>(
        `select count(*) filter (where state = 'active')::int as active,
                count(*) filter (where wait_event_type = 'Lock' and wait_event = 'advisory')::int as advisory
           from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
      );
      samples.push(rows[0]);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop.finally(() => client.end());
      return samples;
    },
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

function report(bare: LoadResult, intake: LoadResult, locks: LockSample[], seconds: number): boolean {
  const mean = (f: (s: LockSample) => number) => locks.reduce((a, s) => a + f(s), 0) / (locks.length || 1);
  const ratio = ratePerSecond(intake) / ratePerSecond(bare);
  console.log(`\n${'run'.padEnd(28)} completed    rate/s    p50 ms    p99 ms  errors`);
  console.log(row(`bare workflow.start`, bare));
  console.log(row(`POST /api/v1/concerns`, intake));
  console.log(
    `\nratio intake/bare rate: ${fmt(ratio, 3)} (goal >= ${RATIO_GOAL}): ` +
      (ratio >= RATIO_GOAL ? 'PASS' : 'BELOW GOAL'),
  );
  console.log(
    `during intake, sessions of the scratch database: mean ${fmt(mean((s) => s.active))} active, ` +
      `mean ${fmt(mean((s) => s.advisory))} (max ${Math.max(0, ...locks.map((s) => s.advisory))}) ` +
      `waiting on an advisory lock (${locks.length} samples)`,
  );
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

async function run(stack: BenchStack, seconds: number, concurrency: number): Promise<boolean> {
  const token = await stack.token(LEAD);
  const bareQueue = `bench-bare-${stack.nonce}`;
  const raise = (i: number) => raiseConcern(stack.apiUrl, token, i);
  const start = bareStart(stack, bareQueue);
  // Warm-up (not counted): JIT, connection pools and prepared plans for both paths.
  await forEachLimited(WARM_UP_OPS, concurrency, (i) => start(-1 - i));
  await forEachLimited(WARM_UP_OPS, concurrency, (i) => raise(-1 - i));

  console.log(
    `\nbare baseline: ${seconds} s of workflow.start, ${concurrency} in flight, queue ${bareQueue}`,
  );
  const bare = await closedLoop(concurrency, seconds * 1000, start);
  console.log(`intake: ${seconds} s of POST /api/v1/concerns as ${LEAD}, ${concurrency} in flight`);
  const sampler = sampleLocks(stack.databaseUrl);
  const intake = await closedLoop(concurrency, seconds * 1000, raise);
  const locks = await sampler.stop();
  stack.assertAlive();
  const ok = report(bare, intake, locks, seconds);
  const raised = stack.mailbox().count((m) => m.step.startsWith('concern.raised'));
  console.log(`raise notices received by the end (the worker runs alongside): ${raised}`);
  return ok;
}

async function main(): Promise<void> {
  const seconds = numberArg('seconds', 60);
  const concurrency = numberArg('concurrency', 16);
  console.log(
    `Vigil intake benchmark, ${new Date().toISOString()}, ${os.cpus().length} CPUs, node ${process.version}`,
  );
  console.log('Order: bare baseline first, then intake (sequential, same Temporal dev server).');
  let stack: BenchStack | null = null;
  let ok = false;
  try {
    stack = await BenchStack.start({ name: 'intake' });
    ok = await run(stack, seconds, concurrency);
  } catch (error) {
    console.error('\nbenchmark failed:', error instanceof Error ? error.message : error);
    stack?.printLogs();
  } finally {
    await stack?.stop();
  }
  process.exit(ok ? 0 : 1);
}

void main();
