import type { EntityManager } from '@mikro-orm/postgresql';
import type {
  CaseView,
  ClockKey,
  ClockState,
  ConcernStatus,
  LadderRole,
  TaskView,
  TimelineEntry,
} from '@vigil/contracts';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
const isoRequired = (d: Date | string): string => new Date(d).toISOString();

const RoleLabels: Record<string, string> = {
  assignee: 'the assigned officer or triage team',
  team_manager: 'the team manager',
  head_of_service: 'the head of service',
  provider_manager: 'the provider manager',
  commissioner: 'the commissioner',
  lado: 'the LADO',
  edt: 'the emergency duty team',
};

const DecisionLabels: Record<string, string> = {
  section_42_enquiry: 'Section 42 enquiry',
  no_further_action: 'No further action',
  signpost: 'Signpost',
};

/** A sentence for each timeline kind, built from enums only. */
export function timelineSummary(kind: string, d: Record<string, unknown>): string {
  switch (kind) {
    case 'concern.raised':
      return 'Concern raised';
    case 'clock.breached':
      return `Deadline passed: ${String(d.clock)}`;
    case 'clock.escalated':
      return `Reminder ${String(d.rung)} sent to ${RoleLabels[String(d.role)] ?? String(d.role)} (${String(d.recipients)} recipient${d.recipients === 1 ? '' : 's'})`;
    case 'concern.triaged':
      return `Triage decision: ${DecisionLabels[String(d.decision)] ?? String(d.decision)}`;
    case 'case.closed':
      return 'Case closed';
    case 'case.break_glass':
      return 'Emergency (break-glass) access opened';
    default:
      return kind;
  }
}

interface CaseRow {
  id: string;
  type: 'concern';
  reference: string;
  status: ConcernStatus;
  version: number;
  created_at: Date;
  closed_at: Date | null;
  provider_id: string;
  provider_name: string;
  policy_name: string;
  policy_version: string;
}

/** Reads a case as the API shows it. The caller has already checked scope. */
export async function loadCaseView(
  em: EntityManager,
  caseId: string,
  options: { includeAccessGrants?: boolean } = {},
): Promise<CaseView> {
  const [c] = await em.execute<CaseRow[]>(
    `select c.id, c.type, c.reference, c.status, c.version, c.created_at, c.closed_at, c.provider_id,
            o.name as provider_name, c.policy_name, c.policy_version
       from cases c join organisations o on o.id = c.provider_id where c.id = ?`,
    [caseId],
  );
  if (!c) throw new Error('case vanished while being read');
  const [concern] = await em.execute<Record<string, unknown>[]>(
    `select adult_name, to_char(adult_date_of_birth, 'YYYY-MM-DD') as adult_date_of_birth, category, summary,
            occurred_at, aware_at, immediate_risk, consent, desired_outcomes, decision, decision_rationale, decided_at
       from concerns where case_id = ?`,
    [caseId],
  );
  const tasks = await em.execute<Record<string, unknown>[]>(
    'select id, type, status, due_at, assigned_role, completed_at from tasks where case_id = ? order by created_at, id',
    [caseId],
  );
  const clocks = await em.execute<Record<string, unknown>[]>(
    `select name, started_at, due_at, state, met_at, breached_at, policy_name, policy_version
       from clocks where case_id = ? order by due_at, name`,
    [caseId],
  );
  const events = await em.execute<Record<string, unknown>[]>(
    `select id, at, kind, actor_user_id, actor_role, details from case_events where case_id = ? order by at, id`,
    [caseId],
  );
  const grants = options.includeAccessGrants
    ? await em.execute<
        {
          id: string;
          user_id: string;
          role: string;
          reason: string;
          granted_at: Date;
          expires_at: Date;
          active: boolean;
        }[]
      >(
        `select g.id, g.user_id, u.role, g.reason, g.granted_at, g.expires_at, g.expires_at > now() as active
           from access_grants g join users u on u.id = g.user_id where g.case_id = ? order by g.granted_at`,
        [caseId],
      )
    : [];
  const timeline: TimelineEntry[] = events.map((e) => {
    const details = { ...(e.details as Record<string, unknown>) };
    if (e.kind === 'concern.triaged' && concern) details.rationale = concern.decision_rationale;
    return {
      id: String(e.id),
      at: isoRequired(e.at as Date),
      kind: String(e.kind),
      summary: timelineSummary(String(e.kind), details),
      actor: e.actor_user_id ? { userId: String(e.actor_user_id), role: String(e.actor_role) } : null,
      details,
    };
  });
  return {
    id: c.id,
    type: c.type,
    reference: c.reference,
    status: c.status,
    version: c.version,
    createdAt: isoRequired(c.created_at),
    closedAt: iso(c.closed_at),
    provider: { id: c.provider_id, name: c.provider_name },
    policy: { name: c.policy_name, version: c.policy_version },
    concern: concern
      ? {
          adultAtRisk: {
            name: String(concern.adult_name),
            dateOfBirth: (concern.adult_date_of_birth as string | null) ?? null,
          },
          category: String(concern.category),
          summary: String(concern.summary),
          occurredAt: isoRequired(concern.occurred_at as Date),
          awareAt: isoRequired(concern.aware_at as Date),
          immediateRisk: Boolean(concern.immediate_risk),
          consent: (concern.consent as string | null) ?? null,
          desiredOutcomes: (concern.desired_outcomes as string | null) ?? null,
          decision: (concern.decision as string | null) ?? null,
          decisionRationale: (concern.decision_rationale as string | null) ?? null,
          decidedAt: iso(concern.decided_at as Date | null),
        }
      : null,
    tasks: tasks.map((t): TaskView => ({
      id: String(t.id),
      type: t.type as TaskView['type'],
      status: t.status as TaskView['status'],
      dueAt: isoRequired(t.due_at as Date),
      assignedRole: t.assigned_role as LadderRole,
      completedAt: iso(t.completed_at as Date | null),
    })),
    clocks: clocks.map((k) => ({
      name: k.name as ClockKey,
      startedAt: isoRequired(k.started_at as Date),
      dueAt: isoRequired(k.due_at as Date),
      state: k.state as ClockState,
      metAt: iso(k.met_at as Date | null),
      breachedAt: iso(k.breached_at as Date | null),
      policy: { name: String(k.policy_name), version: String(k.policy_version) },
    })),
    timeline,
    accessGrants: grants.map((g) => ({
      id: g.id,
      userId: g.user_id,
      role: g.role,
      reason: g.reason,
      grantedAt: isoRequired(g.granted_at),
      expiresAt: isoRequired(g.expires_at),
      active: g.active,
    })),
  };
}
