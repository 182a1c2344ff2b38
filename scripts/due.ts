/**
 * Prints when a clock started at --from falls due, as a UTC ISO instant, and nothing else:
 *   due --from <ISO instant> (--working-days n | --hours n | --duration <ISO> | --clock <key>)
 *       [--policy <file>] [--end-of-working-day HH:MM]
 * --clock takes the due rule from the merged policy (the shipped default, or --policy laid over it).
 * Bad or missing arguments: a message on stderr, exit code 2, nothing on stdout.
 */
// Relative imports only: this file must run under a plain TypeScript loader without path aliases.
import { isClockKey } from '../libs/contracts/src/clock-keys';
import { computeDue, loadPolicy, WorkingDayCalendar } from '../libs/domain/src/calendar';
import {
  parseIsoDuration,
  type DueSpec,
  type TimescalePolicy,
} from '../libs/domain/src/policy/policy.schema';

export interface DueResult {
  code: number;
  stdout: string;
  stderr: string;
}

const USAGE =
  'usage: due --from <ISO instant> (--working-days n | --hours n | --duration <ISO> | --clock <key>) ' +
  '[--policy <file>] [--end-of-working-day HH:MM]';

const OPTIONS = [
  'from',
  'working-days',
  'hours',
  'duration',
  'clock',
  'policy',
  'end-of-working-day',
] as const;
type Option = (typeof OPTIONS)[number];

/** An instant with an explicit offset: a bare date or local time would silently depend on the host zone. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

class UsageError extends Error {}

/** `--name value` and `--name=value`; every option takes exactly one value and may appear once. */
function parseArgs(argv: readonly string[]): Partial<Record<Option, string>> {
  const out: Partial<Record<Option, string>> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (!match) throw new UsageError(`unexpected argument ${JSON.stringify(arg)}`);
    const name = match[1] as Option;
    if (!OPTIONS.includes(name)) throw new UsageError(`unknown option --${match[1]}`);
    if (out[name] !== undefined) throw new UsageError(`--${name} given twice`);
    let value = match[2];
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      i += 1;
    }
    out[name] = value;
  }
  return out;
}

function parseFrom(text: string | undefined): Date {
  if (text === undefined) throw new UsageError('--from is required');
  const at = new Date(text);
  if (!ISO_INSTANT.test(text) || Number.isNaN(at.getTime())) {
    throw new UsageError(`--from must be an ISO instant with Z or an offset, e.g. 2026-11-20T10:00:00Z`);
  }
  return at;
}

/** The explicit due rule, when one of --working-days / --hours / --duration was given. */
function explicitDue(args: Partial<Record<Option, string>>): DueSpec | undefined {
  const given = (['working-days', 'hours', 'duration', 'clock'] as const).filter(
    (o) => args[o] !== undefined,
  );
  if (given.length !== 1) {
    throw new UsageError('give exactly one of --working-days, --hours, --duration, --clock');
  }
  if (args['working-days'] !== undefined) {
    const text = args['working-days'];
    if (!/^\d+$/.test(text)) throw new UsageError('--working-days must be a whole number ≥ 0');
    return { workingDays: Number(text) };
  }
  if (args.hours !== undefined) {
    const hours = Number(args.hours);
    if (!/^\d+(\.\d+)?$/.test(args.hours) || !(hours > 0))
      throw new UsageError('--hours must be a number > 0');
    return { hours };
  }
  if (args.duration !== undefined) {
    if (!parseIsoDuration(args.duration)) {
      throw new UsageError('--duration must be an ISO-8601 duration, e.g. PT8S, PT4H, P1D');
    }
    return { duration: args.duration };
  }
  return undefined;
}

/** A policy error is an argument error here: the file was named on the command line. */
function loadForCli(file: string | undefined): TimescalePolicy {
  try {
    return loadPolicy({ file });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function compute(argv: readonly string[]): string {
  const args = parseArgs(argv);
  const from = parseFrom(args.from);
  let due = explicitDue(args);
  if (args.policy !== undefined && args.clock === undefined) throw new UsageError('--policy needs --clock');
  const eowd = args['end-of-working-day'];
  if (eowd !== undefined && !HHMM.test(eowd)) throw new UsageError('--end-of-working-day must be HH:MM');
  let endOfWorkingDay = eowd;
  if (due === undefined) {
    const key = args.clock ?? '';
    if (!isClockKey(key)) throw new UsageError(`unknown clock ${JSON.stringify(key)}`);
    const policy = loadForCli(args.policy);
    const clock = policy.clocks[key];
    if (!clock) throw new UsageError(`policy has no clock ${key}`);
    due = clock.due;
    endOfWorkingDay ??= policy.endOfWorkingDay;
  }
  const calendar = new WorkingDayCalendar({ endOfWorkingDay });
  return computeDue(from, due, calendar).toISOString();
}

/** The whole CLI as a function of its arguments (process.argv.slice(2)), for tests and for main. */
export function runDue(argv: readonly string[]): DueResult {
  try {
    return { code: 0, stdout: `${compute(argv)}\n`, stderr: '' };
  } catch (error) {
    if (error instanceof UsageError) {
      return { code: 2, stdout: '', stderr: `due: ${error.message}\n${USAGE}\n` };
    }
    return { code: 1, stdout: '', stderr: `due: ${(error as Error).message}\n` };
  }
}

if (require.main === module) {
  const result = runDue(process.argv.slice(2));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
}
