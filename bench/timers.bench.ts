/**
 * `npm run bench:timers [-- --count N] [--due-seconds S] [--providers P] [--mode spread|instant|received]
 *   [--profile]`
 *
 * 1,000 concerns whose triage clocks fall due within one minute, each with a single escalation rung
 * at the due moment to the assignee (the demo officer): one email per concern. Measures how late each
 * escalation email reaches the SMTP server after the clock's due instant (clocks.due_at), and the
 * worker's peak RSS against its RSS when idle just after start.
 *
 * --mode spread (default): due PT<S>S after raising, so the due instants spread over the creation
 *   window, which must be under 60 s (checked from the clocks table). Where raising 1,000 takes longer
 *   than WAVE_SECONDS (about 15 a second on the 2-core machine, so it may), concerns raised after that
 *   go to a second API process whose policy says PT<S - WAVE_SECONDS>S: their clocks fall due in the
 *   same window as the first wave's.
 * --mode instant: a working-day clock ({ workingDays: 0 } with endOfWorkingDay a few minutes ahead),
 *   so every clock falls due at the same instant, as real WD clocks do at 17:00. Needs a London
 *   working day; the worst case, for comparison.
 * --mode received: the same worst case on any day. 1,000 complaints that affect care, all received at
 *   one past instant, so the social worker's notice (PT1H from receipt here) falls due for all of them at
 *   one instant S seconds ahead. The same case runner, escalation step and email as a concern's.
 * --profile: the worker runs with --cpu-prof; its top costs and the SQL it sent per escalation, from the
 *   first due instant to the last email, are printed after the stack stops.
 */
import { workflowIds } from '@vigil/contracts';
import { londonDate, WorkingDayCalendar } from '@vigil/domain/calendar';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { postCase, postConcern, runBenchmark, type BenchStack } from './support/bench-stack';
import { monotonicMicros, printProfiles, printStatements, profilesOf } from './support/cpu-profile';
import { printEscalationBreakdown } from './support/history-breakdown';
import { providerLeads } from './support/providers';
import { sampleChainLocks } from './support/lock-sampler';
import {
  type CpuGroup,
  cpuLedger,
  cpuMeter,
  cpuPerCase,
  idleCpuRate,
  machineMeter,
  mib,
  netOfIdle,
  percentOfCore,
  postgresBackends,
  readMemory,
  sampleRss,
  threadMeter,
} from './support/proc';
import type { RecordedMail } from './support/smtp-recorder';
import {
  ascending,
  choiceArg,
  fmt,
  forEachLimited,
  loadAverage,
  numberArg,
  percentile,
  envArgs,
} from './support/stats';

/** What is raised and which clock is watched: concerns (spread, instant) or complaints (received). */
interface CaseKind {
  noun: string;
  clock: string;
  step: string;
  workflowId: (caseId: string) => string;
  raise: (apiUrl: string, token: string, i: number) => Promise<void>;
}
const LATENESS_GOAL_MS = 2000;
const WINDOW_MS = 60_000;
/** The idle baseline: seconds of CPU measured after start, before any concern is raised. */
const IDLE_SECONDS = 10;
/** Raising longer than this switches to the second API (spread mode), keeping the window under 60 s. */
const WAVE_SECONDS = numberArg('wave-seconds', 55);

interface Options {
  count: number;
  concurrency: number;
  dueSeconds: number;
  providers: number;
  waitSeconds: number;
  mode: 'spread' | 'instant' | 'received';
  /** Where --cpu-prof writes (outside the stack's temp dir, which is removed at stop). */
  profileDir: string | null;
}

/** What --profile needs after the stack has stopped: the worker and the escalation window. */
const profiled = { worker: 0, fromUs: 0, toUs: 0, cases: 0 };

const ladder = [{ after: 'PT0S', to: 'assignee' }];

/** The clock under test falls due `dueSeconds` after each concern is raised, then escalates at once. */
const spreadPolicy = (dueSeconds: number) => ({
  name: 'bench-timers',
  version: '1',
  clocks: { 'concern.triage': { due: { duration: `PT${dueSeconds}S` }, escalations: ladder } },
});

/**
 * endOfWorkingDay today at the first whole minute at least `dueSeconds` ahead, and a clock due at the
 * end of the same working day: every concern raised before then falls due at that one instant.
 */
function instantPolicy(dueSeconds: number): object {
  const now = new Date();
  const at = new Date(Math.ceil((now.getTime() + dueSeconds * 1000) / 60_000) * 60_000);
  const today = londonDate(now);
  if (!new WorkingDayCalendar().isWorkingDay(today) || londonDate(at) !== today) {
    throw new Error('--mode instant needs a London working day with the due minute before midnight');
  }
  const hhmm = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  return {
    name: 'bench-timers-instant',
    version: '1',
    endOfWorkingDay: hhmm,
    clocks: { 'concern.triage': { due: { workingDays: 0 }, escalations: ladder } },
  };
}

/** The social worker's notice runs an hour from receipt; every complaint was received at one instant. */
const RECEIPT_TO_DUE_MS = 3_600_000;
const receivedPolicy = {
  name: 'bench-timers-received',
  version: '1',
  clocks: {
    'complaint.social_worker_notice': {
      due: { duration: `PT${RECEIPT_TO_DUE_MS / 1000}S` },
      escalations: ladder,
    },
  },
};

const failed = (what: string) => (error: unknown) => {
  throw new Error(`${what}: ${error instanceof Error ? error.message : String(error)}`);
};

function caseKind(o: Options): CaseKind {
  if (o.mode !== 'received') {
    return {
      noun: 'concerns',
      clock: 'concern.triage',
      step: 'concern.triage#rung-1',
      workflowId: workflowIds.concern,
      raise: (apiUrl, token, i) =>
        postConcern(apiUrl, token, {
          adultAtRisk: { name: `Timer adult ${i}` },
          category: 'self_neglect',
          summary: 'Benchmark concern for the triage clock.',
          occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
          immediateRisk: false,
        }).catch(failed(`concern ${i}`)),
    };
  }
  // The due instant, a whole second, and the receipt an hour before it (in the past, as the API requires).
  const dueAt = Math.ceil((Date.now() + o.dueSeconds * 1000) / 1000) * 1000;
  const receivedAt = new Date(dueAt - RECEIPT_TO_DUE_MS).toISOString();
  return {
    noun: 'complaints',
    clock: 'complaint.social_worker_notice',
    step: 'complaint.social_worker_notice#rung-1',
    workflowId: workflowIds.complaint,
    raise: (apiUrl, token, i) =>
      postCase(apiUrl, token, '/api/v1/complaints', {
        receivedAt,
        affectsCare: true,
        complainantRelationship: 'Benchmark complainant',
        summary: `Benchmark complaint ${i} for the social worker's notice.`,
      }).catch(failed(`complaint ${i}`)),
  };
}

/** Waits until every reference has its escalation email, or the deadline; prints progress. */
async function waitForEscalations(
  stack: BenchStack,
  step: string,
  expected: number,
  deadline: number,
): Promise<void> {
  const received = () =>
    new Set(
      stack
        .mailbox()
        .mails.filter((m) => m.step === step)
        .map((m) => m.reference),
    ).size;
  let lastReport = 0;
  for (;;) {
    stack.assertAlive();
    const n = received();
    if (n >= expected || Date.now() > deadline) return;
    if (Date.now() - lastReport >= 15_000) {
      console.log(`  ${new Date().toISOString()} escalation emails received: ${n} of ${expected}`);
      lastReport = Date.now();
    }
    await sleep(250);
  }
}

interface ClockRow extends Record<string, unknown> {
  case_id: string;
  reference: string;
  due_at: Date;
}

function reportSpread(clocks: ClockRow[], created: { start: number; end: number }, noun: string): boolean {
  const first = clocks[0].due_at.getTime();
  const last = clocks[clocks.length - 1].due_at.getTime();
  const seconds = (created.end - created.start) / 1000;
  console.log(
    `created ${clocks.length} ${noun} in ${fmt(seconds)} s (${fmt(clocks.length / seconds)} per s)\n` +
      `due instants (clocks.due_at): ${new Date(first).toISOString()} .. ${new Date(last).toISOString()}, ` +
      `spread ${fmt((last - first) / 1000, 3)} s (must be <= 60 s)`,
  );
  if (created.end > first) {
    console.log(`note: creation ended ${fmt((created.end - first) / 1000)} s after the first clock fell due`);
  }
  return last - first <= WINDOW_MS;
}

const summary = (values: number[]): string => {
  const sorted = ascending(values);
  return (
    `p50 ${fmt(percentile(sorted, 50), 0)}, p99 ${fmt(percentile(sorted, 99), 0)}, ` +
    `max ${fmt(sorted[sorted.length - 1] ?? NaN, 0)}, min ${fmt(sorted[0] ?? NaN, 0)}`
  );
};

/** First escalation email per case reference, and how many arrived beyond the first. */
function firstEscalations(
  mails: readonly RecordedMail[],
  step: string,
): {
  first: Map<string, number>;
  duplicates: number;
} {
  const first = new Map<string, number>();
  let duplicates = 0;
  for (const m of mails) {
    if (m.step !== step) continue;
    const seen = first.get(m.reference);
    if (seen !== undefined) duplicates += 1;
    first.set(m.reference, Math.min(seen ?? Infinity, m.receivedAt));
  }
  return { first, duplicates };
}

function reportLateness(clocks: ClockRow[], mails: readonly RecordedMail[], step: string): number {
  const { first, duplicates } = firstEscalations(mails, step);
  const lateness = clocks.flatMap((c) => {
    const at = first.get(c.reference);
    return at === undefined ? [] : [at - c.due_at.getTime()];
  });
  const p99 = percentile(ascending(lateness), 99);
  const lastMail = Math.max(...first.values());
  const firstDue = clocks[0].due_at.getTime();
  console.log(
    `\nescalation emails received: ${lateness.length} of ${clocks.length} (duplicates: ${duplicates}); ` +
      `the last ${fmt((lastMail - firstDue) / 1000)} s after the first clock fell due`,
  );
  console.log(`lateness (email at SMTP server - clocks.due_at), ms: ${summary(lateness)}`);
  console.log(
    `goal p99 <= ${LATENESS_GOAL_MS} ms: ${p99 <= LATENESS_GOAL_MS ? 'PASS' : 'BELOW GOAL'}` +
      (lateness.length < clocks.length ? ' (over the emails received)' : ''),
  );
  return duplicates === 0 ? lateness.length : -1;
}

/** The API for a concern raised `elapsedMs` into creation: the first, then the next each wave. */
const waveOf = (stack: BenchStack, elapsedMs: number): number =>
  Math.min(stack.apiUrls.length - 1, Math.floor(elapsedMs / (WAVE_SECONDS * 1000)));

async function createCases(
  stack: BenchStack,
  o: Options,
  kind: CaseKind,
): Promise<{ start: number; end: number }> {
  const leads = await providerLeads(stack, o.providers);
  const tokens = await Promise.all(leads.map((email) => stack.token(email)));
  const due = {
    spread: `PT${o.dueSeconds}S after raising`,
    instant: 'at one end-of-working-day instant',
    received: `at one instant ${o.dueSeconds} s ahead, an hour after their common receipt`,
  }[o.mode];
  console.log(
    `raising ${o.count} ${kind.noun}, ${o.concurrency} in flight, from ${leads.length} provider leads; ` +
      `${kind.clock} due ${due}, one rung at PT0S to the assignee`,
  );
  const created = { start: Date.now(), end: 0 };
  const perWave = stack.apiUrls.map(() => 0);
  await forEachLimited(o.count, o.concurrency, (i) => {
    const wave = waveOf(stack, Date.now() - created.start);
    perWave[wave] += 1;
    return kind.raise(stack.apiUrls[wave], tokens[i % tokens.length], i);
  });
  created.end = Date.now();
  if (perWave.length > 1) console.log(`${kind.noun} raised per wave (API process): ${perWave.join(', ')}`);
  return created;
}

async function run(stack: BenchStack, o: Options): Promise<boolean> {
  const kind = caseKind(o);
  const pid = stack.worker?.child.pid;
  if (!pid) throw new Error('no worker process');
  // Idle: polling with nothing to do, a few seconds after start so start-up garbage is collected.
  await sleep(3000);
  const idle = readMemory(pid);
  if (!idle) throw new Error('cannot read the worker memory from /proc');
  const rss = sampleRss(pid, 200);
  const groups: CpuGroup[] = [
    { name: 'worker', pids: () => [pid] },
    { name: 'Temporal', pids: () => [stack.temporalPid ?? -1] },
    { name: 'PostgreSQL', pids: () => postgresBackends(stack.databaseUrl) },
  ];
  // What each process spends with nothing to do (polling, the server's own timers), per second.
  const idleRate = await idleCpuRate(groups, IDLE_SECONDS);
  console.log(`CPU when idle (% of one core, ${IDLE_SECONDS} s): ${percentOfCore(idleRate)}`);

  const meter = cpuMeter(stack.children().map((c) => ({ name: c.name, pid: c.child.pid })));
  const created = await createCases(stack, o, kind);
  console.log(`CPU while raising (% of one core): ${meter.stop()}`);
  const clocks = await stack.sql<ClockRow>(
    `select k.case_id, c.reference, k.due_at from clocks k join cases c on c.id = k.case_id
      where k.name = $1 order by k.due_at`,
    [kind.clock],
  );
  const spreadOk = reportSpread(clocks, created, kind.noun);
  const firstDue = clocks[0].due_at.getTime();
  const lastDue = clocks[clocks.length - 1].due_at.getTime();
  await sleep(Math.max(0, firstDue - Date.now()));
  // A concern's raise notices go to the council team and the raiser, and to the commissioner where the
  // provider has one: their number depends on the provider, so count the concerns that have theirs.
  // A complaint sends none when it is recorded.
  const raiseNotices = stack.mailbox().mails.filter((m) => m.step.startsWith('concern.raised'));
  const notified = new Set(raiseNotices.map((m) => m.reference)).size;
  console.log(
    `raise notices received when the first clock fell due: ${raiseNotices.length}, ` +
      `for ${notified} of ${o.count} ${kind.noun}`,
  );

  const locks = sampleChainLocks(stack.databaseUrl, ['global']);
  const escalating = cpuMeter(stack.children().map((c) => ({ name: c.name, pid: c.child.pid })));
  const machine = machineMeter();
  const threads = threadMeter(pid);
  const sqlOf = () =>
    stack.control<{ statements: Record<string, number> }>(pid, 'sql').then((a) => a.statements);
  if (o.profileDir) await sqlOf(); // from here on
  const ledger = await cpuLedger(groups);
  const windowStart = Date.now();
  profiled.fromUs = monotonicMicros();
  await waitForEscalations(stack, kind.step, clocks.length, lastDue + o.waitSeconds * 1000);
  Object.assign(profiled, { toUs: monotonicMicros(), worker: pid, cases: clocks.length });
  if (o.profileDir) printStatements('worker', await sqlOf(), clocks.length);
  const cpu = escalating.stop();
  const machineText = machine.stop();
  const threadText = threads.stop();
  const used = await ledger.stop();
  const perEscalation = cpuPerCase(used, clocks.length);
  const netPerEscalation = cpuPerCase(
    netOfIdle(used, idleRate, (Date.now() - windowStart) / 1000),
    clocks.length,
  );
  const lockReport = await locks.stop();
  const peak = rss.stop();

  const received = reportLateness(clocks, stack.mailbox().mails, kind.step);
  const { first } = firstEscalations(stack.mailbox().mails, kind.step);
  await printEscalationBreakdown(
    stack.temporal(),
    clocks.map((c) => ({
      workflowId: kind.workflowId(c.case_id),
      dueAt: c.due_at.getTime(),
      emailAt: first.get(c.reference),
    })),
  );
  console.log(`from the first due instant to the last email (worker, PostgreSQL):`);
  console.log(`  CPU (% of one core): ${cpu}`);
  console.log(`  the machine: ${machineText}`);
  console.log(`  the worker's busiest threads (% of one core): ${threadText}`);
  console.log(`  CPU ms per escalation: ${perEscalation}`);
  console.log(`  the same less each process's idle rate over the window: ${netPerEscalation}`);
  for (const line of lockReport.lines((c) => `${c} (email.sent)`)) console.log(`  ${line}`);
  const hwm = readMemory(pid)?.hwmKiB ?? NaN;
  console.log(
    `worker RSS: idle ${fmt(mib(idle.rssKiB))} MiB after start, peak ${fmt(mib(peak.peakKiB))} MiB ` +
      `(every 200 ms, ${peak.samples} samples); peak/idle ${fmt(peak.peakKiB / idle.rssKiB, 2)}; ` +
      `VmHWM ${fmt(mib(hwm))} MiB`,
  );
  if (!spreadOk) console.error('the due instants span more than 60 s: this run does not measure the case');
  if (received === -1) console.error('some cases received more than one escalation email');
  else if (received < clocks.length) console.error(`missing ${clocks.length - received} escalation emails`);
  return spreadOk && received === clocks.length;
}

/** Spread mode adds the second wave's API when the due duration leaves room for it. */
function policies(o: Options): { policy: object; extraApiPolicies: object[] } {
  if (o.mode === 'instant') return { policy: instantPolicy(o.dueSeconds), extraApiPolicies: [] };
  if (o.mode === 'received') return { policy: receivedPolicy, extraApiPolicies: [] };
  const second = o.dueSeconds - WAVE_SECONDS;
  return {
    policy: spreadPolicy(o.dueSeconds),
    extraApiPolicies: second >= 30 ? [spreadPolicy(second)] : [],
  };
}

function options(): Options {
  return {
    count: numberArg('count', 1000),
    concurrency: numberArg('concurrency', 16),
    dueSeconds: numberArg('due-seconds', 180),
    providers: numberArg('providers', 8),
    waitSeconds: numberArg('wait-seconds', 300),
    mode: choiceArg('mode', ['spread', 'instant', 'received']),
    profileDir: process.argv.includes('--profile')
      ? fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-profiles-'))
      : null,
  };
}

function printProfileSummary(dir: string): void {
  console.log(
    `\nCPU profile of the worker (${dir}), self time from the first due instant to the last email:`,
  );
  printProfiles('worker', profilesOf(dir, profiled.worker), profiled, profiled.cases);
}

async function main(): Promise<void> {
  const o = options();
  console.log(
    `Vigil timers benchmark (${o.mode}), ${new Date().toISOString()}, ${os.cpus().length} CPUs, ` +
      `node ${process.version}, load average ${loadAverage()}`,
  );
  const prof = o.profileDir ? ['--cpu-prof', '--cpu-prof-dir', o.profileDir] : [];
  await runBenchmark(
    { name: 'timers', ...policies(o), env: envArgs(), control: !!o.profileDir, nodeArgs: { worker: prof } },
    (stack) => run(stack, o),
    o.profileDir ? () => printProfileSummary(o.profileDir ?? '') : undefined,
  );
}

void main();
