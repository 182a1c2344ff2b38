export * from './case-change';
export * from './case-engine.service';
export * from './case-views.service';
export * from './command-delivery.service';
export * from './task-handler';
export * from './task-completion.service';
export * from './case-transitions.service';
export * from './case-close.service';
