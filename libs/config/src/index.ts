export * from './env.schema';
export * from './config';
export * from './config.module';
export * from './logging.module';
export * from './paths';
export * from './supervision';
export * from './esm';
