/**
 * The dynamic configuration of every Temporal server Vigil starts: `npm start`, the test suites, the fault
 * suite and the benchmarks. docker-compose's server reads the same settings from
 * deploy/temporal/dynamicconfig.yaml (scripts/dev/temporal-config.spec.ts keeps the two equal). A council
 * running its own Temporal cluster sets them in its cluster's dynamic configuration (docs/docker.md,
 * "Temporal's settings").
 *
 * No imports: the launchers in scripts/, test/ and bench/ all read it.
 */
export const TEMPORAL_DYNAMIC_CONFIG: Readonly<Record<string, boolean | number | string>> = {
  /**
   * Eager activity dispatch: an activity a workflow task schedules goes back to the same worker in the
   * reply to that task, when the worker has a free slot, instead of through the task queue and a poll.
   * The activity's timeouts, retries and history are unchanged. Off by default in the server; with it, an
   * escalation's email no longer waits for an activity poll (docs/benchmarks.md, issue 12).
   */
  'system.enableActivityEagerExecution': true,
};

/** `temporal server start-dev` arguments that set TEMPORAL_DYNAMIC_CONFIG (values as JSON). */
export function dynamicConfigArgs(): string[] {
  return Object.entries(TEMPORAL_DYNAMIC_CONFIG).flatMap(([key, value]) => [
    '--dynamic-config-value',
    `${key}=${JSON.stringify(value)}`,
  ]);
}
