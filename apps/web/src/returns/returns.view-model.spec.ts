import { describe, expect, it } from '@jest/globals';
import type { ReturnsFigures } from '@vigil/cases';
import type { CaseType } from '@vigil/contracts';
import {
  Kpis,
  clockRows,
  financialYearPeriod,
  kpiRows,
  lastCompleteFinancialYear,
  lastCompleteQuarter,
  parseQuarter,
  piReturnDeadline,
  piReturnDueAt,
  returnsView,
  quarterLabel,
  quarterPeriod,
  recentQuarters,
  returnsCsv,
  providerReportCsv,
  sacCsv,
  suppress,
} from './returns.view-model';

const sunrise = 'p-sunrise';
const oakwood = 'p-oakwood';
const types = (over: Partial<Record<CaseType, boolean>>) =>
  ({
    concern: false,
    s42_enquiry: false,
    allegation: false,
    complaint: false,
    notification: false,
    incident: false,
    provider_concern: false,
    ...over,
  }) as Record<CaseType, boolean>;

const figures: ReturnsFigures = {
  providers: [
    { id: oakwood, name: 'Oakwood Homes' },
    { id: sunrise, name: 'Sunrise Care' },
  ],
  typesRecorded: types({ complaint: true, s42_enquiry: true, notification: false }),
  clocks: [
    { name: 'complaint.acknowledge', providerId: sunrise, due: 4, met: 3, metWithinExtension: 0 },
    { name: 'complaint.acknowledge', providerId: oakwood, due: 1, met: 0, metWithinExtension: 0 },
    { name: 'complaint.respond', providerId: sunrise, due: 2, met: 0, metWithinExtension: 1 },
  ],
  notifications: [],
  msp: [{ providerId: oakwood, numerator: 1, denominator: 3 }],
  complaintCompliance: [
    { providerId: sunrise, numerator: 1, denominator: 2 },
    { providerId: oakwood, numerator: 1, denominator: 1 },
  ],
  complaintResolution: [],
  incidentLearning: [],
};

describe('quarters, on London dates', () => {
  it('opens on the last complete quarter, whatever the hour in London', () => {
    expect(lastCompleteQuarter(new Date('2026-12-04T10:00:00Z'))).toEqual({ year: 2026, q: 3 });
    // 1 October 00:30 in London is still 30 September in UTC: already the fourth quarter.
    expect(lastCompleteQuarter(new Date('2026-09-30T23:30:00Z'))).toEqual({ year: 2026, q: 3 });
    expect(lastCompleteQuarter(new Date('2026-09-30T22:30:00Z'))).toEqual({ year: 2026, q: 2 });
    expect(lastCompleteQuarter(new Date('2027-02-01T12:00:00Z'))).toEqual({ year: 2026, q: 4 });
  });

  it('lists the last 8 quarters newest first, across a year end', () => {
    const qs = recentQuarters(new Date('2026-02-10T12:00:00Z'));
    expect(qs).toHaveLength(8);
    expect(qs[0]).toEqual({ year: 2025, q: 4 });
    expect(qs[7]).toEqual({ year: 2024, q: 1 });
  });

  it('parses ?quarter= and bounds a quarter by its first day and the next quarter’s', () => {
    expect(parseQuarter('2026-Q3')).toEqual({ year: 2026, q: 3 });
    expect(parseQuarter('2026-Q5')).toBeNull();
    expect(parseQuarter(['2026-Q3'])).toBeNull();
    expect(quarterPeriod({ year: 2026, q: 3 })).toEqual({ from: '2026-07-01', to: '2026-10-01' });
    expect(quarterPeriod({ year: 2026, q: 4 })).toEqual({ from: '2026-10-01', to: '2027-01-01' });
    expect(quarterLabel({ year: 2026, q: 1 })).toBe('January to March 2026');
  });

  it('bounds a financial year April to March, and picks the last one ended', () => {
    expect(financialYearPeriod(2026)).toEqual({ from: '2026-04-01', to: '2027-04-01' });
    expect(lastCompleteFinancialYear(new Date('2026-12-04T12:00:00Z'))).toBe(2025);
    expect(lastCompleteFinancialYear(new Date('2026-03-31T12:00:00Z'))).toBe(2024);
    // 1 April 00:30 BST is 31 March in UTC: the year 2025–26 has ended.
    expect(lastCompleteFinancialYear(new Date('2026-03-31T23:30:00Z'))).toBe(2025);
  });

  it('puts the Kent PI return at quarter end + 14 calendar days, in words', () => {
    const q3 = { year: 2026, q: 3 } as const;
    expect(piReturnDeadline(q3, new Date('2026-10-04T12:00:00Z'))).toEqual({
      dueOn: '2026-10-14',
      text: 'Due in 10 days',
      overdue: false,
      submitted: false,
    });
    expect(piReturnDeadline(q3, new Date('2026-10-14T12:00:00Z')).text).toBe('Due today');
    expect(piReturnDeadline(q3, new Date('2026-10-15T12:00:00Z')).text).toBe('Overdue by 1 day');
    expect(piReturnDeadline({ year: 2026, q: 4 }, new Date('2026-12-04T12:00:00Z')).dueOn).toBe('2027-01-14');
  });

  it('says whether a recorded PI return was on time, by the London date it was submitted', () => {
    const q3 = { year: 2026, q: 3 } as const;
    const later = new Date('2026-12-04T12:00:00Z');
    // 11:30pm on 14 October in London (BST) is still the due day.
    expect(piReturnDeadline(q3, later, '2026-10-14T22:30:00Z')).toMatchObject({
      text: 'Submitted on time',
      overdue: false,
      submitted: true,
    });
    expect(piReturnDeadline(q3, later, '2026-10-14T23:30:00Z').text).toBe('Submitted 1 day late');
    expect(piReturnDeadline(q3, later, '2026-10-20T09:00:00Z').text).toBe('Submitted 6 days late');
  });

  it('puts the PI return’s due instant at the end of its London due day', () => {
    // 14 October 2026 ends at 11pm UTC (BST); 14 January 2027 at midnight UTC (GMT).
    expect(piReturnDueAt({ year: 2026, q: 3 }).toISOString()).toBe('2026-10-14T23:00:00.000Z');
    expect(piReturnDueAt({ year: 2026, q: 4 }).toISOString()).toBe('2027-01-15T00:00:00.000Z');
  });

  it('offers a manager the record button once the quarter has ended, until it is recorded', () => {
    const q3 = { year: 2026, q: 3 } as const;
    const now = new Date('2026-10-04T12:00:00Z');
    expect(returnsView(figures, q3, now, false, { submission: null, mayRecord: true }).recordAction).toEqual({
      action: '/returns/pi-return',
      quarter: '2026-Q3',
    });
    expect(
      returnsView(figures, { year: 2026, q: 4 }, now, false, { submission: null, mayRecord: true })
        .recordAction,
    ).toBeNull();
    const recorded = returnsView(figures, q3, now, false, {
      submission: {
        period: '2026-Q3',
        dueAt: '2026-10-14T23:00:00Z',
        submittedAt: '2026-10-10T14:00:00Z',
        submittedBy: 'Pat Manager',
      },
      mayRecord: true,
    });
    expect(recorded.recordAction).toBeNull();
    expect(recorded.submittedText).toBe('On 10 October 2026, 3pm, by Pat Manager');
    expect(recorded.deadline.text).toBe('Submitted on time');
    expect(returnsView(figures, q3, now, false).recordAction).toBeNull();
  });
});

describe('KPI arithmetic on hand-made data', () => {
  it('adds providers up for the council and rounds the percentage', () => {
    const rows = kpiRows(figures);
    const ack = rows.find((r) => r.key === 'complaint-acknowledged');
    expect(ack).toMatchObject({ numerator: 3, denominator: 5, percent: '60%', note: '' });
    const msp = rows.find((r) => r.key === 'msp');
    expect(msp).toMatchObject({ numerator: 1, denominator: 3, percent: '33%' });
  });

  it('counts one provider alone', () => {
    const ack = kpiRows(figures, sunrise).find((r) => r.key === 'complaint-acknowledged');
    expect(ack).toMatchObject({ numerator: 3, denominator: 4, percent: '75%' });
    const msp = kpiRows(figures, sunrise).find((r) => r.key === 'msp');
    expect(msp).toMatchObject({
      numerator: 0,
      denominator: 0,
      percent: '–',
      note: 'Nothing to count in this quarter',
    });
  });

  it('says which case type a KPI waits for: continuity waits for serious incidents', () => {
    const rows = kpiRows(figures);
    expect(rows.find((r) => r.key === 'notifications')?.note).toMatch(/^Waits for .* none recorded yet$/);
    expect(rows.find((r) => r.key === 'continuity')?.note).toBe(
      'Waits for serious incident cases: none recorded yet',
    );
  });

  it('counts continuity reports on time against both their clocks (1 working day, or 4 hours)', () => {
    const continuity: ReturnsFigures = {
      ...figures,
      typesRecorded: types({ incident: true }),
      clocks: [
        { name: 'provider.continuity', providerId: sunrise, due: 2, met: 1, metWithinExtension: 0 },
        {
          name: 'provider.continuity_interrupted',
          providerId: sunrise,
          due: 1,
          met: 1,
          metWithinExtension: 0,
        },
        { name: 'provider.continuity', providerId: oakwood, due: 1, met: 0, metWithinExtension: 0 },
      ],
    };
    expect(kpiRows(continuity).find((r) => r.key === 'continuity')).toMatchObject({
      numerator: 2,
      denominator: 4,
      percent: '50%',
      note: '',
    });
    expect(kpiRows(continuity, sunrise).find((r) => r.key === 'continuity')).toMatchObject({
      numerator: 2,
      denominator: 3,
      percent: '67%',
    });
  });

  it('shows clock compliance per clock with the extensions kept apart', () => {
    const rows = clockRows(figures);
    expect(rows.map((r) => [r.numerator, r.denominator, r.percent, r.withinExtension])).toEqual([
      [3, 5, '60%', 0],
      [0, 2, '0%', 1],
    ]);
  });

  it('writes the same figures as CSV', () => {
    const lines = returnsCsv(figures, { year: 2026, q: 3 }, false).trim().split('\r\n');
    expect(lines[0]).toBe(
      'quarter,for,kpi,source,numerator,denominator,percentage,met_within_extension,note',
    );
    expect(lines[1]).toMatch(/^2026-Q3,Council,Complaints acknowledged within 3 working days,.*,3,5,60%,0,$/);
    expect(lines.filter((l) => l.includes(',Sunrise Care,'))).toHaveLength(Kpis.length);
    // A ratio KPI per provider and summed for the council: complaints handled within the Regulations.
    expect(lines.find((l) => l.startsWith('2026-Q3,Council,Complaints handled'))).toMatch(/,2,3,67%,,$/);
    expect(lines.find((l) => l.startsWith('2026-Q3,Sunrise Care,Complaints handled'))).toMatch(/,1,2,50%,,$/);
  });
});

describe('suppression in the published SAC export', () => {
  it('hides 1 to 4, and shows 0 and 5 and over', () => {
    expect([0, 1, 4, 5, 12].map((n) => suppress(n, true))).toEqual(['0', '*', '*', '5', '12']);
    expect([0, 1, 4, 5].map((n) => suppress(n, false))).toEqual(['0', '1', '4', '5']);
  });

  it('suppresses every small cell in the file', () => {
    const rows = [
      { measure: 'started', breakdown: 'concern', count: 12 },
      { measure: 'concerns_type_x_source', breakdown: 'neglect x provider', count: 3 },
    ];
    expect(sacCsv(rows, 2025, true)).toBe(
      'financial_year,measure,breakdown,count\r\n2025-26,started,concern,12\r\n2025-26,concerns_type_x_source,neglect x provider,*\r\n',
    );
    expect(sacCsv(rows, 2025, false)).toContain('neglect x provider,3');
  });

  it('writes a provider report one count per row, quoting a provider name with a comma', () => {
    expect(
      providerReportCsv(
        [
          {
            providerId: 'a',
            providerName: 'Care, Homes "North"',
            measure: 'concerns',
            breakdown: 'neglect x signpost',
            count: 2,
          },
          {
            providerId: 'b',
            providerName: 'Sunrise Care',
            measure: 'allegations',
            breakdown: 'employee x open',
            count: 1,
          },
        ],
        '2026-Q3',
      ),
    ).toBe(
      'period,provider,measure,breakdown,count\r\n' +
        '2026-Q3,"Care, Homes ""North""",concerns,neglect x signpost,2\r\n' +
        '2026-Q3,Sunrise Care,allegations,employee x open,1\r\n',
    );
  });
});
