import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditAction } from '@vigil/audit';
import type { CaseOutcome, NoticeRequest, TaskType } from '@vigil/contracts';
import type { TaskRow } from '@vigil/persistence';

/** What is known about a case that decides which of a task's clocks run (an urgent strategy clock, say). */
export interface CaseFacts {
  immediateRisk?: boolean;
}

/**
 * A task to open; `dueOn` is a date a person set (`YYYY-MM-DD`, due at the end of that working day). `from` is
 * the instant its clocks run from when that is earlier than the change (a complaint's receipt, DOMAIN §4.5);
 * a later one (a client's clock ahead of ours) counts from the change.
 */
export interface OpenTask {
  type: TaskType;
  dueOn?: string;
  from?: Date;
}

/**
 * One change to a case, as a case type's handler describes it; the engine applies it: the transition (from
 * the registry), the task completed and the clocks it stops, the tasks opened with their clocks, the
 * timeline, the notices, the workflow signal and the audit row, in the caller's transaction.
 */
export interface CaseChange {
  /** The registry event (`triage_decision:signpost`, `withdraw`); an event no transition names keeps the status. */
  event: string;
  timeline: { kind: string; details?: Record<string, unknown>; id?: string };
  audit: { action: AuditAction; details?: Record<string, unknown> };
  openTasks?: readonly OpenTask[];
  /** Open tasks of these types are cancelled, with their clocks. */
  cancelTasks?: readonly TaskType[];
  /** Set when the change closes the case. */
  outcome?: CaseOutcome;
  facts?: CaseFacts;
  /** Notices beyond those the transition and the opened tasks name. */
  notices?: readonly NoticeRequest[];
  /** Runs once `openTasks` are open, in order, with their IDs (an action plan's items keyed by task). */
  afterOpen?: (em: EntityManager, opened: readonly { taskId: string; type: TaskType }[]) => Promise<void>;
}

/** A task being completed with this change, and what was recorded. */
export interface Completion {
  task: TaskRow;
  payload: Record<string, unknown>;
}
