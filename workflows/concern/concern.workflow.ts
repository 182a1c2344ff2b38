/*
 * concernWorkflow: one safeguarding concern from raise to closure (DOMAIN §4.1).
 * Workflow ID `concern:<case uuid>`. Live patch IDs: 2026-11-prompt-escalation, 2026-12-case-engine
 * (workflows/shared/patches.ts).
 *
 * PostgreSQL is the record: the API stores each change (triage decision, withdrawal, the enquiry's end, a
 * care-plan review), then signals `caseUpdated`. The shared case runner drives the clocks. The signals of
 * runs from before the engine (`triageDecided`, `enquiryClosed`) are still understood.
 */
import { patched, setHandler } from '@temporalio/workflow';
import type {
  CaseClosure,
  CaseUpdatedSignal,
  ConcernWorkflowInput,
  ConcernWorkflowState,
  NoticeRequest,
  TriageDecision,
} from '@vigil/contracts';
import { runCase, type CaseRunState } from '../shared/case-runner';
import { Patches } from '../shared/patches';
import { concernStateQuery, enquiryClosedSignal, triageDecidedSignal } from './concern.messages';
import { legacyConcernWorkflow } from './concern.legacy';

/** The clocks of the triage task: a triage decision stops them. */
const TriageClocks: readonly string[] = ['concern.triage', 'concern.urgent_triage'];

/** What a run started without notices in its input sends at the start (as before the engine). */
function raiseNotices(input: ConcernWorkflowInput): NoticeRequest[] {
  const dueAt = input.clocks
    .filter((c) => TriageClocks.includes(c.name))
    .map((c) => c.dueAt)
    .sort()[0];
  const at = dueAt ? { dueAt } : {};
  return [
    {
      stepKey: 'concern.raised#council',
      template: 'concern.raised.council',
      audience: { kind: 'role', role: 'assignee' },
      ...at,
    },
    {
      stepKey: 'concern.raised#raiser',
      template: 'concern.raised.raiser',
      audience: { kind: 'raiser' },
      ...at,
    },
  ];
}

/** The concern's signals from before the engine, as `caseUpdated` changes, and its own query. */
function registerConcernMessages(input: ConcernWorkflowInput, state: CaseRunState): void {
  const triageClockIds = input.clocks.filter((c) => TriageClocks.includes(c.name)).map((c) => c.clockId);
  setHandler(triageDecidedSignal, (signal) => {
    const update: CaseUpdatedSignal = {
      updateId: signal.decisionId,
      at: signal.decidedAt,
      event: `triage_decision:${signal.decision}`,
      from: 'awaiting_triage',
      to: signal.decision === 'section_42_enquiry' ? 'enquiry_open' : 'closed',
      ...(signal.decision === 'section_42_enquiry' ? {} : { outcome: signal.decision }),
      startClocks: [],
      stopClocks: triageClockIds,
      notices: [
        {
          stepKey: 'concern.decided#raiser',
          template: 'concern.decided.raiser',
          audience: { kind: 'raiser' },
        },
      ],
    };
    state.apply(update);
  });
  setHandler(enquiryClosedSignal, (signal) =>
    state.apply({
      updateId: signal.enquiryId,
      at: signal.closedAt,
      event: 'enquiry_closed',
      from: 'enquiry_open',
      to: 'closed',
      outcome: 'section_42_enquiry',
      startClocks: [],
      stopClocks: [],
      notices: [],
    }),
  );
  setHandler(concernStateQuery, (): ConcernWorkflowState => {
    const decision = [...state.events].reverse().find((e) => e.startsWith('triage_decision:'));
    const snapshot = state.snapshot([]);
    return {
      phase: state.status as ConcernWorkflowState['phase'],
      decision: decision ? (decision.split(':')[1] as TriageDecision) : null,
      breachedClocks: snapshot.breachedClocks,
      rungsSent: snapshot.rungsSent,
    };
  });
}

export async function concernWorkflow(input: ConcernWorkflowInput): Promise<CaseClosure | null> {
  if (!patched(Patches.caseEngine)) return legacyConcernWorkflow(input);
  return runCase(input, {
    caseType: 'concern',
    defaultNotices: raiseNotices,
    register: (state) => registerConcernMessages(input, state),
  });
}
