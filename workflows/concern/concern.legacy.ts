/*
 * The concern workflow as it ran before the case engine (patch 2026-12-case-engine): kept, unchanged in the
 * commands it issues, for runs started before that patch, until none can still be open. Such a run also
 * understands `caseUpdated` (what the API sends now) as the triage decision or the enquiry's end.
 * Live patch IDs: 2026-11-prompt-escalation (workflows/shared/patches.ts).
 */
import { allHandlersFinished, condition, log, setHandler, workflowInfo } from '@temporalio/workflow';
import type {
  CaseClosure,
  ConcernWorkflowInput,
  LadderRung,
  SendNoticeInput,
  TriageDecision,
  WorkflowClock,
} from '@vigil/contracts';
import { notices, records } from '../shared/activities';
import { caseUpdatedSignal } from '../shared/case.messages';
import { rungNotice, runLadder } from '../shared/escalation';
import { concernStateQuery, enquiryClosedSignal, triageDecidedSignal } from './concern.messages';
import { ConcernState } from './concern.state';

export async function legacyConcernWorkflow(input: ConcernWorkflowInput): Promise<CaseClosure | null> {
  const state = new ConcernState(input);
  setHandler(triageDecidedSignal, (signal) => state.onTriageDecided(signal));
  setHandler(enquiryClosedSignal, (signal) => state.onEnquiryClosed(signal));
  setHandler(concernStateQuery, () => state.snapshot());
  // The API now sends every change as `caseUpdated`: a triage decision, a withdrawal or merge (which end
  // triage as a decision would), or the enquiry's end.
  setHandler(caseUpdatedSignal, (update) => {
    const [kind, choice] = update.event.split(':');
    if (kind === 'triage_decision') {
      state.onTriageDecided({
        decisionId: update.updateId,
        decision: choice as TriageDecision,
        decidedAt: update.at,
      });
    } else if (kind === 'withdraw' || kind === 'merge') {
      state.onTriageDecided({
        decisionId: update.updateId,
        decision: 'no_further_action',
        decidedAt: update.at,
      });
    } else if (kind === 'enquiry_closed') {
      state.onEnquiryClosed({ enquiryId: update.updateId, closedAt: update.at });
    }
  });

  const workflowId = workflowInfo().workflowId;
  const deliveries: Promise<void>[] = [];
  const notify = (notice: Omit<SendNoticeInput, 'workflowId' | 'caseId'>): void => {
    deliveries.push(
      notices.sendNotice({ workflowId, caseId: input.caseId, ...notice }).then(
        () => undefined,
        // Only a failure that is not retried ends here (sending itself is retried until it succeeds);
        // the outbox row keeps its error for operators, and the case carries on.
        () => log.error('notice failed after retries', { caseId: input.caseId, stepKey: notice.stepKey }),
      ),
    );
  };

  // The earliest clock is the one the raise notices quote.
  const firstDueAt = input.clocks.map((c) => c.dueAt).sort()[0];
  notify({
    stepKey: 'concern.raised#council',
    template: 'concern.raised.council',
    audience: { kind: 'role', role: 'assignee' },
    dueAt: firstDueAt,
  });
  notify({
    stepKey: 'concern.raised#raiser',
    template: 'concern.raised.raiser',
    audience: { kind: 'raiser' },
    dueAt: firstDueAt,
  });

  const ladder = (clock: WorkflowClock) =>
    runLadder(clock, () => state.decided, {
      onBreach: async () => {
        await records.markClockBreached({ caseId: input.caseId, clockId: clock.clockId, at: clock.dueAt });
        state.recordBreach(clock.clockId);
      },
      onRung: (rung: LadderRung) => {
        state.recordRung(clock.clockId, rung.rung);
        notify(rungNotice(clock.name, clock, rung));
      },
    });
  await Promise.all(input.clocks.map(ladder));

  await condition(() => state.decided);
  notify({
    stepKey: 'concern.decided#raiser',
    template: 'concern.decided.raiser',
    audience: { kind: 'raiser' },
  });

  if (state.decision === 'section_42_enquiry') {
    // The concern closes with its enquiry (DOMAIN §4.1); the enquiry workflow is a later issue.
    await condition(() => state.enquiryClosed);
  }
  await Promise.all(deliveries);
  await condition(allHandlersFinished);
  const decision = state.decision;
  return decision ? { caseId: input.caseId, outcome: decision, closedAt: new Date().toISOString() } : null;
}
