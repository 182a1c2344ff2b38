/**
 * Summaries of V8 CPU profiles (`node --cpu-prof`): self time per function and per package, counted
 * only over a window of the run (profile timestamps are CLOCK_MONOTONIC microseconds, the same clock
 * as process.hrtime in the benchmark), so start-up is left out.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Monotonic microseconds now, on the profiles' clock. */
export const monotonicMicros = (): number => Number(process.hrtime.bigint() / 1000n);

const ROOT = path.resolve(__dirname, '..', '..');

/** What a frame belongs to: a package, a file of this repository, Node itself, or V8's own states. */
function category(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node: internals';
  const file = url.replace(/^file:\/\//, '');
  if (file.startsWith(ROOT)) return path.relative(ROOT, file).split('/').slice(0, 2).join('/');
  return url.includes('workflow-bundle') ? 'workflow bundle (workflow code and SDK)' : 'other';
}

export interface ProfileSummary {
  file: string;
  /** Milliseconds of samples inside the window. */
  totalMs: number;
  byFunction: [string, number][];
  byCategory: [string, number][];
}

/** Self time inside [fromUs, toUs] per function (name and file:line) and per category, descending. */
export function summariseProfile(file: string, fromUs: number, toUs: number): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byCategory = new Map<string, number>();
  let t = profile.startTime;
  let totalUs = 0;
  for (let i = 0; i < profile.samples.length; i += 1) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (t < fromUs || t > toUs) continue;
    const node = nodes.get(profile.samples[i]);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue;
    // Each sample stands for the interval up to the next one.
    const next = profile.timeDeltas[i + 1] ?? delta;
    totalUs += next;
    const where = url ? `${url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + next);
    const cat = category(url, functionName);
    byCategory.set(cat, (byCategory.get(cat) ?? 0) + next);
  }
  const desc = (m: Map<string, number>): [string, number][] =>
    [...m].map(([k, us]): [string, number] => [k, us / 1000]).sort((a, b) => b[1] - a[1]);
  return { file, totalMs: totalUs / 1000, byFunction: desc(byFunction), byCategory: desc(byCategory) };
}

/** The .cpuprofile files of one process in a directory (Node names them CPU.<date>.<time>.<pid>.<tid>.<n>). */
export function profilesOf(dir: string, pid: number): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile') && f.split('.')[3] === String(pid))
    .map((f) => path.join(dir, f));
}

/** Prints the top functions and categories of a process's profiles (all its threads) over a window. */
export function printProfiles(
  label: string,
  files: string[],
  window: { fromUs: number; toUs: number },
  cases: number,
  top = 15,
): void {
  for (const file of files) {
    const s = summariseProfile(file, window.fromUs, window.toUs);
    if (s.totalMs < 1) continue;
    const thread = path.basename(file).split('.')[4];
    console.log(
      `\n${label} (thread ${thread}), ${path.basename(file)}: ${s.totalMs.toFixed(0)} ms on CPU in the window, ` +
        `${(s.totalMs / Math.max(1, cases)).toFixed(2)} ms per case`,
    );
    const pct = (ms: number) => `${((100 * ms) / s.totalMs).toFixed(1).padStart(5)}%`;
    console.log('  by package or directory (self time):');
    for (const [k, ms] of s.byCategory.slice(0, 12))
      console.log(`    ${pct(ms)} ${ms.toFixed(0).padStart(7)} ms  ${k}`);
    console.log('  by function (self time):');
    for (const [k, ms] of s.byFunction.slice(0, top))
      console.log(`    ${pct(ms)} ${ms.toFixed(0).padStart(7)} ms  ${k}`);
  }
}

/** SQL statements a process sent per case over a window (control-preload's 'sql' counts), most frequent first. */
export function printStatements(label: string, counts: Record<string, number>, cases: number): void {
  const entries = Object.entries(counts);
  const total = entries.reduce((a, [, n]) => a + n, 0);
  const per = (n: number, digits: number) => (n / Math.max(1, cases)).toFixed(digits);
  console.log(`\n${label}: ${per(total, 1)} SQL statements per case; the most frequent:`);
  for (const [text, n] of entries.slice(0, 15)) console.log(`  ${per(n, 2).padStart(6)}  ${text}`);
}
