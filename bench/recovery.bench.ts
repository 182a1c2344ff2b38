/**
 * `npm run bench:recovery [-- --count N] [--due-seconds S] [--kill-after S] [--down-seconds S]`
 *
 * Crash recovery: 500 concerns (through the API, from 8 provider leads) whose triage clocks fall due
 * within one minute, each with one escalation rung at the due moment (one email per concern). While
 * they fall due (--kill-after seconds after the first due instant) the worker is SIGKILLed: no
 * shutdown, no drain, activities cut off mid-flight. After --down-seconds (default 0, as a supervisor
 * restarting it at once) a new worker starts with the prebuilt workflow bundle. Printed:
 * - the new worker's own start: process spawned -> Temporal lists its poller (goal <= 5 s);
 * - new worker start -> first escalation email (goal <= 20 s) and -> the last one;
 * - every case's email received, duplicates counted (a send cut off between the SMTP server's
 *   acceptance and the SENT row is the one documented duplicate, which the Message-ID lets receivers drop).
 * Baseline from the same run: the first worker's own start -> polling, and the emails' lateness before
 * the kill.
 */
import * as os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { postConcern, runBenchmark, type BenchStack } from './support/bench-stack';
import { providerLeads } from './support/providers';
import type { RecordedMail } from './support/smtp-recorder';
import { ascending, fmt, forEachLimited, loadAverage, numberArg, percentile, envArgs } from './support/stats';

const STEP = 'concern.triage#rung-1';
const POLLING_GOAL_MS = 5_000;
const FIRST_EMAIL_GOAL_MS = 20_000;

interface Options {
  count: number;
  dueSeconds: number;
  killAfterSeconds: number;
  downSeconds: number;
  providers: number;
  concurrency: number;
}

const policyFor = (dueSeconds: number) => ({
  name: 'bench-recovery',
  version: '1',
  clocks: {
    'concern.triage': {
      due: { duration: `PT${dueSeconds}S` },
      escalations: [{ after: 'PT0S', to: 'assignee' }],
    },
  },
});

interface ClockRow extends Record<string, unknown> {
  reference: string;
  due_at: Date;
}

const escalations = (stack: BenchStack): RecordedMail[] =>
  stack.mailbox().mails.filter((m) => m.step === STEP);

async function run(stack: BenchStack, o: Options, firstStartMs: number): Promise<boolean> {
  const leads = await providerLeads(stack, o.providers);
  const tokens = await Promise.all(leads.map((email) => stack.token(email)));
  console.log(`load average before raising: ${loadAverage()}`);
  const started = Date.now();
  await forEachLimited(o.count, o.concurrency, (i) =>
    postConcern(stack.apiUrl, tokens[i % tokens.length], {
      adultAtRisk: { name: `Recovery adult ${i}` },
      category: 'self_neglect',
      summary: 'Benchmark concern for crash recovery.',
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      immediateRisk: false,
    }),
  );
  console.log(`raised ${o.count} concerns in ${fmt((Date.now() - started) / 1000)} s`);
  const clocks = await stack.sql<ClockRow>(
    `select c.reference, k.due_at from clocks k join cases c on c.id = k.case_id
      where k.name = 'concern.triage' order by k.due_at`,
  );
  const firstDue = clocks[0].due_at.getTime();
  const lastDue = clocks[clocks.length - 1].due_at.getTime();
  console.log(`due instants spread over ${fmt((lastDue - firstDue) / 1000)} s (must be <= 60 s)`);
  const killAt = firstDue + o.killAfterSeconds * 1000;
  if (killAt >= lastDue) throw new Error('--kill-after must fall inside the due window');
  await sleep(Math.max(0, killAt - Date.now()));

  const before = escalations(stack);
  const loadAtKill = loadAverage();
  await stack.killWorker();
  const killedAt = Date.now();
  const dueByKill = clocks.filter((c) => c.due_at.getTime() <= killedAt).length;
  console.log(
    `\nSIGKILLed the worker ${fmt((killedAt - firstDue) / 1000)} s after the first due instant: ` +
      `${dueByKill} clocks due by then, ${new Set(before.map((m) => m.reference)).size} escalation emails sent ` +
      `(load average ${loadAtKill})`,
  );
  if (o.downSeconds > 0) await sleep(o.downSeconds * 1000);

  const restartAt = Date.now();
  const worker = stack.spawnWorker();
  await stack.waitForPoller(worker.child.pid ?? -1);
  const pollingMs = Date.now() - restartAt;
  console.log(`new worker (pid ${worker.child.pid}) polling ${pollingMs} ms after it was started`);

  const deadline = Math.max(lastDue, Date.now()) + 300_000;
  const references = new Set(clocks.map((c) => c.reference));
  const received = () => new Set(escalations(stack).map((m) => m.reference)).size;
  while (received() < references.size && Date.now() < deadline) {
    stack.assertAlive();
    await sleep(200);
  }

  const all = escalations(stack);
  const after = all.filter((m) => m.receivedAt >= restartAt).map((m) => m.receivedAt);
  const firstAfter = after.length ? Math.min(...after) - restartAt : NaN;
  const lastAfter = after.length ? Math.max(...after) - restartAt : NaN;
  const firstPerCase = new Map<string, number>();
  for (const m of all)
    firstPerCase.set(m.reference, Math.min(firstPerCase.get(m.reference) ?? Infinity, m.receivedAt));
  const duplicates = all.length - firstPerCase.size;
  const lateness = (pick: (c: ClockRow, at: number) => boolean) =>
    ascending(
      clocks.flatMap((c) => {
        const at = firstPerCase.get(c.reference);
        return at !== undefined && pick(c, at) ? [at - c.due_at.getTime()] : [];
      }),
    );
  const beforeKill = lateness((_c, at) => at < killedAt);
  const afterRestart = lateness((_c, at) => at >= restartAt);
  const summary = (v: number[]) =>
    `${v.length} emails, p50 ${fmt(percentile(v, 50), 0)} / p99 ${fmt(percentile(v, 99), 0)} / max ` +
    `${fmt(v[v.length - 1] ?? NaN, 0)} ms`;

  console.log(`\nload average at the end: ${loadAverage()}`);
  console.log(
    `escalation emails: ${firstPerCase.size} of ${references.size} cases, duplicates ${duplicates}; ` +
      `${after.length} after the restart`,
  );
  console.log(
    `worker start -> polling: ${pollingMs} ms (goal <= ${POLLING_GOAL_MS} ms): ` +
      `${pollingMs <= POLLING_GOAL_MS ? 'PASS' : 'BELOW GOAL'}; baseline, the first worker: ${firstStartMs} ms ` +
      `(spawned alongside the API)`,
  );
  console.log(
    `new worker start -> first escalation email: ${fmt(firstAfter, 0)} ms (goal <= ${FIRST_EMAIL_GOAL_MS} ms): ` +
      `${firstAfter <= FIRST_EMAIL_GOAL_MS ? 'PASS' : 'BELOW GOAL'}; -> last: ${fmt(lastAfter, 0)} ms`,
  );
  console.log(`lateness before the kill (baseline): ${summary(beforeKill)}`);
  console.log(`lateness of those sent after the restart: ${summary(afterRestart)}`);
  const missing = references.size - firstPerCase.size;
  if (missing > 0) console.error(`missing ${missing} escalation emails`);
  return missing === 0 && lastDue - firstDue <= 60_000;
}

async function main(): Promise<void> {
  const o: Options = {
    count: numberArg('count', 500),
    dueSeconds: numberArg('due-seconds', 90),
    killAfterSeconds: numberArg('kill-after', 10),
    downSeconds: process.argv.includes('--down-seconds') ? numberArg('down-seconds', 0) : 0,
    providers: numberArg('providers', 8),
    concurrency: numberArg('concurrency', 16),
  };
  console.log(
    `Vigil recovery benchmark, ${new Date().toISOString()}, ${os.cpus().length} CPUs, node ${process.version}, ` +
      `load average ${loadAverage()}`,
  );
  let firstStartMs = NaN;
  const t0 = Date.now();
  await runBenchmark({ name: 'recovery', policy: policyFor(o.dueSeconds), env: envArgs() }, (stack) => {
    firstStartMs = stack.workerReadyMs ?? Date.now() - t0;
    return run(stack, o, firstStartMs);
  });
}

void main();
