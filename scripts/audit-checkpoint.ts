/**
 * `npm run audit:checkpoint`: records every audit chain's head (last sequence and hash) under an HMAC whose
 * key the database does not hold: AUDIT_CHECKPOINT_KEY, or in development a key generated once into
 * VIGIL_DATA_DIR. Needs only DATABASE_URL (the owner connection). The worker runs it on a schedule too.
 * Exit 0 when written, 2 when it could not run.
 */
import { checkpointKey, writeCheckpoints } from '@vigil/audit';
import { EnvSchema } from '@vigil/config';
import * as path from 'node:path';
import { auditScriptEnv, runAuditScript } from './audit-script';

runAuditScript('checkpoint', async () => {
  const { databaseUrl, key: given, dataDir, production } = auditScriptEnv(EnvSchema);
  if (production && !given) throw new Error('AUDIT_CHECKPOINT_KEY: required in production');
  const key = checkpointKey({ key: given, dataDir: path.resolve(dataDir), create: true });
  if (!key) throw new Error('no checkpoint key');
  const chains = await writeCheckpoints(databaseUrl, key);
  console.log(`audit checkpoint written for ${chains} chain(s)`);
  return 0;
});
