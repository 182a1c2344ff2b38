/**
 * `npm run audit:verify`: walks every audit chain with DATABASE_URL (the owner connection; default
 * postgres://postgres@127.0.0.1:5432/vigil) and nothing else from the application's configuration, so an
 * operator can run it anywhere, production included, without the application's secrets. It checks every
 * checkpoint too, with AUDIT_CHECKPOINT_KEY (or the development key in VIGIL_DATA_DIR) when there is one.
 * Exit 0 when it verifies, 1 when the chain is broken (naming the first broken row and its chain), 2 when it
 * could not run (bad DATABASE_URL, database unreachable).
 */
import { checkpointKey, verifyAuditChain } from '@vigil/audit';
import { EnvSchema } from '@vigil/config';
import * as path from 'node:path';
import { auditScriptEnv, runAuditScript } from './audit-script';

runAuditScript('verification', async () => {
  const { databaseUrl, key, dataDir } = auditScriptEnv(EnvSchema);
  const result = await verifyAuditChain(databaseUrl, {
    checkpointKey: checkpointKey({ key, dataDir: path.resolve(dataDir), create: false }),
  });
  if (result.ok) {
    console.log(
      `audit trail verified: ${result.rows} rows in ${result.chains} chain(s)` +
        `, ${result.checkpoints} checkpoint(s)${result.signaturesChecked ? '' : ' (no key here: signatures not checked)'}`,
    );
    return 0;
  }
  const b = result.firstBreak;
  console.error(`audit trail BROKEN at row id ${b?.id} (chain ${b?.chain}, seq ${b?.seq}): ${b?.reason}`);
  return 1;
});
