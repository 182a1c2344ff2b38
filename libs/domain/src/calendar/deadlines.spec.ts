import { describe, expect, it } from '@jest/globals';
import { parsePolicy, type ClockPolicy, type TimescalePolicy } from '../policy/policy.schema';
import { addIsoDuration, addOffset, computeDue, resolveClock } from './deadlines';
import { loadPolicy } from './policy-file';
import { WorkingDayCalendar } from './working-days';

const calendar = new WorkingDayCalendar();
const at = (iso: string): Date => new Date(iso);
const iso = (date: Date): string => date.toISOString();
const defaults = loadPolicy();

/** A policy with one clock, for ladder tests. */
function policyWith(clock: ClockPolicy, officeHours?: { start: string; end: string }): TimescalePolicy {
  return {
    name: 't',
    version: '1',
    ...(officeHours ? { officeHours } : {}),
    clocks: { 'concern.triage': clock },
  };
}

describe('computeDue', () => {
  const friday = at('2026-11-20T10:00:00Z');

  it('distinguishes elapsed hours from working days', () => {
    expect(iso(computeDue(friday, { hours: 24 }, calendar))).toBe('2026-11-21T10:00:00.000Z');
    expect(iso(computeDue(friday, { workingDays: 1 }, calendar))).toBe('2026-11-23T17:00:00.000Z');
    expect(iso(computeDue(friday, { hours: 1.5 }, calendar))).toBe('2026-11-20T11:30:00.000Z');
  });

  it('treats 24 elapsed hours and P1D differently across the spring clock change', () => {
    const saturdayNoon = at('2026-03-28T12:00:00Z'); // 12:00 GMT
    // 24 h later is 13:00 BST; one calendar day later is 12:00 BST.
    expect(iso(computeDue(saturdayNoon, { hours: 24 }, calendar))).toBe('2026-03-29T12:00:00.000Z');
    expect(iso(computeDue(saturdayNoon, { duration: 'P1D' }, calendar))).toBe('2026-03-29T11:00:00.000Z');
    expect(iso(computeDue(saturdayNoon, { duration: 'PT24H' }, calendar))).toBe('2026-03-29T12:00:00.000Z');
  });

  it('treats 24 elapsed hours and P1D differently across the autumn clock change', () => {
    const saturdayNoon = at('2026-10-24T11:00:00Z'); // 12:00 BST
    // 24 h later is 11:00 GMT; one calendar day later is 12:00 GMT.
    expect(iso(computeDue(saturdayNoon, { hours: 24 }, calendar))).toBe('2026-10-25T11:00:00.000Z');
    expect(iso(computeDue(saturdayNoon, { duration: 'P1D' }, calendar))).toBe('2026-10-25T12:00:00.000Z');
  });

  it('adds ISO durations: date parts on the wall clock, then time parts elapsed', () => {
    expect(iso(computeDue(friday, { duration: 'PT8S' }, calendar))).toBe('2026-11-20T10:00:08.000Z');
    expect(iso(computeDue(friday, { duration: 'PT1H30M' }, calendar))).toBe('2026-11-20T11:30:00.000Z');
    expect(iso(computeDue(friday, { duration: 'P1W' }, calendar))).toBe('2026-11-27T10:00:00.000Z');
    expect(iso(computeDue(friday, { duration: 'PT0.25S' }, calendar))).toBe('2026-11-20T10:00:00.250Z');
    // 12:00 GMT Saturday + 1 day (12:00 BST Sunday = 11:00Z) + 2 elapsed hours.
    expect(iso(addIsoDuration(at('2026-03-28T12:00:00Z'), 'P1DT2H'))).toBe('2026-03-29T13:00:00.000Z');
    expect(() => addIsoDuration(friday, 'P1X')).toThrow(RangeError);
  });

  it('ends calendar-day clocks at 23:59:59.999 London on the n-th day', () => {
    expect(iso(computeDue(friday, { calendarDays: 30 }, calendar))).toBe('2026-12-20T23:59:59.999Z');
    expect(iso(computeDue(at('2026-06-01T10:00:00Z'), { calendarDays: 14 }, calendar))).toBe(
      '2026-06-15T22:59:59.999Z', // BST
    );
    // 23:30Z on 30 June is already 1 July in London.
    expect(iso(computeDue(at('2026-06-30T23:30:00Z'), { calendarDays: 1 }, calendar))).toBe(
      '2026-07-02T22:59:59.999Z',
    );
  });

  it('keeps the London wall-clock time for months, clamping to the month end', () => {
    expect(iso(computeDue(at('2026-01-31T10:00:00Z'), { months: 1 }, calendar))).toBe(
      '2026-02-28T10:00:00.000Z',
    );
    // 12:00 GMT in March → 12:00 BST in April.
    expect(iso(computeDue(at('2026-03-15T12:00:00Z'), { months: 1 }, calendar))).toBe(
      '2026-04-15T11:00:00.000Z',
    );
    expect(iso(computeDue(at('2026-11-23T10:00:00Z'), { months: 6 }, calendar))).toBe(
      '2027-05-23T09:00:00.000Z',
    );
    expect(iso(computeDue(at('2026-11-23T10:00:00Z'), { duration: 'P1M' }, calendar))).toBe(
      '2026-12-23T10:00:00.000Z',
    );
  });

  it('rejects an invalid start', () => {
    expect(() => computeDue(new Date(Number.NaN), { hours: 1 }, calendar)).toThrow(RangeError);
  });
});

describe('addOffset', () => {
  const dueAt = at('2026-11-23T17:00:00Z'); // Monday 17:00

  it('supports working days, hours and ISO durations', () => {
    expect(addOffset(dueAt, { workingDays: 0 }, calendar).getTime()).toBe(dueAt.getTime());
    expect(iso(addOffset(dueAt, { workingDays: 3 }, calendar))).toBe('2026-11-26T17:00:00.000Z');
    expect(iso(addOffset(at('2026-11-23T14:00:00Z'), { workingDays: 1 }, calendar))).toBe(
      '2026-11-24T17:00:00.000Z',
    );
    expect(iso(addOffset(dueAt, { hours: 4 }, calendar))).toBe('2026-11-23T21:00:00.000Z');
    expect(iso(addOffset(dueAt, 'PT6S', calendar))).toBe('2026-11-23T17:00:06.000Z');
    expect(iso(addOffset(dueAt, 'P1D', calendar))).toBe('2026-11-24T17:00:00.000Z');
  });

  it('counts working-day offsets over weekends and bank holidays', () => {
    // Due Thursday 24 December 2026 17:00; +1 WD skips Christmas, the weekend and the substitute day.
    expect(iso(addOffset(at('2026-12-24T17:00:00Z'), { workingDays: 1 }, calendar))).toBe(
      '2026-12-29T17:00:00.000Z',
    );
  });

  it('returns a copy for a zero working-day offset, not the same object', () => {
    expect(addOffset(dueAt, { workingDays: 0 }, calendar)).not.toBe(dueAt);
  });
});

describe('resolveClock', () => {
  it('resolves the default C-WD triage ladder from a Friday', () => {
    const resolved = resolveClock(defaults, 'concern.triage', at('2026-11-20T10:00:00Z'), calendar);
    expect(iso(resolved.dueAt)).toBe('2026-11-23T17:00:00.000Z');
    expect(resolved.rungs.map((r) => [r.rung, r.role, iso(r.at), r.outOfHours])).toEqual([
      [1, 'assignee', '2026-11-23T17:00:00.000Z', false],
      [2, 'team_manager', '2026-11-24T17:00:00.000Z', false],
      [3, 'head_of_service', '2026-11-26T17:00:00.000Z', false],
    ]);
  });

  it('resolves the C-L ladder of a months clock in working days from the due moment', () => {
    const resolved = resolveClock(defaults, 'allegation.resolution', at('2026-11-23T10:00:00Z'), calendar);
    expect(iso(resolved.dueAt)).toBe('2026-12-23T10:00:00.000Z');
    // Wednesday 23 December + 5 WD: 24, 29, 30, 31 December, 4 January (1 January is a bank holiday).
    expect(resolved.rungs.map((r) => iso(r.at))).toEqual([
      '2026-12-23T10:00:00.000Z',
      '2027-01-04T17:00:00.000Z',
      '2027-01-11T17:00:00.000Z',
    ]);
  });

  it('does not route to the EDT when the policy has no office hours (the default)', () => {
    expect(defaults.officeHours).toBeUndefined();
    const resolved = resolveClock(defaults, 'concern.urgent_triage', at('2026-11-20T14:00:00Z'), calendar);
    expect(iso(resolved.dueAt)).toBe('2026-11-20T18:00:00.000Z');
    expect(resolved.rungs.map((r) => [r.role, iso(r.at), r.outOfHours])).toEqual([
      ['assignee', '2026-11-20T18:00:00.000Z', false],
      ['team_manager', '2026-11-20T19:00:00.000Z', false],
      ['head_of_service', '2026-11-20T22:00:00.000Z', false],
    ]);
  });

  it('routes council H rungs outside office hours to the EDT when office hours are set', () => {
    const policy = { ...defaults, officeHours: { start: '09:00', end: '17:00' } };
    const resolved = resolveClock(policy, 'concern.urgent_triage', at('2026-11-20T10:00:00Z'), calendar);
    // Due 14:00, rungs at 14:00 and 15:00 (in hours) and 18:00 Friday (out of hours).
    expect(resolved.rungs.map((r) => [r.rung, r.role, iso(r.at), r.outOfHours])).toEqual([
      [1, 'assignee', '2026-11-20T14:00:00.000Z', false],
      [2, 'team_manager', '2026-11-20T15:00:00.000Z', false],
      [3, 'edt', '2026-11-20T18:00:00.000Z', true],
    ]);
  });

  it('never routes provider clocks or working-day clocks to the EDT', () => {
    const policy = { ...defaults, officeHours: { start: '09:00', end: '17:00' } };
    const saturday = at('2026-11-21T02:00:00Z');
    const provider = resolveClock(policy, 'notice.safeguarding', saturday, calendar);
    expect(provider.rungs.map((r) => r.role)).toEqual(['assignee', 'provider_manager', 'commissioner']);
    expect(provider.rungs.every((r) => !r.outOfHours)).toBe(true);
    // WD rungs fall at 17:00, which is outside 09:00–17:00, yet stay with the named roles.
    const workingDays = resolveClock(policy, 'concern.triage', saturday, calendar);
    expect(workingDays.rungs.map((r) => r.role)).toEqual(['assignee', 'team_manager', 'head_of_service']);
  });

  it('routes only the roles the EDT covers', () => {
    const clock: ClockPolicy = {
      due: { hours: 1 },
      owner: 'council',
      enabled: true,
      escalations: [
        { after: 'PT0S', to: 'assignee' },
        { after: 'PT0S', to: 'lado' },
      ],
    };
    const resolved = resolveClock(
      policyWith(clock, { start: '09:00', end: '17:00' }),
      'concern.triage',
      at('2026-11-21T02:00:00Z'),
      calendar,
    );
    expect(resolved.rungs.map((r) => [r.role, r.outOfHours])).toEqual([
      ['edt', true],
      ['lado', false],
    ]);
  });

  it('keeps ladder numbers but sorts rungs by time, stably', () => {
    const clock: ClockPolicy = {
      due: { hours: 1 },
      owner: 'provider',
      enabled: true,
      escalations: [
        { after: { hours: 0 }, to: 'assignee' },
        { after: { workingDays: 2 }, to: 'commissioner' },
        { after: { hours: 1 }, to: 'provider_manager' },
        { after: 'PT1H', to: 'head_of_service' },
      ],
    };
    const resolved = resolveClock(policyWith(clock), 'concern.triage', at('2026-11-23T10:00:00Z'), calendar);
    expect(resolved.rungs.map((r) => [r.rung, r.role, iso(r.at)])).toEqual([
      [1, 'assignee', '2026-11-23T11:00:00.000Z'],
      [3, 'provider_manager', '2026-11-23T12:00:00.000Z'],
      [4, 'head_of_service', '2026-11-23T12:00:00.000Z'],
      [2, 'commissioner', '2026-11-25T17:00:00.000Z'],
    ]);
  });

  it('resolves the P-S ladder: three rungs at the due moment, then the head of service', () => {
    const resolved = resolveClock(
      defaults,
      'allegation.confirm_suspension',
      at('2026-11-23T10:00:00Z'),
      calendar,
    );
    expect(resolved.rungs.map((r) => [r.rung, r.role, iso(r.at)])).toEqual([
      [1, 'assignee', '2026-11-23T14:00:00.000Z'],
      [2, 'provider_manager', '2026-11-23T14:00:00.000Z'],
      [3, 'commissioner', '2026-11-23T14:00:00.000Z'],
      [4, 'head_of_service', '2026-11-23T18:00:00.000Z'],
    ]);
  });

  it('parses and resolves the fast-test example: due +8 s, rungs at +8, +14 and +20 s', () => {
    const policy = parsePolicy(
      {
        name: 'fast-test',
        version: '1',
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
      },
      'fast-test.json',
    );
    const start = at('2026-11-23T10:00:00Z');
    const resolved = resolveClock(policy, 'concern.triage', start, calendar);
    const seconds = (d: Date) => (d.getTime() - start.getTime()) / 1000;
    expect(seconds(resolved.dueAt)).toBe(8);
    expect(resolved.rungs.map((r) => [r.rung, r.role, seconds(r.at)])).toEqual([
      [1, 'assignee', 8],
      [2, 'team_manager', 14],
      [3, 'head_of_service', 20],
    ]);
  });

  it('throws, naming the clock, when the policy lacks it', () => {
    const policy: TimescalePolicy = { name: 'partial', version: '1', clocks: {} };
    expect(() => resolveClock(policy, 'concern.triage', at('2026-11-23T10:00:00Z'), calendar)).toThrow(
      /concern\.triage/,
    );
  });
});
