import type { WorkflowHandle } from '@temporalio/client';

/**
 * Polls `describe()` until the workflow has closed, then returns its result. (A long-polling
 * `result()` started while the run was still open sometimes waited past the test timeout here.)
 */
export async function closedResult<T>(
  handle: WorkflowHandle,
  timeoutMs = 30_000,
): Promise<{ status: string; result: T | undefined }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status } = await handle.describe();
    if (status.name !== 'RUNNING') {
      return {
        status: status.name,
        result: status.name === 'COMPLETED' ? ((await handle.result()) as T) : undefined,
      };
    }
    if (Date.now() > deadline)
      throw new Error(`workflow ${handle.workflowId} still running after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
