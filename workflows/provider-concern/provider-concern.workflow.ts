/*
 * providerConcernWorkflow: one provider concern from opening to closure or decommissioning (DOMAIN §4.7).
 * Workflow ID `provider-case:<case uuid>`.
 *
 * PostgreSQL is the record (the referral status, notices, action plan and people who must move): the API
 * stores each step and signals `caseUpdated` with the clocks to start and stop and the notices to send; the
 * shared case runner drives them. Live patch IDs: none.
 */
import type { CaseClosure, CaseWorkflowInput } from '@vigil/contracts';
import { runCase } from '../shared/case-runner';

export async function providerConcernWorkflow(input: CaseWorkflowInput): Promise<CaseClosure | null> {
  return runCase(input, { caseType: 'provider_concern' });
}
