import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { CaseUpdatedSignal, CaseWorkflowState } from '@vigil/contracts';

/* Wire names are part of the contract with running workflows: never rename them. */
export const caseUpdatedSignal = defineSignal<[CaseUpdatedSignal]>('caseUpdated');
export const caseStateQuery = defineQuery<CaseWorkflowState>('caseState');
