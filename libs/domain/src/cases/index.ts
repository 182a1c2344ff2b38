export * from './case-type';
export * from './concern.definition';
export * from './s42-enquiry.definition';
export * from './allegation.definition';
export * from './complaint.definition';
export * from './notification.definition';
export * from './incident.definition';
export * from './registry';
