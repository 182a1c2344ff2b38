import { allHandlersFinished, condition, log, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import type {
  CaseClosure,
  EscalateClockInput,
  CaseOutcome,
  CaseType,
  CaseUpdatedSignal,
  CaseWorkflowInput,
  CaseWorkflowState,
  LadderRung,
  NoticeRequest,
  WorkflowClock,
} from '@vigil/contracts';
import { caseDefinition, isClosedStatus, transitionFor } from '@vigil/domain/cases';
import { localFirst, localNotices, notices, records, watch } from './activities';
import { caseStateQuery, caseUpdatedSignal } from './case.messages';
import { rungNotice, runLadder } from './escalation';
import { Notifier } from './notifier';
import { Patches } from './patches';

/**
 * Plain, serialisable state of one case workflow. PostgreSQL is the record: each change reaches the
 * workflow as a `caseUpdated` signal, applied here against the same transition table the API used.
 */
export class CaseRunState {
  status: string;
  outcome: CaseOutcome | undefined;
  readonly events: string[] = [];
  private readonly stopped = new Set<string>();
  private readonly seen = new Set<string>();
  private readonly newClocks: WorkflowClock[] = [];
  private readonly newNotices: NoticeRequest[] = [];
  readonly breached: string[] = [];
  readonly rungs: { clockId: string; rung: number }[] = [];

  constructor(
    readonly caseId: string,
    readonly caseType: CaseType,
    status: string | undefined,
  ) {
    this.status = status ?? caseDefinition(caseType).initialStatus;
  }

  get closed(): boolean {
    return isClosedStatus(this.caseType, this.status);
  }

  /**
   * Applies a committed change once. A repeat (same updateId) is ignored, and so is a change from a status
   * the case has already left (a second, contradicting decision): the first one stands.
   */
  apply(update: CaseUpdatedSignal): void {
    if (this.seen.has(update.updateId)) return;
    this.seen.add(update.updateId);
    if (update.from !== this.status) {
      log.warn('case update from another status ignored', { caseId: this.caseId, event: update.event });
      return;
    }
    const transition = transitionFor(this.caseType, this.status, update.event);
    if (transition && transition.to !== update.to) {
      log.warn('case update disagrees with the transition table', {
        caseId: this.caseId,
        event: update.event,
      });
    }
    this.status = update.to;
    this.events.push(update.event);
    if (update.outcome) this.outcome = update.outcome;
    for (const id of update.stopClocks) this.stopped.add(id);
    this.newClocks.push(...update.startClocks);
    this.newNotices.push(...update.notices);
  }

  isStopped(clockId: string): boolean {
    return this.stopped.has(clockId);
  }

  get hasPending(): boolean {
    return this.newClocks.length > 0 || this.newNotices.length > 0;
  }

  takeClocks(): WorkflowClock[] {
    return this.newClocks.splice(0);
  }

  takeNotices(): NoticeRequest[] {
    return this.newNotices.splice(0);
  }

  snapshot(running: readonly string[]): CaseWorkflowState {
    return {
      status: this.status as CaseWorkflowState['status'],
      closed: this.closed,
      runningClocks: [...running],
      breachedClocks: [...this.breached],
      rungsSent: [...this.rungs],
      updatesApplied: this.seen.size,
    };
  }
}

/**
 * A clock's breach and its first rungs: once as a local activity in the workflow task the due instant woke
 * (Patches.localEscalation), then, if that failed, as an activity retried until every email is sent. The
 * local run commits the breach before its first email, so the retry finds it recorded and sends only what
 * is still pending.
 */
async function escalate(step: EscalateClockInput): Promise<void> {
  if (!patched(Patches.localEscalation)) {
    await notices.escalateClock(step);
    return;
  }
  await localFirst(
    () => localNotices.escalateClock(step),
    () => notices.escalateClock(step),
    { caseId: step.caseId, stepKey: step.breach.stepKey },
  );
}

export interface CaseRunOptions {
  caseType: CaseType;
  /** Sent at the start when the input names none (runs started before the input carried them). */
  defaultNotices?: (input: CaseWorkflowInput) => NoticeRequest[];
  /** Registers a type's own signals and queries (the concern's from before the engine). */
  register?: (state: CaseRunState) => void;
}

/**
 * Every case workflow: from its start until the case is closed and every clock has stopped or run its
 * ladder. Each clock waits for its absolute due instant and walks its escalation ladder until the duty is
 * met (a `caseUpdated` stops it); new clocks and notices arrive with the same signal. The instants were
 * computed once, outside the workflow, and recorded in history.
 */
export async function runCase(
  input: CaseWorkflowInput,
  options: CaseRunOptions,
): Promise<CaseClosure | null> {
  const state = new CaseRunState(input.caseId, options.caseType, input.status);
  const ladders = new Map<string, Promise<unknown>>();
  const settled = new Set<string>();
  setHandler(caseUpdatedSignal, (update) => state.apply(update));
  setHandler(caseStateQuery, () => state.snapshot([...ladders.keys()].filter((id) => !settled.has(id))));
  options.register?.(state);

  const notifier = new Notifier(workflowInfo().workflowId, input.caseId);
  // Step keys stay unique when a clock repeats (a plan reviewed again): `s42.plan_review`, `s42.plan_review.2`.
  const seenNames = new Map<string, number>();
  const startLadder = (clock: WorkflowClock): void => {
    if (ladders.has(clock.clockId)) return;
    const n = (seenNames.get(clock.name) ?? 0) + 1;
    seenNames.set(clock.name, n);
    const key = n === 1 ? clock.name : `${clock.name}.${n}`;
    const ladder = runLadder(clock, () => state.isStopped(clock.clockId), {
      onBreach: async () => {
        await records.markClockBreached({
          caseId: input.caseId,
          clockId: clock.clockId,
          at: clock.dueAt,
          stepKey: `${key}#breach`,
        });
        state.breached.push(clock.clockId);
      },
      onRung: (rung: LadderRung) => {
        state.rungs.push({ clockId: clock.clockId, rung: rung.rung });
        // A later rung, alone at its instant: like the escalation step, first inside the task the instant
        // woke (runs recorded before the patch send it as an activity).
        if (patched(Patches.localRungs)) notifier.sendLocalFirst(rungNotice(key, clock, rung));
        else notifier.send(rungNotice(key, clock, rung));
      },
      // The breach is recorded at once; the state query lists it when the step is done (its emails sent).
      onBreachWithRungs: async (rungs: LadderRung[]) => {
        for (const rung of rungs) state.rungs.push({ clockId: clock.clockId, rung: rung.rung });
        await escalate({
          workflowId: workflowInfo().workflowId,
          caseId: input.caseId,
          breach: { clockId: clock.clockId, at: clock.dueAt, stepKey: `${key}#breach` },
          notices: rungs.map((rung) => rungNotice(key, clock, rung)),
        });
        state.breached.push(clock.clockId);
      },
    }).finally(() => settled.add(clock.clockId));
    ladders.set(clock.clockId, ladder);
  };

  notifier.sendAll(input.notices ?? options.defaultNotices?.(input) ?? []);
  // The early-warning check a counted case asks for (ADR 0020): retried until it has run; the workflow waits
  // for it before it ends. Inputs from before the field never ask, so their histories replay unchanged.
  const checked = input.watchProvider
    ? watch.watchProvider({ caseId: input.caseId }).then(
        () => undefined,
        () => log.error('early-warning check failed after retries', { caseId: input.caseId }),
      )
    : Promise.resolve();
  for (const clock of input.clocks) startLadder(clock);

  for (;;) {
    await condition(() => state.hasPending || (state.closed && settled.size === ladders.size));
    for (const clock of state.takeClocks()) startLadder(clock);
    notifier.sendAll(state.takeNotices());
    if (state.closed && !state.hasPending && settled.size === ladders.size) break;
  }
  await notifier.drain();
  await checked;
  await condition(allHandlersFinished);
  return state.outcome
    ? { caseId: input.caseId, outcome: state.outcome, closedAt: new Date().toISOString() }
    : null;
}
