import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ConcernWorkflowState, EnquiryClosedSignal, TriageDecidedSignal } from '@vigil/contracts';

/* Wire names are part of the contract with running workflows: never rename them. */
export const triageDecidedSignal = defineSignal<[TriageDecidedSignal]>('triageDecided');
export const enquiryClosedSignal = defineSignal<[EnquiryClosedSignal]>('enquiryClosed');
export const concernStateQuery = defineQuery<ConcernWorkflowState>('concernState');
