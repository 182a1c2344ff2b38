import { describe, expect, it } from '@jest/globals';
import { dueText, londonDate, londonDateTime, londonTime } from './london-time';

describe('London dates on pages', () => {
  it('writes GMT and BST instants as London wall-clock time, GOV.UK style', () => {
    expect(londonDateTime('2026-03-04T14:15:00Z')).toBe('4 March 2026, 2:15pm');
    // British Summer Time: 13:05 UTC is 2:05pm in London.
    expect(londonDateTime('2026-07-01T13:05:00Z')).toBe('1 July 2026, 2:05pm');
    expect(londonDate('2026-12-31T23:30:00Z')).toBe('31 December 2026');
  });

  it('says 5pm, midday and midnight rather than 5:00pm, 12pm and 12am', () => {
    expect(londonTime('2026-01-10T17:00:00Z')).toBe('5pm');
    expect(londonTime('2026-01-10T12:00:00Z')).toBe('midday');
    expect(londonTime('2026-01-10T00:00:00Z')).toBe('midnight');
    expect(londonTime('2026-01-10T00:30:00Z')).toBe('12:30am');
    expect(londonTime('2026-01-10T09:07:00Z')).toBe('9:07am');
  });

  it('crosses the clock change on London days, not UTC days', () => {
    // Until BST starts (01:00 UTC on 29 March 2026) London is on UTC; in June it is an hour ahead.
    expect(londonDate('2026-03-28T23:30:00Z')).toBe('28 March 2026');
    expect(londonDate('2026-06-01T23:30:00Z')).toBe('2 June 2026');
  });
});

describe('due text', () => {
  const now = new Date('2026-03-04T10:00:00Z');

  it.each([
    ['2026-03-04T09:59:30Z', 'Overdue by 1 minute', 'overdue'],
    ['2026-03-04T09:20:00Z', 'Overdue by 40 minutes', 'overdue'],
    ['2026-03-04T07:00:00Z', 'Overdue by 3 hours', 'overdue'],
    ['2026-03-03T09:00:00Z', 'Overdue by 1 day', 'overdue'],
    ['2026-03-01T09:00:00Z', 'Overdue by 3 days', 'overdue'],
    ['2026-03-04T10:00:00Z', 'Due today', 'today'],
    ['2026-03-04T23:59:00Z', 'Due today', 'today'],
    ['2026-03-05T00:01:00Z', 'Due tomorrow', 'upcoming'],
    ['2026-03-06T09:00:00Z', 'Due in 2 days', 'upcoming'],
  ])('%s → %s', (dueAt, text, state) => {
    expect(dueText(dueAt, now)).toEqual({ text, state });
  });
});
