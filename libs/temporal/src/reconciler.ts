import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  CaseUpdatedSignalSchema,
  CaseWorkflowInputSchema,
  parseWorkflowId,
  WorkflowPrefixes,
  workflowIds,
  type CaseType,
  type WorkflowClock,
} from '@vigil/contracts';
import { caseDefinition, isClosedStatus } from '@vigil/domain/cases';
import { queryOnce, requestWorkflowCommandWith, withClient } from '@vigil/persistence';
import { randomUUID } from 'node:crypto';
import { sendWorkflowCommand, type RestartMarker } from './workflow-commands';

/*
 * The reconciler (`npm run reconcile`, docs/reliability.md): compares PostgreSQL, the record, with
 * Temporal. An open case whose workflow is missing or has ended gets its workflow started again, through the
 * workflow_commands outbox like every other start; a running workflow with no case is reported, and
 * terminated only when asked. It reads and writes as the database owner, as the audit scripts do, and
 * reports case IDs and references only, never personal details.
 */

export interface ReconcileOptions {
  /** The owner connection (DATABASE_URL). */
  databaseUrl: string;
  client: Client;
  taskQueue: string;
  /** Only report what would be done: start nothing, terminate nothing, write nothing. */
  dryRun?: boolean;
  /** Terminate running workflows that have no case (otherwise they are reported only). */
  terminateOrphans?: boolean;
}

/** An open case whose workflow was missing or had ended. */
export interface Restart {
  caseId: string;
  reference: string;
  workflowId: string;
  /** What Temporal held: no workflow, or the last run's status (COMPLETED, TERMINATED, …). */
  found: 'missing' | string;
  /** requested: in the outbox, delivered: started now, failed: left in the outbox for the relay. */
  outcome: 'would restart' | 'delivered' | 'requested' | 'failed';
  error?: string;
}

export interface Orphan {
  workflowId: string;
  outcome: 'reported' | 'terminated' | 'failed';
  error?: string;
}

export interface ReconcileReport {
  cases: number;
  openCases: number;
  runningWorkflows: number;
  /** Open cases with a command still undelivered: the relay's to deliver, not the reconciler's. */
  leftToRelay: number;
  restarts: Restart[];
  orphans: Orphan[];
  /** Nothing found, or everything found fixed (or, in a dry run, nothing found). */
  ok: boolean;
}

interface CaseRow extends Record<string, unknown> {
  id: string;
  type: CaseType;
  reference: string;
  status: string;
  pending: number;
}

/** Every running workflow on the task queue, from visibility (eventually consistent: confirm before acting). */
async function runningWorkflows(client: Client, taskQueue: string): Promise<Set<string>> {
  const ids = new Set<string>();
  const query = `TaskQueue = '${taskQueue.replace(/'/g, "''")}' AND ExecutionStatus = 'Running'`;
  for await (const w of client.workflow.list({ query })) ids.add(w.workflowId);
  return ids;
}

/** The latest run of a workflow: its status and run ID, or null when Temporal holds none. */
async function latestRun(
  client: Client,
  workflowId: string,
): Promise<{ status: string; runId: string } | null> {
  try {
    const d = await client.workflow.getHandle(workflowId).describe();
    return { status: d.status.name, runId: d.runId };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}

/** The case a workflow belongs to, or null for one that belongs to none (a notice, not a Vigil ID). */
function caseOf(workflowId: string): string | null {
  if (workflowId.startsWith(`${WorkflowPrefixes.notice}:`)) return null;
  try {
    return parseWorkflowId(workflowId).caseId;
  } catch {
    return null;
  }
}

async function caseExists(databaseUrl: string, caseId: string): Promise<boolean> {
  const rows = await queryOnce<{ one: number }>(databaseUrl, 'select 1 as one from cases where id = $1', [
    caseId,
  ]);
  return rows.length > 0;
}

const message = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : 'unknown';

export async function reconcile(options: ReconcileOptions): Promise<ReconcileReport> {
  const { databaseUrl, client, taskQueue } = options;
  const cases = await queryOnce<CaseRow>(
    databaseUrl,
    `select c.id::text as id, c.type, c.reference, c.status,
            (select count(*)::int from workflow_commands w where w.case_id = c.id and w.dispatched_at is null)
              as pending
       from cases c`,
  );
  const running = await runningWorkflows(client, taskQueue);
  const restarts: Restart[] = [];
  let openCases = 0;
  let leftToRelay = 0;
  for (const c of cases) {
    if (isClosedStatus(c.type, c.status)) continue;
    openCases += 1;
    const workflowId = workflowIds.of(caseDefinition(c.type).idPrefix, c.id);
    if (running.has(workflowId)) continue;
    // A start or signal still in the outbox: the relay delivers it (the workflow may not exist yet).
    if (c.pending > 0) {
      leftToRelay += 1;
      continue;
    }
    // Visibility may lag a start: ask for the workflow itself before calling it missing. A lookup that
    // fails is this case's failure, not the run's.
    let latest: Awaited<ReturnType<typeof latestRun>>;
    try {
      latest = await latestRun(client, workflowId);
    } catch (error) {
      restarts.push({
        caseId: c.id,
        reference: c.reference,
        workflowId,
        found: 'unknown',
        outcome: 'failed',
        error: message(error),
      });
      continue;
    }
    if (latest?.status === 'RUNNING') continue;
    const restart: Restart = {
      caseId: c.id,
      reference: c.reference,
      workflowId,
      found: latest ? latest.status : 'missing',
      outcome: 'would restart',
    };
    restarts.push(restart);
    if (options.dryRun) continue;
    try {
      const commands = await requestRestart(databaseUrl, c, workflowId, {
        afterRunId: latest?.runId ?? null,
      });
      if (commands === null) {
        // Closed, or given a command, since it was read: nothing for the reconciler to do.
        restarts.pop();
        continue;
      }
      restart.outcome = 'requested';
      await deliver(databaseUrl, client, taskQueue, commands);
      restart.outcome = 'delivered';
    } catch (error) {
      restart.outcome = 'failed';
      restart.error = message(error);
    }
  }

  const known = new Set(cases.map((c) => c.id));
  const orphans: Orphan[] = [];
  for (const workflowId of running) {
    const caseId = caseOf(workflowId);
    if (caseId === null ? workflowId.startsWith(`${WorkflowPrefixes.notice}:`) : known.has(caseId)) continue;
    // The cases were read before the workflows were listed: one created in between has a workflow and a
    // case. Ask again, so a new case's workflow is never reported, let alone terminated.
    if (caseId !== null && (await caseExists(databaseUrl, caseId))) continue;
    const orphan: Orphan = { workflowId, outcome: 'reported' };
    orphans.push(orphan);
    if (options.dryRun || !options.terminateOrphans) continue;
    try {
      await client.workflow.getHandle(workflowId).terminate('reconciler: no case in PostgreSQL');
      orphan.outcome = 'terminated';
    } catch (error) {
      orphan.outcome = 'failed';
      orphan.error = message(error);
    }
  }

  const ok = options.dryRun
    ? restarts.length === 0 && orphans.length === 0
    : restarts.every((r) => r.outcome === 'delivered') && orphans.every((o) => o.outcome === 'terminated');
  return {
    cases: cases.length,
    openCases,
    runningWorkflows: running.size,
    leftToRelay,
    restarts,
    orphans,
    ok,
  };
}

interface CommandToSend {
  id: string;
  workflow_id: string;
  kind: 'start' | 'signal';
  name: string;
  payload: Record<string, unknown>;
}

/**
 * Writes the restart into the outbox, in one transaction that locks the case: a change committed after it
 * is signalled after the restart (the relay keeps each case's commands in order), and a closure committed
 * before it is seen here. The new run gets the case as PostgreSQL holds it now: its status, and every clock
 * in the order they started (so each keeps its step keys, and a sent rung is not sent again), then a
 * `caseUpdated` that stops the clocks whose duty was met or cancelled. The opening notices go again; the
 * email outbox holds one row per (workflow, step, recipient), so only those never sent are sent.
 * Answers the commands, or null when the case closed or gained a command meanwhile.
 */
async function requestRestart(
  databaseUrl: string,
  c: CaseRow,
  workflowId: string,
  marker: RestartMarker,
): Promise<CommandToSend[] | null> {
  return withClient(databaseUrl, async (db) => {
    await db.query('begin');
    try {
      const { rows: locked } = await db.query<{
        status: string;
        policy_name: string;
        policy_version: string;
      }>(`select status, policy_name, policy_version from cases where id = $1 for update`, [c.id]);
      const { rows: pending } = await db.query<{ n: number }>(
        `select count(*)::int as n from workflow_commands where case_id = $1 and dispatched_at is null`,
        [c.id],
      );
      const now = locked[0];
      if (!now || isClosedStatus(c.type, now.status) || pending[0].n > 0) {
        await db.query('rollback');
        return null;
      }
      const { rows: original } = await db.query<{ payload: Record<string, unknown> }>(
        `select payload from workflow_commands where case_id = $1 and workflow_id = $2 and kind = 'start'
          order by id limit 1`,
        [c.id, workflowId],
      );
      // Clocks recorded as already done when the case opened (no ladder) never ran in a workflow.
      const { rows: clocks } = await db.query<{
        id: string;
        name: string;
        due_at: Date;
        rungs: { rung: number; role: string; at: string }[];
        live: boolean;
      }>(
        `select id::text, name, due_at, rungs, (met_at is null and state in ('running', 'breached')) as live
           from clocks where case_id = $1 and not (met_at is not null and jsonb_array_length(rungs) = 0)
          order by started_at, id`,
        [c.id],
      );
      const first = original[0]?.payload ?? {};
      const input = CaseWorkflowInputSchema.parse({
        caseId: c.id,
        caseType: c.type,
        policy: first.policy ?? { name: now.policy_name, version: now.policy_version },
        status: now.status,
        clocks: clocks.map((k): WorkflowClock => ({
          clockId: k.id,
          name: k.name as WorkflowClock['name'],
          dueAt: k.due_at.toISOString(),
          rungs: k.rungs.map((r) => ({
            rung: r.rung,
            role: r.role as WorkflowClock['rungs'][number]['role'],
            at: r.at,
          })),
        })),
        notices: first.notices ?? [],
        ...(first.watchProvider ? { watchProvider: true } : {}),
      });
      const commands: Omit<CommandToSend, 'id'>[] = [
        {
          workflow_id: workflowId,
          kind: 'start',
          name: caseDefinition(c.type).workflowType,
          payload: { ...input, reconcile: marker },
        },
      ];
      const stop = clocks.filter((k) => !k.live).map((k) => k.id);
      if (stop.length > 0) {
        commands.push({
          workflow_id: workflowId,
          kind: 'signal',
          name: 'caseUpdated',
          payload: CaseUpdatedSignalSchema.parse({
            updateId: randomUUID(),
            at: new Date().toISOString(),
            event: 'reconcile:restart',
            from: now.status,
            to: now.status,
            startClocks: [],
            stopClocks: stop,
            notices: [],
          }),
        });
      }
      const written: CommandToSend[] = [];
      for (const command of commands) {
        const id = await requestWorkflowCommandWith(db, {
          caseId: c.id,
          workflowId: command.workflow_id,
          kind: command.kind,
          name: command.name,
          payload: command.payload,
        });
        written.push({ ...command, id });
      }
      await db.query('commit');
      return written;
    } catch (error) {
      await db.query('rollback').catch(() => undefined);
      throw error;
    }
  });
}

/**
 * Delivers the commands just written, in order, as the relay would (the same `sendWorkflowCommand`), and
 * marks them. A failure leaves the rest pending, with its error, for the relay, and is thrown.
 */
async function deliver(
  databaseUrl: string,
  client: Client,
  taskQueue: string,
  commands: readonly CommandToSend[],
): Promise<void> {
  for (const command of commands) {
    try {
      await sendWorkflowCommand(client, taskQueue, command);
    } catch (error) {
      await queryOnce(
        databaseUrl,
        `update workflow_commands set attempts = attempts + 1, last_error = $2 where id = $1`,
        [command.id, message(error)],
      );
      throw error;
    }
    await queryOnce(
      databaseUrl,
      `update workflow_commands set dispatched_at = now(), attempts = attempts + 1, last_error = null
        where id = $1 and dispatched_at is null`,
      [command.id],
    );
  }
}

/** The report as lines for a terminal: counts, then each finding by case reference and workflow ID. */
export function formatReconcileReport(report: ReconcileReport, dryRun = false): string[] {
  const lines = [
    `reconcile${dryRun ? ' (dry run)' : ''}: ${report.cases} cases (${report.openCases} open), ` +
      `${report.runningWorkflows} running workflows; ${report.restarts.length} open case(s) without a running ` +
      `workflow, ${report.orphans.length} workflow(s) without a case, ${report.leftToRelay} left to the relay`,
  ];
  for (const r of report.restarts) {
    lines.push(
      `  case ${r.reference} (${r.caseId}): workflow ${r.workflowId} ${r.found === 'missing' ? 'missing' : `ended (${r.found})`} → ${r.outcome}${r.error ? `: ${r.error}` : ''}`,
    );
  }
  for (const o of report.orphans) {
    lines.push(`  workflow ${o.workflowId}: no case → ${o.outcome}${o.error ? `: ${o.error}` : ''}`);
  }
  return lines;
}
