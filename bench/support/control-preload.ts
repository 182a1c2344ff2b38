/**
 * Loaded into the API and the worker by a benchmark only (`node -r @swc-node/register -r
 * bench/support/control-preload.ts ...`, with BENCH_CONTROL set to a directory); never in production.
 *
 * On SIGWINCH (Nest's shutdown hooks take SIGUSR2) the process reads `<BENCH_CONTROL>/<pid>.cmd` and answers in `<pid>.out` (JSON):
 * - `gc`: runs a full garbage collection (the process must run with --expose-gc), then reports
 *   process.memoryUsage() and the main isolate's heap statistics;
 * - `memory`: the same, without collecting;
 * - `sql`: how many statements the process has sent through `pg` since the last `sql`, by text
 *   (parameters are not recorded), and resets the count;
 * - `record-start` / `record-stop`: records every statement sent in between, with its parameters, in
 *   order, and answers them at the stop (bench:case-read replays them directly as its baseline).
 *
 * It also makes a SIGTERM shutdown end with process.exit(), so --cpu-prof writes its profiles: Nest's
 * shutdown hook re-raises the signal after closing the application, which would otherwise kill the
 * process before Node writes them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { isMainThread } from 'node:worker_threads';

const dir = process.env.BENCH_CONTROL;

/** Statement text (whitespace folded, first 160 characters) → times sent. */
const statements = new Map<string, number>();
/** Statements sent while recording, in order; null when not recording. */
let recorded: { text: string; values?: unknown[] }[] | null = null;

/** Counts every query sent through pg (MikroORM and knex use the same module instance). */
function countStatements(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- patched in place, before anything loads it
  const pg = require('pg') as { Client: { prototype: { query: (...args: unknown[]) => unknown } } };
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function query(this: unknown, ...args: unknown[]): unknown {
    const first = args[0];
    const text =
      typeof first === 'string'
        ? first
        : typeof first === 'object' && first && 'text' in first
          ? String((first as { text: unknown }).text)
          : '(other)';
    if (recorded) {
      const values = Array.isArray(args[1])
        ? args[1]
        : typeof first === 'object' && first && 'values' in first
          ? first.values
          : undefined;
      recorded.push({ text, ...(Array.isArray(values) ? { values: values as unknown[] } : {}) });
    }
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 160);
    statements.set(key, (statements.get(key) ?? 0) + 1);
    return original.apply(this, args);
  };
}

function answer(command: string): object {
  if (command === 'record-start') {
    recorded = [];
    return { command, at: Date.now() };
  }
  if (command === 'record-stop') {
    const out = recorded ?? [];
    recorded = null;
    return { command, at: Date.now(), recorded: out };
  }
  if (command === 'sql') {
    const counts = Object.fromEntries([...statements].sort((a, b) => b[1] - a[1]));
    statements.clear();
    return { command, at: Date.now(), statements: counts };
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  if (command === 'gc') {
    if (!gc) return { error: 'run with --expose-gc' };
    gc();
  }
  const heap = v8.getHeapStatistics();
  return {
    command,
    at: Date.now(),
    memory: process.memoryUsage(),
    heap: { used: heap.used_heap_size, total: heap.total_heap_size, external: heap.external_memory },
  };
}

if (dir && isMainThread) {
  countStatements();
  process.on('SIGWINCH', () => {
    const base = path.join(dir, String(process.pid));
    let command = '';
    try {
      command = fs.readFileSync(`${base}.cmd`, 'utf8').trim();
      fs.rmSync(`${base}.cmd`);
    } catch {
      return;
    }
    const out = JSON.stringify(answer(command));
    fs.writeFileSync(`${base}.tmp`, out);
    fs.renameSync(`${base}.tmp`, `${base}.out`);
  });
  let terms = 0;
  process.on('SIGTERM', () => {
    terms += 1;
    // The first is the application's own shutdown; the second is Nest re-raising it when done.
    if (terms > 1) process.exit(0);
  });
}
