import type { CaseType, TaskType } from '../../../contracts/src/case.schema';
import type { ClockKey } from '../../../contracts/src/clock-keys';
import type { UserRole } from '../../../contracts/src/roles';
import type {
  CaseTypeDefinition,
  Relationship,
  TaskClock,
  TaskDefinition,
  TransitionDefinition,
  VisibilityRule,
} from './case-type';
import { AllegationDefinition } from './allegation.definition';
import { ComplaintDefinition } from './complaint.definition';
import { NotificationDefinition } from './notification.definition';
import { IncidentDefinition } from './incident.definition';
import { ConcernDefinition } from './concern.definition';
import { EnquiryDefinition } from './s42-enquiry.definition';
import { ProviderConcernDefinition } from './provider-concern.definition';

/** Every case type Vigil runs. A new type is a definition here (and its folders, migration and pages). */
export const CaseRegistry: Readonly<Record<CaseType, CaseTypeDefinition>> = {
  concern: ConcernDefinition as CaseTypeDefinition,
  s42_enquiry: EnquiryDefinition as CaseTypeDefinition,
  allegation: AllegationDefinition as CaseTypeDefinition,
  incident: IncidentDefinition as CaseTypeDefinition,
  complaint: ComplaintDefinition as CaseTypeDefinition,
  notification: NotificationDefinition as CaseTypeDefinition,
  provider_concern: ProviderConcernDefinition as CaseTypeDefinition,
};

export const CaseDefinitions: readonly CaseTypeDefinition[] = Object.values(CaseRegistry);

export function caseDefinition(type: string): CaseTypeDefinition {
  const found = (CaseRegistry as Record<string, CaseTypeDefinition | undefined>)[type];
  if (!found) throw new Error(`unknown case type ${type}`);
  return found;
}

/** The definition of a task type, and the case type it belongs to (each task type has exactly one). */
export function taskDefinition(taskType: string): TaskDefinition & { caseType: CaseType } {
  for (const def of CaseDefinitions) {
    const task = def.tasks.find((t) => t.type === taskType);
    if (task) return { ...task, caseType: def.type };
  }
  throw new Error(`unknown task type ${taskType}`);
}

/** The transition an event makes from a status, if the type allows it there. */
export function transitionFor(type: string, from: string, event: string): TransitionDefinition | undefined {
  return caseDefinition(type).transitions.find((t) => t.event === event && t.from.includes(from));
}

/** Manual transitions (their own form or route) a role may make from a status. */
export function manualTransitions(type: string, from: string, role: UserRole): TransitionDefinition[] {
  return caseDefinition(type).transitions.filter(
    (t) => t.manual && t.from.includes(from) && t.actors.includes(role),
  );
}

export function isClosedStatus(type: string, status: string): boolean {
  return caseDefinition(type).closedStatuses.includes(status);
}

/** The clocks a task runs when it opens, given what is known about the case. */
export function clocksForTask(taskType: string, facts: { immediateRisk?: boolean } = {}): TaskClock[] {
  return taskDefinition(taskType).clocks.filter(
    (c) =>
      !c.only ||
      (c.only === 'immediate_risk' && facts.immediateRisk === true) ||
      (c.only === 'no_immediate_risk' && facts.immediateRisk !== true),
  );
}

/** Clocks a council may retime but not switch off: a task is due by each of them. */
export const RequiredClocks: readonly ClockKey[] = [
  ...new Set(
    CaseDefinitions.flatMap((d) =>
      d.tasks.flatMap((t) => t.clocks.filter((c) => c.required).map((c) => c.key)),
    ),
  ),
];

/** The visibility table (role × case type × relationship), as the migration seeds it in PostgreSQL. */
export interface VisibilityRow extends VisibilityRule {
  caseType: CaseType;
}
export const VisibilityRows: readonly VisibilityRow[] = CaseDefinitions.flatMap((d) =>
  d.visibility.map((v) => ({
    caseType: d.type,
    role: v.role,
    relationship: v.relationship,
    masked: v.masked ?? false,
  })),
);

/** The task types a role may complete on some case type: the work queue's rows. */
export function taskTypesFor(role: UserRole): TaskType[] {
  return CaseDefinitions.flatMap((d) => d.tasks.filter((t) => t.actors.includes(role)).map((t) => t.type));
}

export function relationshipsOf(
  role: UserRole,
): { caseType: CaseType; relationship: Relationship; masked: boolean }[] {
  return VisibilityRows.filter((r) => r.role === role).map((r) => ({
    caseType: r.caseType,
    relationship: r.relationship,
    masked: r.masked ?? false,
  }));
}
