import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { DEMO_PASSWORD } from '@vigil/access';
import { ConfigModule, LoggingModule, type Config } from '@vigil/config';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { ApiModule } from '../../../apps/api/src/api.module';
import { configureApi } from '../../../apps/api/src/configure-api';
import { configureWeb, useWebErrorPages } from '../../../apps/web/src/configure-web';
import { WebModule } from '../../../apps/web/src/web.module';

export interface WebServer {
  app: INestApplication;
  baseUrl: string;
}

async function listen(app: NestExpressApplication, wanted = 0): Promise<WebServer> {
  await app.listen(wanted, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}` };
}

/** API and pages in one process on a free port, as `main.dev.ts` serves them. */
export async function startWebServer(config: Config, port = 0): Promise<WebServer> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      LoggingModule.forRoot(),
      ApiModule.forRoot(config, { withInfrastructure: false }),
      WebModule,
    ],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
  app.set('trust proxy', 'loopback');
  configureWeb(app);
  configureApi(app);
  return listen(app, port);
}

/** The pages alone, as `main.ts` serves them in production. */
export async function startWebOnlyServer(config: Config): Promise<WebServer> {
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(config), LoggingModule.forRoot(), WebModule],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
  app.set('trust proxy', 'loopback');
  configureWeb(app);
  useWebErrorPages(app);
  return listen(app);
}

export type Agent = ReturnType<typeof request.agent>;

/** The hidden `_csrf` field of the first form on a page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('the page has no form with a _csrf field');
  return match[1];
}

/** A browser-like client (cookie jar) signed in through the sign-in page. */
export async function signedInAgent(
  baseUrl: string,
  email: string,
  password = DEMO_PASSWORD,
): Promise<Agent> {
  const agent = request.agent(baseUrl);
  const page = await agent.get('/sign-in');
  const res = await agent
    .post('/sign-in')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), email, password });
  if (res.status !== 303) throw new Error(`web sign-in for ${email} answered ${res.status}`);
  return agent;
}

/** The CSRF token a signed-in agent's forms carry (from the sign-out button on any page). */
export async function csrfOf(agent: Agent, path = '/cases'): Promise<string> {
  return csrfFrom((await agent.get(path)).text);
}
