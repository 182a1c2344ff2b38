import { Elsewhere } from './other-council';
import { Demo, type Stack } from './stack';

/*
 * What the API and page sweeps share (issue 4): every role, the cases of three organisations, who may see
 * which, and what status a route must answer for a role and a case.
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

export type SweepCase = 'sunrise' | 'oakwood' | 'eastshire';

/** Who can see which case, by the permission model (DOMAIN §3). */
export const Sees: Record<SweepCase, readonly Who[]> = {
  sunrise: ['sunriseLead', 'officer', 'manager', 'head', 'auditor'],
  oakwood: ['oakwoodLead', 'officer', 'manager', 'head', 'auditor'],
  eastshire: ['eastLead', 'eastOfficer'],
};

export interface SweepTarget {
  id: string;
  taskId: string;
  reference: string;
}

/** One concern per organisation, raised by its provider lead (the other council's seeded first). */
export async function raiseSweepCases(stack: Stack): Promise<Record<SweepCase, SweepTarget>> {
  const cases = {} as Record<SweepCase, SweepTarget>;
  for (const [name, raiser] of [
    ['sunrise', Demo.sunriseLead],
    ['oakwood', Demo.oakwoodLead],
    ['eastshire', Elsewhere.lead],
  ] as const) {
    const raised = await stack.raiseConcern(raiser);
    cases[name] = { id: raised.id, taskId: raised.tasks[0].id, reference: raised.reference };
  }
  return cases;
}

/** The rule part of a swept route. */
export interface SweptRoute {
  /** Roles that may use it on a case they can see. */
  allowed: readonly Who[];
  /** What an allowed role gets (changes are sent invalid, so nothing changes even when allowed). */
  okStatus?: number;
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
  const mayAct = inScope && route.allowed.includes(who);
  const ok = route.okStatus ?? 200;
  return { inScope, mayAct, ok, expected: !inScope ? 404 : mayAct ? ok : 403 };
}

/** How many refusals the audit trail holds so far. */
export async function refusalCount(stack: Stack): Promise<number> {
  const [{ n }] = await stack.sql<{ n: string }>(
    `select count(*)::text as n from audit_events where action = 'case.access_refused'`,
  );
  return Number(n);
}
