export * from './templates';
export * from './mail-driver';
export * from './recipients';
export * from './notice.service';
export * from './notifications.module';
