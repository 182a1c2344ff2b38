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

/** The activity types a workflow has scheduled so far, in order (from its history). */
export async function scheduledActivities(handle: WorkflowHandle): Promise<string[]> {
  return ((await handle.fetchHistory()).events ?? []).flatMap((e) => {
    const name = e.activityTaskScheduledEventAttributes?.activityType?.name;
    return name ? [name] : [];
  });
}

/**
 * Polls the workflow's history until an activity of this type has completed (the early-warning check a
 * counted case runs in its own workflow, say), once the workflow exists.
 */
export async function activityCompleted(
  handle: WorkflowHandle,
  activityType: string,
  timeoutMs = 30_000,
): Promise<void> {
  await describeWhenStarted(handle, timeoutMs);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = (await handle.fetchHistory()).events ?? [];
    const scheduled = new Set(
      events
        .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === activityType)
        .map((e) => String(e.eventId)),
    );
    const done = events.some((e) => {
      const id = e.activityTaskCompletedEventAttributes?.scheduledEventId;
      return id !== undefined && id !== null && scheduled.has(String(id));
    });
    if (done) return;
    if (Date.now() > deadline) {
      throw new Error(`${activityType} did not complete in ${handle.workflowId} within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
