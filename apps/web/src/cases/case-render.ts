import type { CaseView, Principal } from '@vigil/contracts';
import { allegationOverviewView } from '../allegations/allegation-overview.view-model';
import { complaintOverviewView } from '../complaints/complaint-overview.view-model';
import { notificationOverviewView } from '../notifications/notification-overview.view-model';
import { incidentOverviewView } from '../incidents/incident-overview.view-model';
import { enquiryOverviewView } from '../enquiries/enquiry-overview.view-model';
import { providerConcernOverviewView } from '../provider-concerns/provider-concern-overview.view-model';
import type { Flash } from '../security/session';
import { caseOverviewView } from './case-overview.view-model';

/** Each case type's overview page: its template and view model. */
const Pages: Record<
  CaseView['type'],
  {
    template: string;
    model: (view: CaseView, principal: Principal, now: Date, options: { flash?: Flash | null }) => object;
  }
> = {
  concern: { template: 'cases/views/show.njk', model: caseOverviewView },
  s42_enquiry: { template: 'enquiries/views/show.njk', model: enquiryOverviewView },
  allegation: { template: 'allegations/views/show.njk', model: allegationOverviewView },
  complaint: { template: 'cases/views/task-list-case.njk', model: complaintOverviewView },
  notification: { template: 'cases/views/task-list-case.njk', model: notificationOverviewView },
  incident: { template: 'cases/views/task-list-case.njk', model: incidentOverviewView },
  provider_concern: { template: 'cases/views/task-list-case.njk', model: providerConcernOverviewView },
};

export function casePage(
  view: CaseView,
  principal: Principal,
  now: Date,
  options: { flash?: Flash | null } = {},
): { template: string; model: object } {
  const page = Pages[view.type];
  return { template: page.template, model: page.model(view, principal, now, options) };
}
