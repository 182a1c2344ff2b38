import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, ConfigModule, LoggingModule, stopWhenOrphaned } from '@vigil/config';
import { assertRowLevelSecurity, Database } from '@vigil/persistence';
import { Logger } from 'nestjs-pino';
import { configureWeb, useWebErrorPages } from './configure-web';
import { WebModule } from './web.module';

@Module({ imports: [ConfigModule.forRoot(), LoggingModule.forRoot(), WebModule] })
class WebAppModule {}

/** The staff pages alone (production); in development main.dev.ts serves pages and API together. */
async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(WebAppModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  stopWhenOrphaned(() => app.close());
  app.set('trust proxy', app.get(AppConfig).http.trustProxy);
  await assertRowLevelSecurity(app.get(Database), app.get(AppConfig), (m) => app.get(Logger).warn(m));
  configureWeb(app);
  useWebErrorPages(app);
  await app.listen(app.get(AppConfig).http.port);
}

bootstrap().catch((error: unknown) => {
  console.error('web failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
