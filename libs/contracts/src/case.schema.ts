import { z } from 'zod';
import {
  AllegationOutcomes,
  AllegationStatuses,
  EmploymentOutcomes,
  LadoDecisions,
  Regulators,
  StaffTypes,
} from './allegation.schema';
import { ClockKeys } from './clock-keys';
import { ComplaintOutcomes, ComplaintStatuses, NoticeMethods } from './complaint.schema';
import { NotificationStatuses, NotificationTriggers } from './notification.schema';
import { IncidentCategories, IncidentStatuses } from './incident.schema';
import {
  ProviderConcernOutcomes,
  ProviderConcernSources,
  ProviderConcernStatuses,
  ProviderNoticeKinds,
  ReferralStatuses,
} from './provider-concern.schema';
import { requiredText } from './fields';
import { ConcernCategories, ConsentValues, TriageDecisions } from './concern.schema';
import {
  CapacityValues,
  EnquiryLeads,
  EnquiryOutcomes,
  EnquiryStatuses,
  MspValues,
  OutcomesMetValues,
  RiskNowValues,
} from './enquiry.schema';
import { LadderRoleSchema } from './roles';

/*
 * The wire shape of every case type: a core every type shares, and `details` keyed by `type`. The case
 * types' rules (who sees, who acts, which clocks) are data in libs/domain/src/cases.
 */

export const CaseTypes = [
  'concern',
  's42_enquiry',
  'allegation',
  'incident',
  'complaint',
  'notification',
  'provider_concern',
] as const;
export const CaseTypeSchema = z.enum(CaseTypes);
export type CaseType = z.infer<typeof CaseTypeSchema>;

export const ConcernStatuses = ['awaiting_triage', 'enquiry_open', 'closed'] as const;
export const ConcernStatusSchema = z.enum(ConcernStatuses);
export type ConcernStatus = z.infer<typeof ConcernStatusSchema>;

/** Every status of every type, for the `cases.status` column and list filters. */
export const CaseStatuses = [
  ...new Set([
    ...ConcernStatuses,
    ...EnquiryStatuses,
    ...AllegationStatuses,
    ...ComplaintStatuses,
    ...NotificationStatuses,
    ...IncidentStatuses,
    ...ProviderConcernStatuses,
  ]),
] as [string, ...string[]];
export const CaseStatusSchema = z.enum(CaseStatuses as unknown as readonly [string, ...string[]]);
export type CaseStatus = z.infer<typeof CaseStatusSchema>;

export const TaskTypes = [
  // 4.1 concern
  'triage_decision',
  'care_plan_review',
  // 4.2 Section 42 enquiry
  'record_adult_views',
  'decide_enquiry_lead',
  'submit_provider_report',
  'record_outcome',
  'agree_safeguarding_plan',
  'review_plan',
  'sign_off',
  // 4.3 allegation against staff
  'confirm_suspension',
  'lado_referral',
  'lado_evaluation',
  'record_employment_outcome',
  'dbs_referral_decision',
  'dbs_actions_notice',
  'regulator_referral_decision',
  'suspension_review',
  'lift_suspension',
  'resolution_review',
  // 4.5 complaint
  'acknowledge',
  'notify_social_worker',
  'respond',
  'share_outcome',
  // 4.4 serious incident
  'si_meeting_decision',
  'initial_review',
  'duty_of_candour',
  'cqc_notification',
  'ico_notification',
  'investigation_report',
  'accept_learning',
  // 4.6 commissioner notification
  'acknowledge_notification',
  // 4.7 provider concern and provider failure
  'decide_referral_suspension',
  'decide_lse',
  'close_lse',
  'submit_siap',
  'siap_action',
  'siap_review',
  'decide_resumption',
  'notice_compliance',
  'affected_people',
  'complete_transfers',
] as const;
export const TaskTypeSchema = z.enum(TaskTypes);
export type TaskType = z.infer<typeof TaskTypeSchema>;

export const TaskStatuses = ['open', 'completed', 'cancelled'] as const;
export type TaskStatus = (typeof TaskStatuses)[number];

export const ClockStates = ['running', 'met', 'breached', 'cancelled'] as const;
export const ClockStateSchema = z.enum(ClockStates);
export type ClockState = z.infer<typeof ClockStateSchema>;

/** How a closed concern ended besides its triage decision. */
export const ConcernClosures = ['withdrawn', 'merged'] as const;

/** What a finished case workflow reports, per type. */
export const CaseOutcomes = [
  ...TriageDecisions,
  ...ConcernClosures,
  ...EnquiryOutcomes,
  ...AllegationOutcomes,
  ...ComplaintOutcomes,
  ...ProviderConcernOutcomes,
] as const;
export const CaseOutcomeSchema = z.enum(CaseOutcomes);
export type CaseOutcome = z.infer<typeof CaseOutcomeSchema>;

export const TaskViewSchema = z
  .object({
    id: z.uuid(),
    type: TaskTypeSchema,
    status: z.enum(TaskStatuses),
    /** Null for a task no clock governs (e.g. agreeing a safeguarding plan). */
    dueAt: z.iso.datetime().nullable(),
    assignedRole: LadderRoleSchema,
    createdAt: z.iso.datetime(),
    completedAt: z.iso.datetime().nullable(),
    /** What was recorded when it was completed (null while open, and for masked viewers). */
    submission: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'Task' });
export type TaskView = z.infer<typeof TaskViewSchema>;

export const ClockViewSchema = z
  .object({
    id: z.uuid(),
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

/** A linked case; `type` is always the linked case's type. */
export const CaseLinkSchema = z
  .object({ type: CaseTypeSchema, id: z.uuid(), reference: z.string() })
  .meta({ id: 'CaseLink' });
export type CaseLink = z.infer<typeof CaseLinkSchema>;

export const AccessGrantSchema = z
  .object({
    id: z.uuid(),
    userId: z.uuid(),
    role: z.string(),
    reason: z.string(),
    grantedAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    active: z.boolean(),
  })
  .meta({ id: 'AccessGrant' });

const AdultSchema = z.object({
  /** The adult's initials when the view is masked. */
  name: z.string(),
  dateOfBirth: z.string().nullable(),
});

export const ConcernDetailsSchema = z
  .object({
    type: z.literal('concern'),
    adultAtRisk: AdultSchema,
    category: z.enum(ConcernCategories),
    summary: z.string().nullable(),
    occurredAt: z.iso.datetime(),
    awareAt: z.iso.datetime(),
    immediateRisk: z.boolean(),
    emergencyServicesCalled: z.boolean().nullable(),
    consent: z.enum(ConsentValues).nullable(),
    consentReason: z.string().nullable(),
    desiredOutcomes: z.string().nullable(),
    decision: z.enum(TriageDecisions).nullable(),
    decisionRationale: z.string().nullable(),
    decidedAt: z.iso.datetime().nullable(),
    /** Why a team manager withdrew or merged it. */
    closure: z.object({ kind: z.enum(ConcernClosures), reason: z.string().nullable() }).nullable(),
  })
  .meta({ id: 'ConcernDetails' });

export const EnquiryDetailsSchema = z
  .object({
    type: z.literal('s42_enquiry'),
    adultAtRisk: AdultSchema,
    summary: z.string().nullable(),
    immediateRisk: z.boolean(),
    msp: z.enum(MspValues).nullable(),
    desiredOutcomes: z.string().nullable(),
    capacity: z.enum(CapacityValues).nullable(),
    advocate: z.boolean().nullable(),
    lead: z.enum(EnquiryLeads).nullable(),
    strategy: z.string().nullable(),
    scope: z.string().nullable(),
    questions: z.string().nullable(),
    reportDueOn: z.string().nullable(),
    report: z.string().nullable(),
    returnReason: z.string().nullable(),
    outcome: z.enum(EnquiryOutcomes).nullable(),
    riskNow: z.enum(RiskNowValues).nullable(),
    outcomesMet: z.enum(OutcomesMetValues).nullable(),
    plan: z.enum(['agreed', 'none_needed']).nullable(),
    planSummary: z.string().nullable(),
    reviewOn: z.string().nullable(),
  })
  .meta({ id: 'EnquiryDetails' });

export const AllegationDetailsSchema = z
  .object({
    type: z.literal('allegation'),
    staffMember: z.object({
      /** Null for a masked viewer. */
      name: z.string().nullable(),
      jobTitle: z.string(),
      type: z.enum(StaffTypes).nullable(),
    }),
    worksWithChildren: z.boolean(),
    regulatedActivityProvider: z.boolean().nullable(),
    regulator: z.enum(Regulators).nullable(),
    summary: z.string().nullable(),
    suspendedAt: z.iso.datetime().nullable(),
    suspensionLiftedAt: z.iso.datetime().nullable(),
    liftRationale: z.string().nullable(),
    ladoDecision: z.enum(LadoDecisions).nullable(),
    employmentOutcome: z.enum(EmploymentOutcomes).nullable(),
    outcome: z.enum(AllegationOutcomes).nullable(),
    closingRationale: z.string().nullable(),
  })
  .meta({ id: 'AllegationDetails' });

export const ComplaintDetailsSchema = z
  .object({
    type: z.literal('complaint'),
    receivedAt: z.iso.datetime(),
    affectsCare: z.boolean(),
    complainantRelationship: z.string().nullable(),
    summary: z.string().nullable(),
    acknowledgedOn: z.string().nullable(),
    socialWorkerNotifiedAt: z.iso.datetime().nullable(),
    socialWorkerMethod: z.enum(NoticeMethods).nullable(),
    respondedOn: z.string().nullable(),
    outcome: z.enum(ComplaintOutcomes).nullable(),
    sharedOn: z.string().nullable(),
    resolvedAtProviderStage: z.boolean().nullable(),
    closingRationale: z.string().nullable(),
  })
  .meta({ id: 'ComplaintDetails' });

export const IncidentDetailsSchema = z
  .object({
    type: z.literal('incident'),
    category: z.enum(IncidentCategories),
    occurredAt: z.iso.datetime(),
    awareAt: z.iso.datetime(),
    summary: z.string().nullable(),
    personalDataBreach: z.boolean(),
    /** A threat to continuity of service: whether care was interrupted (null for other categories). */
    careInterrupted: z.boolean().nullable(),
    siMeeting: z.boolean().nullable(),
    initialReviewFindings: z.string().nullable(),
    reportSummary: z.string().nullable(),
    learningAcceptedAt: z.iso.datetime().nullable(),
    closingRationale: z.string().nullable(),
  })
  .meta({ id: 'IncidentDetails' });

export const NotificationDetailsSchema = z
  .object({
    type: z.literal('notification'),
    trigger: z.enum(NotificationTriggers),
    occurredAt: z.iso.datetime(),
    awareAt: z.iso.datetime(),
    /** The end of its window (the policy's `notice.prompt` from `awareAt`). */
    dueAt: z.iso.datetime(),
    sentAt: z.iso.datetime(),
    late: z.boolean(),
    lateReason: z.string().nullable(),
    summary: z.string().nullable(),
    acknowledgedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'NotificationDetails' });

export const ProviderConcernDetailsSchema = z
  .object({
    type: z.literal('provider_concern'),
    source: z.enum(ProviderConcernSources),
    reason: z.string(),
    referralStatus: z.enum(ReferralStatuses),
    weeklyCap: z.number().int().nullable(),
    lseActive: z.boolean(),
    notices: z.array(
      z.object({
        id: z.uuid(),
        kind: z.enum(ProviderNoticeKinds),
        requirements: z.string(),
        complianceDate: z.string(),
        issuedAt: z.iso.datetime(),
        liftedAt: z.iso.datetime().nullable(),
      }),
    ),
    actionPlan: z
      .object({
        summary: z.string().nullable(),
        submittedAt: z.iso.datetime(),
        items: z.array(
          z.object({
            taskId: z.uuid(),
            action: z.string(),
            owner: z.string(),
            dueAt: z.iso.datetime().nullable(),
            evidence: z.string().nullable(),
            completedAt: z.iso.datetime().nullable(),
          }),
        ),
      })
      .nullable(),
    people: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        movedTo: z.string().nullable(),
        movedOn: z.string().nullable(),
      }),
    ),
    closingRationale: z.string().nullable(),
  })
  .meta({ id: 'ProviderConcernDetails' });

const caseCore = {
  id: z.uuid(),
  reference: z.string(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
  /** The provider, with its referral status from its latest provider concern (null: it never had one). */
  provider: z.object({ id: z.uuid(), name: z.string(), referralStatus: z.enum(ReferralStatuses).nullable() }),
  /** The council officer the case is assigned to (the ladder's `assignee` rung reaches them), or null. */
  assignee: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  policy: z.object({ name: z.string(), version: z.string() }),
  /** True when the viewer sees the case without the adult's identity (commissioners). */
  masked: z.boolean(),
  tasks: z.array(TaskViewSchema),
  clocks: z.array(ClockViewSchema),
  timeline: z.array(TimelineEntrySchema),
  links: z.array(CaseLinkSchema),
  /** Break-glass access to this case (council viewers only; empty for providers). */
  accessGrants: z.array(AccessGrantSchema),
};

export const ConcernViewSchema = z
  .object({
    ...caseCore,
    type: z.literal('concern'),
    status: ConcernStatusSchema,
    details: ConcernDetailsSchema,
  })
  .meta({ id: 'ConcernCase' });

export const EnquiryViewSchema = z
  .object({
    ...caseCore,
    type: z.literal('s42_enquiry'),
    status: z.enum(EnquiryStatuses),
    details: EnquiryDetailsSchema,
  })
  .meta({ id: 'EnquiryCase' });

export const AllegationViewSchema = z
  .object({
    ...caseCore,
    type: z.literal('allegation'),
    status: z.enum(AllegationStatuses),
    details: AllegationDetailsSchema,
  })
  .meta({ id: 'AllegationCase' });

export const ComplaintViewSchema = z
  .object({
    ...caseCore,
    type: z.literal('complaint'),
    status: z.enum(ComplaintStatuses),
    details: ComplaintDetailsSchema,
  })
  .meta({ id: 'ComplaintCase' });

export const IncidentViewSchema = z
  .object({
    ...caseCore,
    type: z.literal('incident'),
    status: z.enum(IncidentStatuses),
    details: IncidentDetailsSchema,
  })
  .meta({ id: 'IncidentCase' });

export const NotificationViewSchema = z
  .object({
    ...caseCore,
    type: z.literal('notification'),
    status: z.enum(NotificationStatuses),
    details: NotificationDetailsSchema,
  })
  .meta({ id: 'NotificationCase' });

export const ProviderConcernViewSchema = z
  .object({
    ...caseCore,
    type: z.literal('provider_concern'),
    status: z.enum(ProviderConcernStatuses),
    details: ProviderConcernDetailsSchema,
  })
  .meta({ id: 'ProviderConcernCase' });

/** One shape per case type (no schema ID of its own: OpenAPI names each member). */
export const CaseViewSchema = z.discriminatedUnion('type', [
  ConcernViewSchema,
  EnquiryViewSchema,
  AllegationViewSchema,
  IncidentViewSchema,
  ComplaintViewSchema,
  NotificationViewSchema,
  ProviderConcernViewSchema,
]);
export type CaseView = z.infer<typeof CaseViewSchema>;
export type CaseDetails = CaseView['details'];
export type CaseViewOf<T extends CaseType> = Extract<CaseView, { type: T }>;

export const CaseSummarySchema = z
  .object({
    id: z.uuid(),
    type: CaseTypeSchema,
    reference: z.string(),
    status: CaseStatusSchema,
    createdAt: z.iso.datetime(),
    nextDueAt: z.iso.datetime().nullable(),
    provider: z.object({ id: z.uuid(), name: z.string() }),
  })
  .meta({ id: 'CaseSummary' });
export type CaseSummary = z.infer<typeof CaseSummarySchema>;

export const CaseListQuerySchema = z.object({
  type: CaseTypeSchema.optional(),
  status: CaseStatusSchema.optional(),
  /** Cases of one team of the council. */
  team: z.uuid({ error: 'Choose a team from the list' }).optional(),
  /** `true`: open cases only; `false`: closed ones only. */
  open: z
    .enum(['true', 'false'], { error: 'Say true or false' })
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type CaseListQuery = z.infer<typeof CaseListQuerySchema>;

export const CasePageSchema = z.object({ items: z.array(CaseSummarySchema), total: z.number().int() });

export const WorkItemSchema = z
  .object({
    caseId: z.uuid(),
    reference: z.string(),
    caseType: CaseTypeSchema,
    provider: z.object({ id: z.uuid(), name: z.string() }),
    assignee: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    task: TaskViewSchema,
  })
  .meta({ id: 'WorkItem' });
export type WorkItem = z.infer<typeof WorkItemSchema>;

export const WorkItemPageSchema = z.object({ items: z.array(WorkItemSchema), total: z.number().int() });

/** The work queue's due windows: overdue, due today (London), due this week (to Sunday), all. */
export const TaskWindowNames = ['overdue', 'today', 'week', 'all'] as const;
export type TaskWindow = (typeof TaskWindowNames)[number];

/** The work queue's sortable columns. */
export const TaskSortKeys = ['due', 'reference', 'type', 'task', 'provider', 'assigned'] as const;
export type TaskSortKey = (typeof TaskSortKeys)[number];

/**
 * `GET /api/v1/tasks` and the `/queue` page: whose tasks (`mine`, the default: the tasks the user's role
 * completes and that are theirs; `team`: every open task on the cases the user sees, for managers and
 * commissioners), a due window, filters and a sort. `within` keeps tasks not yet overdue and due within so
 * many working days; `assigned` is `me`, `unassigned` or an officer's ID; `abuse` and `risk` read the
 * concern (or the enquiry and the concern it came from).
 */
export const TaskQuerySchema = z.object({
  who: z.enum(['mine', 'team']).default('mine'),
  window: z.enum(TaskWindowNames).default('all'),
  within: z.coerce.number().int().min(1).max(60).optional(),
  type: CaseTypeSchema.optional(),
  task: TaskTypeSchema.optional(),
  provider: z.uuid({ error: 'Choose a provider from the list' }).optional(),
  team: z.uuid({ error: 'Choose a team from the list' }).optional(),
  assigned: z
    .union([z.enum(['me', 'unassigned']), z.uuid()], { error: 'Choose me, unassigned or an officer' })
    .optional(),
  abuse: z.enum(ConcernCategories).optional(),
  risk: z.enum(['immediate', 'not_immediate']).optional(),
  /** Who holds the task: the council (its officers, managers, the LADO, the commissioner) or the provider. */
  holder: z.enum(['council', 'provider']).optional(),
  sort: z.enum(TaskSortKeys).default('due'),
  order: z.enum(['asc', 'desc']).default('asc'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type TaskQuery = z.infer<typeof TaskQuerySchema>;
/** The filters of a task query (no window, sort or page): what the tab counts follow. */
export type TaskFilter = Omit<TaskQuery, 'window' | 'sort' | 'order' | 'limit' | 'offset'>;

/** `POST /api/v1/cases/:id/assignee`: the officer to assign the case to, or null to unassign it. */
export const AssignCaseSchema = z
  .strictObject({
    userId: z.uuid({ error: 'Choose an officer from the list' }).nullable(),
  })
  .meta({ id: 'AssignCase' });
export type AssignCase = z.infer<typeof AssignCaseSchema>;

/** `POST /api/v1/cases/:id/transitions`: a manual event of the case's type (withdraw, merge, …). */
/** `POST /cases/:id/information`: something more about an open case, added to it (append-only). */
export const AddInformationSchema = z
  .strictObject({ text: requiredText('the information to add', 10_000, 'The information') })
  .meta({ id: 'AddInformation' });
export type AddInformation = z.infer<typeof AddInformationSchema>;

export const CaseTransitionRequestSchema = z
  .object({
    event: z.string({ error: 'Name the event' }).regex(/^[a-z_]{1,40}$/, { error: 'Name a known event' }),
  })
  .loose()
  .meta({ id: 'CaseTransitionRequest' });

/** `POST /api/v1/cases/:id/reveal`: why a commissioner needs the adult's identity (DOMAIN §7). */
export const RevealCaseSchema = z
  .object({ reason: requiredText('why you need to see the adult’s details', 2_000, 'The reason') })
  .meta({ id: 'RevealCase' });
