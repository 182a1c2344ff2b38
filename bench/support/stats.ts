import * as os from 'node:os';
import { performance } from 'node:perf_hooks';

/** `--name 12` from the command line, else the fallback; anything not a positive number is an error. */
export function numberArg(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const at = args.indexOf(`--${name}`);
  if (at === -1) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

/** `--name value` where value is one of `allowed`, else the fallback (the first allowed value). */
export function choiceArg<T extends string>(name: string, allowed: readonly [T, ...T[]]): T {
  const args = process.argv.slice(2);
  const at = args.indexOf(`--${name}`);
  if (at === -1) return allowed[0];
  const value = args[at + 1] as T;
  if (!allowed.includes(value)) throw new Error(`--${name} must be one of ${allowed.join(', ')}`);
  return value;
}

/** Nearest-rank percentile of an ascending array (p in 0..100); NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export const ascending = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

export const fmt = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** The 1, 5 and 15 minute load averages: other work on the machine skews every figure. */
export const loadAverage = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

export interface LoadResult {
  completed: number;
  errors: number;
  firstError: string | null;
  /** Milliseconds from the first start to the last completion. */
  elapsedMs: number;
  /** Latency of each successful operation, ms, ascending. */
  latencies: number[];
}

export const ratePerSecond = (r: LoadResult): number => (r.completed * 1000) / r.elapsedMs;

/**
 * A closed loop: `concurrency` callers each run `op` back to back until `durationMs` has passed, so
 * exactly that many are in flight at any moment. Operations started before the end are allowed to
 * finish and are counted; failures are counted separately and do not contribute latencies.
 */
export async function closedLoop(
  concurrency: number,
  durationMs: number,
  op: (index: number) => Promise<void>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let next = 0;
  const started = performance.now();
  const end = started + durationMs;
  const caller = async (): Promise<void> => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        await op(next++);
        latencies.push(performance.now() - t0);
      } catch (error) {
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  return {
    completed: latencies.length,
    errors,
    firstError,
    elapsedMs: performance.now() - started,
    latencies: ascending(latencies),
  };
}

/** Runs `op` for each index 0..count-1 with at most `concurrency` in flight; throws the first failure. */
export async function forEachLimited(
  count: number,
  concurrency: number,
  op: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const caller = async (): Promise<void> => {
    try {
      while (next < count && !failed) await op(next++);
    } catch (error) {
      // Stop the other callers too: a broken run should not keep loading the system.
      failed = true;
      throw error;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, caller));
}

/** Every `--env NAME=value` on the command line: configuration for the API and the worker under test. */
export function envArgs(): Record<string, string> {
  const args = process.argv.slice(2);
  const env: Record<string, string> = {};
  args.forEach((arg, i) => {
    if (arg !== '--env') return;
    const pair = args[i + 1] ?? '';
    const eq = pair.indexOf('=');
    if (eq < 1) throw new Error('--env needs NAME=value');
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  });
  return env;
}

/**
 * Runs two measurements of one round, swapping which goes first from round to round, so neither always
 * finds the caches the other warmed.
 */
export async function inTurn(round: number, a: () => Promise<void>, b: () => Promise<void>): Promise<void> {
  if (round % 2 === 0) {
    await a();
    await b();
  } else {
    await b();
    await a();
  }
}
