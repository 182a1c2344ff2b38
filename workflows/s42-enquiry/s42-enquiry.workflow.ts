/*
 * s42EnquiryWorkflow: one Section 42 enquiry from opening to sign-off (DOMAIN §4.2).
 * Workflow ID `s42:<case uuid>`. Live patch IDs: 2026-11-prompt-escalation (workflows/shared/patches.ts).
 *
 * PostgreSQL is the record: every step is stored by the API, which then signals `caseUpdated` with the
 * clocks to start and stop and the notices to send; the shared case runner drives them.
 */
import type { CaseClosure, CaseWorkflowInput } from '@vigil/contracts';
import { runCase } from '../shared/case-runner';

export async function s42EnquiryWorkflow(input: CaseWorkflowInput): Promise<CaseClosure | null> {
  return runCase(input, { caseType: 's42_enquiry' });
}
