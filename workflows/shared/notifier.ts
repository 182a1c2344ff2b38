import { log, patched } from '@temporalio/workflow';
import type { NoticeRequest } from '@vigil/contracts';
import { localFirst, localNotices, notices } from './activities';
import { Patches } from './patches';

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
    this.track(
      notices.sendNotice({ workflowId: this.workflowId, caseId: this.caseId, ...notice }),
      notice.stepKey,
    );
  }

  /** One notice, first as a local activity and, if that fails, as the retried activity (Patches.localRungs). */
  sendLocalFirst(notice: NoticeRequest): void {
    const input = { workflowId: this.workflowId, caseId: this.caseId, ...notice };
    this.track(
      localFirst(
        () => localNotices.sendNotice(input),
        () => notices.sendNotice(input),
        { caseId: this.caseId, stepKey: notice.stepKey },
      ),
      notice.stepKey,
    );
  }

  /** Notices due together: one activity for all of them (runs recorded before the patch: one each). */
  sendAll(batch: readonly NoticeRequest[]): void {
    if (batch.length > 1 && patched(Patches.batchedNotices)) {
      this.track(
        notices.sendNotices({ workflowId: this.workflowId, caseId: this.caseId, notices: [...batch] }),
        batch.map((n) => n.stepKey).join(','),
      );
      return;
    }
    for (const notice of batch) this.send(notice);
  }

  private track(delivery: Promise<unknown>, stepKey: string): void {
    this.deliveries.push(
      delivery.then(
        () => undefined,
        () => log.error('notice failed after retries', { caseId: this.caseId, stepKey }),
      ),
    );
  }

  async drain(): Promise<void> {
    await Promise.all(this.deliveries);
  }
}
