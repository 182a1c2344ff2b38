/**
 * `npm run reconcile`: compares PostgreSQL (the record) with Temporal and mends what it can
 * (libs/temporal/src/reconciler.ts, docs/reliability.md). An open case whose workflow is missing or has
 * ended gets it started again through the workflow_commands outbox; a running workflow with no case is
 * reported, and terminated only with `--terminate-orphans`. `--dry-run` changes nothing.
 *
 * Reads DATABASE_URL (the owner connection), TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and TEMPORAL_TASK_QUEUE,
 * with the application's defaults, and nothing else. Prints counts, case references and IDs, never
 * personal details. Exit 0 when nothing was left to fix, 1 when it found something it did not fix (an
 * orphan left running, a restart not delivered, or anything at all in a dry run), 2 when it could not run.
 */
import { Client, Connection } from '@temporalio/client';
import { EnvSchema } from '@vigil/config';
import { formatReconcileReport, reconcile } from '@vigil/temporal';
import { safeMessage } from './audit-script';

const KNOWN = ['--terminate-orphans', '--dry-run'];

function read<K extends 'DATABASE_URL' | 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE' | 'TEMPORAL_TASK_QUEUE'>(
  name: K,
): string {
  const raw = process.env[name];
  const parsed = EnvSchema.shape[name].safeParse(raw === '' ? undefined : raw);
  if (!parsed.success) throw new Error(`${name}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data as string;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !KNOWN.includes(a));
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(' ')} (known: ${KNOWN.join(', ')})`);
  const dryRun = args.includes('--dry-run');
  const connection = await Connection.connect({ address: read('TEMPORAL_ADDRESS'), connectTimeout: '5s' });
  try {
    const client = new Client({ connection, namespace: read('TEMPORAL_NAMESPACE') });
    const report = await reconcile({
      databaseUrl: read('DATABASE_URL'),
      client,
      taskQueue: read('TEMPORAL_TASK_QUEUE'),
      dryRun,
      terminateOrphans: args.includes('--terminate-orphans'),
    });
    const lines = formatReconcileReport(report, dryRun);
    (report.ok ? console.log : console.error)(lines.join('\n'));
    if (report.orphans.some((o) => o.outcome === 'reported') && !dryRun) {
      console.error('orphans left running: record their case IDs, then run again with --terminate-orphans');
    }
    return report.ok ? 0 : 1;
  } finally {
    await connection.close();
  }
}

const fail = (error: unknown): never => {
  console.error('reconcile failed to run:', safeMessage(error));
  process.exit(2);
};
process.on('uncaughtException', fail);
main().then((code) => process.exit(code), fail);
