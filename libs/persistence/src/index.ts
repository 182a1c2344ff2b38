export * from './entities';
export * from './orm.config';
export * from './database';
export * from './database.service';
export * from './persistence.module';
export * from './app-role';
export * from './row-level-security';
export * from './repositories';
