import { describe, expect, it } from '@jest/globals';
import { CompleteTriageTaskSchema } from '@vigil/contracts';
import { parseForm } from '../common/forms';
import { submittedDecision, TriageDecisionFormSchema } from './triage-decision.form';

describe('triage decision form', () => {
  it('turns the submitted strings into the contract type', () => {
    expect(
      parseForm(TriageDecisionFormSchema, {
        decision: 'signpost',
        rationale: '  Advice given  ',
        version: '2',
      }),
    ).toEqual({ ok: true, value: { decision: 'signpost', rationale: 'Advice given' } });
  });

  it('asks for a decision and a rationale, linking each message to its field', () => {
    const result = parseForm(TriageDecisionFormSchema, { rationale: '   ' });
    expect(result).toEqual(
      expect.objectContaining({
        ok: false,
        errors: [
          { text: 'Select a decision', href: '#decision' },
          { text: 'Enter the rationale for the decision', href: '#rationale' },
        ],
      }),
    );
  });

  it.each([
    [{ decision: 'signpost', rationale: 'ok' }],
    [{ decision: 'close_it', rationale: 'ok' }],
    [{ decision: 'signpost', rationale: '' }],
    [{ decision: 'signpost', rationale: 'x'.repeat(10_001) }],
    [{ decision: ['signpost', 'signpost'], rationale: 'ok' }],
    [{}],
  ])('refuses exactly what the use case refuses: %p', (body) => {
    expect(TriageDecisionFormSchema.safeParse(body).success).toBe(
      CompleteTriageTaskSchema.safeParse(body).success,
    );
  });

  it('keeps what was typed, and only strings', () => {
    expect(submittedDecision({ decision: 'signpost', rationale: ['a', 'b'], version: '3' })).toEqual({
      decision: 'signpost',
      rationale: undefined,
      version: '3',
    });
  });
});
