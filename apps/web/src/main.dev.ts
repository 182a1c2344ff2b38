import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, ConfigModule, LoggingModule, stopWhenOrphaned } from '@vigil/config';
import { assertRowLevelSecurity, Database } from '@vigil/persistence';
import { Logger } from 'nestjs-pino';
// The one cross-app import: in development the API and the pages share a process and a port.
import { ApiModule } from '../../api/src/api.module';
import { configureApi } from '../../api/src/configure-api';
import { configureWeb } from './configure-web';
import { WebModule } from './web.module';

@Module({
  imports: [
    ConfigModule.forRoot(),
    LoggingModule.forRoot(),
    ApiModule.forRoot(undefined, { withInfrastructure: false }),
    WebModule,
  ],
})
class DevModule {}

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(DevModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  stopWhenOrphaned(() => app.close());
  app.set('trust proxy', app.get(AppConfig).http.trustProxy);
  await assertRowLevelSecurity(app.get(Database), app.get(AppConfig), (m) => app.get(Logger).warn(m));
  configureWeb(app);
  configureApi(app);
  await app.listen(app.get(AppConfig).http.port);
}

bootstrap().catch((error: unknown) => {
  console.error('vigil failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
