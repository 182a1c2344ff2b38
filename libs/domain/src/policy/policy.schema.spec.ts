import { describe, expect, it } from '@jest/globals';
import {
  EarlyWarningCaseTypes,
  dueKind,
  formatPolicyPath,
  isElapsedDue,
  mergeWithDefaults,
  parseIsoDuration,
  parsePolicy,
  PolicyError,
  providerConcernThreshold,
  type TimescalePolicy,
} from './policy.schema';

const SOURCE = '/etc/vigil/policy.json';

const fastTest = {
  name: 'fast-test',
  version: '1',
  effectiveFrom: '2026-01-01',
  endOfWorkingDay: '17:00',
  officeHours: { start: '09:00', end: '17:00' },
  clocks: {
    'concern.triage': {
      due: { duration: 'PT8S' },
      escalations: [
        { after: 'PT0S', to: 'assignee' },
        { after: 'PT6S', to: 'team_manager' },
        { after: 'PT12S', to: 'head_of_service' },
      ],
    },
  },
};

/** One clock entry in an otherwise valid file. */
function withClock(clock: unknown, key = 'concern.triage'): unknown {
  return { name: 'p', version: '1', clocks: { [key]: clock } };
}

/** The PolicyError thrown for `json`, failing the test if parsing succeeds. */
function errorFor(json: unknown): PolicyError {
  try {
    parsePolicy(json, SOURCE);
  } catch (error) {
    if (error instanceof PolicyError) return error;
    throw error;
  }
  throw new Error('expected a PolicyError');
}

describe('parseIsoDuration', () => {
  it.each([
    ['PT8S', { seconds: 8 }],
    ['PT0S', { seconds: 0 }],
    ['P1D', { days: 1 }],
    ['PT1H30M', { hours: 1, minutes: 30 }],
    ['P1M', { months: 1 }],
    ['P1Y2M3W4DT5H6M7.5S', { years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7.5 }],
  ])('parses %s', (text, parts) => {
    const zero = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };
    expect(parseIsoDuration(text)).toEqual({ ...zero, ...parts });
  });

  it.each(['', 'P', 'PT', 'P1DT', '1D', 'PT1.5H', 'P-1D', 'pt1s', 'P1S', 'PT1D', 'P1DT1H ', 'PT8s'])(
    'rejects %j',
    (text) => {
      expect(parseIsoDuration(text)).toBeNull();
    },
  );
});

describe('parsePolicy', () => {
  it('parses the fast-test example, filling defaults', () => {
    const policy = parsePolicy(fastTest, SOURCE);
    expect(policy.name).toBe('fast-test');
    expect(policy.officeHours).toEqual({ start: '09:00', end: '17:00' });
    expect(policy.clocks['concern.triage']).toEqual({
      due: { duration: 'PT8S' },
      enabled: true,
      escalations: [
        { after: 'PT0S', to: 'assignee' },
        { after: 'PT6S', to: 'team_manager' },
        { after: 'PT12S', to: 'head_of_service' },
      ],
    });
  });

  it('turns a numeric version into a string', () => {
    expect(parsePolicy({ ...fastTest, version: 1 }, SOURCE).version).toBe('1');
    expect(parsePolicy({ ...fastTest, version: 2026.11 }, SOURCE).version).toBe('2026.11');
  });

  it('defaults escalations to none and accepts every due kind', () => {
    for (const due of [
      { hours: 0.5 },
      { workingDays: 0 },
      { calendarDays: 1 },
      { months: 6 },
      { duration: 'P1D' },
    ]) {
      const policy = parsePolicy(withClock({ due }), SOURCE);
      expect(policy.clocks['concern.triage']).toEqual({ due, escalations: [], enabled: true });
    }
  });

  it('names the key, the file and the known clocks for an unknown clock', () => {
    const error = errorFor(withClock({ due: { hours: 1 } }, 'concern.triag'));
    expect(error.message).toContain(
      `unknown clock "concern.triag" in policy file ${SOURCE}: known clocks are `,
    );
    expect(error.message).toContain('concern.triage, concern.urgent_triage');
    expect(error.source).toBe(SOURCE);
  });

  it.each([
    [{}, 'clocks["concern.triage"].due: due must set exactly one of'],
    [{ hours: 4, workingDays: 1 }, 'clocks["concern.triage"].due: due must set exactly one of'],
    [{ duration: 'P1X' }, 'clocks["concern.triage"].due.duration: must be an ISO-8601 duration'],
    [{ duration: 8 }, 'clocks["concern.triage"].due.duration: must be an ISO-8601 duration string'],
    [{ days: 1 }, 'clocks["concern.triage"].due.days: unknown property'],
    [{ hours: 0 }, 'clocks["concern.triage"].due.hours: must be greater than 0'],
    [{ hours: -1 }, 'clocks["concern.triage"].due.hours: must be greater than 0'],
    [{ hours: '4' }, 'clocks["concern.triage"].due.hours: must be a number'],
    [{ workingDays: -1 }, 'clocks["concern.triage"].due.workingDays: must not be negative'],
    [{ workingDays: 1.5 }, 'clocks["concern.triage"].due.workingDays: must be a whole number'],
    [{ calendarDays: 0 }, 'clocks["concern.triage"].due.calendarDays: must be at least 1'],
    [{ months: -6 }, 'clocks["concern.triage"].due.months: must be at least 1'],
    ['PT4H', 'clocks["concern.triage"].due: must be an object with exactly one of'],
  ])('rejects due %j naming the field', (due, message) => {
    expect(errorFor(withClock({ due })).message).toContain(message);
  });

  it('requires due', () => {
    expect(errorFor(withClock({ escalations: [] })).message).toContain('clocks["concern.triage"].due: ');
  });

  it.each([
    [{ after: 'PT', to: 'assignee' }, 'escalations[1].after: must be an ISO-8601 duration'],
    [{ after: 'P1X', to: 'assignee' }, 'escalations[1].after: must be an ISO-8601 duration'],
    [
      { after: 5, to: 'assignee' },
      'escalations[1].after: must be an ISO-8601 duration string, { "hours": n }',
    ],
    [{ after: { hours: -1 }, to: 'assignee' }, 'escalations[1].after.hours: must not be negative'],
    [
      { after: { workingDays: -2 }, to: 'assignee' },
      'escalations[1].after.workingDays: must not be negative',
    ],
    [
      { after: { workingDays: 0.5 }, to: 'assignee' },
      'escalations[1].after.workingDays: must be a whole number',
    ],
    [
      { after: { hours: 1, workingDays: 1 }, to: 'assignee' },
      'escalations[1].after: an offset must set exactly one',
    ],
    [{ after: { days: 1 }, to: 'assignee' }, 'escalations[1].after.days: unknown property'],
    [{ after: 'PT0S', to: 'boss' }, 'escalations[1].to: must be one of assignee, team_manager'],
    [{ after: 'PT0S', to: 'edt' }, 'escalations[1].to: must be one of'],
    [{ after: 'PT0S', to: 'assignee', note: 'x' }, 'escalations[1].note: unknown property'],
    [{ to: 'assignee' }, 'escalations[1].after: '],
  ])('rejects rung %j naming the field', (rung, message) => {
    const clock = { due: { hours: 1 }, escalations: [{ after: 'PT0S', to: 'assignee' }, rung] };
    expect(errorFor(withClock(clock)).message).toContain(`clocks["concern.triage"].${message}`);
  });

  it('refuses to switch off the triage clock, naming it', () => {
    expect(errorFor(withClock({ due: { hours: 1 }, enabled: false })).message).toContain(
      'clocks["concern.triage"].enabled: cannot be switched off',
    );
  });

  it('rejects unknown properties and bad owner/enabled in a clock entry', () => {
    const message = errorFor(
      withClock({ due: { hours: 1 }, owner: 'nhs', enabled: 'yes', ladder: 'C-H' }),
    ).message;
    expect(message).toContain('clocks["concern.triage"].ladder: unknown property');
    expect(message).toContain('clocks["concern.triage"].owner: must be one of council, provider');
    expect(message).toContain('clocks["concern.triage"].enabled: must be true or false');
  });

  it.each([
    [{ name: 'has space' }, 'name: must be 1–64 characters'],
    [{ name: undefined }, 'name: must be a string'],
    [{ version: true }, 'version: must be a string or a number'],
    [{ version: 'v 1' }, 'version: must be 1–32 characters'],
    [{ effectiveFrom: '2026-02-30' }, 'effectiveFrom: must be a real calendar date'],
    [{ effectiveFrom: '23/11/2026' }, 'effectiveFrom: must be a date "YYYY-MM-DD"'],
    [{ endOfWorkingDay: '5pm' }, 'endOfWorkingDay: must be a time "HH:MM"'],
    [{ officeHours: { start: '17:00', end: '09:00' } }, 'officeHours.end: start must be before end'],
    [{ officeHours: { start: '9:00', end: '17:00' } }, 'officeHours.start: must be a time "HH:MM"'],
    [{ clocks: [] }, 'clocks: must be an object keyed by clock name'],
    [{ clock: {} }, 'clock: unknown property'],
  ])('rejects top-level %j naming the field', (patch, message) => {
    expect(errorFor({ ...fastTest, ...patch }).message).toContain(message);
  });

  it('reports one message for a wrongly shaped date', () => {
    expect(errorFor({ ...fastTest, effectiveFrom: '23/11/2026' }).problems).toEqual([
      'effectiveFrom: must be a date "YYYY-MM-DD"',
    ]);
  });

  it('rejects a non-object file', () => {
    expect(errorFor([]).message).toContain('(file): must be a JSON object');
  });

  it('lists every bad field in one error, headed by the source', () => {
    const error = errorFor({
      name: 'p',
      version: '1',
      clocks: {
        'concern.triage': { due: { hours: -1 } },
        'concern.urgent_triage': { due: { hours: 1 }, escalations: [{ after: 'PT0S', to: 'nobody' }] },
        'concern.triag': { due: { hours: 'x' } },
      },
    });
    expect(error.message.startsWith(`Invalid policy file ${SOURCE}:`)).toBe(true);
    expect(error.problems).toHaveLength(3);
    expect(error.message).toContain(`unknown clock "concern.triag" in policy file ${SOURCE}`);
    expect(error.message).toContain('clocks["concern.triage"].due.hours');
    expect(error.message).toContain('clocks["concern.urgent_triage"].escalations[0].to');
  });
});

describe('formatPolicyPath', () => {
  it('brackets clock keys and array indexes', () => {
    expect(formatPolicyPath(['clocks', 'concern.triage', 'escalations', 1, 'after'])).toBe(
      'clocks["concern.triage"].escalations[1].after',
    );
    expect(formatPolicyPath(['officeHours', 'end'])).toBe('officeHours.end');
    expect(formatPolicyPath([])).toBe('(file)');
  });
});

describe('dueKind / isElapsedDue', () => {
  it('classifies each kind', () => {
    expect(dueKind({ duration: 'PT1S' })).toBe('duration');
    expect(dueKind({ months: 1 })).toBe('months');
    expect(isElapsedDue({ hours: 4 })).toBe(true);
    expect(isElapsedDue({ duration: 'P1D' })).toBe(true);
    expect(isElapsedDue({ workingDays: 1 })).toBe(false);
    expect(isElapsedDue({ calendarDays: 1 })).toBe(false);
  });
});

describe('mergeWithDefaults', () => {
  const defaults: TimescalePolicy = {
    name: 'vigil-default',
    version: '2026.11.1',
    effectiveFrom: '2026-11-23',
    endOfWorkingDay: '17:00',
    clocks: {
      'concern.triage': {
        due: { workingDays: 1 },
        owner: 'council',
        enabled: true,
        escalations: [
          { after: { workingDays: 0 }, to: 'assignee' },
          { after: { workingDays: 1 }, to: 'team_manager' },
        ],
      },
      'notice.safeguarding': {
        due: { hours: 4 },
        owner: 'provider',
        enabled: true,
        escalations: [{ after: { hours: 0 }, to: 'assignee' }],
      },
      'returns.low_level_concerns': {
        due: { workingDays: 10 },
        owner: 'provider',
        enabled: false,
        escalations: [],
      },
    },
  };

  it('keeps the defaults for clocks the file does not name', () => {
    const override = parsePolicy(fastTest, SOURCE);
    const merged = mergeWithDefaults(defaults, override);
    expect(merged.clocks['notice.safeguarding']).toEqual(defaults.clocks['notice.safeguarding']);
    expect(Object.keys(merged.clocks).sort()).toEqual(Object.keys(defaults.clocks).sort());
  });

  it('replaces a named clock whole, taking only the owner from the default', () => {
    const merged = mergeWithDefaults(defaults, parsePolicy(fastTest, SOURCE));
    expect(merged.clocks['concern.triage']).toEqual({
      due: { duration: 'PT8S' },
      owner: 'council',
      enabled: true,
      escalations: [
        { after: 'PT0S', to: 'assignee' },
        { after: 'PT6S', to: 'team_manager' },
        { after: 'PT12S', to: 'head_of_service' },
      ],
    });
  });

  it('lets a file set the owner and re-enable a clock that is off by default', () => {
    const override = parsePolicy(
      withClock({ due: { workingDays: 5 }, owner: 'council' }, 'returns.low_level_concerns'),
      SOURCE,
    );
    const merged = mergeWithDefaults(defaults, override);
    expect(merged.clocks['returns.low_level_concerns']).toEqual({
      due: { workingDays: 5 },
      owner: 'council',
      enabled: true,
      escalations: [],
    });
  });

  it('takes name and version from the file, other settings from the file when present', () => {
    const merged = mergeWithDefaults(defaults, parsePolicy(fastTest, SOURCE));
    expect([merged.name, merged.version, merged.effectiveFrom]).toEqual(['fast-test', '1', '2026-01-01']);
    expect(merged.officeHours).toEqual({ start: '09:00', end: '17:00' });

    const bare = mergeWithDefaults(defaults, { name: 'kent', version: '3', clocks: {} });
    expect([bare.name, bare.version, bare.effectiveFrom]).toEqual(['kent', '3', undefined]);
    expect(bare.endOfWorkingDay).toBe('17:00');
    expect(bare.officeHours).toBeUndefined();

    const late = mergeWithDefaults(defaults, {
      name: 'kent',
      version: '3',
      endOfWorkingDay: '17:30',
      clocks: {},
    });
    expect(late.endOfWorkingDay).toBe('17:30');
  });

  it('does not modify its inputs', () => {
    const before = JSON.stringify(defaults);
    const override = parsePolicy(fastTest, SOURCE);
    const overrideBefore = JSON.stringify(override);
    mergeWithDefaults(defaults, override);
    expect(JSON.stringify(defaults)).toBe(before);
    expect(JSON.stringify(override)).toBe(overrideBefore);
  });
});

describe('early-warning thresholds', () => {
  const file = (thresholds: unknown) => ({ name: 'p', version: '1', clocks: {}, thresholds });

  it('reads a council threshold, and decision 8 when the file names none', () => {
    const own = parsePolicy(
      file({ providerConcern: { count: 2, window: 'P14D', counts: ['concern', 'complaint'] } }),
      SOURCE,
    );
    expect(providerConcernThreshold(own)).toEqual({
      count: 2,
      window: 'P14D',
      counts: ['concern', 'complaint'],
    });
    expect(providerConcernThreshold(parsePolicy({ name: 'p', version: '1', clocks: {} }, SOURCE))).toEqual({
      count: 3,
      window: 'P30D',
      counts: ['concern', 'incident', 'complaint'],
    });
  });

  it('is switched off by null, and an override without thresholds keeps the default file’s', () => {
    const off = parsePolicy(file({ providerConcern: null }), SOURCE);
    expect(providerConcernThreshold(off)).toBeNull();
    const base = parsePolicy(
      file({ providerConcern: { count: 5, window: 'P7D', counts: ['incident'] } }),
      SOURCE,
    );
    const merged = mergeWithDefaults(base, parsePolicy({ name: 'c', version: '2', clocks: {} }, SOURCE));
    expect(providerConcernThreshold(merged)?.count).toBe(5);
    expect(providerConcernThreshold(mergeWithDefaults(base, off))).toBeNull();
  });

  it('names each bad field: an unknown case type, a bad window, a count below one', () => {
    const error = errorFor(
      file({ providerConcern: { count: 0, window: '30 days', counts: ['concern', 'parking_fine'] } }),
    );
    expect(error.problems.join('\n')).toMatch(/thresholds\.providerConcern\.count: must be at least 1/);
    expect(error.problems.join('\n')).toMatch(
      /thresholds\.providerConcern\.window: must be an ISO-8601 duration/,
    );
    expect(error.problems.join('\n')).toMatch(
      /thresholds\.providerConcern\.counts\[1\]: must be a case type that counts toward the early warning: concern, incident, complaint/,
    );
  });

  it('counts only the types the registry marks: a concern, an incident, a complaint', () => {
    expect([...EarlyWarningCaseTypes].sort()).toEqual(['complaint', 'concern', 'incident']);
    const error = errorFor(
      file({
        providerConcern: {
          count: 3,
          window: 'P30D',
          counts: ['concern', 'provider_concern', 's42_enquiry', 'notification', 'allegation'],
        },
      }),
    );
    const problems = error.problems.join('\n');
    for (const [i, type] of ['provider_concern', 's42_enquiry', 'notification', 'allegation'].entries()) {
      expect(problems).toContain(
        `thresholds.providerConcern.counts[${i + 1}]: "${type}" cannot count toward the early warning; it takes only concern, incident, complaint`,
      );
    }
    expect(problems).not.toContain('counts[0]');
  });

  it('refuses a case type named twice', () => {
    const error = errorFor(
      file({ providerConcern: { count: 3, window: 'P30D', counts: ['concern', 'incident', 'concern'] } }),
    );
    expect(error.problems.join('\n')).toMatch(
      /thresholds\.providerConcern\.counts: must name each case type once/,
    );
  });
});
