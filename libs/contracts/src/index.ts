import { z } from 'zod';

// zod must never generate code inside the Temporal workflow sandbox.
z.config({ jitless: true });

export * from './ids';
export * from './roles';
export * from './principal';
export * from './clock-keys';
export * from './fields';
export * from './concern.schema';
export * from './enquiry.schema';
export * from './allegation.schema';
export * from './complaint.schema';
export * from './provider-concern.schema';
export * from './notification.schema';
export * from './incident.schema';
export * from './case.schema';
export * from './workflow.schema';
export * from './activities';
export * from './failures';
export * from './problem';
