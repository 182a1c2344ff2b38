// The single workflowsPath entry: re-exports workflow functions only.
export { concernWorkflow } from './concern/concern.workflow';
export { noticeWorkflow } from './notice/notice.workflow';
