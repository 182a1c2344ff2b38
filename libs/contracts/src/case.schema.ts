import { z } from 'zod';
import { ClockKeys } from './clock-keys';
import { LadderRoleSchema } from './roles';

export const CaseTypes = ['concern'] as const;
export const CaseTypeSchema = z.enum(CaseTypes);
export type CaseType = z.infer<typeof CaseTypeSchema>;

export const ConcernStatuses = ['awaiting_triage', 'enquiry_open', 'closed'] as const;
export const ConcernStatusSchema = z.enum(ConcernStatuses);
export type ConcernStatus = z.infer<typeof ConcernStatusSchema>;

export const TaskTypes = ['triage_decision'] as const;
export const TaskTypeSchema = z.enum(TaskTypes);
export type TaskType = z.infer<typeof TaskTypeSchema>;

export const TaskStatuses = ['open', 'completed', 'cancelled'] as const;
export type TaskStatus = (typeof TaskStatuses)[number];

export const ClockStates = ['running', 'met', 'breached', 'cancelled'] as const;
export const ClockStateSchema = z.enum(ClockStates);
export type ClockState = z.infer<typeof ClockStateSchema>;

export const TaskViewSchema = z
  .object({
    id: z.uuid(),
    type: TaskTypeSchema,
    status: z.enum(TaskStatuses),
    dueAt: z.iso.datetime(),
    assignedRole: LadderRoleSchema,
    completedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Task' });
export type TaskView = z.infer<typeof TaskViewSchema>;

export const ClockViewSchema = z
  .object({
    name: z.enum(ClockKeys),
    startedAt: z.iso.datetime(),
    dueAt: z.iso.datetime(),
    state: ClockStateSchema,
    metAt: z.iso.datetime().nullable(),
    breachedAt: z.iso.datetime().nullable(),
    policy: z.object({ name: z.string(), version: z.string() }),
  })
  .meta({ id: 'Clock' });
export type ClockView = z.infer<typeof ClockViewSchema>;

export const TimelineEntrySchema = z
  .object({
    id: z.uuid(),
    at: z.iso.datetime(),
    kind: z.string(),
    summary: z.string(),
    actor: z.object({ userId: z.uuid(), role: z.string() }).nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'TimelineEntry' });
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const CaseViewSchema = z
  .object({
    id: z.uuid(),
    type: CaseTypeSchema,
    reference: z.string(),
    status: ConcernStatusSchema,
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    closedAt: z.iso.datetime().nullable(),
    provider: z.object({ id: z.uuid(), name: z.string() }),
    policy: z.object({ name: z.string(), version: z.string() }),
    concern: z
      .object({
        adultAtRisk: z.object({ name: z.string(), dateOfBirth: z.string().nullable() }),
        category: z.string(),
        summary: z.string(),
        occurredAt: z.iso.datetime(),
        awareAt: z.iso.datetime(),
        immediateRisk: z.boolean(),
        consent: z.string().nullable(),
        desiredOutcomes: z.string().nullable(),
        decision: z.string().nullable(),
        decisionRationale: z.string().nullable(),
        decidedAt: z.iso.datetime().nullable(),
      })
      .nullable(),
    tasks: z.array(TaskViewSchema),
    clocks: z.array(ClockViewSchema),
    timeline: z.array(TimelineEntrySchema),
    /** Break-glass access to this case (council viewers only; empty for providers). */
    accessGrants: z.array(
      z.object({
        id: z.uuid(),
        userId: z.uuid(),
        role: z.string(),
        reason: z.string(),
        grantedAt: z.iso.datetime(),
        expiresAt: z.iso.datetime(),
        active: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'Case' });
export type CaseView = z.infer<typeof CaseViewSchema>;

export const CaseSummarySchema = z
  .object({
    id: z.uuid(),
    type: CaseTypeSchema,
    reference: z.string(),
    status: ConcernStatusSchema,
    createdAt: z.iso.datetime(),
    nextDueAt: z.iso.datetime().nullable(),
    provider: z.object({ id: z.uuid(), name: z.string() }),
  })
  .meta({ id: 'CaseSummary' });
export type CaseSummary = z.infer<typeof CaseSummarySchema>;

export const CaseListQuerySchema = z.object({
  type: CaseTypeSchema.optional(),
  status: ConcernStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type CaseListQuery = z.infer<typeof CaseListQuerySchema>;

export const WorkItemSchema = z
  .object({
    caseId: z.uuid(),
    reference: z.string(),
    caseType: CaseTypeSchema,
    task: TaskViewSchema,
  })
  .meta({ id: 'WorkItem' });
export type WorkItem = z.infer<typeof WorkItemSchema>;
