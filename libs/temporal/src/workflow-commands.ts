import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { AppConfig } from '@vigil/config';
import { Database, SystemScope, type DbScope } from '@vigil/persistence';
import { TemporalConnection } from './temporal-connection.service';

/** A command read for delivery (opaque to callers: pass it to `deliverRows`). */
export type PendingCommand = CommandRow;

export interface CommandRow {
  id: string;
  case_id: string;
  workflow_id: string;
  kind: 'start' | 'signal';
  name: string;
  payload: Record<string, unknown>;
}

/**
 * Delivers rows of `workflow_commands` (written in the same transaction as the change that needs
 * them) to Temporal: straight after commit by the API, and by the worker's relay for anything a crash
 * or an outage left behind. Every delivery is safe to repeat: starts use the case's workflow ID with
 * USE_EXISTING, and the workflow ignores a signal it has already acted on.
 */
@Injectable()
export class WorkflowCommandDispatcher {
  private readonly logger = new Logger(WorkflowCommandDispatcher.name);

  constructor(
    private readonly db: Database,
    private readonly temporal: TemporalConnection,
    private readonly config: AppConfig,
  ) {}

  /**
   * Delivers the given commands now, reading and marking them under the caller's scope (the API's
   * role cannot see other cases' commands); failures stay pending for the relay. Returns how many went.
   */
  async deliver(commandIds: readonly string[], scope: DbScope): Promise<number> {
    if (commandIds.length === 0) return 0;
    const rows = await this.db.transaction(scope, (em) => this.pending(em, commandIds));
    return this.deliverRows(rows, scope);
  }

  /**
   * The given commands still to deliver, read in the caller's transaction (one that reads anyway after
   * the change committed, such as the answer to the request), for `deliverRows` afterwards.
   */
  async pending(em: EntityManager, commandIds: readonly string[]): Promise<PendingCommand[]> {
    if (commandIds.length === 0) return [];
    return this.select(em, 'c.id in (?)', [commandIds], commandIds.length);
  }

  /** The relay's sweep: pending commands older than the grace period, oldest first, per case in order. */
  async deliverPending(graceMs: number, limit = 200): Promise<number> {
    const rows = await this.db.transaction(SystemScope, (em) =>
      this.select(em, `c.created_at < now() - (? * interval '1 millisecond')`, [graceMs], limit),
    );
    return this.deliverRows(rows, SystemScope);
  }

  private select(em: EntityManager, where: string, params: unknown[], limit: number): Promise<CommandRow[]> {
    return em.execute<CommandRow[]>(
      `select c.id::text as id, c.case_id, c.workflow_id, c.kind, c.name, c.payload
         from workflow_commands c
        where c.dispatched_at is null and ${where}
          -- a signal waits for every earlier command of its case (the start first)
          and not exists (select 1 from workflow_commands e
                            where e.case_id = c.case_id and e.id < c.id and e.dispatched_at is null)
        order by c.id limit ?`,
      [...params, limit],
    );
  }

  /** Sends the commands read by `pending` in order, then marks them in one transaction. */
  async deliverRows(rows: readonly PendingCommand[], scope: DbScope): Promise<number> {
    const sent: string[] = [];
    const failed: { id: string; error: string }[] = [];
    for (const row of rows) {
      try {
        await this.send(row);
        sent.push(row.id);
      } catch (error) {
        const message = error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 500) : 'unknown';
        failed.push({ id: row.id, error: message });
        this.logger.warn(
          { caseId: row.case_id, commandId: row.id, kind: row.kind },
          'workflow command not delivered yet',
        );
      }
    }
    // One transaction marks them all (a crash before it leaves them pending: the relay delivers them again,
    // which is safe, see above).
    if (sent.length > 0 || failed.length > 0) await this.mark(scope, sent, failed);
    return sent.length;
  }

  private async send(row: CommandRow): Promise<void> {
    const client = await this.temporal.client();
    const outcome = await sendWorkflowCommand(client, this.config.temporal.taskQueue, row);
    if (outcome === 'dropped') {
      this.logger.warn({ caseId: row.case_id, commandId: row.id }, 'signal for a finished workflow dropped');
    }
  }

  private async mark(
    scope: DbScope,
    sent: readonly string[],
    failed: readonly { id: string; error: string }[],
  ): Promise<void> {
    await this.db.transaction(scope, async (em) => {
      if (sent.length > 0) {
        await em.execute(
          `update workflow_commands set dispatched_at = now(), attempts = attempts + 1, last_error = null where id in (?)`,
          [sent],
        );
      }
      for (const f of failed) {
        await em.execute(
          `update workflow_commands set attempts = attempts + 1, last_error = ? where id = ?`,
          [f.error, f.id],
        );
      }
    });
  }
}

/**
 * A start the reconciler requested (`npm run reconcile`) for an open case whose workflow is missing or has
 * ended: its payload carries `reconcile.afterRunId`, the run it saw ended (null: none existed), which is not
 * part of the workflow's input.
 */
export interface RestartMarker {
  afterRunId: string | null;
}

function restartOf(payload: Record<string, unknown>): RestartMarker | null {
  const marker = payload.reconcile as RestartMarker | undefined;
  return marker && typeof marker === 'object' ? { afterRunId: marker.afterRunId ?? null } : null;
}

/**
 * Sends one command to Temporal; safe to repeat. A start uses the case's workflow ID with USE_EXISTING and
 * REJECT_DUPLICATE: a running workflow is reused, and "already started" (a finished one) counts as done. A
 * reconciler's restart may start a new run after an ended one (ALLOW_DUPLICATE), but only while the run it
 * saw ended is still the latest, so a repeat never starts a second. A signal to a finished workflow is
 * dropped. The one path for the API, the relay and the reconciler.
 */
export async function sendWorkflowCommand(
  client: Client,
  taskQueue: string,
  row: Pick<CommandRow, 'workflow_id' | 'kind' | 'name' | 'payload'>,
): Promise<'sent' | 'already' | 'dropped'> {
  if (row.kind === 'start') {
    const restart = restartOf(row.payload);
    const { reconcile: _marker, ...input } = row.payload;
    if (restart) {
      const latest = await client.workflow
        .getHandle(row.workflow_id)
        .describe()
        .catch((error: unknown) => {
          if (error instanceof WorkflowNotFoundError) return null;
          throw error;
        });
      // Running again, or restarted since and ended (the case closed): nothing left to do.
      if (latest && (latest.status.name === 'RUNNING' || latest.runId !== restart.afterRunId))
        return 'already';
    }
    try {
      await client.workflow.start(row.name, {
        workflowId: row.workflow_id,
        taskQueue,
        args: [input],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        workflowIdReusePolicy: restart
          ? WorkflowIdReusePolicy.ALLOW_DUPLICATE
          : WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
      return 'sent';
    } catch (error) {
      // Already started and since finished: the start happened, nothing to do.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      return 'already';
    }
  }
  try {
    await client.workflow.getHandle(row.workflow_id).signal(row.name, row.payload);
    return 'sent';
  } catch (error) {
    // The workflow has finished: a late signal has nothing left to change.
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    return 'dropped';
  }
}
