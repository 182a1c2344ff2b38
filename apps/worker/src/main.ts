import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

/** The worker process: a Nest application context (no HTTP) hosting the Temporal worker and the relay. */
async function bootstrap(): Promise<void> {
  Runtime.install({
    shutdownSignals: [],
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
}

bootstrap().catch((error: unknown) => {
  console.error('worker failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
