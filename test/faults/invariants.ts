import type { Client } from '@temporalio/client';
import { verifyAuditChain } from '@vigil/audit';
import { caseDefinition } from '@vigil/domain/cases';
import { queryOnce } from '@vigil/persistence';
import { reconcile, type ReconcileReport } from '@vigil/temporal';
import type { ReceivedMail } from '../support/smtp-inbox';

/*
 * The invariants Vigil keeps through every fault (docs/reliability.md), checked from the outside: the
 * database of record (as its owner), Temporal's visibility, the SMTP server's log and what the client saw.
 */

/** One intake as the client saw it. A client retries with the same Idempotency-Key until it gets a 2xx. */
export interface Submission {
  key: string;
  /** The submitter's email. */
  user: string;
  adultName: string;
  summary: string;
  /**
   * created: a 2xx answered; refused: every answer was a 4xx (nothing may be stored); unknown: the client
   * gave up after a 5xx or no answer (a 5xx can follow a commit, so the case may or may not exist).
   */
  outcome: 'created' | 'refused' | 'unknown';
  answers: (number | 'no-answer')[];
  caseId?: string;
  reference?: string;
  submittedAt: number;
  answeredAt?: number;
}

/**
 * A try at a case by someone who must not see it (another provider's lead): a read (GET) or a write (adding
 * information). Both must answer 404 and leave nothing but the refusal's audit row.
 */
export interface Probe {
  user: string;
  caseId: string;
  /** Default 'read'. */
  kind?: 'read' | 'write';
  status: number | 'no-answer';
}

/** A read of a case by someone allowed to see it (the raiser): every 200 must have its `case.viewed` row. */
export interface Read {
  user: string;
  caseId: string;
  status: number | 'no-answer';
}

export interface InvariantInput {
  /** Owner connection of the stack's database. */
  databaseUrl: string;
  temporal: Client;
  taskQueue: string;
  mails: readonly ReceivedMail[];
  submissions: readonly Submission[];
  probes: readonly Probe[];
  /** Reads by allowed users (none: I5 checks only the creates). */
  reads?: readonly Read[];
  /** Copies allowed per (case, step, recipient): 1; 2 when the run hung SMTP after DATA (ADR 0008's bound). */
  maxCopiesPerEmail?: 1 | 2;
  /**
   * A window in which the database was down: an email sent then could not be marked sent, so its retry may
   * send it again (ADR 0008's crash window). A pair whose first copy arrived in it is within the bound.
   * Several windows when the fault repeats (a worker killed again and again: each kill is one).
   */
  lostAcknowledgements?: { from: number; to: number } | readonly { from: number; to: number }[];
  /** A deadline or rung is owed its record once it is this far in the past (workflow task latency). */
  graceMs?: number;
}

export type InvariantId = 'I1' | 'I2' | 'I3' | 'I4' | 'I5' | 'I6';

export interface InvariantResult {
  id: InvariantId;
  title: string;
  ok: boolean;
  /** What was checked, in numbers. */
  detail: string;
  /** Each violation found (at most 20 listed). */
  problems: string[];
}

const TITLES: Record<InvariantId, string> = {
  I1: 'every 2xx intake stored exactly once, with its content; no case without one',
  I2: 'one workflow per case, a case per workflow (the reconciler finds nothing); the command outbox drained',
  I3: 'every passed deadline and rung recorded exactly once while the case was open',
  I4: 'at most one email per (case, step, recipient); none lost',
  I5: 'the audit chain verifies; every create, read and refusal has its row',
  I6: 'no cross-organisation read or write succeeded',
};

const DEFAULT_GRACE_MS = 3_000;

function result(id: InvariantId, detail: string, problems: string[]): InvariantResult {
  return { id, title: TITLES[id], ok: problems.length === 0, detail, problems: problems.slice(0, 20) };
}

const sql = <T extends Record<string, unknown>>(url: string, text: string, params: unknown[] = []) =>
  queryOnce<T>(url, text, params);

/** I1: intake. */
export async function checkIntake(input: InvariantInput): Promise<InvariantResult> {
  const problems: string[] = [];
  const rows = await sql<{
    case_id: string;
    type: string;
    reference: string;
    adult_name: string | null;
    summary: string | null;
    tasks: number;
    clocks: number;
    raised_events: number;
    start_commands: number;
    created_audits: number;
  }>(
    input.databaseUrl,
    `select c.id as case_id, c.type, c.reference, n.adult_name, n.summary,
            (select count(*)::int from tasks t where t.case_id = c.id) as tasks,
            (select count(*)::int from clocks k where k.case_id = c.id) as clocks,
            (select count(*)::int from case_events e where e.case_id = c.id and e.kind = 'concern.raised') as raised_events,
            (select count(*)::int from workflow_commands w where w.case_id = c.id and w.kind = 'start' and w.workflow_id = 'concern:' || c.id) as start_commands,
            (select count(*)::int from audit_events a where a.subject_id = c.id and a.action = 'case.created') as created_audits
       from cases c left join concerns n on n.case_id = c.id
      where c.type = 'concern'`,
  );
  const bySummary = new Map<string, typeof rows>();
  for (const r of rows) {
    const list = bySummary.get(r.summary ?? '') ?? [];
    list.push(r);
    bySummary.set(r.summary ?? '', list);
  }
  const known = new Set(input.submissions.map((s) => s.summary));
  let created = 0;
  let unknownStored = 0;
  for (const s of input.submissions) {
    const stored = bySummary.get(s.summary) ?? [];
    if (s.outcome === 'created') {
      created += 1;
      if (stored.length !== 1) {
        problems.push(`2xx intake ${s.key} stored ${stored.length} times`);
        continue;
      }
      const [row] = stored;
      if (s.caseId && row.case_id !== s.caseId) {
        problems.push(`2xx intake ${s.key} answered case ${s.caseId} but is stored as ${row.case_id}`);
      }
      if (row.adult_name !== s.adultName) problems.push(`case ${row.reference}: adult name differs`);
    } else if (s.outcome === 'refused' && stored.length > 0) {
      problems.push(
        `intake ${s.key} was refused (${s.answers.join(',')}) yet stored as ${stored[0].reference}`,
      );
    } else if (s.outcome === 'unknown') {
      if (stored.length > 1) problems.push(`unanswered intake ${s.key} stored ${stored.length} times`);
      unknownStored += stored.length;
    }
  }
  for (const r of rows) {
    if (r.summary === null) problems.push(`case ${r.reference} has no concern row (half a case)`);
    else if (!known.has(r.summary)) problems.push(`case ${r.reference} matches no intake the client sent`);
    if (
      r.tasks < 1 ||
      r.clocks < 1 ||
      r.raised_events !== 1 ||
      r.start_commands !== 1 ||
      r.created_audits !== 1
    ) {
      problems.push(
        `case ${r.reference} incomplete: tasks ${r.tasks}, clocks ${r.clocks}, raised ${r.raised_events}, ` +
          `start commands ${r.start_commands}, case.created audits ${r.created_audits}`,
      );
    }
  }
  const refused = input.submissions.filter((s) => s.outcome === 'refused').length;
  const unknown = input.submissions.filter((s) => s.outcome === 'unknown').length;
  if (created === 0) problems.push('no intake got a 2xx: nothing was exercised');
  return result(
    'I1',
    `${created} created, ${refused} refused, ${unknown} unanswered (${unknownStored} of those stored); ${rows.length} concern cases in the database`,
    problems,
  );
}

/** Every workflow execution on the task queue (all runs), polled until visibility settles. */
async function listWorkflows(
  client: Client,
  taskQueue: string,
): Promise<Map<string, { runs: number; running: boolean }>> {
  const runs = new Map<string, { runs: number; running: boolean }>();
  for await (const w of client.workflow.list({ query: `TaskQueue = '${taskQueue.replace(/'/g, "''")}'` })) {
    const seen = runs.get(w.workflowId) ?? { runs: 0, running: false };
    runs.set(w.workflowId, { runs: seen.runs + 1, running: seen.running || w.status.name === 'RUNNING' });
  }
  return runs;
}

/**
 * I2: cases and workflows, one to one; no command left in the outbox. The one-to-one check is the
 * production reconciler's (`npm run reconcile`), run dry: after drain it must find no open case without a
 * running workflow and no running workflow without a case. On top, each case has exactly one run (a
 * restart, by the reconciler or otherwise, would show as two).
 */
export async function checkWorkflows(input: InvariantInput): Promise<InvariantResult> {
  const cases = await sql<{ id: string; type: string; reference: string }>(
    input.databaseUrl,
    `select id, type, reference from cases`,
  );
  const [{ pending }] = await sql<{ pending: number }>(
    input.databaseUrl,
    `select count(*)::int as pending from workflow_commands where dispatched_at is null`,
  );
  const expected = new Map(cases.map((c) => [`${caseDefinition(c.type).idPrefix}:${c.id}`, c]));
  let problems: string[] = [];
  let runs = new Map<string, { runs: number; running: boolean }>();
  let found: ReconcileReport | undefined;
  // Visibility is eventually consistent: give it a few seconds to agree before calling anything missing.
  const deadline = Date.now() + 10_000;
  for (;;) {
    problems = [];
    runs = await listWorkflows(input.temporal, input.taskQueue);
    for (const [workflowId, c] of expected) {
      const w = runs.get(workflowId);
      if (w?.runs !== 1)
        problems.push(`case ${c.reference} has ${w?.runs ?? 0} workflow runs (${workflowId})`);
    }
    found = await reconcile({
      databaseUrl: input.databaseUrl,
      client: input.temporal,
      taskQueue: input.taskQueue,
      dryRun: true,
    });
    // An open case whose workflow has ended or is missing would never escalate again.
    for (const r of found.restarts) {
      problems.push(
        `reconciler: case ${r.reference} is open but its workflow is ${r.found === 'missing' ? 'missing' : `not running (${r.found})`}`,
      );
    }
    for (const o of found.orphans) problems.push(`reconciler: workflow ${o.workflowId} has no case (orphan)`);
    if (problems.length === 0 || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  if (pending > 0) problems.push(`${pending} workflow command(s) still undelivered`);
  if (cases.length === 0) problems.push('no case: nothing was exercised');
  return result(
    'I2',
    `${cases.length} cases, ${runs.size} workflows on ${input.taskQueue}, ${pending} commands pending; ` +
      `reconciler: ${found?.openCases ?? 0} open cases, ${found?.restarts.length ?? 0} to restart, ` +
      `${found?.orphans.length ?? 0} orphans`,
    problems,
  );
}

interface ClockRow extends Record<string, unknown> {
  id: string;
  case_id: string;
  reference: string;
  name: string;
  due_at: Date;
  state: string;
  met_at: Date | null;
  breached_at: Date | null;
  rungs: { rung: number; at: string }[];
  case_closed_at: Date | null;
  breach_events: number;
}

/** I3: each deadline that passed while its case was open breached once; each passed rung escalated once. */
export async function checkEscalations(input: InvariantInput, now = Date.now()): Promise<InvariantResult> {
  const grace = input.graceMs ?? DEFAULT_GRACE_MS;
  const problems: string[] = [];
  const clocks = await sql<ClockRow>(
    input.databaseUrl,
    `select k.id, k.case_id, c.reference, k.name, k.due_at, k.state, k.met_at, k.breached_at, k.rungs,
            c.closed_at as case_closed_at,
            (select count(*)::int from case_events e
              where e.case_id = k.case_id and e.kind = 'clock.breached' and e.details->>'clockId' = k.id::text)
              as breach_events
       from clocks k join cases c on c.id = k.case_id`,
  );
  const escalated = await sql<{ case_id: string; clock: string; rung: number; n: number; at: Date }>(
    input.databaseUrl,
    `select case_id, details->>'clock' as clock, (details->>'rung')::int as rung, count(*)::int as n, min(at) as at
       from case_events where kind = 'clock.escalated' group by 1, 2, 3`,
  );
  const pendingRungMail = await sql<{ case_id: string; step_key: string; n: number }>(
    input.databaseUrl,
    `select case_id, step_key, count(*)::int as n from notification_outbox
      where status = 'pending' and step_key like '%#rung-%' group by 1, 2`,
  );
  const events = new Map(escalated.map((e) => [`${e.case_id}|${e.clock}|${e.rung}`, e]));
  const clocksOfName = new Map<string, number>();
  for (const k of clocks)
    clocksOfName.set(`${k.case_id}|${k.name}`, (clocksOfName.get(`${k.case_id}|${k.name}`) ?? 0) + 1);
  let passedDues = 0;
  let passedRungs = 0;
  let stoppedRungs = 0;
  for (const k of clocks) {
    // "Open" for this clock: the duty not yet met and the case not closed.
    const stopAt = Math.min(
      k.met_at ? k.met_at.getTime() : Infinity,
      k.case_closed_at ? k.case_closed_at.getTime() : Infinity,
    );
    const due = k.due_at.getTime();
    const repeated = (clocksOfName.get(`${k.case_id}|${k.name}`) ?? 0) > 1;
    if (due < now - grace && due < stopAt) {
      passedDues += 1;
      if (k.state !== 'breached' || k.breached_at?.getTime() !== due) {
        problems.push(`case ${k.reference} ${k.name}: due passed unmet but state ${k.state}`);
      }
      if (k.breach_events !== 1)
        problems.push(`case ${k.reference} ${k.name}: ${k.breach_events} breach records`);
    } else if (due > now && k.breach_events > 0) {
      problems.push(`case ${k.reference} ${k.name}: breach recorded before the due moment`);
    }
    for (const r of k.rungs) {
      const at = Date.parse(r.at);
      const e = events.get(`${k.case_id}|${k.name}|${r.rung}`);
      const n = e?.n ?? 0;
      if (at < now - grace && at < stopAt) {
        passedRungs += 1;
        if (!repeated && n !== 1)
          problems.push(`case ${k.reference} ${k.name} rung ${r.rung}: ${n} escalation records`);
        if (e && e.at.getTime() < at - 1_000) {
          problems.push(
            `case ${k.reference} ${k.name} rung ${r.rung}: escalated ${at - e.at.getTime()} ms early`,
          );
        }
      } else if (at >= stopAt + grace) {
        stoppedRungs += 1;
        if (!repeated && n > 0)
          problems.push(`case ${k.reference} ${k.name} rung ${r.rung}: escalated after the duty was met`);
      } else if (at > now && n > 0) {
        problems.push(`case ${k.reference} ${k.name} rung ${r.rung}: escalated before its moment`);
      }
    }
  }
  for (const p of pendingRungMail)
    problems.push(`${p.n} escalation email(s) still pending for ${p.step_key}`);
  if (passedRungs === 0) problems.push('no rung fell due: nothing was exercised');
  return result(
    'I3',
    `${clocks.length} clocks: ${passedDues} deadlines and ${passedRungs} rungs passed while open, ${stoppedRungs} rungs stopped by a decision`,
    problems,
  );
}

const header = (m: ReceivedMail, name: string): string => m.headers[name] ?? '';

/** I4: emails, against the outbox. */
export async function checkEmails(input: InvariantInput): Promise<InvariantResult> {
  const max = input.maxCopiesPerEmail ?? 1;
  const problems: string[] = [];
  const groups = new Map<string, ReceivedMail[]>();
  for (const m of input.mails) {
    for (const to of m.to) {
      const key = `${header(m, 'x-vigil-reference')}|${header(m, 'x-vigil-step')}|${to}`;
      groups.set(key, [...(groups.get(key) ?? []), m]);
    }
  }
  let doubled = 0;
  for (const [key, copies] of groups) {
    if (copies.length > max) problems.push(`${copies.length} copies of ${key}`);
    if (copies.length === 2) {
      doubled += 1;
      // The one duplicate the bound allows comes from a send whose reply or acknowledgement was lost.
      const given = input.lostAcknowledgements;
      const windows = given === undefined ? [] : 'from' in given ? [given] : given;
      const first = Math.min(...copies.map((c) => c.receivedAt));
      const lostAck = windows.some((w) => first >= w.from && first <= w.to);
      if (!copies.some((c) => c.unanswered) && !lostAck) {
        problems.push(`2 copies of ${key}, neither after a lost reply nor in a lost-acknowledgement window`);
      }
      if (copies[0].messageId !== copies[1].messageId)
        problems.push(`2 copies of ${key} with different Message-IDs`);
    }
  }
  const outbox = await sql<{ message_id: string; status: string; step_key: string }>(
    input.databaseUrl,
    `select message_id, status, step_key from notification_outbox`,
  );
  const received = new Set(input.mails.map((m) => m.messageId));
  const known = new Set(outbox.map((o) => o.message_id));
  const sent = outbox.filter((o) => o.status === 'sent');
  const pending = outbox.filter((o) => o.status === 'pending');
  for (const o of sent)
    if (!received.has(o.message_id)) problems.push(`${o.step_key}: marked sent, never received`);
  for (const o of pending) problems.push(`${o.step_key}: still pending`);
  for (const m of input.mails)
    if (!known.has(m.messageId)) problems.push(`received ${m.messageId}: no outbox row`);
  if (sent.length === 0) problems.push('no email sent: nothing was exercised');
  return result(
    'I4',
    `${input.mails.length} mails received for ${groups.size} (case, step, recipient); ${sent.length} outbox rows sent, ` +
      `${pending.length} pending; ${doubled} delivered twice (allowed: ${max - 1} extra)`,
    problems,
  );
}

/** Audit rows of `actions` per (actor's email, case), for the given cases. */
async function auditCounts(
  databaseUrl: string,
  caseIds: readonly string[],
  actions: readonly string[],
): Promise<Map<string, number>> {
  const rows = await sql<{ email: string; subject_id: string; action: string; n: number }>(
    databaseUrl,
    `select u.email, a.subject_id::text as subject_id, a.action, count(*)::int as n
       from audit_events a join users u on u.id = a.actor_user_id
      where a.subject_id = any($1::uuid[]) and a.action = any($2)
      group by 1, 2, 3`,
    [[...new Set(caseIds)], [...actions]],
  );
  return new Map(rows.map((r) => [`${r.email}|${r.subject_id}|${r.action}`, r.n]));
}

/**
 * I5: the audit chain verifies, and the trail holds every act the client saw succeed or be refused: one
 * `case.created` by the raiser for each 2xx intake, a `case.viewed` by the reader for each read answered
 * 200, and a `case.access_refused` by the outsider for each probe answered 404.
 */
export async function checkAudit(input: InvariantInput): Promise<InvariantResult> {
  const verified = await verifyAuditChain(input.databaseUrl);
  const b = verified.firstBreak;
  const problems = verified.ok
    ? []
    : [`broken at row ${b?.id} (chain ${b?.chain}, seq ${b?.seq}): ${b?.reason}`];
  const created = input.submissions.filter((s) => s.outcome === 'created' && s.caseId);
  const reads = (input.reads ?? []).filter((r) => r.status === 200);
  const refusals = input.probes.filter((p) => p.status === 404);
  const counts = await auditCounts(
    input.databaseUrl,
    [...created.map((s) => s.caseId!), ...reads.map((r) => r.caseId), ...refusals.map((p) => p.caseId)],
    ['case.created', 'case.viewed', 'case.access_refused'],
  );
  for (const s of created) {
    const n = counts.get(`${s.user}|${s.caseId}|case.created`) ?? 0;
    if (n !== 1) problems.push(`case ${s.reference}: ${n} case.created rows by its raiser`);
  }
  // Several reads of one case need as many rows: tally what each (user, case, action) is owed.
  const owed = new Map<string, number>();
  for (const r of reads)
    owed.set(`${r.user}|${r.caseId}|case.viewed`, (owed.get(`${r.user}|${r.caseId}|case.viewed`) ?? 0) + 1);
  for (const p of refusals) {
    const key = `${p.user}|${p.caseId}|case.access_refused`;
    owed.set(key, (owed.get(key) ?? 0) + 1);
  }
  for (const [key, n] of owed) {
    const found = counts.get(key) ?? 0;
    if (found < n) {
      const [user, caseId, action] = key.split('|');
      problems.push(`${user} on case ${caseId}: ${n} answered, ${found} ${action} rows`);
    }
  }
  return result(
    'I5',
    `${verified.rows} audit rows in ${verified.chains} chains, ${verified.checkpoints} checkpoints; ` +
      `${created.length} creates, ${reads.length} reads, ${refusals.length} refusals matched to their rows`,
    problems,
  );
}

/**
 * I6: every out-of-scope read and write answered 404, left no `case.viewed` for the outsider and changed
 * nothing: no note, timeline entry or audited change by the outsider on those cases.
 */
export async function checkIsolation(input: InvariantInput): Promise<InvariantResult> {
  const problems: string[] = [];
  for (const p of input.probes) {
    if (p.status !== 404)
      problems.push(
        `${p.user} ${p.kind === 'write' ? 'wrote to' : 'read'} case ${p.caseId}: answered ${p.status}`,
      );
  }
  const users = [...new Set(input.probes.map((p) => p.user))];
  const caseIds = [...new Set(input.probes.map((p) => p.caseId))];
  const [{ viewed, refused, changed, notes, events }] = await sql<{
    viewed: number;
    refused: number;
    changed: number;
    notes: number;
    events: number;
  }>(
    input.databaseUrl,
    `with outsider as (select id from users where email = any($1))
     select count(*) filter (where a.action = 'case.viewed')::int as viewed,
            count(*) filter (where a.action = 'case.access_refused')::int as refused,
            count(*) filter (where a.action not in ('case.viewed', 'case.access_refused'))::int as changed,
            (select count(*)::int from case_notes n
              where n.author_id in (select id from outsider) and n.case_id = any($2::uuid[])) as notes,
            (select count(*)::int from case_events e
              where e.actor_user_id in (select id from outsider) and e.case_id = any($2::uuid[])) as events
       from audit_events a
      where a.actor_user_id in (select id from outsider) and a.subject_id = any($2::uuid[])`,
    [users, caseIds],
  );
  if (viewed > 0) problems.push(`${viewed} case.viewed audit rows for an outsider`);
  if (changed > 0) problems.push(`${changed} audited changes by an outsider`);
  if (notes > 0) problems.push(`${notes} notes written by an outsider`);
  if (events > 0) problems.push(`${events} timeline entries by an outsider`);
  const writes = input.probes.filter((p) => p.kind === 'write');
  if (input.probes.length === 0) problems.push('no probe: nothing was exercised');
  const answered = input.probes.filter((p) => p.status === 404).length;
  return result(
    'I6',
    `${input.probes.length - writes.length} reads and ${writes.length} writes by ${users.join(', ')} of ` +
      `${caseIds.length} cases: ${answered} answered 404; ${viewed} case.viewed, ${changed} changes, ` +
      `${notes} notes, ${events} timeline entries, ${refused} refusals audited`,
    problems,
  );
}

export async function checkInvariants(input: InvariantInput): Promise<InvariantResult[]> {
  return [
    await checkIntake(input),
    await checkWorkflows(input),
    await checkEscalations(input),
    await checkEmails(input),
    await checkAudit(input),
    await checkIsolation(input),
  ];
}

/** One line per invariant, then its problems indented. */
export function formatResults(
  fault: string,
  results: readonly InvariantResult[],
  metrics: Record<string, string> = {},
): string {
  const lines = [`── fault: ${fault}`];
  for (const [k, v] of Object.entries(metrics)) lines.push(`   ${k}: ${v}`);
  for (const r of results) {
    lines.push(`   ${r.ok ? 'PASS' : 'FAIL'} ${r.id} ${r.title}: ${r.detail}`);
    for (const p of r.problems) lines.push(`        ✗ ${p}`);
  }
  return lines.join('\n');
}
