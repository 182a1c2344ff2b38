/** `npm run audit:verify`: walks every audit chain with DATABASE_URL; exit 0 when it verifies. */
import { verifyAuditChain } from '@vigil/audit';
import { loadConfig } from '@vigil/config';

async function main(): Promise<number> {
  const { database } = loadConfig(process.env);
  const result = await verifyAuditChain(database.url);
  if (result.ok) {
    console.log(`audit trail verified: ${result.rows} rows in ${result.chains} chain(s)`);
    return 0;
  }
  const b = result.firstBreak;
  console.error(`audit trail BROKEN at row id ${b?.id} (chain ${b?.chain}, seq ${b?.seq}): ${b?.reason}`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('audit verification failed to run:', error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
