import { log } from '@temporalio/workflow';
import type { NoticeRequest } from '@vigil/contracts';
import { notices } from './activities';

/**
 * Sends a case's notices without holding up the workflow, and lets it wait for all of them before it
 * ends. Only a failure that is not retried ends in the log (sending itself is retried until it succeeds).
 */
export class Notifier {
  private readonly deliveries: Promise<void>[] = [];

  constructor(
    private readonly workflowId: string,
    private readonly caseId: string,
  ) {}

  send(notice: NoticeRequest): void {
    this.deliveries.push(
      notices.sendNotice({ workflowId: this.workflowId, caseId: this.caseId, ...notice }).then(
        () => undefined,
        () => log.error('notice failed after retries', { caseId: this.caseId, stepKey: notice.stepKey }),
      ),
    );
  }

  async drain(): Promise<void> {
    await Promise.all(this.deliveries);
  }
}
