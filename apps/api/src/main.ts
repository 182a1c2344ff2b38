import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, stopWhenOrphaned } from '@vigil/config';
import { assertRowLevelSecurity, Database } from '@vigil/persistence';
import { Logger } from 'nestjs-pino';
import { ApiModule } from './api.module';
import { configureApi } from './configure-api';

/** The API alone (production). In development apps/web/src/main.dev.ts serves API and pages together. */
async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  stopWhenOrphaned(() => app.close());
  app.set('trust proxy', app.get(AppConfig).http.trustProxy);
  await assertRowLevelSecurity(app.get(Database), app.get(AppConfig), (m) => app.get(Logger).warn(m));
  configureApi(app);
  await app.listen(app.get(AppConfig).http.port);
}

bootstrap().catch((error: unknown) => {
  console.error('api failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
