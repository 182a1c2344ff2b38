/*
 * noticeWorkflow: one notice sent durably outside a case workflow (break-glass access, for example).
 * Workflow ID `notice:<id of what caused it>`. Live patch IDs: none.
 */
import type { SendNoticeInput, SendNoticeResult } from '@vigil/contracts';
import { notices } from '../shared/activities';

export async function noticeWorkflow(input: SendNoticeInput): Promise<SendNoticeResult> {
  return notices.sendNotice(input);
}
