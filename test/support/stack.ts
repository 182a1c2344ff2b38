import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Client } from '@temporalio/client';
import { Connection } from '@temporalio/client';
import { DEMO_PASSWORD, seedDemo } from '@vigil/access';
import { loadConfig, type Config } from '@vigil/config';
import type { OpenEnquiry, RaiseConcern } from '@vigil/contracts';
import {
  appUrlFor,
  DEFAULT_APP_ROLE,
  dropDatabase,
  ensureAppRole,
  ensureDatabase,
  migrate,
  ormOptions,
  withDatabase,
  queryOnce,
} from '@vigil/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { Logger as PinoLogger } from 'nestjs-pino';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApi } from '../../apps/api/src/configure-api';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { buildConcern } from '../factories/concern.factory';
import { buildEnquiry } from '../factories/enquiry.factory';
import { SmtpInbox } from './smtp-inbox';

const shared = () => {
  const {
    VIGIL_TEST_TEMPORAL_ADDRESS,
    VIGIL_TEST_TEMPLATE_DB,
    VIGIL_TEST_ADMIN_URL,
    VIGIL_TEST_WORKFLOW_BUNDLE,
  } = process.env;
  if (
    !VIGIL_TEST_TEMPORAL_ADDRESS ||
    !VIGIL_TEST_TEMPLATE_DB ||
    !VIGIL_TEST_ADMIN_URL ||
    !VIGIL_TEST_WORKFLOW_BUNDLE
  ) {
    throw new Error(
      'the test stack is missing: run these tests through jest with test/support/global-setup.ts',
    );
  }
  return {
    address: VIGIL_TEST_TEMPORAL_ADDRESS,
    template: VIGIL_TEST_TEMPLATE_DB,
    adminUrl: VIGIL_TEST_ADMIN_URL,
    bundle: VIGIL_TEST_WORKFLOW_BUNDLE,
  };
};

/**
 * A policy with durations of seconds, so escalations happen within a test. The provider's care-plan review
 * (5 working days by default) is switched off unless a test names it: these tests are about triage.
 */
export const fastPolicy = (overrides: Record<string, unknown> = {}) => ({
  name: 'fast-test',
  version: '1',
  clocks: {
    'concern.triage': {
      due: { duration: 'PT8S' },
      escalations: [
        { after: 'PT0S', to: 'assignee' },
        { after: 'PT6S', to: 'team_manager' },
        { after: 'PT12S', to: 'head_of_service' },
      ],
    },
    'concern.care_plan_review': { due: { workingDays: 5 }, enabled: false },
    ...overrides,
  },
});

/** The parts of a `201` case that tests use. */
export interface RaisedConcern {
  id: string;
  reference: string;
  version: number;
  status: string;
  tasks: { id: string; type: string; status: string }[];
}

export interface StackOptions {
  name: string;
  /** Capture the API's and worker's log lines (at LOG_LEVEL, default silent) into `stack.logs`. */
  captureLogs?: boolean;
  policy?: object;
  env?: Record<string, string>;
  worker?: boolean;
  /**
   * Another PostgreSQL server's admin URL (a fault test's own, which it may kill): the test database is
   * built there by running the migrations, instead of cloned from the shared template.
   */
  adminUrl?: string;
}

/** One test file's world: its own database, SMTP inbox, task queue, API and (optionally) worker. */
export class Stack {
  api!: INestApplication;
  worker: INestApplicationContext | null = null;
  inbox!: SmtpInbox;
  config!: Config;
  databaseUrl!: string;
  appDatabaseUrl!: string;
  readonly logs: string[] = [];
  private policyFile: string | null = null;
  private temporalClient: Client | null = null;

  private constructor(private readonly options: StackOptions) {}

  static async start(options: StackOptions): Promise<Stack> {
    const stack = new Stack(options);
    await stack.init();
    return stack;
  }

  private async init(): Promise<void> {
    const s = shared();
    const nonce = randomUUID().slice(0, 8);
    this.databaseUrl = withDatabase(
      this.options.adminUrl ?? s.adminUrl,
      `vigil_t_${this.options.name.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${nonce}`,
    );
    if (this.options.adminUrl) {
      await ensureDatabase(this.databaseUrl);
      await migrate(this.databaseUrl);
    } else {
      await ensureDatabase(this.databaseUrl, { template: s.template });
    }
    // The API connects as the restricted role, as in production: row-level security applies.
    this.appDatabaseUrl = appUrlFor(this.databaseUrl, DEFAULT_APP_ROLE, 'vigil-test-app');
    await ensureAppRole(this.databaseUrl, this.appDatabaseUrl);
    const orm = await MikroORM.init(ormOptions({ url: this.databaseUrl, poolMax: 1 }));
    await orm.em.fork().transactional((em) => seedDemo(em));
    await orm.close(true);
    this.inbox = await SmtpInbox.start();
    if (this.options.policy) {
      this.policyFile = path.join(os.tmpdir(), `vigil-policy-${nonce}.json`);
      fs.writeFileSync(this.policyFile, JSON.stringify(this.options.policy));
    }
    this.config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: this.databaseUrl,
      DATABASE_APP_URL: this.appDatabaseUrl,
      DATABASE_POOL_MAX: '5',
      TEMPORAL_ADDRESS: s.address,
      TEMPORAL_TASK_QUEUE: `vigil-test-${this.options.name}-${nonce}`,
      TEMPORAL_WORKFLOW_BUNDLE: s.bundle,
      SMTP_URL: this.inbox.url,
      PUBLIC_BASE_URL: 'http://vigil.test',
      LOG_LEVEL: 'silent',
      VIGIL_POLICY_FILE: this.policyFile ?? undefined,
      VIGIL_OUTBOX_POLL_MS: '300',
      VIGIL_OUTBOX_GRACE_MS: '500',
      ...this.options.env,
    });
    this.api = await Stack.createApi(this.config, this.logOptions());
    if (this.options.worker !== false) await this.startWorker();
  }

  private logOptions(): { stream?: NodeJS.WritableStream } {
    if (!this.options.captureLogs) return {};
    const stream = new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        this.logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        callback();
      },
    });
    return { stream };
  }

  static async createApi(
    config: Config,
    log: { stream?: NodeJS.WritableStream } = {},
  ): Promise<INestApplication> {
    const moduleRef = await Test.createTestingModule({
      imports: [ApiModule.forRoot(config, { log })],
    }).compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
    if (log.stream) app.useLogger(app.get(PinoLogger));
    configureApi(app);
    await app.init();
    return app;
  }

  async startWorker(config: Config = this.config): Promise<void> {
    const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
      logger: false,
    });
    if (this.options.captureLogs) worker.useLogger(worker.get(PinoLogger));
    await worker.init();
    this.worker = worker;
  }

  async stopWorker(): Promise<void> {
    await this.worker?.close();
    this.worker = null;
  }

  http(): ReturnType<typeof request> {
    return request(this.api.getHttpServer());
  }

  async token(email: string, password = DEMO_PASSWORD): Promise<string> {
    const res = await this.http().post('/api/v1/auth/token').send({ email, password });
    if (res.status !== 200) throw new Error(`sign-in for ${email} failed with ${res.status}`);
    return (res.body as { accessToken: string }).accessToken;
  }

  /** Raises a concern through the API as `email` (a provider lead) and answers the created case. */
  async raiseConcern(email: string, body: RaiseConcern = buildConcern()): Promise<RaisedConcern> {
    const res = await this.http()
      .post('/api/v1/concerns')
      .set('Authorization', `Bearer ${await this.token(email)}`)
      .set('Idempotency-Key', randomUUID())
      .send(body);
    if (res.status !== 201) throw new Error(`raising a concern as ${email} answered ${res.status}`);
    return res.body as RaisedConcern;
  }

  /** Opens a Section 42 enquiry directly through the API as `email` (a council officer). */
  async openEnquiry(email: string, overrides: Partial<OpenEnquiry> = {}): Promise<RaisedConcern> {
    const res = await this.http()
      .post('/api/v1/enquiries')
      .set('Authorization', `Bearer ${await this.token(email)}`)
      .set('Idempotency-Key', randomUUID())
      .send(buildEnquiry(overrides));
    if (res.status !== 201) throw new Error(`opening an enquiry as ${email} answered ${res.status}`);
    return res.body as RaisedConcern;
  }

  async temporal(): Promise<Client> {
    if (!this.temporalClient) {
      const connection = await Connection.connect({ address: this.config.temporal.address });
      this.temporalClient = new Client({ connection, namespace: this.config.temporal.namespace });
    }
    return this.temporalClient;
  }

  /** Runs SQL as the database owner (assertions on stored rows). */
  async sql<T extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    return queryOnce<T>(this.databaseUrl, text, params);
  }

  async stop(): Promise<void> {
    await this.stopWorker().catch(() => undefined);
    await this.api?.close().catch(() => undefined);
    await this.temporalClient?.connection.close().catch(() => undefined);
    await this.inbox?.stop();
    if (this.policyFile) fs.rmSync(this.policyFile, { force: true });
    if (this.databaseUrl) await dropDatabase(this.databaseUrl);
  }
}

export const Demo = {
  sunriseLead: 'lead@sunrise-care.example',
  oakwoodLead: 'lead@oakwood-homes.example',
  officer: 'officer@riverside.example',
  manager: 'manager@riverside.example',
  head: 'head@riverside.example',
  lado: 'lado@riverside.example',
  commissioner: 'commissioner@riverside.example',
} as const;
