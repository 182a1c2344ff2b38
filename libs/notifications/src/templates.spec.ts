import { describe, expect, it } from '@jest/globals';
import { NoticeTemplates } from '@vigil/contracts';
import { formatLondon, renderEmail } from './templates';

describe('email templates', () => {
  const data = {
    reference: 'VIG-2026-000042',
    caseUrl: 'https://vigil.example/cases/6f1c4c1e-8d7e-4a55-9b1c-7f5b0f2a1d3e',
    dueAt: new Date('2026-03-04T14:15:00Z'),
    roleName: 'team manager',
    clockName: 'concern.triage' as const,
  };

  it.each(NoticeTemplates)('%s carries the reference and the link', (template) => {
    const email = renderEmail(template, data);
    expect(email.subject).toContain(data.reference);
    expect(email.text).toContain(data.reference);
    expect(email.text).toContain(data.caseUrl);
  });

  it('renders the escalation text exactly (snapshot)', () => {
    expect(renderEmail('clock.escalation', data)).toMatchSnapshot();
  });

  it('keeps an initialism’s capitals inside a sentence (LADO, DBS) and lowers an ordinary word', () => {
    const lado = renderEmail('task.assigned', { ...data, caseType: 'allegation', taskType: 'lado_referral' });
    expect(lado.subject).toBe('[Vigil] Action needed on VIG-2026-000042: LADO referral decision');
    expect(lado.text).toContain('on allegation against staff VIG-2026-000042');
    const dbs = renderEmail('task.assigned', {
      ...data,
      caseType: 'allegation',
      taskType: 'dbs_referral_decision',
    });
    expect(dbs.subject).toContain(': DBS referral decision');
  });

  it('uses the right article before the kind of case', () => {
    expect(renderEmail('case.opened', { ...data, caseType: 'allegation' }).text).toMatch(
      /^An allegation against staff, VIG-2026-000042, has been opened\./,
    );
    expect(renderEmail('case.opened', { ...data, caseType: 's42_enquiry' }).text).toMatch(/^A section 42/);
  });

  it('formats due times in Europe/London, GOV.UK style, across the clock change', () => {
    expect(formatLondon(new Date('2026-03-04T14:15:00Z'))).toBe('4 March 2026, 2:15pm');
    expect(formatLondon(new Date('2026-07-01T16:00:00Z'))).toBe('1 July 2026, 5pm');
  });
});
