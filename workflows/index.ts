// The single workflowsPath entry: re-exports workflow functions only.
export { concernWorkflow } from './concern/concern.workflow';
export { s42EnquiryWorkflow } from './s42-enquiry/s42-enquiry.workflow';
export { allegationWorkflow } from './allegation/allegation.workflow';
export { complaintWorkflow } from './complaint/complaint.workflow';
export { notificationWorkflow } from './notification/notification.workflow';
export { incidentWorkflow } from './incident/incident.workflow';
export { noticeWorkflow } from './notice/notice.workflow';
export { providerConcernWorkflow } from './provider-concern/provider-concern.workflow';
export { providerWatchWorkflow } from './provider-watch/provider-watch.workflow';
