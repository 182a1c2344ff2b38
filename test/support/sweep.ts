import { DemoAccounts, DemoIds } from '@vigil/access';
import type { CaseScopeFacts, Principal, UserRole } from '@vigil/contracts';
import { canSeeCase, caseDefinition, taskDefinition } from '@vigil/domain';
import { randomUUID } from 'node:crypto';
import { buildAllegation } from '../factories/allegation.factory';
import { Elsewhere } from './other-council';
import { Demo, type Stack } from './stack';

/*
 * What the API and page sweeps share (issues 4 and 7): every role, cases of several types and organisations,
 * who may see which (read from the case-type registry through the permission model, so a new case type is
 * swept as soon as it has a case here), and what status a route must answer for a role and a case.
 */
export const SweepUsers = {
  sunriseLead: Demo.sunriseLead,
  oakwoodLead: Demo.oakwoodLead,
  officer: Demo.officer,
  manager: Demo.manager,
  head: Demo.head,
  lado: Demo.lado,
  commissioner: Demo.commissioner,
  auditor: 'auditor@riverside.example',
  eastLead: Elsewhere.lead,
  eastOfficer: Elsewhere.officer,
} as const;
export type Who = keyof typeof SweepUsers;

const demo = (email: string) => {
  const account = DemoAccounts.find((a) => a.email === email);
  if (!account) throw new Error(`no demo account ${email}`);
  return account;
};

const principal = (
  email: string,
  role: UserRole,
  organisationId: string,
  councilId: string,
  teamId: string | null,
  commissionedProviderIds: string[] = [],
): Principal => ({
  userId: email.startsWith('officer@eastshire')
    ? Elsewhere.officerId
    : email === Elsewhere.lead
      ? Elsewhere.leadId
      : demo(email).id,
  role,
  organisationId,
  organisationKind: role.startsWith('provider') ? 'provider' : 'council',
  councilId,
  teamId,
  commissionedProviderIds,
});

/** Each sweep user as the permission model sees them (the facts the principal loader reads from the seed). */
export const SweepPrincipals: Record<Who, Principal> = {
  sunriseLead: principal(Demo.sunriseLead, 'provider_lead', DemoIds.sunrise, DemoIds.council, null),
  oakwoodLead: principal(Demo.oakwoodLead, 'provider_lead', DemoIds.oakwood, DemoIds.council, null),
  officer: principal(Demo.officer, 'council_officer', DemoIds.council, DemoIds.council, DemoIds.team),
  manager: principal(Demo.manager, 'team_manager', DemoIds.council, DemoIds.council, DemoIds.team),
  head: principal(Demo.head, 'head_of_service', DemoIds.council, DemoIds.council, DemoIds.team),
  lado: principal(Demo.lado, 'lado', DemoIds.council, DemoIds.council, null),
  commissioner: principal(Demo.commissioner, 'commissioner', DemoIds.council, DemoIds.council, null, [
    DemoIds.sunrise,
    DemoIds.oakwood,
  ]),
  auditor: principal('auditor@riverside.example', 'auditor', DemoIds.council, DemoIds.council, null),
  eastLead: principal(Elsewhere.lead, 'provider_lead', Elsewhere.provider, Elsewhere.council, null),
  eastOfficer: principal(
    Elsewhere.officer,
    'council_officer',
    Elsewhere.council,
    Elsewhere.council,
    Elsewhere.team,
  ),
};

/**
 * The swept cases: a concern per organisation (raised by its lead), an enquiry about Sunrise, an
 * allegation about each provider (one involving work with children), a complaint and a serious
 * incident about Sunrise, a notification to the commissioner from Oakwood, and a provider concern about
 * Oakwood (opened by the commissioner).
 */
export const SweepCases = {
  sunrise: {
    type: 'concern',
    raisedBy: Demo.sunriseLead,
    providerId: DemoIds.sunrise,
    councilId: DemoIds.council,
    teamId: DemoIds.team,
    firstTask: 'triage_decision',
  },
  oakwood: {
    type: 'concern',
    raisedBy: Demo.oakwoodLead,
    providerId: DemoIds.oakwood,
    councilId: DemoIds.council,
    teamId: DemoIds.team,
    firstTask: 'triage_decision',
  },
  eastshire: {
    type: 'concern',
    raisedBy: Elsewhere.lead,
    providerId: Elsewhere.provider,
    councilId: Elsewhere.council,
    teamId: Elsewhere.team,
    firstTask: 'triage_decision',
  },
  sunriseEnquiry: {
    type: 's42_enquiry',
    raisedBy: Demo.officer,
    providerId: DemoIds.sunrise,
    councilId: DemoIds.council,
    teamId: DemoIds.team,
    firstTask: 'record_adult_views',
  },
  /** About someone who works with children: the LADO's. */
  sunriseAllegation: {
    type: 'allegation',
    raisedBy: Demo.sunriseLead,
    providerId: DemoIds.sunrise,
    councilId: DemoIds.council,
    teamId: DemoIds.team,
    firstTask: 'confirm_suspension',
    involvesChildren: true,
  },
  /** About someone who does not: not the LADO's. */
  oakwoodAllegation: {
    type: 'allegation',
    raisedBy: Demo.oakwoodLead,
    providerId: DemoIds.oakwood,
    councilId: DemoIds.council,
    teamId: DemoIds.team,
    firstTask: 'confirm_suspension',
    involvesChildren: false,
  },
  sunriseComplaint: {
    type: 'complaint',
    raisedBy: Demo.sunriseLead,
    providerId: DemoIds.sunrise,
    councilId: DemoIds.council,
    teamId: DemoIds.team,
    firstTask: 'acknowledge',
  },
  oakwoodNotification: {
    type: 'notification',
    raisedBy: Demo.oakwoodLead,
    providerId: DemoIds.oakwood,
    councilId: DemoIds.council,
    teamId: DemoIds.team,
    firstTask: 'acknowledge_notification',
  },
  sunriseIncident: {
    type: 'incident',
    raisedBy: Demo.sunriseLead,
    providerId: DemoIds.sunrise,
    councilId: DemoIds.council,
    teamId: DemoIds.team,
    firstTask: 'initial_review',
  },
  oakwoodProviderConcern: {
    type: 'provider_concern',
    raisedBy: Demo.commissioner,
    providerId: DemoIds.oakwood,
    councilId: DemoIds.council,
    teamId: DemoIds.team,
    firstTask: 'decide_referral_suspension',
  },
} as const;
export type SweepCase = keyof typeof SweepCases;

const factsOf = (name: SweepCase): CaseScopeFacts => {
  const c = SweepCases[name];
  const raiser = (Object.keys(SweepUsers) as Who[]).find((w) => SweepUsers[w] === c.raisedBy) as Who;
  return {
    type: c.type,
    providerId: c.providerId,
    councilId: c.councilId,
    teamId: c.teamId,
    raisedBy: SweepPrincipals[raiser].userId,
    assigneeUserId: null,
    involvesChildren: 'involvesChildren' in c ? c.involvesChildren : false,
  };
};

/** Who can see which case, by the permission model (DOMAIN §3, the registry's visibility rows). */
export const Sees: Record<SweepCase, readonly Who[]> = Object.fromEntries(
  (Object.keys(SweepCases) as SweepCase[]).map((name) => [
    name,
    (Object.keys(SweepUsers) as Who[]).filter((who) => canSeeCase(SweepPrincipals[who], factsOf(name))),
  ]),
) as unknown as Record<SweepCase, readonly Who[]>;

/** Who may complete the case's first task (the registry's actors for its type). */
export const firstTaskActors = (name: SweepCase): Who[] =>
  (Object.keys(SweepUsers) as Who[]).filter((who) =>
    taskDefinition(SweepCases[name].firstTask).actors.includes(SweepPrincipals[who].role),
  );

/**
 * Who may close the case through `POST /cases/:id/close` (the registry's close rules); a type that
 * closes through its own steps answers everyone in scope 409.
 */
export const closeActors = (name: SweepCase): Who[] => {
  const rules = caseDefinition(SweepCases[name].type).close;
  return (Object.keys(SweepUsers) as Who[]).filter(
    (who) => !rules || rules.actors.includes(SweepPrincipals[who].role),
  );
};
export const closeStatus = (name: SweepCase): number =>
  caseDefinition(SweepCases[name].type).close ? 400 : 409;

export interface SweepTarget {
  id: string;
  taskId: string;
  reference: string;
}

/** The swept cases, raised through the API (the other council's first). */
export async function raiseSweepCases(stack: Stack): Promise<Record<SweepCase, SweepTarget>> {
  const cases = {} as Record<SweepCase, SweepTarget>;
  for (const [name, raiser] of [
    ['sunrise', Demo.sunriseLead],
    ['oakwood', Demo.oakwoodLead],
    ['eastshire', Elsewhere.lead],
  ] as const) {
    const raised = await stack.raiseConcern(raiser);
    cases[name] = {
      id: raised.id,
      taskId: firstTaskOf(raised, 'triage_decision'),
      reference: raised.reference,
    };
  }
  const enquiry = await stack.openEnquiry(Demo.officer, { providerId: DemoIds.sunrise });
  cases.sunriseEnquiry = {
    id: enquiry.id,
    taskId: firstTaskOf(enquiry, 'record_adult_views'),
    reference: enquiry.reference,
  };
  for (const name of ['sunriseAllegation', 'oakwoodAllegation'] as const) {
    const c = SweepCases[name];
    const res = await stack
      .http()
      .post('/api/v1/allegations')
      .set('Authorization', `Bearer ${await stack.token(c.raisedBy)}`)
      .set('Idempotency-Key', randomUUID())
      .send(buildAllegation({ worksWithChildren: c.involvesChildren }));
    if (res.status !== 201) throw new Error(`raising the ${name} case answered ${res.status}`);
    const raised = res.body as { id: string; reference: string; tasks: { id: string; type: string }[] };
    cases[name] = { id: raised.id, taskId: firstTaskOf(raised, c.firstTask), reference: raised.reference };
  }
  const complaint = await stack
    .http()
    .post('/api/v1/complaints')
    .set('Authorization', `Bearer ${await stack.token(Demo.sunriseLead)}`)
    .set('Idempotency-Key', randomUUID())
    .send({
      receivedAt: new Date(Date.now() - 60_000).toISOString(),
      affectsCare: true,
      complainantRelationship: 'The person’s son',
      summary: 'Canary complaint: calls cut short',
    });
  if (complaint.status !== 201) throw new Error(`recording the sweep complaint answered ${complaint.status}`);
  cases.sunriseComplaint = {
    id: complaint.body.id,
    taskId: firstTaskOf(complaint.body, 'acknowledge'),
    reference: complaint.body.reference,
  };
  const notification = await stack
    .http()
    .post('/api/v1/notifications')
    .set('Authorization', `Bearer ${await stack.token(Demo.oakwoodLead)}`)
    .set('Idempotency-Key', randomUUID())
    .send({
      trigger: 'hospital_admission',
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      summary: 'Canary admitted after a fall',
    });
  if (notification.status !== 201)
    throw new Error(`sending the sweep notification answered ${notification.status}`);
  cases.oakwoodNotification = {
    id: notification.body.id,
    taskId: firstTaskOf(notification.body, 'acknowledge_notification'),
    reference: notification.body.reference,
  };
  const incident = await stack
    .http()
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${await stack.token(Demo.sunriseLead)}`)
    .set('Idempotency-Key', randomUUID())
    .send({
      category: 'serious_harm',
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      summary: 'Canary fall from a hoist',
    });
  if (incident.status !== 201) throw new Error(`reporting the sweep incident answered ${incident.status}`);
  cases.sunriseIncident = {
    id: incident.body.id,
    taskId: firstTaskOf(incident.body, 'initial_review'),
    reference: incident.body.reference,
  };
  const providerConcern = await stack
    .http()
    .post('/api/v1/provider-concerns')
    .set('Authorization', `Bearer ${await stack.token(Demo.commissioner)}`)
    .set('Idempotency-Key', randomUUID())
    .send({ providerId: DemoIds.oakwood, reason: 'Canary missed visits' });
  if (providerConcern.status !== 201)
    throw new Error(`opening the sweep provider concern answered ${providerConcern.status}`);
  cases.oakwoodProviderConcern = {
    id: providerConcern.body.id,
    taskId: firstTaskOf(providerConcern.body, 'decide_referral_suspension'),
    reference: providerConcern.body.reference,
  };
  return cases;
}

const firstTaskOf = (c: { tasks: { id: string; type?: string }[] }, type: string): string =>
  c.tasks.find((t) => t.type === type)?.id ?? randomUUID();

/** The rule part of a swept route. */
export interface SweptRoute {
  /** Roles that may use it on a case they can see; per case when it depends on the case's type. */
  allowed: readonly Who[] | ((caseName: SweepCase) => readonly Who[]);
  /** What an allowed role gets (changes are sent invalid, so nothing changes even when allowed). */
  okStatus?: number | ((caseName: SweepCase) => number);
  /** Roles for which every existing case is in reach (break-glass is for cases outside their scope). */
  reachesEveryCase?: readonly Who[];
}

/** Out of scope → 404 before anything else; in scope with the wrong role → 403; otherwise the route's own. */
export function expectation(
  route: SweptRoute,
  who: Who,
  caseName: SweepCase,
): { inScope: boolean; mayAct: boolean; ok: number; expected: number } {
  const inScope = Sees[caseName].includes(who) || (route.reachesEveryCase?.includes(who) ?? false);
  const allowed = typeof route.allowed === 'function' ? route.allowed(caseName) : route.allowed;
  const mayAct = inScope && allowed.includes(who);
  const ok = (typeof route.okStatus === 'function' ? route.okStatus(caseName) : route.okStatus) ?? 200;
  return { inScope, mayAct, ok, expected: !inScope ? 404 : mayAct ? ok : 403 };
}

/** How many refusals the audit trail holds so far. */
export async function refusalCount(stack: Stack): Promise<number> {
  const [{ n }] = await stack.sql<{ n: string }>(
    `select count(*)::text as n from audit_events where action = 'case.access_refused'`,
  );
  return Number(n);
}
