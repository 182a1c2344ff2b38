/**
 * The minimal equivalent program's worker (bench:intake): a Temporal worker on its own task queue
 * running `minimalCase`, whose one activity inserts one row in one transaction. The same worker limits
 * as Vigil's (WORKER_* variables), a prebuilt bundle, a pool of DATABASE_POOL_MAX connections.
 * Environment: DATABASE_URL, TEMPORAL_ADDRESS, TEMPORAL_TASK_QUEUE, TEMPORAL_WORKFLOW_BUNDLE.
 */
import { NativeConnection, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import { loadConfig, workerTuning } from '@vigil/config';
import { Pool } from 'pg';
import type { MinimalActivities } from './workflow';

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'development' });
  Runtime.install({
    shutdownSignals: ['SIGTERM', 'SIGINT'],
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
  const pool = new Pool({ connectionString: config.database.url, max: config.database.poolMax });
  const activities: MinimalActivities = {
    async recordCase(caseId) {
      await pool.query(`insert into bench_minimal_events (case_id) values ($1)`, [caseId]);
    },
  };
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const bundle = config.temporal.workflowBundle;
  if (!bundle) throw new Error('TEMPORAL_WORKFLOW_BUNDLE is required');
  const limits = config.temporal.worker;
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities,
    workflowBundle: { codePath: bundle },
    ...workerTuning(limits),
  });
  await worker.run();
  await connection.close();
  await pool.end();
}

main().catch((error: unknown) => {
  console.error('minimal worker failed:', error);
  process.exit(1);
});
