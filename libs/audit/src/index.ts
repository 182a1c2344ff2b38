export * from './audit.types';
export * from './audit-chain';
export * from './audit-writer';
export * from './audit-verifier';
export * from './audit.module';
export * from './audit-checkpoint';
