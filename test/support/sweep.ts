import { expect } from '@jest/globals';
import { DEMO_PASSWORD, DemoAccounts, DemoIds, hashPassword } from '@vigil/access';
import { CaseTypes, type CaseScopeFacts, type Principal, type UserRole } from '@vigil/contracts';
import { canSeeCase, caseDefinition, roleMay, taskDefinition } from '@vigil/domain';
import { randomUUID } from 'node:crypto';
import { buildAllegation } from '../factories/allegation.factory';
import { Elsewhere } from './other-council';
import { Demo, type Stack } from './stack';

/*
 * What the API and page sweeps share (issues 4 and 7): every role, cases of several types and organisations,
 * who may see which (read from the case-type registry through the permission model, so a new case type is
 * swept as soon as it has a case here), and what status a route must answer for a role and a case.
 */
/**
 * A third provider in Riverside's area that the sweep's commissioner does not commission, with its own lead
 * (who raises its cases; not a sweep user). Its cases prove a commissioner gets 404 on a provider outside
 * their commissioning.
 */
export const Uncommissioned = {
  provider: '20000000-0000-4000-8000-000000000002',
  leadId: '20000000-0000-4000-8000-000000000101',
  lead: 'lead@meadowbank-care.example',
} as const;

/** Seeds the uncommissioned provider and its lead (`raiseSweepCases` does; a second call changes nothing). */
export async function seedUncommissionedProvider(stack: Stack): Promise<void> {
  await stack.sql(
    `insert into organisations (id, name, kind, council_id, created_at) values ($1, 'Meadowbank Care', 'provider', $2, now())
     on conflict do nothing`,
    [Uncommissioned.provider, DemoIds.council],
  );
  await stack.sql(
    `insert into users (id, email, display_name, password_hash, organisation_id, role, team_id, active, created_at)
     values ($1, $2, 'Meadowbank lead', $3, $4, 'provider_lead', null, true, now()) on conflict do nothing`,
    [Uncommissioned.leadId, Uncommissioned.lead, await hashPassword(DEMO_PASSWORD), Uncommissioned.provider],
  );
}

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
 * The swept cases: a concern per organisation (raised by its lead), an enquiry about Sunrise (its provider's
 * report sent), an allegation about each provider (one involving work with children), a complaint and a
 * serious incident about Sunrise, a notification to the commissioner from Oakwood, a provider concern about
 * Oakwood (opened by the commissioner), and an incident, complaint, notification and allegation about
 * Meadowbank, which the commissioner does not commission. Every case type has at least one (checked below).
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
  /** Cases about the provider the commissioner does not commission: theirs to be refused (404). */
  meadowIncident: {
    type: 'incident',
    raisedBy: Uncommissioned.lead,
    providerId: Uncommissioned.provider,
    councilId: DemoIds.council,
    teamId: DemoIds.team,
    firstTask: 'initial_review',
  },
  meadowComplaint: {
    type: 'complaint',
    raisedBy: Uncommissioned.lead,
    providerId: Uncommissioned.provider,
    councilId: DemoIds.council,
    teamId: DemoIds.team,
    firstTask: 'acknowledge',
  },
  meadowNotification: {
    type: 'notification',
    raisedBy: Uncommissioned.lead,
    providerId: Uncommissioned.provider,
    councilId: DemoIds.council,
    teamId: DemoIds.team,
    firstTask: 'acknowledge_notification',
  },
  meadowAllegation: {
    type: 'allegation',
    raisedBy: Uncommissioned.lead,
    providerId: Uncommissioned.provider,
    councilId: DemoIds.council,
    teamId: DemoIds.team,
    firstTask: 'confirm_suspension',
    involvesChildren: false,
  },
} as const;
export type SweepCase = keyof typeof SweepCases;

/**
 * Every case type has swept cases: a new type in `CaseTypes` without a row here stops both sweeps (this
 * module will not load) until it is given one.
 */
export const SweptTypes = new Set<string>(Object.values(SweepCases).map((c) => c.type));
const unswept = CaseTypes.filter((t) => !SweptTypes.has(t));
const unknown = [...SweptTypes].filter((t) => !(CaseTypes as readonly string[]).includes(t));
if (unswept.length > 0 || unknown.length > 0) {
  throw new Error(
    `The sweep's case types differ from CaseTypes: none of ${unswept.join(', ') || '—'}; unknown ${unknown.join(', ') || '—'}`,
  );
}

const factsOf = (name: SweepCase): CaseScopeFacts => {
  const c = SweepCases[name];
  const raiser = (Object.keys(SweepUsers) as Who[]).find((w) => SweepUsers[w] === c.raisedBy);
  return {
    type: c.type,
    providerId: c.providerId,
    councilId: c.councilId,
    teamId: c.teamId,
    raisedBy: raiser ? SweepPrincipals[raiser].userId : Uncommissioned.leadId,
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

/**
 * The manual event `POST /cases/:id/transitions` is tried with on a case (sent with an empty reason, so
 * nothing changes): the type's first event that needs a reason. A type with none answers everyone in scope
 * 400 (no such event), before any role check.
 */
const probedTransition = (name: SweepCase) =>
  caseDefinition(SweepCases[name].type).transitions.find((t) => t.manual && t.reasonRequired);
export const transitionEvent = (name: SweepCase): string => probedTransition(name)?.event ?? 'withdraw';
export const transitionActors = (name: SweepCase): Who[] => {
  const t = probedTransition(name);
  return (Object.keys(SweepUsers) as Who[]).filter(
    (who) => !t || t.actors.includes(SweepPrincipals[who].role),
  );
};

/** Who may read a case (`case.read`): a page that answers with the case (a form with its errors) needs it. */
export const caseReaders: Who[] = (Object.keys(SweepUsers) as Who[]).filter((who) =>
  roleMay(SweepPrincipals[who].role, 'case.read'),
);

/** Who may add information to an open case (`case.add_information`; the sweep has no closed case). */
export const informationActors: Who[] = (Object.keys(SweepUsers) as Who[]).filter((who) =>
  roleMay(SweepPrincipals[who].role, 'case.add_information'),
);

/**
 * Who may change who an open case is assigned to (`case.assign`): the form is sent without a choice, so an
 * officer (who may only take a case or give one back) gets 400 like a manager.
 */
export const assignActors: Who[] = (Object.keys(SweepUsers) as Who[]).filter((who) =>
  roleMay(SweepPrincipals[who].role, 'case.assign'),
);

/**
 * `POST /cases/:id/tasks/:taskId/extend` is tried with each case's `extendTaskId`: the open task of its type
 * that the registry lets be extended (a complaint's response: `extendableBy`, 400 for the empty form), or,
 * on a type with none, its first task, which everyone in scope gets 409 for before any role check.
 */
const extendableTask = (name: SweepCase) =>
  caseDefinition(SweepCases[name].type).tasks.find((t) => t.extendableBy);
export const extendActors = (name: SweepCase): Who[] => {
  const by = extendableTask(name)?.extendableBy;
  return (Object.keys(SweepUsers) as Who[]).filter((who) => !by || by.includes(SweepPrincipals[who].role));
};
export const extendStatus = (name: SweepCase): number => (extendableTask(name) ? 400 : 409);

/** Who may reveal a masked case's adult (`case.reveal`). */
export const revealActors: Who[] = (Object.keys(SweepUsers) as Who[]).filter((who) =>
  roleMay(SweepPrincipals[who].role, 'case.reveal'),
);

/**
 * `POST /cases/:id/tasks/:taskId/return` is tried with each case's `returnTaskId`: on the enquiry, its
 * provider's submitted report (the officer's to return: 400 for the empty body); on any other case, a
 * task that is no report, so everyone in scope gets 404 before any role check.
 */
export const returnActors = (name: SweepCase): Who[] =>
  (Object.keys(SweepUsers) as Who[]).filter(
    (who) =>
      SweepCases[name].type !== 's42_enquiry' ||
      taskDefinition('decide_enquiry_lead').actors.includes(SweepPrincipals[who].role),
  );
export const returnStatus = (name: SweepCase): number =>
  SweepCases[name].type === 's42_enquiry' ? 400 : 404;

export interface SweepTarget {
  id: string;
  taskId: string;
  reference: string;
  /** The task the return route is tried with (see `returnActors`). */
  returnTaskId: string;
  /** The task the extend route is tried with (see `extendActors`). */
  extendTaskId: string;
}

/**
 * The swept cases, raised through the API (the other council's first). The enquiry is taken to a submitted
 * provider's report (provider-caused lead decision, report sent), so the return route has a report to try.
 */
export async function raiseSweepCases(stack: Stack): Promise<Record<SweepCase, SweepTarget>> {
  await seedUncommissionedProvider(stack);
  const cases = {} as Record<SweepCase, SweepTarget>;
  const target = (
    name: SweepCase,
    c: { id: string; reference: string; tasks: { id: string; type?: string }[] },
  ) => {
    const taskId = firstTaskOf(c, SweepCases[name].firstTask);
    const extendable = extendableTask(name)?.type;
    const extendTaskId = extendable ? c.tasks.find((t) => t.type === extendable)?.id : taskId;
    if (!extendTaskId) throw new Error(`the sweep's ${name} case has no open ${extendable} task to extend`);
    cases[name] = { id: c.id, taskId, reference: c.reference, returnTaskId: taskId, extendTaskId };
  };
  const post = async (name: SweepCase, path: string, body: object) => {
    const res = await stack
      .http()
      .post(path)
      .set('Authorization', `Bearer ${await stack.token(SweepCases[name].raisedBy)}`)
      .set('Idempotency-Key', randomUUID())
      .send(body);
    if (res.status !== 201) throw new Error(`raising the ${name} case answered ${res.status}`);
    target(name, res.body as { id: string; reference: string; tasks: { id: string; type: string }[] });
  };
  for (const name of ['sunrise', 'oakwood', 'eastshire'] as const) {
    target(name, await stack.raiseConcern(SweepCases[name].raisedBy));
  }
  const enquiry = await stack.openEnquiry(Demo.officer, { providerId: DemoIds.sunrise });
  target('sunriseEnquiry', enquiry);
  cases.sunriseEnquiry.returnTaskId = await submitProviderReport(stack, enquiry);
  for (const name of ['sunriseAllegation', 'oakwoodAllegation', 'meadowAllegation'] as const) {
    const c = SweepCases[name];
    await post(name, '/api/v1/allegations', buildAllegation({ worksWithChildren: c.involvesChildren }));
  }
  for (const name of ['sunriseComplaint', 'meadowComplaint'] as const) {
    await post(name, '/api/v1/complaints', {
      receivedAt: new Date(Date.now() - 60_000).toISOString(),
      affectsCare: true,
      complainantRelationship: 'The person’s son',
      summary: 'Canary complaint: calls cut short',
    });
  }
  for (const name of ['oakwoodNotification', 'meadowNotification'] as const) {
    await post(name, '/api/v1/notifications', {
      trigger: 'hospital_admission',
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      summary: 'Canary admitted after a fall',
    });
  }
  for (const name of ['sunriseIncident', 'meadowIncident'] as const) {
    await post(name, '/api/v1/incidents', {
      category: 'serious_harm',
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      summary: 'Canary fall from a hoist',
    });
  }
  await post('oakwoodProviderConcern', '/api/v1/provider-concerns', {
    providerId: DemoIds.oakwood,
    reason: 'Canary missed visits',
  });
  const missing = (Object.keys(SweepCases) as SweepCase[]).filter((name) => !cases[name]);
  if (missing.length > 0) throw new Error(`the sweep did not raise ${missing.join(', ')}`);
  return cases;
}

type Raised = { id: string; reference: string; tasks: { id: string; type: string; status: string }[] };

/**
 * The officer causes the provider to make enquiries and the provider lead sends its report (the sweep's
 * only completed tasks): returns the report's task ID.
 */
async function submitProviderReport(stack: Stack, enquiry: Raised): Promise<string> {
  const complete = async (email: string, c: Raised, type: string, body: object): Promise<Raised> => {
    const task = c.tasks.find((t) => t.type === type && t.status === 'open');
    if (!task) throw new Error(`no open ${type} task on the sweep enquiry`);
    const res = await stack
      .http()
      .post(`/api/v1/cases/${c.id}/tasks/${task.id}/complete`)
      .set('Authorization', `Bearer ${await stack.token(email)}`)
      .send(body);
    if (res.status !== 200) throw new Error(`completing ${type} on the sweep enquiry answered ${res.status}`);
    return res.body as Raised;
  };
  const caused = await complete(Demo.officer, enquiry, 'decide_enquiry_lead', {
    lead: 'provider_caused',
    scope: 'Evening rounds',
    questions: 'Who gave the doses?',
  });
  const report = caused.tasks.find((t) => t.type === 'submit_provider_report')?.id;
  await complete(Demo.sunriseLead, caused, 'submit_provider_report', { report: 'Canary report' });
  if (!report) throw new Error('the sweep enquiry has no report task');
  return report;
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

/**
 * After a sweep: every triage (and adult's views) task still open and no case moved since the setup, whose
 * only completed tasks are the enquiry's lead decision and its provider's report.
 */
export async function expectSweepChangedNothing(
  stack: Stack,
  cases: Record<SweepCase, SweepTarget>,
): Promise<void> {
  const rows = await stack.sql<{ status: string; task: string; type: string }>(
    `select c.status, t.status as task, t.type from cases c join tasks t on t.case_id = c.id
        where t.type in ('triage_decision', 'record_adult_views')`,
  );
  expect(rows).toHaveLength(4);
  // The enquiry is in progress: the setup caused its provider's enquiry and sent the report.
  expect(rows.every((r) => ['awaiting_triage', 'in_progress'].includes(r.status) && r.task === 'open')).toBe(
    true,
  );
  expect(
    await stack.sql(`select case_id, type, status from tasks where status <> 'open' order by completed_at`),
  ).toEqual([
    { case_id: cases.sunriseEnquiry.id, type: 'decide_enquiry_lead', status: 'completed' },
    { case_id: cases.sunriseEnquiry.id, type: 'submit_provider_report', status: 'completed' },
  ]);
}
