import type { WorkflowHandle } from '@temporalio/client';

/**
 * Polls `describe()` until the workflow has closed, then returns its result; on timeout the error
 * names the pending activities and their last failure, which `result()` alone would not.
 */
export async function closedResult<T>(
  handle: WorkflowHandle,
  timeoutMs = 30_000,
): Promise<{ status: string; result: T | undefined }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const description = await handle.describe();
    const { status } = description;
    if (status.name !== 'RUNNING') {
      return {
        status: status.name,
        result: status.name === 'COMPLETED' ? ((await handle.result()) as T) : undefined,
      };
    }
    if (Date.now() > deadline) {
      const pending = (description.raw.pendingActivities ?? []).map(
        (a) => `${a.activityType?.name} attempt ${a.attempt}: ${a.lastFailure?.message ?? 'no failure'}`,
      );
      throw new Error(
        `workflow ${handle.workflowId} still running after ${timeoutMs} ms; pending: ${pending.join('; ') || 'none'}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Polls until the workflow exists (intake starts it just after the 201), then describes it. */
export async function describeWhenStarted(
  handle: WorkflowHandle,
  timeoutMs = 15_000,
): Promise<Awaited<ReturnType<WorkflowHandle['describe']>>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await handle.describe();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
