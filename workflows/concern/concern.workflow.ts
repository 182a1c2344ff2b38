/*
 * concernWorkflow: one safeguarding concern from raise to closure (DOMAIN §4.1).
 * Workflow ID `concern:<case uuid>`. Live patch IDs: 2026-11-prompt-escalation (workflows/shared/patches.ts).
 *
 * PostgreSQL is the record: the API stores the triage decision, then signals `triageDecided`.
 * This workflow drives the clocks: it marks a clock breached at its due instant, walks the
 * escalation ladder until the decision arrives, and sends the notices.
 */
import {
  allHandlersFinished,
  condition,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type {
  AllActivities,
  CaseClosure,
  ConcernWorkflowInput,
  LadderRung,
  SendNoticeInput,
  WorkflowClock,
} from '@vigil/contracts';
import { runLadder } from '../shared/escalation';
import { concernStateQuery, enquiryClosedSignal, triageDecidedSignal } from './concern.messages';
import { ConcernState } from './concern.state';

/** PostgreSQL writes: short retries. */
const records = proxyActivities<Pick<AllActivities, 'markClockBreached'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/**
 * SMTP: retried until it is sent, however long an outage lasts (at most ten minutes apart), so mail is
 * delayed but never lost. The outbox keeps each attempt's error for operators.
 */
const notices = proxyActivities<Pick<AllActivities, 'sendNotice'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export async function concernWorkflow(input: ConcernWorkflowInput): Promise<CaseClosure | null> {
  const state = new ConcernState(input);
  setHandler(triageDecidedSignal, (signal) => state.onTriageDecided(signal));
  setHandler(enquiryClosedSignal, (signal) => state.onEnquiryClosed(signal));
  setHandler(concernStateQuery, () => state.snapshot());

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
        notify({
          stepKey: `${clock.name}#rung-${rung.rung}`,
          template: 'clock.escalation',
          audience: { kind: 'role', role: rung.role },
          clockId: clock.clockId,
          clockName: clock.name,
          rung: rung.rung,
          dueAt: clock.dueAt,
        });
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
