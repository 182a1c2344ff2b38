import { z } from 'zod';
// Relative imports (not '@vigil/contracts') so the CLI in scripts/ runs without path-alias support.
// Both files import only zod.
import { ClockKeys, isClockKey, type ClockKey } from '../../../contracts/src/clock-keys';
import { PolicyLadderRoles } from '../../../contracts/src/roles';
import { CaseRegistry, RequiredClocks } from '../cases/registry';

/*
 * The timescale policy file (DOMAIN §5): which clocks run, how long each has, and its escalation ladder.
 * PURE: workflows may import this file through libs/domain/src/index.ts, so it uses no Node built-ins,
 * no calendars and no clock. Turning a policy into instants is libs/domain/src/calendar's job.
 */

// ---------------------------------------------------------------------------------------------------
// Types (written out by hand so editors show readable unions rather than inferred zod types)
// ---------------------------------------------------------------------------------------------------

/** When a clock is due, counted from its start. Exactly one kind per clock (DOMAIN "Conventions"). */
export type DueSpec =
  | { duration: string } // ISO-8601: date parts on the London wall clock, time parts elapsed
  | { hours: number } // H: elapsed hours, 24/7
  | { workingDays: number } // WD: endOfWorkingDay on the n-th working day after the start day
  | { calendarDays: number } // CD: 23:59:59.999 London on the n-th day after the start day
  | { months: number }; // M: same London wall-clock time n calendar months later

export type DueKind = 'duration' | 'hours' | 'workingDays' | 'calendarDays' | 'months';

/** How long after the due moment a rung fires: an ISO-8601 duration, elapsed hours or working days. */
export type OffsetSpec = string | { hours: number } | { workingDays: number };

/** A role a policy file may name; 'edt' is only ever substituted by out-of-hours routing. */
export type PolicyLadderRole = (typeof PolicyLadderRoles)[number];

export interface EscalationRung {
  after: OffsetSpec;
  to: PolicyLadderRole;
}

export const ClockOwners = ['council', 'provider'] as const;
export type ClockOwner = (typeof ClockOwners)[number];

export interface ClockPolicy {
  due: DueSpec;
  escalations: EscalationRung[];
  /** Who holds the duty. Absent in a partial file: mergeWithDefaults takes it from the shipped default. */
  owner?: ClockOwner;
  enabled: boolean;
}

export interface OfficeHours {
  start: string;
  end: string;
}

/**
 * The early-warning threshold (issue 10, DOMAIN decision 8): a provider-concern case opens by itself when
 * `count` cases of the `counts` types about one provider were raised within `window` (a complaint counts
 * once it is upheld or partly upheld).
 */
export interface ProviderConcernThreshold {
  count: number;
  /** ISO-8601 duration, e.g. P30D. */
  window: string;
  counts: string[];
}

export interface Thresholds {
  /** Null switches the early warning off. */
  providerConcern: ProviderConcernThreshold | null;
}

export interface TimescalePolicy {
  name: string;
  /** Always a string after parsing, even when the file wrote a JSON number. */
  version: string;
  effectiveFrom?: string;
  /** HH:MM Europe/London; absent means the calendar's default, 17:00. */
  endOfWorkingDay?: string;
  /** Absent: no out-of-hours (EDT) routing at all. */
  officeHours?: OfficeHours;
  clocks: Partial<Record<ClockKey, ClockPolicy>>;
  /** Absent in a council's file: the shipped default's apply. */
  thresholds?: Thresholds;
}

// ---------------------------------------------------------------------------------------------------
// ISO-8601 durations
// ---------------------------------------------------------------------------------------------------

export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

// P[nY][nM][nW][nD][T[nH][nM][n[.n]S]]. The look-aheads forbid a bare "P" and a "T" with nothing after it.
const ISO_DURATION = new RegExp(
  '^P(?!$)(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)W)?(?:(\\d+)D)?' +
    '(?:T(?=\\d)(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+(?:\\.\\d+)?)S)?)?$',
);

/** Parses an ISO-8601 duration such as PT8S, P1D, PT1H30M or P1M; null when malformed. */
export function parseIsoDuration(text: string): IsoDuration | null {
  const m = ISO_DURATION.exec(text);
  if (!m) return null;
  const n = (group: string | undefined): number => (group === undefined ? 0 : Number(group));
  return {
    years: n(m[1]),
    months: n(m[2]),
    weeks: n(m[3]),
    days: n(m[4]),
    hours: n(m[5]),
    minutes: n(m[6]),
    seconds: n(m[7]),
  };
}

// ---------------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------------

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

const isoDurationString = z
  .string({ error: 'must be an ISO-8601 duration string' })
  .refine((s) => parseIsoDuration(s) !== null, {
    error: 'must be an ISO-8601 duration such as PT8S, PT1H30M, P1D or P1M',
  });

const positiveHours = z
  .number({ error: 'must be a number' })
  .gt(0, { error: 'must be greater than 0 (hours may be fractional)' });
const nonNegativeHours = z.number({ error: 'must be a number' }).min(0, { error: 'must not be negative' });
const wholeNumber = z.number({ error: 'must be a number' }).int({ error: 'must be a whole number' });
const nonNegativeWhole = wholeNumber.min(0, { error: 'must not be negative' });
const positiveWhole = wholeNumber.min(1, { error: 'must be at least 1' });

const timeOfDay = z
  .string({ error: 'must be a time "HH:MM"' })
  .regex(HHMM, { error: 'must be a time "HH:MM"' });

/** The keys of an object that are set; JSON has no undefined, but hand-built objects may. */
function setKeys(value: Record<string, unknown>): string[] {
  return Object.keys(value).filter((k) => value[k] !== undefined);
}

/**
 * A strict object with several optional kinds of which exactly one must be set. A zod union would report
 * every branch's failures ("Invalid input"), which names no field; this reports the field that is wrong.
 */
function exactlyOneOf<T>(shape: Record<string, z.ZodType>, what: string) {
  const kinds = Object.keys(shape);
  const optional = Object.fromEntries(kinds.map((k) => [k, shape[k].optional()]));
  return z
    .strictObject(optional, { error: `must be an object with exactly one of ${kinds.join(', ')}` })
    .superRefine((value, ctx) => {
      const count = setKeys(value).length;
      if (count !== 1) {
        ctx.addIssue({ code: 'custom', message: `${what} must set exactly one of ${kinds.join(', ')}` });
      }
    })
    .transform((value) => Object.fromEntries(setKeys(value).map((k) => [k, value[k]])) as T);
}

export const DueSpecSchema = exactlyOneOf<DueSpec>(
  {
    duration: isoDurationString,
    hours: positiveHours,
    workingDays: nonNegativeWhole,
    calendarDays: positiveWhole,
    months: positiveWhole,
  },
  'due',
);

const OffsetObjectSchema = exactlyOneOf<{ hours: number } | { workingDays: number }>(
  { hours: nonNegativeHours, workingDays: nonNegativeWhole },
  'an offset',
);

export const OffsetSpecSchema: z.ZodType<OffsetSpec> = z.union([isoDurationString, OffsetObjectSchema], {
  error: 'must be an ISO-8601 duration string, { "hours": n } or { "workingDays": n }',
});

export const EscalationRungSchema = z.strictObject({
  after: OffsetSpecSchema,
  to: z.enum(PolicyLadderRoles, { error: `must be one of ${PolicyLadderRoles.join(', ')}` }),
});

export const ClockPolicySchema = z.strictObject({
  due: DueSpecSchema,
  escalations: z.array(EscalationRungSchema, { error: 'must be an array of rungs' }).default([]),
  owner: z.enum(ClockOwners, { error: `must be one of ${ClockOwners.join(', ')}` }).optional(),
  enabled: z.boolean({ error: 'must be true or false' }).default(true),
});

/** Marks the issue parsePolicy rewrites to name the source file (the schema does not know it). */
const UNKNOWN_CLOCK = 'unknown_clock';

/*
 * Unknown keys are checked by the record's key schema, not by a refinement of the whole record: zod skips
 * refinements once a value has failed, and a typo in a clock name must be reported even then.
 */
const ClockKeySchema = z
  .string()
  .refine(isClockKey, { error: 'unknown clock', params: { kind: UNKNOWN_CLOCK } });

const ClocksSchema = z
  .record(ClockKeySchema, ClockPolicySchema, { error: 'must be an object keyed by clock name' })
  .superRefine((clocks, ctx) => {
    for (const key of RequiredClocks) {
      if ((clocks as Partial<Record<ClockKey, ClockPolicy>>)[key]?.enabled === false) {
        ctx.addIssue({
          code: 'custom',
          path: [key, 'enabled'],
          message:
            'cannot be switched off: a task is due by this clock (the case-type registry marks it required)',
        });
      }
    }
  })
  .transform((clocks) => clocks as Partial<Record<ClockKey, ClockPolicy>>);

/** Rejects 2026-02-30 and the like; a wrongly shaped string is left to the format check's message. */
const isRealDate = (s: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return true;
  const [y, m, d] = s.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

const OfficeHoursSchema = z
  .strictObject(
    { start: timeOfDay, end: timeOfDay },
    { error: 'must be { "start": "HH:MM", "end": "HH:MM" }' },
  )
  .refine((h) => h.start < h.end, { error: 'start must be before end', path: ['end'] });

/** The case types an early warning may count: those the registry marks (`countsTowardsEarlyWarning`). */
export const EarlyWarningCaseTypes: readonly string[] = Object.values(CaseRegistry)
  .filter((d) => d.countsTowardsEarlyWarning)
  .map((d) => d.type);

const CountedTypeSchema = z.string({ error: 'must be a case type' }).superRefine((t, ctx) => {
  if (EarlyWarningCaseTypes.includes(t)) return;
  const known = Object.keys(CaseRegistry).includes(t);
  ctx.addIssue({
    code: 'custom',
    message: known
      ? `"${t}" cannot count toward the early warning; it takes only ${EarlyWarningCaseTypes.join(', ')}`
      : `must be a case type that counts toward the early warning: ${EarlyWarningCaseTypes.join(', ')}`,
  });
});

const ThresholdsSchema = z.strictObject(
  {
    providerConcern: z
      .strictObject(
        {
          count: positiveWhole,
          window: isoDurationString,
          counts: z
            .array(CountedTypeSchema, { error: 'must be an array of case types' })
            .min(1, { error: 'must name at least one case type' })
            .refine((ts) => new Set(ts).size === ts.length, { error: 'must name each case type once' }),
        },
        { error: 'must be { "count", "window", "counts" } or null' },
      )
      .nullable(),
  },
  { error: 'must be an object { "providerConcern": ... }' },
);

/** The whole file. Strict at every level so a misspelt property is an error, not a silent default. */
export const PolicyFileSchema: z.ZodType<TimescalePolicy> = z.strictObject(
  {
    name: z
      .string({ error: 'must be a string' })
      .regex(/^[A-Za-z0-9._-]{1,64}$/, { error: 'must be 1–64 characters of A-Z a-z 0-9 . _ -' }),
    version: z
      .union([z.string(), z.number()], { error: 'must be a string or a number' })
      .transform((v) => String(v))
      .pipe(
        z.string().regex(/^[A-Za-z0-9._-]{1,32}$/, { error: 'must be 1–32 characters of A-Z a-z 0-9 . _ -' }),
      ),
    effectiveFrom: z
      .string({ error: 'must be a date "YYYY-MM-DD"' })
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date "YYYY-MM-DD"' })
      .refine(isRealDate, { error: 'must be a real calendar date' })
      .optional(),
    endOfWorkingDay: timeOfDay.optional(),
    officeHours: OfficeHoursSchema.optional(),
    clocks: ClocksSchema,
    thresholds: ThresholdsSchema.optional(),
  },
  { error: 'must be a JSON object' },
);

// ---------------------------------------------------------------------------------------------------
// Parsing and merging
// ---------------------------------------------------------------------------------------------------

export class PolicyError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Invalid policy file ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PolicyError';
  }
}

/** ['clocks', 'concern.triage', 'escalations', 1, 'after'] → clocks["concern.triage"].escalations[1].after */
export function formatPolicyPath(path: readonly PropertyKey[]): string {
  let out = '';
  path.forEach((segment, i) => {
    if (typeof segment === 'number') out += `[${segment}]`;
    // Clock keys contain dots, so they are bracketed to keep the path unambiguous.
    else if (i === 1 && path[0] === 'clocks') out += `[${JSON.stringify(String(segment))}]`;
    else out += `${i === 0 ? '' : '.'}${String(segment)}`;
  });
  return out || '(file)';
}

type Issue = z.core.$ZodIssue;

/**
 * The branch of a failed union that matched the value's type (a string offset vs an object offset), so
 * the message names the bad field inside it instead of zod's bare "Invalid input". Undefined when no
 * branch, or more than one, matched the type.
 */
function matchingBranch(issue: Issue): Issue[] | undefined {
  if (issue.code !== 'invalid_union') return undefined;
  const typed = issue.errors.filter(
    (branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0),
  );
  return typed.length === 1 ? typed[0] : undefined;
}

function describeIssue(issue: Issue, source: string, base: readonly PropertyKey[] = []): string[] {
  const path = [...base, ...issue.path];
  const branch = matchingBranch(issue);
  if (branch) return branch.flatMap((inner) => describeIssue(inner, source, path));
  const unknownClock =
    issue.code === 'invalid_key' &&
    issue.issues.some(
      (i) => i.code === 'custom' && (i.params as { kind?: string } | undefined)?.kind === UNKNOWN_CLOCK,
    );
  if (unknownClock) {
    const key = String(path[path.length - 1]);
    return [`unknown clock "${key}" in policy file ${source}: known clocks are ${ClockKeys.join(', ')}`];
  }
  if (issue.code === 'unrecognized_keys') {
    // One line per property, so the message names the field itself and not just its parent.
    return issue.keys.map((k) => `${formatPolicyPath([...path, k])}: unknown property`);
  }
  return [`${formatPolicyPath(path)}: ${issue.message}`];
}

/** Validates a parsed JSON value; throws a PolicyError naming `source` and every bad field. */
export function parsePolicy(json: unknown, source: string): TimescalePolicy {
  const result = PolicyFileSchema.safeParse(json);
  if (!result.success) {
    throw new PolicyError(
      source,
      result.error.issues.flatMap((issue) => describeIssue(issue, source)),
    );
  }
  return result.data;
}

/**
 * Lays a council's (possibly partial) policy over the shipped defaults. A clock named in the override
 * replaces the default entry whole (a half-merged ladder would be a ladder nobody wrote), except `owner`,
 * which is a fact about the duty rather than a timescale and so falls back to the default's.
 * `name`/`version`/`effectiveFrom` identify the override, so they never come from the defaults.
 */
export function mergeWithDefaults(defaults: TimescalePolicy, override: TimescalePolicy): TimescalePolicy {
  const clocks: Partial<Record<ClockKey, ClockPolicy>> = { ...defaults.clocks };
  for (const key of Object.keys(override.clocks) as ClockKey[]) {
    const clock = override.clocks[key];
    if (!clock) continue;
    const owner = clock.owner ?? defaults.clocks[key]?.owner;
    clocks[key] = owner === undefined ? { ...clock } : { ...clock, owner };
  }
  const merged: TimescalePolicy = { name: override.name, version: override.version, clocks };
  if (override.effectiveFrom !== undefined) merged.effectiveFrom = override.effectiveFrom;
  const endOfWorkingDay = override.endOfWorkingDay ?? defaults.endOfWorkingDay;
  if (endOfWorkingDay !== undefined) merged.endOfWorkingDay = endOfWorkingDay;
  const officeHours = override.officeHours ?? defaults.officeHours;
  if (officeHours !== undefined) merged.officeHours = { ...officeHours };
  const thresholds = override.thresholds ?? defaults.thresholds;
  if (thresholds !== undefined) merged.thresholds = thresholds;
  return merged;
}

/** Which kind of clock a due spec is. */
export function dueKind(due: DueSpec): DueKind {
  if ('duration' in due) return 'duration';
  if ('hours' in due) return 'hours';
  if ('workingDays' in due) return 'workingDays';
  if ('calendarDays' in due) return 'calendarDays';
  return 'months';
}

/** H clocks (elapsed time): the only ones whose rungs may be routed to the EDT out of hours. */
export function isElapsedDue(due: DueSpec): boolean {
  const kind = dueKind(due);
  return kind === 'hours' || kind === 'duration';
}

/** DOMAIN decision 8: three concerns, serious incidents or upheld complaints about one provider in 30 days. */
export const DefaultProviderConcernThreshold: ProviderConcernThreshold = {
  count: 3,
  window: 'P30D',
  counts: ['concern', 'incident', 'complaint'],
};

/** The early-warning threshold a policy sets: its own, decision 8's when it names none, null when off. */
export function providerConcernThreshold(policy: TimescalePolicy): ProviderConcernThreshold | null {
  if (!policy.thresholds) return DefaultProviderConcernThreshold;
  return policy.thresholds.providerConcern;
}
