/** Prebuilds the production workflow bundle (dist/workflow-bundle.js); set TEMPORAL_WORKFLOW_BUNDLE to use it. */
import { bundleWorkflowCode } from '@temporalio/worker';
import { prebuiltBundlePath, workflowBundleOptions } from '@vigil/temporal';
import * as fs from 'node:fs';
import * as path from 'node:path';

async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode(workflowBundleOptions());
  const target = prebuiltBundlePath();
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, code);
  console.log(`workflow bundle written to ${target} (${Math.round(code.length / 1024)} KiB)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
