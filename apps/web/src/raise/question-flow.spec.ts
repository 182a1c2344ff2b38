import { describe, expect, it } from '@jest/globals';
import type { Principal } from '@vigil/contracts';
import { allegationFlow } from './allegation.flow';
import { concernFlow } from './concern.flow';
import {
  askedQuestions,
  checkAnswersRows,
  firstIncomplete,
  FROM_CASE,
  mergeAnswers,
  nextSlug,
  questionErrors,
  submitPayload,
  type Answers,
  type FlowEnv,
} from './question-flow';

const lead: Principal = {
  userId: '00000000-0000-4000-8000-000000000101',
  role: 'provider_lead',
  organisationId: '00000000-0000-4000-8000-000000000002',
  organisationKind: 'provider',
  councilId: '00000000-0000-4000-8000-000000000001',
  teamId: null,
  commissionedProviderIds: [],
};
const officer: Principal = {
  ...lead,
  role: 'council_officer',
  organisationId: lead.councilId,
  organisationKind: 'council',
  teamId: '00000000-0000-4000-8000-000000000010',
};
const providers = [{ id: lead.organisationId, name: 'Sunrise Care' }];
const env = (principal: Principal): FlowEnv => ({ principal, providers });
// The flows' submit is not called here: these are the pure parts (questions, answers, payloads, messages).
const concerns = concernFlow({} as never);
const allegations = allegationFlow({} as never);
const question = (flow: typeof concerns, slug: string) => {
  const q = flow.questions.find((x) => x.slug === slug);
  if (!q) throw new Error(slug);
  return q;
};

const complete: Answers = {
  adultName: 'Canary Person',
  summary: 'Bruising seen at morning care',
  'occurredOn-day': '3',
  'occurredOn-month': '7',
  'occurredOn-year': '2026',
  occurredTime: '2:30pm',
  category: 'physical',
  immediateRisk: 'false',
  consent: 'given',
};

describe('question flows', () => {
  it('asks "Have you called 999?" only after an immediate risk', () => {
    const slugs = (a: Answers) => askedQuestions(concerns, a, env(lead)).map((q) => q.slug);
    expect(slugs(complete)).not.toContain('emergency-services');
    expect(slugs({ ...complete, immediateRisk: 'true' })).toContain('emergency-services');
  });

  it('turns a London date and time into an instant, across the clock change', () => {
    const summer = concerns.toPayload(complete, env(lead));
    expect(summer.occurredAt).toBe('2026-07-03T13:30:00.000Z');
    const winter = concerns.toPayload(
      { ...complete, 'occurredOn-month': '1', occurredTime: '09:05' },
      env(lead),
    );
    expect(winter.occurredAt).toBe('2026-01-03T09:05:00.000Z');
    // No time given: midday London.
    const { occurredTime: _none, ...noTime } = complete;
    expect(concerns.toPayload(noTime, env(lead)).occurredAt).toBe('2026-07-03T11:00:00.000Z');
  });

  it('gives a page its own words for empty answers, then the contract’s, and only for its own fields', () => {
    const when = question(concerns, 'when');
    expect(questionErrors(concerns, when, {}, env(lead)).errors).toEqual([
      { text: 'Enter the date it happened', href: '#occurredOn-day' },
    ]);
    const bad = { ...complete, 'occurredOn-day': '31', 'occurredOn-month': '2', occurredTime: '25:00' };
    expect(questionErrors(concerns, when, bad, env(lead)).errors.map((e) => e.text)).toEqual([
      'The date it happened must be a real date',
      'Enter the time like 14:30 or 2:30pm',
    ]);
    const future = { ...complete, 'occurredOn-year': String(new Date().getFullYear() + 1) };
    expect(questionErrors(concerns, when, future, env(lead)).errors.map((e) => e.text)).toEqual([
      'When it happened must not be in the future',
    ]);
    // The adult's page knows nothing of the date's problem.
    expect(questionErrors(concerns, question(concerns, 'adult'), future, env(lead)).errors).toEqual([]);
  });

  it('needs a reason when consent was not asked', () => {
    const consent = question(concerns, 'consent');
    expect(
      questionErrors(concerns, consent, { ...complete, consent: 'not_asked' }, env(lead)).errors,
    ).toEqual([{ text: 'Enter why the adult was not asked', href: '#consentReason' }]);
    expect(
      questionErrors(
        concerns,
        consent,
        { ...complete, consent: 'not_asked', consentReason: 'Asleep' },
        env(lead),
      ).errors,
    ).toEqual([]);
  });

  it('keeps other pages’ answers and forgets a field emptied on this page', () => {
    const fields = question(concerns, 'consent').fields(env(lead));
    const next = mergeAnswers({ ...complete, consentReason: 'old' }, fields, {
      consent: 'given',
      consentReason: ' ',
    });
    expect(next.consentReason).toBeUndefined();
    expect(next.adultName).toBe('Canary Person');
  });

  it('goes back to "Check your answers" after a change, unless the change makes a new question', () => {
    const risk = question(concerns, 'immediate-risk');
    expect(nextSlug(concerns, risk, complete, env(lead), true)).toBe('check');
    expect(nextSlug(concerns, risk, { ...complete, immediateRisk: 'true' }, env(lead), true)).toBe(
      'emergency-services',
    );
    expect(nextSlug(concerns, risk, complete, env(lead), false)).toBe('consent');
    expect(firstIncomplete(concerns, complete, env(lead))).toBeUndefined();
  });

  it('asks an officer, not a provider lead, which provider an allegation is about', () => {
    const slugs = (p: Principal) => askedQuestions(allegations, {}, env(p)).map((q) => q.slug);
    expect(slugs(officer)[0]).toBe('provider');
    expect(slugs(lead)).not.toContain('provider');
    const answers: Answers = {
      providerId: providers[0].id,
      staffName: 'Canary Staff',
      jobTitle: 'Carer',
      staffType: 'agency',
      worksWithChildren: 'false',
      regulatedActivityProvider: 'true',
      regulator: 'none',
      summary: 'Rough handling',
    };
    expect(allegations.toPayload(answers, env(officer))).toEqual({
      providerId: providers[0].id,
      staffMember: { name: 'Canary Staff', jobTitle: 'Carer', type: 'agency' },
      worksWithChildren: false,
      regulatedActivityProvider: true,
      summary: 'Rough handling',
    });
    expect(allegations.toPayload(answers, env(lead))).not.toHaveProperty('providerId');
    expect(checkAnswersRows(allegations, answers, env(officer))[0]).toEqual(
      expect.objectContaining({ key: { text: 'Provider' }, value: { text: 'Sunrise Care' } }),
    );
  });
});

describe('submitPayload', () => {
  const incidentId = '11111111-1111-4111-8111-111111111111';
  const from: Answers = { [FROM_CASE.id]: incidentId, [FROM_CASE.reference]: 'VIG-2026-000001' };

  it('carries the case a linkable flow was raised from, and only for such a flow', () => {
    expect(submitPayload(concerns, from, env(lead))).toMatchObject({ linkedCaseId: incidentId });
    expect(submitPayload(allegations, from, env(lead))).toMatchObject({ linkedCaseId: incidentId });
    expect(submitPayload({ ...concerns, linkable: false }, from, env(lead))).not.toHaveProperty(
      'linkedCaseId',
    );
    expect(submitPayload(concerns, {}, env(lead))).not.toHaveProperty('linkedCaseId');
  });

  it('keeps the start page’s answers when a question page is answered', () => {
    const q = concerns.questions[0];
    expect(mergeAnswers(from, q.fields(env(lead)), {})).toMatchObject(from);
  });
});
