import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { loadConfig, stopWhenOrphaned } from '@vigil/config';
import { PinoTemporalLogger } from '@vigil/temporal';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

/** The worker process: a Nest application context (no HTTP) hosting the Temporal worker and the relay. */
async function bootstrap(): Promise<void> {
  // eslint-disable-next-line no-restricted-properties -- the logger must exist before Nest starts
  const { log } = loadConfig(process.env);
  Runtime.install({
    logger: new PinoTemporalLogger(log.level),
    shutdownSignals: [],
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  stopWhenOrphaned(() => app.close());
}

bootstrap().catch((error: unknown) => {
  console.error('worker failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
