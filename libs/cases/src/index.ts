export * from './case-access.service';
export * from './case-queries.service';
export * from './case-views';
export * from './concerns.service';
export * from './idempotency';
export * from './scope-sql';
export * from './timescale-policy.service';
export * from './cases.module';
