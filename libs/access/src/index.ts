export * from './principals';
export * from './passwords';
export * from './auth.service';
export * from './access.module';
export * from './demo-seed';
export * from './password-policy';
export * from './oidc.service';
export * from './rate-limit';
