export * from './bundle-options';
export * from './temporal-connection.service';
export * from './workflow-commands';
export * from './temporal.module';
export * from './pino-temporal-logger';
export * from './reconciler';
