import { Module } from '@nestjs/common';
import { AuditModule } from '@vigil/audit';
import { PersistenceModule } from '@vigil/persistence';
import { TemporalModule } from '@vigil/temporal';
import { BreakGlassService } from './break-glass.service';
import { CaseAccess } from './case-access.service';
import { CaseAuditService } from './case-audit.service';
import { CaseQueries } from './case-queries.service';
import { ConcernRepository } from './concerns/concern.repository';
import { ConcernTasks, ConcernTransitions } from './concerns/concern-tasks';
import { ConcernsService } from './concerns/concerns.service';
import {
  CASE_DETAILS_READERS,
  CaseCloseService,
  CaseCreation,
  CaseNotes,
  CaseAssignments,
  TaskExtensionService,
  CaseEngine,
  CLOSE_HANDLER_SETS,
  CaseTransitionService,
  CaseViews,
  CommandDelivery,
  TASK_HANDLER_SETS,
  TaskCompletionService,
  TRANSITION_HANDLER_SETS,
  type CaseDetailsReaders,
  type CloseHandlerSet,
  type TaskHandlerSet,
  type TransitionHandlerSet,
} from './engine';
import { AllegationRepository } from './allegations/allegation.repository';
import { AllegationTasks } from './allegations/allegation-tasks';
import { AllegationsService } from './allegations/allegations.service';
import { ComplaintRepository } from './complaints/complaint.repository';
import { ComplaintTasks } from './complaints/complaint-tasks';
import { ComplaintsService } from './complaints/complaints.service';
import { IncidentRepository } from './incidents/incident.repository';
import { IncidentTasks } from './incidents/incident-tasks';
import { IncidentsService } from './incidents/incidents.service';
import { NotificationRepository } from './notifications/notification.repository';
import { NotificationTasks } from './notifications/notification-tasks';
import { NotificationsService } from './notifications/notifications.service';
import { EnquiriesService } from './enquiries/enquiries.service';
import { EnquiryOpener } from './enquiries/enquiry-opener.service';
import { EnquiryRepository } from './enquiries/enquiry.repository';
import { EnquiryTasks } from './enquiries/enquiry-tasks';
import { DashboardQueries } from './dashboard.service';
import { WorkQueue } from './work-queue.service';
import { ReturnsQueries } from './returns.service';
import { ProviderConcernRepository } from './provider-concerns/provider-concern.repository';
import { ProviderConcernTasks } from './provider-concerns/provider-concern-tasks';
import { ProviderConcernsService } from './provider-concerns/provider-concerns.service';
import { ProviderDirectory } from './provider-concerns/provider-directory.service';
import { FormDrafts } from './drafts/form-drafts.service';
import { IdempotentCreates } from './idempotency';
import { TimescalePolicyService } from './timescale-policy.service';

/**
 * The use cases. The engine (libs/cases/src/engine) is shared by every case type; each type adds its own
 * folder (repository, opener, task handlers) and one line in each of the three lists below.
 */
@Module({
  imports: [PersistenceModule, AuditModule, TemporalModule],
  providers: [
    CaseAccess,
    CaseQueries,
    CaseEngine,
    CaseViews,
    CommandDelivery,
    IdempotentCreates,
    TaskCompletionService,
    CaseTransitionService,
    CaseCloseService,
    CaseCreation,
    CaseNotes,
    CaseAssignments,
    WorkQueue,
    TaskExtensionService,
    TimescalePolicyService,
    BreakGlassService,
    CaseAuditService,
    FormDrafts,
    DashboardQueries,
    ReturnsQueries,
    // Concern (DOMAIN §4.1)
    ConcernRepository,
    ConcernsService,
    ConcernTasks,
    ConcernTransitions,
    // Section 42 enquiry (DOMAIN §4.2)
    EnquiryRepository,
    EnquiryOpener,
    EnquiriesService,
    EnquiryTasks,
    // Allegation against staff (DOMAIN §4.3)
    AllegationRepository,
    AllegationsService,
    AllegationTasks,
    // Complaint (DOMAIN §4.5)
    ComplaintRepository,
    ComplaintsService,
    ComplaintTasks,
    // Serious incident (DOMAIN §4.4)
    IncidentRepository,
    IncidentsService,
    IncidentTasks,
    // Commissioner notification (DOMAIN §4.6)
    NotificationRepository,
    NotificationsService,
    NotificationTasks,
    // Provider concern and provider failure (DOMAIN §4.7)
    ProviderConcernRepository,
    ProviderConcernsService,
    ProviderConcernTasks,
    ProviderDirectory,
    {
      provide: CASE_DETAILS_READERS,
      inject: [
        ConcernRepository,
        EnquiryRepository,
        AllegationRepository,
        ComplaintRepository,
        NotificationRepository,
        IncidentRepository,
        ProviderConcernRepository,
      ],
      useFactory: (
        concern: ConcernRepository,
        s42: EnquiryRepository,
        allegation: AllegationRepository,
        complaint: ComplaintRepository,
        notification: NotificationRepository,
        incident: IncidentRepository,
        provider_concern: ProviderConcernRepository,
      ): CaseDetailsReaders => ({
        concern,
        s42_enquiry: s42,
        allegation,
        complaint,
        notification,
        incident,
        provider_concern,
      }),
    },
    {
      provide: TASK_HANDLER_SETS,
      inject: [
        ConcernTasks,
        EnquiryTasks,
        AllegationTasks,
        ComplaintTasks,
        NotificationTasks,
        IncidentTasks,
        ProviderConcernTasks,
      ],
      useFactory: (...sets: TaskHandlerSet[]) => sets,
    },
    {
      provide: CLOSE_HANDLER_SETS,
      inject: [AllegationTasks, ComplaintTasks, IncidentTasks, ProviderConcernTasks],
      useFactory: (...sets: CloseHandlerSet[]) => sets,
    },
    {
      provide: TRANSITION_HANDLER_SETS,
      inject: [ConcernTransitions, ProviderConcernTasks, AllegationTasks],
      useFactory: (...sets: TransitionHandlerSet[]) => sets,
    },
  ],
  exports: [
    CaseQueries,
    ConcernsService,
    EnquiriesService,
    AllegationsService,
    ComplaintsService,
    NotificationsService,
    IncidentsService,
    ProviderConcernsService,
    ProviderDirectory,
    TaskCompletionService,
    CaseTransitionService,
    CaseCloseService,
    CaseNotes,
    CaseAssignments,
    WorkQueue,
    TaskExtensionService,
    TimescalePolicyService,
    BreakGlassService,
    CaseAuditService,
    FormDrafts,
    DashboardQueries,
    ReturnsQueries,
  ],
})
export class CasesModule {}
