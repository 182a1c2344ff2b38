import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

/** The only writer of `workflow_commands` (starts and signals requested with the change that needs them). */
@Injectable()
export class WorkflowCommandRepository {
  async request(
    em: EntityManager,
    command: { caseId: string; workflowId: string; kind: 'start' | 'signal'; name: string; payload: object },
  ): Promise<string> {
    const [row] = await em.execute<{ id: string }[]>(
      `insert into workflow_commands (case_id, workflow_id, kind, name, payload, created_at)
       values (?, ?, ?, ?, ?::jsonb, now()) returning id::text as id`,
      [command.caseId, command.workflowId, command.kind, command.name, JSON.stringify(command.payload)],
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
