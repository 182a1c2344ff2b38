import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Client } from 'pg';

export interface WorkflowCommandRequest {
  caseId: string;
  workflowId: string;
  kind: 'start' | 'signal';
  name: string;
  payload: object;
}

/** The insert, with the placeholder style of the connection it runs on (`?` for MikroORM, `$n` for pg). */
const insertCommand = (p: (n: number) => string): string =>
  `insert into workflow_commands (case_id, workflow_id, kind, name, payload, created_at)
   values (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}::jsonb, now()) returning id::text as id`;
const commandParams = (c: WorkflowCommandRequest): unknown[] => [
  c.caseId,
  c.workflowId,
  c.kind,
  c.name,
  JSON.stringify(c.payload),
];

/**
 * Requests a command on a plain pg connection, in its caller's transaction (the reconciler, a script that
 * runs as the owner without the application's entity manager). The same insert as the repository's.
 */
export async function requestWorkflowCommandWith(
  db: Client,
  command: WorkflowCommandRequest,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    insertCommand((n) => `$${n}`),
    commandParams(command),
  );
  return rows[0].id;
}

/**
 * The only writer of `workflow_commands` (starts and signals requested with the change that needs them;
 * `requestWorkflowCommandWith` is the same insert for a plain connection).
 */
@Injectable()
export class WorkflowCommandRepository {
  async request(em: EntityManager, command: WorkflowCommandRequest): Promise<string> {
    const [row] = await em.execute<{ id: string }[]>(
      insertCommand(() => '?'),
      commandParams(command),
    );
    return row.id;
  }

  /** Asks for a notice workflow (one email to an audience, sent by the worker): started after commit. */
  requestNotice(
    em: EntityManager,
    notice: { caseId: string; workflowId: string } & Record<string, unknown>,
  ): Promise<string> {
    return this.request(em, {
      caseId: notice.caseId,
      workflowId: notice.workflowId,
      kind: 'start',
      name: 'noticeWorkflow',
      payload: notice,
    });
  }
}
