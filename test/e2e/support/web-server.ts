import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { ConfigModule, LoggingModule, type Config } from '@vigil/config';
import type { AddressInfo } from 'node:net';
import { ApiModule } from '../../../apps/api/src/api.module';
import { configureApi } from '../../../apps/api/src/configure-api';
import { configureWeb } from '../../../apps/web/src/configure-web';
import { WebModule } from '../../../apps/web/src/web.module';

/** API and pages in one process on a free port, as `main.dev.ts` serves them. */
export async function startWebServer(config: Config): Promise<{ app: INestApplication; baseUrl: string }> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      LoggingModule.forRoot(),
      ApiModule.forRoot(config, { withInfrastructure: false }),
      WebModule,
    ],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
  configureWeb(app);
  configureApi(app);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}` };
}
