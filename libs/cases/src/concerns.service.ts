import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { AuditWriter } from '@vigil/audit';
import {
  CompleteTriageTaskSchema,
  ConcernWorkflowInputSchema,
  isUuid,
  TriageDecidedSignalSchema,
  workflowIds,
  type CaseView,
  type ClockKey,
  type CompleteTriageTask,
  type RaiseConcern,
} from '@vigil/contracts';
import { conflict, forbidden, parseOrThrow, roleMay, triageTransition, VigilError } from '@vigil/domain';
import { Database, scopeOf, type DbScope } from '@vigil/persistence';
import { WorkflowCommandDispatcher } from '@vigil/temporal';
import { randomUUID } from 'node:crypto';
import { actorOf, CaseAccess, type RequestContext } from './case-access.service';
import { loadCaseView } from './case-views';
import { findStoredCreate, isUniqueViolation, requestHash, storeCreate } from './idempotency';
import { TimescalePolicyService } from './timescale-policy.service';

export interface CreateResult {
  view: CaseView;
  /** False when an earlier request with the same Idempotency-Key created the case. */
  created: boolean;
}

/** `If-Match: "3"` (or W/"3", or 3) → 3; absent → undefined; anything else is a 400. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) {
    throw new VigilError('validation', 'The If-Match header is not valid', [
      { pointer: 'header:If-Match', detail: 'Send the case version from its ETag, like "3"' },
    ]);
  }
  return Number(match[1]);
}

const londonYear = (at: Date): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric' }).format(at);

/** Raising a safeguarding concern and recording its triage decision (DOMAIN §4.1). */
@Injectable()
export class ConcernsService implements OnApplicationShutdown {
  private readonly logger = new Logger(ConcernsService.name);
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly db: Database,
    private readonly access: CaseAccess,
    private readonly audit: AuditWriter,
    private readonly policy: TimescalePolicyService,
    private readonly dispatcher: WorkflowCommandDispatcher,
  ) {}

  /**
   * One transaction stores the case, its task and clocks, the timeline entry, the workflow start
   * request, the idempotency record and the audit event. The start is delivered after commit; if that
   * fails (crash, Temporal down) the worker's relay delivers it, so no concern is left without a clock.
   */
  async raise(
    ctx: RequestContext,
    rawBody: unknown,
    input: RaiseConcern,
    idempotencyKey: string,
  ): Promise<CreateResult> {
    const { principal } = ctx;
    if (!roleMay(principal.role, 'concern.raise') || principal.organisationKind !== 'provider') {
      await this.access.refuse(ctx, null, 'concern.raise', 'forbidden');
      throw forbidden('Only provider staff and safeguarding leads can raise a concern here');
    }
    const hash = requestHash(rawBody);
    let outcome: { caseId: string; commandIds: string[]; created: boolean };
    try {
      outcome = await this.db.transaction(scopeOf(principal), async (em) => {
        const stored = await findStoredCreate(em, principal.userId, idempotencyKey, hash);
        if (stored) return { caseId: stored.caseId, commandIds: [], created: false };
        const created = await this.createConcern(em, ctx, input, (caseId) =>
          storeCreate(em, principal.userId, idempotencyKey, hash, { caseId }, `/api/v1/cases/${caseId}`),
        );
        return { ...created, created: true };
      });
    } catch (error) {
      // A concurrent request with the same key committed first: answer with its case.
      if (!isUniqueViolation(error, 'idempotency_keys_pkey')) throw error;
      outcome = await this.db.transaction(scopeOf(principal), async (em) => {
        const stored = await findStoredCreate(em, principal.userId, idempotencyKey, hash);
        if (!stored) throw error;
        return { caseId: stored.caseId, commandIds: [], created: false };
      });
    }
    // The 201 does not wait for Temporal: the case, its task and its clock are already stored, and the
    // start is delivered in the background (the relay retries anything this misses).
    this.deliverInBackground(outcome.commandIds, scopeOf(principal));
    const view = await this.db.transaction(scopeOf(principal), async (em) => {
      const loaded = await loadCaseView(em, outcome.caseId);
      // A replay answers with the stored case: that is a read of it, audited like any other.
      if (!outcome.created) {
        await this.audit.append(em, {
          actor: actorOf(principal),
          action: 'case.viewed',
          outcome: 'success',
          subjectType: 'case',
          subjectId: outcome.caseId,
          ip: ctx.ip,
          correlationId: ctx.correlationId,
          details: { via: 'idempotent_replay' },
        });
      }
      return loaded;
    });
    return { view, created: outcome.created };
  }

  private async createConcern(
    em: EntityManager,
    ctx: RequestContext,
    input: RaiseConcern,
    beforeAudit: (caseId: string) => Promise<void>,
  ): Promise<{ caseId: string; commandIds: string[] }> {
    const { principal } = ctx;
    const now = new Date();
    const caseId = randomUUID();
    const [{ n }] = await em.execute<{ n: string }[]>(`select nextval('case_reference_seq')::text as n`);
    const reference = `VIG-${londonYear(now)}-${n.padStart(6, '0')}`;
    const [team] = await em.execute<{ id: string }[]>(
      'select id from teams where council_id = ? order by created_at, id limit 1',
      [principal.councilId],
    );
    const { policy } = this.policy;
    const keys: ClockKey[] = ['concern.triage'];
    if (input.immediateRisk) keys.push('concern.urgent_triage');
    const clocks = this.policy.plan(
      keys.filter((k) => policy.clocks[k]?.enabled !== false),
      now,
    );
    const taskId = randomUUID();
    const taskDue = new Date(Math.min(...clocks.map((c) => c.dueAt.getTime())));

    await em.execute(
      `insert into cases (id, type, reference, status, provider_id, council_id, team_id, raised_by, policy_name, policy_version,
         version, created_at, updated_at)
       values (?, 'concern', ?, 'awaiting_triage', ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
      [
        caseId,
        reference,
        principal.organisationId,
        principal.councilId,
        team?.id ?? null,
        principal.userId,
        policy.name,
        policy.version,
        now,
        now,
      ],
    );
    await em.execute(
      `insert into concerns (case_id, adult_name, adult_date_of_birth, category, summary, occurred_at, aware_at, immediate_risk,
         consent, desired_outcomes)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        caseId,
        input.adultAtRisk.name,
        input.adultAtRisk.dateOfBirth ?? null,
        input.category,
        input.summary,
        input.occurredAt,
        input.awareAt ?? now.toISOString(),
        input.immediateRisk,
        input.consent ?? null,
        input.desiredOutcomes ?? null,
      ],
    );
    await em.execute(
      `insert into tasks (id, case_id, type, status, assigned_role, due_at, created_at) values (?, ?, 'triage_decision', 'open', 'assignee', ?, ?)`,
      [taskId, caseId, taskDue, now],
    );
    const workflowClocks = [];
    for (const clock of clocks) {
      const clockId = randomUUID();
      const rungs = clock.rungs.map((r) => ({
        rung: r.rung,
        role: r.role,
        at: r.at.toISOString(),
        outOfHours: r.outOfHours,
      }));
      await em.execute(
        `insert into clocks (id, case_id, task_id, name, started_at, due_at, state, policy_name, policy_version, rungs)
         values (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?::jsonb)`,
        [
          clockId,
          caseId,
          taskId,
          clock.name,
          clock.startedAt,
          clock.dueAt,
          policy.name,
          policy.version,
          JSON.stringify(rungs),
        ],
      );
      workflowClocks.push({
        clockId,
        name: clock.name,
        dueAt: clock.dueAt.toISOString(),
        rungs: rungs.map(({ rung, role, at }) => ({ rung, role, at })),
      });
    }
    await em.execute(
      `insert into case_events (id, case_id, at, kind, actor_user_id, actor_role, details) values (?, ?, ?, 'concern.raised', ?, ?, ?::jsonb)`,
      [
        randomUUID(),
        caseId,
        now,
        principal.userId,
        principal.role,
        JSON.stringify({ category: input.category, immediateRisk: input.immediateRisk }),
      ],
    );
    // Parsing the workflow input here proves it holds only IDs, enums and instants before it is stored.
    const workflowInput = ConcernWorkflowInputSchema.parse({
      caseId,
      policy: { name: policy.name, version: policy.version },
      clocks: workflowClocks,
      correlationId:
        ctx.correlationId && /^[0-9a-f-]{36}$/.test(ctx.correlationId) ? ctx.correlationId : undefined,
    });
    const commandId = await this.requestCommand(em, caseId, 'start', 'concernWorkflow', workflowInput);
    await beforeAudit(caseId);
    // Last: the audit append holds its chain's lock until commit.
    await this.audit.append(em, {
      actor: actorOf(principal),
      action: 'case.created',
      outcome: 'success',
      subjectType: 'case',
      subjectId: caseId,
      ip: ctx.ip,
      correlationId: ctx.correlationId,
      details: { type: 'concern', reference },
    });
    return { caseId, commandIds: [commandId] };
  }

  /**
   * Records the triage decision in PostgreSQL (the record of authority), stops the case's clocks and
   * asks the workflow, by signal, to stop the ladder and send the closing notices.
   */
  async completeTriageTask(
    ctx: RequestContext,
    caseId: string,
    taskId: string,
    body: unknown,
    ifMatchHeader: string | undefined,
  ): Promise<CaseView> {
    const { principal } = ctx;
    const commandIds = await this.db.transaction(scopeOf(principal), async (em) => {
      // Scope (404) and role (403) come before anything about the request itself.
      const c = await this.access.require(em, ctx, caseId, 'concern.triage', { lock: true });
      const input: CompleteTriageTask = parseOrThrow(CompleteTriageTaskSchema, body);
      const ifMatch = parseIfMatch(ifMatchHeader);
      const [task] = isUuid(taskId)
        ? await em.execute<{ id: string; type: string; status: string }[]>(
            'select id, type, status from tasks where id = ? and case_id = ?',
            [taskId, caseId],
          )
        : [];
      if (!task) throw new VigilError('not_found', 'There is no such task on this case');
      if (task.type !== 'triage_decision') throw conflict('This task is not a triage decision');
      if (task.status !== 'open') throw conflict('This task has already been completed');
      if (ifMatch !== undefined && ifMatch !== c.version) {
        throw new VigilError(
          'conflict',
          'This case has changed since you read it: read it again, then retry',
        );
      }
      const transition = triageTransition(c.status as 'awaiting_triage', input.decision);
      if (!transition) throw conflict('A triage decision cannot be recorded in the case’s current state');
      const now = new Date();
      const decisionId = randomUUID();
      await em.execute(
        'update concerns set decision = ?, decision_rationale = ?, decided_by = ?, decided_at = ? where case_id = ?',
        [input.decision, input.rationale, principal.userId, now, caseId],
      );
      await em.execute(
        `update tasks set status = 'completed', completed_at = ?, completed_by = ? where id = ?`,
        [now, principal.userId, taskId],
      );
      // A breached clock stays breached (lateness is measured) but records when it was met.
      await em.execute(
        `update clocks set met_at = ?, state = case when state = 'running' then 'met' else state end
          where task_id = ? and state in ('running', 'breached')`,
        [now, taskId],
      );
      await em.execute(
        `update cases set status = ?, version = version + 1, updated_at = ?, closed_at = ? where id = ?`,
        [transition.to, now, transition.to === 'closed' ? now : null, caseId],
      );
      await em.execute(
        `insert into case_events (id, case_id, at, kind, actor_user_id, actor_role, details) values (?, ?, ?, 'concern.triaged', ?, ?, ?::jsonb)`,
        [
          decisionId,
          caseId,
          now,
          principal.userId,
          principal.role,
          JSON.stringify({ decision: input.decision, taskId }),
        ],
      );
      if (transition.to === 'closed') {
        await em.execute(
          `insert into case_events (id, case_id, at, kind, actor_user_id, actor_role, details) values (?, ?, ?, 'case.closed', ?, ?, '{}'::jsonb)`,
          [randomUUID(), caseId, now, principal.userId, principal.role],
        );
      }
      const signal = TriageDecidedSignalSchema.parse({
        decisionId,
        decision: input.decision,
        decidedAt: now.toISOString(),
      });
      const commandId = await this.requestCommand(em, caseId, 'signal', 'triageDecided', signal);
      await this.audit.append(em, {
        actor: actorOf(principal),
        action: 'case.triaged',
        outcome: 'success',
        subjectType: 'case',
        subjectId: caseId,
        ip: ctx.ip,
        correlationId: ctx.correlationId,
        details: { decision: input.decision, taskId },
      });
      return [commandId];
    });
    await this.deliverAfterCommit(commandIds, scopeOf(principal));
    return this.db.transaction(scopeOf(principal), (em) =>
      loadCaseView(em, caseId, { includeAccessGrants: principal.organisationKind === 'council' }),
    );
  }

  private async requestCommand(
    em: EntityManager,
    caseId: string,
    kind: 'start' | 'signal',
    name: string,
    payload: object,
  ): Promise<string> {
    const [row] = await em.execute<{ id: string }[]>(
      `insert into workflow_commands (case_id, workflow_id, kind, name, payload, created_at)
       values (?, ?, ?, ?, ?::jsonb, now()) returning id::text as id`,
      [caseId, workflowIds.concern(caseId), kind, name, JSON.stringify(payload)],
    );
    return row.id;
  }

  private deliverInBackground(commandIds: string[], scope: DbScope): void {
    if (commandIds.length === 0) return;
    const delivery = this.deliverAfterCommit(commandIds, scope).finally(() => this.inFlight.delete(delivery));
    this.inFlight.add(delivery);
  }

  /** Lets background deliveries finish before the database connections close. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  /** Best effort: whatever is not delivered now stays pending for the relay. */
  private async deliverAfterCommit(commandIds: string[], scope: DbScope): Promise<void> {
    try {
      await this.dispatcher.deliver(commandIds, scope);
    } catch (error) {
      this.logger.warn(
        { err: error instanceof Error ? error.name : 'unknown' },
        'workflow command left for the relay',
      );
    }
  }
}
