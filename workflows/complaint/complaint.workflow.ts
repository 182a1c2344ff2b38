/*
 * complaintWorkflow: one complaint from receipt to closure (DOMAIN §4.5). Workflow ID `complaint:<case uuid>`.
 *
 * PostgreSQL is the record: every step is stored by the API, which then signals `caseUpdated` with the
 * clocks to start and stop (an extended response date stops one clock and starts another) and the notices
 * to send; the shared case runner drives them.
 */
import type { CaseClosure, CaseWorkflowInput } from '@vigil/contracts';
import { runCase } from '../shared/case-runner';

export async function complaintWorkflow(input: CaseWorkflowInput): Promise<CaseClosure | null> {
  return runCase(input, { caseType: 'complaint' });
}
