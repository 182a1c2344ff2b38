import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  CaseUpdatedSignalSchema,
  CaseWorkflowInputSchema,
  workflowIds,
  type CaseType,
  type ClockKey,
  type LadderRole,
  type NoticeRequest,
  type WorkflowClock,
} from '@vigil/contracts';
import {
  caseDefinition,
  clocksForTask,
  conflict,
  providerConcernThreshold,
  statusLabel,
  taskDefinition,
  transitionFor,
  type NoticeRecipient,
} from '@vigil/domain';
import {
  CaseRepository,
  ClockRepository,
  TaskRepository,
  TimelineRepository,
  WorkflowCommandRepository,
  type CaseCore,
  type PlannedClock,
} from '@vigil/persistence';
import { randomUUID } from 'node:crypto';
import { CaseAccess, isSystem, type ActorContext, type RequestContext } from '../case-access.service';
import { TimescalePolicyService } from '../timescale-policy.service';
import type { CaseChange, CaseFacts, Completion, OpenTask } from './case-change';

export interface OpenedTask {
  taskId: string;
  type: OpenTask['type'];
  dueAt: Date | null;
  clocks: WorkflowClock[];
}

export interface NewCaseSpec {
  type: CaseType;
  providerId: string;
  councilId: string;
  teamId: string | null;
  /** Someone who works with children is involved (the LADO's relationship). */
  involvesChildren?: boolean;
  /** A status other than the type's initial one (a notice recorded after its window is `sent_late`). */
  status?: string;
  facts: CaseFacts;
  tasks: readonly OpenTask[];
  /** Writes the type's own narrative row. */
  details: (em: EntityManager, caseId: string) => Promise<void>;
  timeline: { kind: string; details?: Record<string, unknown> };
  /** The notices the workflow sends when it starts, given the opened tasks. */
  notices: (opened: readonly OpenedTask[]) => NoticeRequest[];
  /** Runs just before the audit row (e.g. storing the idempotent response). */
  beforeAudit?: (caseId: string) => Promise<void>;
  /**
   * Clocks of a duty done by opening the case (a report's own deadline, from when the reporter knew): stored
   * met, or breached at their due time and met late, so returns count them like any other clock.
   */
  doneClocks?: readonly { name: ClockKey; startedAt: Date }[];
  /** Ask for the provider watch even when the type does not count toward the threshold (a continuity report). */
  watchProvider?: boolean;
}

const audienceOf = (r: NoticeRecipient): NoticeRequest['audience'] =>
  r === 'raiser' ? { kind: 'raiser' } : { kind: 'role', role: r };

/**
 * The one implementation of what every case type does to the shared tables: open a case with its first
 * tasks and clocks and ask for its workflow; apply a change (transition, tasks, clocks, timeline, notices,
 * workflow signal, audit). SQL lives in the repositories; rules come from the case-type registry.
 */
@Injectable()
export class CaseEngine {
  constructor(
    private readonly cases: CaseRepository,
    private readonly tasks: TaskRepository,
    private readonly clocks: ClockRepository,
    private readonly timeline: TimelineRepository,
    private readonly commands: WorkflowCommandRepository,
    private readonly policy: TimescalePolicyService,
    private readonly access: CaseAccess,
  ) {}

  /**
   * Opens a case of any type in the caller's transaction; answers its ID, reference and the start command.
   * Vigil itself may open one (`SystemContext`): it then has no raiser, and its timeline entry no actor.
   */
  async open(
    em: EntityManager,
    ctx: ActorContext,
    spec: NewCaseSpec,
  ): Promise<{ caseId: string; reference: string; commandIds: string[]; opened: OpenedTask[] }> {
    const def = caseDefinition(spec.type);
    const now = new Date();
    const caseId = randomUUID();
    const reference = await this.cases.nextReference(em, now);
    const { policy } = this.policy;
    const actor = isSystem(ctx) ? null : { userId: ctx.principal.userId, role: ctx.principal.role };
    await this.cases.insert(em, {
      id: caseId,
      type: spec.type,
      reference,
      status: spec.status ?? def.initialStatus,
      providerId: spec.providerId,
      councilId: spec.councilId,
      teamId: spec.teamId,
      raisedBy: actor?.userId ?? null,
      policy: { name: policy.name, version: policy.version },
      at: now,
      involvesChildren: spec.involvesChildren ?? false,
    });
    await spec.details(em, caseId);
    await this.recordDoneClocks(em, caseId, spec.doneClocks ?? [], now);
    const opened = await this.openTasks(em, caseId, spec.tasks, spec.facts, now);
    await this.timeline.append(em, {
      caseId,
      kind: spec.timeline.kind,
      at: now,
      actor,
      details: spec.timeline.details,
    });
    // Parsing proves the workflow input holds only IDs, enums and instants before it is stored.
    const watchProvider = this.countsTowardWarning(spec.type, undefined, spec.watchProvider);
    const input = CaseWorkflowInputSchema.parse({
      caseId,
      caseType: spec.type,
      policy: { name: policy.name, version: policy.version },
      status: spec.status ?? def.initialStatus,
      clocks: opened.flatMap((t) => t.clocks),
      notices: [...spec.notices(opened), ...this.openingNotices(spec.type, opened)],
      // The early-warning check runs in the case's own workflow: one workflow per case, not two (ADR 0020).
      ...(watchProvider ? { watchProvider: true } : {}),
      correlationId:
        ctx.correlationId && /^[0-9a-f-]{36}$/.test(ctx.correlationId) ? ctx.correlationId : undefined,
    });
    const commandId = await this.commands.request(em, {
      caseId,
      workflowId: workflowIds.of(def.idPrefix, caseId),
      kind: 'start',
      name: def.workflowType,
      payload: input,
    });
    await spec.beforeAudit?.(caseId);
    // Last: the audit append holds its chain's lock until commit.
    await this.access.record(em, ctx, 'case.created', caseId, { type: spec.type, reference });
    return { caseId, reference, commandIds: [commandId], opened };
  }

  /**
   * Applies one change to a case the caller has locked (`CaseAccess.require(..., { lock: true })`).
   * Refuses (409) an event the case's type allows only from other statuses.
   */
  async apply(
    em: EntityManager,
    ctx: RequestContext,
    c: CaseCore,
    change: CaseChange,
    completion?: Completion,
  ): Promise<{ commandIds: string[]; status: string; opened: OpenedTask[] }> {
    const def = caseDefinition(c.type);
    const now = new Date();
    const transition = transitionFor(c.type, c.status, change.event);
    if (!transition && def.transitions.some((t) => t.event === change.event)) {
      throw conflict(
        `This cannot be done while the case is “${statusLabel(c.type, c.status).toLowerCase()}”`,
      );
    }
    const stopClocks: string[] = [];
    if (completion) {
      await this.tasks.complete(em, completion.task, ctx.principal.userId, completion.payload, now);
      stopClocks.push(...(await this.clocks.meetForTasks(em, [completion.task.id], now)));
    }
    if (change.cancelTasks?.length) {
      const cancelled = await this.tasks.cancelOpen(em, c.id, change.cancelTasks);
      stopClocks.push(...(await this.clocks.cancelForTasks(em, cancelled)));
    }
    const opened = await this.openTasks(em, c.id, change.openTasks ?? [], change.facts ?? {}, now);
    await change.afterOpen?.(em, opened);
    const status = transition?.to ?? c.status;
    const closing = transition !== undefined && def.closedStatuses.includes(transition.to);
    if (transition) await this.cases.setStatus(em, c.id, status, now, closing);
    else await this.cases.touch(em, c.id, now);
    const actor = { userId: ctx.principal.userId, role: ctx.principal.role };
    await this.timeline.append(em, { caseId: c.id, at: now, actor, ...change.timeline });
    if (closing) {
      await this.timeline.append(em, {
        caseId: c.id,
        kind: 'case.closed',
        at: now,
        actor,
        details: change.outcome ? { outcome: change.outcome } : {},
      });
    }
    const version = c.version + 1;
    const notices: NoticeRequest[] = [
      ...(transition?.notify ?? []).map((r): NoticeRequest => ({
        stepKey: transition?.notice?.stepKey ?? `${change.event}#v${version}#${r}`,
        template: transition?.notice?.template ?? 'case.status_changed',
        audience: audienceOf(r),
        caseType: c.type,
        status: status as NoticeRequest['status'],
      })),
      ...this.openingNotices(c.type, opened),
      ...(change.notices ?? []),
    ];
    const signal = CaseUpdatedSignalSchema.parse({
      updateId: randomUUID(),
      at: now.toISOString(),
      event: change.event,
      from: c.status,
      to: status,
      ...(change.outcome ? { outcome: change.outcome } : {}),
      startClocks: opened.flatMap((t) => t.clocks),
      stopClocks,
      notices,
    });
    const commandId = await this.commands.request(em, {
      caseId: c.id,
      workflowId: workflowIds.of(def.idPrefix, c.id),
      kind: 'signal',
      name: 'caseUpdated',
      payload: signal,
    });
    const watch = closing ? await this.requestWatch(em, c, change.outcome ?? null) : [];
    await this.access.record(em, ctx, change.audit.action, c.id, change.audit.details);
    return { commandIds: [commandId, ...watch], status, opened };
  }

  /**
   * Whether a case starts to count toward its provider's early warning (issue 10): a counted type when
   * raised (`closedAs` undefined), or (a type the registry marks, a complaint) when closed with one of its
   * outcomes; `always` for a case its opener says counts. Never a provider concern itself.
   */
  private countsTowardWarning(type: CaseType, closedAs?: string | null, always = false): boolean {
    if (type === 'provider_concern') return false;
    if (always) return true;
    const threshold = providerConcernThreshold(this.policy.policy);
    if (!threshold || !threshold.counts.includes(type)) return false;
    const whenClosed = caseDefinition(type).earlyWarningWhenClosedAs;
    return closedAs === undefined ? !whenClosed : !!closedAs && !!whenClosed?.includes(closedAs);
  }

  /**
   * Asks for the early-warning check when a case closes in a way that counts (a complaint upheld): its
   * workflow is ending, so the check runs in a workflow of its own (`providerWatchWorkflow`), started from
   * the same transaction, so it is never lost. A raised case's check runs in its own workflow instead.
   */
  private async requestWatch(
    em: EntityManager,
    c: { id: string; type: CaseType },
    closedAs: string | null,
  ): Promise<string[]> {
    if (!this.countsTowardWarning(c.type, closedAs)) return [];
    return [
      await this.commands.request(em, {
        caseId: c.id,
        workflowId: workflowIds.of('provider-watch', c.id),
        kind: 'start',
        name: 'providerWatchWorkflow',
        payload: { caseId: c.id },
      }),
    ];
  }

  /**
   * Records the clocks of a duty the opening itself discharged (see `NewCaseSpec.doneClocks`). A late one is
   * breached at its due time, with its timeline entry, exactly as the workflow records a breach.
   */
  private async recordDoneClocks(
    em: EntityManager,
    caseId: string,
    clocks: readonly { name: ClockKey; startedAt: Date }[],
    at: Date,
  ): Promise<void> {
    const { policy } = this.policy;
    for (const c of clocks) {
      const [planned] = this.policy.plan([c.name], c.startedAt);
      const clock = await this.clocks.recordDone(em, {
        caseId,
        planned,
        policy: { name: policy.name, version: policy.version },
        metAt: at,
      });
      if (clock.late) {
        await this.timeline.append(em, {
          caseId,
          kind: 'clock.breached',
          at: planned.dueAt,
          stepKey: `${c.name}#breach`,
          details: { clock: c.name, clockId: clock.clockId },
        });
      }
    }
  }

  /** The "task needs you" notices for tasks whose definition names who is told when they open. */
  openingNotices(type: CaseType, opened: readonly OpenedTask[]): NoticeRequest[] {
    return opened.flatMap((t) =>
      (taskDefinition(t.type).notifyOnOpen ?? []).map((r): NoticeRequest => ({
        stepKey: `task.${t.type}#${t.taskId}#${r}`,
        template: 'task.assigned',
        audience: audienceOf(r),
        caseType: type,
        taskType: t.type,
        ...(t.dueAt ? { dueAt: t.dueAt.toISOString() } : {}),
      })),
    );
  }

  /**
   * Opens tasks with their clocks from the policy (a date a person set replaces the first clock's due
   * instant), running from `now` or the task's earlier `from`: a clock already due then is breached as soon
   * as its workflow starts. A task whose clocks the council has all switched off is not opened at all.
   */
  private async openTasks(
    em: EntityManager,
    caseId: string,
    specs: readonly OpenTask[],
    facts: CaseFacts,
    now: Date,
  ): Promise<OpenedTask[]> {
    const { policy } = this.policy;
    const plans: { spec: OpenTask; holder: LadderRole; planned: PlannedClock[]; dueAt: Date | null }[] = [];
    for (const spec of specs) {
      const def = taskDefinition(spec.type);
      const keys = clocksForTask(spec.type, facts)
        .map((k) => k.key)
        .filter((k) => this.policy.isEnabled(k));
      if (def.clocks.length > 0 && keys.length === 0) continue;
      const from = spec.from && spec.from.getTime() < now.getTime() ? spec.from : now;
      const planned = keys.map((key, i) =>
        i === 0 && spec.dueOn
          ? this.policy.planDue(key, from, this.policy.endOfDayOn(spec.dueOn))
          : this.policy.plan([key], from)[0],
      );
      const dueAt = planned.length > 0 ? new Date(Math.min(...planned.map((p) => p.dueAt.getTime()))) : null;
      plans.push({ spec, holder: def.holder, planned, dueAt });
    }
    // One statement for the tasks and one for their clocks: each table's count trigger runs once.
    const taskIds = await this.tasks.openMany(
      em,
      plans.map((p) => ({ caseId, type: p.spec.type, assignedRole: p.holder, dueAt: p.dueAt, at: now })),
    );
    const started = await this.clocks.startMany(
      em,
      plans.flatMap((p, i) =>
        p.planned.map((planned) => ({
          caseId,
          taskId: taskIds[i],
          planned,
          policy: { name: policy.name, version: policy.version },
        })),
      ),
    );
    let next = 0;
    const opened: OpenedTask[] = plans.map((p, i) => {
      const clocks = started.slice(next, next + p.planned.length);
      next += p.planned.length;
      return { taskId: taskIds[i], type: p.spec.type, dueAt: p.dueAt, clocks };
    });
    return opened;
  }
}
