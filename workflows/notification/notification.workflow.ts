/*
 * notificationWorkflow: one notification to the commissioner (DOMAIN §4.6). Workflow ID
 * `notification:<case uuid>`. It sends the commissioner's email at once and waits, with no clock, for the
 * acknowledgement that closes it; the shared case runner drives both.
 */
import type { CaseClosure, CaseWorkflowInput } from '@vigil/contracts';
import { runCase } from '../shared/case-runner';

export async function notificationWorkflow(input: CaseWorkflowInput): Promise<CaseClosure | null> {
  return runCase(input, { caseType: 'notification' });
}
