import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import { dropDatabase, ensureDatabase, migrate, migrationNeeded, withDatabase } from '@vigil/persistence';
import { PinoTemporalLogger, workflowBundleOptions } from '@vigil/temporal';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findTemporalCli } from '../../scripts/dev/temporal';
import { dynamicConfigArgs } from '../../scripts/dev/temporal-config';

/*
 * Once per jest run, shared by the workflow, replay, integration and e2e projects: a Temporal dev
 * server (real, from the CLI binary), a template database built by running every migration, and the
 * workflow bundle. Each test file then clones the database, and runs its own task queue and SMTP server.
 */

interface SharedStack {
  users: number;
  env: TestWorkflowEnvironment | null;
  templateUrl: string;
  bundlePath: string;
}

const g = globalThis as typeof globalThis & { __vigilStack?: SharedStack };

export default async function globalSetup(): Promise<void> {
  if (g.__vigilStack) {
    g.__vigilStack.users += 1;
    return;
  }
  const started = Date.now();

  const env = process.env;
  const adminUrl = env.VIGIL_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const templateName = `vigil_test_tpl_${process.pid}`;
  const templateUrl = withDatabase(adminUrl, templateName);

  let temporal: TestWorkflowEnvironment | null = null;
  let address = env.VIGIL_TEST_TEMPORAL_ADDRESS;
  if (!address) {
    const cli = findTemporalCli();
    temporal = await TestWorkflowEnvironment.createLocal({
      server: {
        ...(cli ? { executable: { type: 'existing-path' as const, path: cli } } : {}),
        ip: '127.0.0.1',
        log: { format: 'pretty', level: 'error' },
        extraArgs: dynamicConfigArgs(),
      },
    });
    address = temporal.connection.options.address;
  }

  await dropDatabase(templateUrl);
  await ensureDatabase(templateUrl);
  await migrate(templateUrl);
  if (await migrationNeeded(templateUrl)) {
    throw new Error('The entities differ from what the migrations build: run npm run db:migration:create');
  }

  const code = await bundleWorkflowCode({
    ...workflowBundleOptions(),
    logger: new PinoTemporalLogger('warn'),
  });
  const bundlePath = path.join(os.tmpdir(), `vigil-workflow-bundle-${process.pid}.js`);
  fs.writeFileSync(bundlePath, code.code);

  env.VIGIL_TEST_TEMPORAL_ADDRESS = address;
  env.VIGIL_TEST_TEMPLATE_DB = templateName;
  env.VIGIL_TEST_ADMIN_URL = adminUrl;
  env.VIGIL_TEST_WORKFLOW_BUNDLE = bundlePath;
  g.__vigilStack = { users: 1, env: temporal, templateUrl, bundlePath };
  console.log(
    `\n[vigil test stack] Temporal ${address}, template ${templateName}, ready in ${Date.now() - started} ms`,
  );
}
