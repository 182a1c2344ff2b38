import { queryOnce } from '@vigil/persistence';
import * as fs from 'node:fs';
import * as os from 'node:os';

export interface Memory {
  /** Resident set size now, KiB. */
  rssKiB: number;
  /** Peak resident set size since the process started (the kernel's high-water mark), KiB. */
  hwmKiB: number;
}

/** VmRSS and VmHWM from /proc/<pid>/status (Linux only); null once the process has gone. */
export function readMemory(pid: number): Memory | null {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssKiB: field('VmRSS'), hwmKiB: field('VmHWM') };
}

export const mib = (kib: number): number => kib / 1024;

/**
 * Samples a process's RSS every `intervalMs` and keeps the largest. VmHWM alone would also count the
 * start-up peak; sampling measures the window the benchmark cares about.
 */
export function sampleRss(pid: number, intervalMs = 200): { stop(): { peakKiB: number; samples: number } } {
  let peakKiB = 0;
  let samples = 0;
  const take = () => {
    const memory = readMemory(pid);
    if (!memory) return;
    samples += 1;
    peakKiB = Math.max(peakKiB, memory.rssKiB);
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      take();
      return { peakKiB, samples };
    },
  };
}

/** User + system CPU seconds a process has used (/proc/<pid>/stat; clock ticks are 1/100 s on Linux). */
export function cpuSeconds(pid: number): number {
  try {
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/**
 * CPU used by named processes over a window, as a percentage of one core (a process with several
 * threads can exceed 100%). On 2 cores, the machine's whole capacity is 200%.
 */
export function cpuMeter(processes: { name: string; pid: number | undefined }[]): { stop(): string } {
  const started = Date.now();
  const before = processes.map((p) => (p.pid ? cpuSeconds(p.pid) : NaN));
  return {
    stop: () => {
      const seconds = (Date.now() - started) / 1000;
      return processes
        .map((p, i) => {
          const used = p.pid ? cpuSeconds(p.pid) - before[i] : NaN;
          return `${p.name} ${Number.isFinite(used) ? ((100 * used) / seconds).toFixed(0) : 'n/a'}%`;
        })
        .join(', ');
    },
  };
}

/** The machine's CPU ticks from /proc/stat: all of them, and those spent idle or waiting for I/O. */
function machineTicks(): { total: number; idle: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
  // cpu user nice system idle iowait irq softirq steal (guest time is already inside user and nice)
  const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
  return { total: v.reduce((a, b) => a + b, 0), idle: v[3] + v[4] };
}

/**
 * How busy the whole machine was over a window, every process and the kernel included (and time the
 * hypervisor stole, where it reports it), against its capacity: whether the CPU was the limit. Also this
 * benchmark process's own share (its SMTP server receives every email).
 */
export function machineMeter(): { stop(): string } {
  const before = machineTicks();
  const self = process.cpuUsage();
  const started = Date.now();
  return {
    stop: () => {
      const after = machineTicks();
      const total = after.total - before.total;
      const busy = total - (after.idle - before.idle);
      const own = process.cpuUsage(self);
      const seconds = (Date.now() - started) / 1000;
      const cores = os.cpus().length;
      return (
        `${((100 * busy) / Math.max(1, total)).toFixed(0)}% of ${cores} cores busy; ` +
        `this benchmark process ${((100 * (own.user + own.system)) / 1e6 / seconds).toFixed(0)}% of one core`
      );
    },
  };
}

/** The PostgreSQL backends serving a database (the benchmark's own session excluded). */
export async function postgresBackends(databaseUrl: string): Promise<number[]> {
  const rows = await queryOnce<{ pid: number }>(
    databaseUrl,
    `select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
  );
  return rows.map((r) => r.pid);
}

/** A named group of processes whose CPU is added up (PostgreSQL is one backend per connection). */
export interface CpuGroup {
  name: string;
  pids: () => number[] | Promise<number[]>;
}

/**
 * CPU seconds per group over a window. Processes that appear during the window count in full (a new
 * PostgreSQL backend, say); ones that exit before its end are lost, so keep pools warm.
 */
export async function cpuLedger(groups: CpuGroup[]): Promise<{ stop(): Promise<Map<string, number>> }> {
  const before = new Map<number, number>();
  for (const g of groups) for (const pid of await g.pids()) before.set(pid, cpuSeconds(pid));
  return {
    stop: async () => {
      const used = new Map<string, number>();
      for (const g of groups) {
        let total = 0;
        for (const pid of await g.pids()) {
          const now = cpuSeconds(pid);
          if (Number.isFinite(now)) total += now - (before.get(pid) ?? 0);
        }
        used.set(g.name, total);
      }
      return used;
    },
  };
}

/** "API 12.3, worker 8.1, ..." in CPU milliseconds per case. */
export function cpuPerCase(used: Map<string, number>, cases: number): string {
  const parts = [...used].map(([name, s]) => `${name} ${((1000 * s) / Math.max(1, cases)).toFixed(1)}`);
  const total = [...used.values()].reduce((a, b) => a + b, 0);
  return `${parts.join(', ')}; total ${((1000 * total) / Math.max(1, cases)).toFixed(1)}`;
}

/**
 * Each group's CPU over a window less what it spends idle in as long (its rate measured while nothing was
 * asked of it): the CPU the work itself cost. Never below zero.
 */
export function netOfIdle(
  used: Map<string, number>,
  idleRate: Map<string, number>,
  seconds: number,
): Map<string, number> {
  return new Map([...used].map(([name, s]) => [name, Math.max(0, s - (idleRate.get(name) ?? 0) * seconds)]));
}

/** "worker 1.2%, Temporal 8.0%" from CPU seconds per second. */
export const percentOfCore = (rate: Map<string, number>): string =>
  [...rate].map(([name, r]) => `${name} ${(100 * r).toFixed(1)}%`).join(', ');

/** CPU seconds each group used per second over `seconds` of waiting (an idle baseline). */
export async function idleCpuRate(groups: CpuGroup[], seconds: number): Promise<Map<string, number>> {
  const ledger = await cpuLedger(groups);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const used = await ledger.stop();
  return new Map([...used].map(([name, s]) => [name, s / seconds]));
}

/** CPU seconds of each thread of a process, keyed by thread ID, with the thread's name (/proc/<pid>/task). */
export function threadCpu(pid: number): Map<number, { name: string; seconds: number }> {
  const out = new Map<number, { name: string; seconds: number }>();
  let tids: string[] = [];
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const name = fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), { name, seconds: (Number(fields[11]) + Number(fields[12])) / 100 });
    } catch {
      // The thread ended.
    }
  }
  return out;
}

/** The busiest threads of a process over a window, as "name (tid) 97%" in % of one core. */
export function threadMeter(pid: number): { stop(top?: number): string } {
  const started = Date.now();
  const before = threadCpu(pid);
  return {
    stop: (top = 6) => {
      const seconds = (Date.now() - started) / 1000;
      return [...threadCpu(pid)]
        .map(([tid, t]) => ({ tid, name: t.name, used: t.seconds - (before.get(tid)?.seconds ?? 0) }))
        .sort((a, b) => b.used - a.used)
        .slice(0, top)
        .map((t) => `${t.name} (${t.tid}) ${((100 * t.used) / seconds).toFixed(0)}%`)
        .join(', ');
    },
  };
}
