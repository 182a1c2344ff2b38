/*
 * allegationWorkflow: one allegation against staff from raise to closure (DOMAIN §4.3).
 * Workflow ID `allegation:<case uuid>`. Live patch IDs: 2026-11-prompt-escalation (workflows/shared/patches.ts).
 *
 * PostgreSQL is the record: every duty is stored by the API, which then signals `caseUpdated` with the
 * clocks to start and stop and the notices to send; the shared case runner drives them.
 */
import type { CaseClosure, CaseWorkflowInput } from '@vigil/contracts';
import { runCase } from '../shared/case-runner';

export async function allegationWorkflow(input: CaseWorkflowInput): Promise<CaseClosure | null> {
  return runCase(input, { caseType: 'allegation' });
}
