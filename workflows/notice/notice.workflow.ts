/*
 * noticeWorkflow: one notice sent durably outside a case workflow (break-glass access, for example).
 * Workflow ID `notice:<id of what caused it>`. Live patch IDs: none.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { AllActivities, SendNoticeInput, SendNoticeResult } from '@vigil/contracts';

/** SMTP: retried until it is sent (at most ten minutes apart), however long an outage lasts. */
const notices = proxyActivities<Pick<AllActivities, 'sendNotice'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export async function noticeWorkflow(input: SendNoticeInput): Promise<SendNoticeResult> {
  return notices.sendNotice(input);
}
