/*
 * incidentWorkflow: one serious incident from report to closure (DOMAIN §4.4). Workflow ID
 * `incident:<case uuid>`. The council and the commissioner are told at start; each step's clock (the SI
 * meeting decision, the initial review, the duty-of-candour letter, the CQC's 24 hours, the ICO's 72 hours,
 * the investigation report) runs its ladder until the API signals that it is met.
 */
import type { CaseClosure, CaseWorkflowInput } from '@vigil/contracts';
import { runCase } from '../shared/case-runner';

export async function incidentWorkflow(input: CaseWorkflowInput): Promise<CaseClosure | null> {
  return runCase(input, { caseType: 'incident' });
}
