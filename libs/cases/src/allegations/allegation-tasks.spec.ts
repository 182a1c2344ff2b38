import { describe, expect, it } from '@jest/globals';
import { addLocalMonths } from '@vigil/domain/calendar';
import { employmentOutcomeEffects, nextResolutionReview } from './allegation-tasks';

describe('addLocalMonths', () => {
  it('moves by calendar months, a missing day becoming the month’s last', () => {
    expect(addLocalMonths('2026-01-15', 1)).toBe('2026-02-15');
    expect(addLocalMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addLocalMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addLocalMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addLocalMonths('2026-12-04', 12)).toBe('2027-12-04');
  });
});

describe('nextResolutionReview', () => {
  // Raised at 23:30 on 31 July UTC: 1 August in London (BST), so the months count from 1 August.
  const raised = new Date('2026-07-31T23:30:00Z');
  const endOf = (date: string) => new Date(`${date}T16:00:00Z`);

  it('follows the first review (1 month) with 3 months, then 12, then every 3 months', () => {
    expect(nextResolutionReview(raised, endOf('2026-09-01'))).toBe('2026-11-01');
    expect(nextResolutionReview(raised, endOf('2026-11-01'))).toBe('2027-08-01');
    expect(nextResolutionReview(raised, endOf('2027-08-01'))).toBe('2027-11-01');
  });

  it('skips a milestone already past when a review was due later (an extended or late one)', () => {
    expect(nextResolutionReview(raised, endOf('2026-12-15'))).toBe('2027-08-01');
  });
});

describe('employmentOutcomeEffects', () => {
  const ends = ['confirm_suspension', 'suspension_review', 'lift_suspension'];

  it('ends the suspension, confirmed or still owed, and starts the DBS decision on a removal', () => {
    for (const status of ['open', 'suspension_in_place']) {
      expect(employmentOutcomeEffects(status, 'resigned', false)).toEqual({
        left: true,
        openTasks: [{ type: 'dbs_referral_decision' }],
        cancelTasks: ends,
      });
    }
    // After a lift the status stays; the DBS decision still starts.
    expect(employmentOutcomeEffects('investigating', 'dismissed', false)).toEqual({
      left: false,
      openTasks: [{ type: 'dbs_referral_decision' }],
      cancelTasks: ends,
    });
  });

  it('never starts a second DBS decision, and does nothing when the person stays in post', () => {
    expect(employmentOutcomeEffects('investigating', 'retired', true)).toEqual({
      left: false,
      cancelTasks: ends,
    });
    expect(employmentOutcomeEffects('suspension_in_place', 'no_change', false)).toEqual({ left: false });
  });
});
