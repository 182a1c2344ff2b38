import type { EntityManager } from '@mikro-orm/postgresql';
import type { UserRole } from '@vigil/contracts';
import { hashPassword } from './passwords';

/** Fixed IDs, so demo data is the same on every machine and tests can name it. */
export const DemoIds = {
  council: '00000000-0000-4000-8000-000000000001',
  sunrise: '00000000-0000-4000-8000-000000000002',
  oakwood: '00000000-0000-4000-8000-000000000003',
  team: '00000000-0000-4000-8000-000000000010',
} as const;

export const DEMO_PASSWORD = 'demo-password-1';

export interface DemoAccount {
  id: string;
  email: string;
  displayName: string;
  role: UserRole;
  organisationId: string;
  teamId: string | null;
}

export const DemoAccounts: readonly DemoAccount[] = [
  {
    id: '00000000-0000-4000-8000-000000000101',
    email: 'lead@sunrise-care.example',
    displayName: 'Sunrise safeguarding lead',
    role: 'provider_lead',
    organisationId: DemoIds.sunrise,
    teamId: null,
  },
  {
    id: '00000000-0000-4000-8000-000000000102',
    email: 'lead@oakwood-homes.example',
    displayName: 'Oakwood safeguarding lead',
    role: 'provider_lead',
    organisationId: DemoIds.oakwood,
    teamId: null,
  },
  {
    id: '00000000-0000-4000-8000-000000000103',
    email: 'officer@riverside.example',
    displayName: 'Riverside safeguarding officer',
    role: 'council_officer',
    organisationId: DemoIds.council,
    teamId: DemoIds.team,
  },
  {
    id: '00000000-0000-4000-8000-000000000104',
    email: 'manager@riverside.example',
    displayName: 'Riverside team manager',
    role: 'team_manager',
    organisationId: DemoIds.council,
    teamId: DemoIds.team,
  },
  {
    id: '00000000-0000-4000-8000-000000000105',
    email: 'head@riverside.example',
    displayName: 'Riverside head of service',
    role: 'head_of_service',
    organisationId: DemoIds.council,
    teamId: DemoIds.team,
  },
  {
    id: '00000000-0000-4000-8000-000000000106',
    email: 'lado@riverside.example',
    displayName: 'Riverside LADO',
    role: 'lado',
    organisationId: DemoIds.council,
    teamId: null,
  },
  {
    id: '00000000-0000-4000-8000-000000000107',
    email: 'commissioner@riverside.example',
    displayName: 'Riverside commissioner',
    role: 'commissioner',
    organisationId: DemoIds.council,
    teamId: null,
  },
  {
    id: '00000000-0000-4000-8000-000000000108',
    email: 'auditor@riverside.example',
    displayName: 'Riverside information governance auditor',
    role: 'auditor',
    organisationId: DemoIds.council,
    teamId: null,
  },
];

/** Line management, for break-glass notices: officer → manager → head of service (whose go to the auditors). */
const LineManagers: readonly [string, string][] = [
  ['officer@riverside.example', 'manager@riverside.example'],
  ['manager@riverside.example', 'head@riverside.example'],
];

/**
 * Demo organisations and accounts (no cases): Riverside Council with one safeguarding team, and two
 * providers it commissions. Safe to run on every start: existing rows are left as they are.
 */
export async function seedDemo(em: EntityManager): Promise<{ accountsCreated: number }> {
  await em.execute(
    `insert into organisations (id, name, kind, council_id, created_at) values
       (?, 'Riverside Council', 'council', ?, now()),
       (?, 'Sunrise Care', 'provider', ?, now()),
       (?, 'Oakwood Homes', 'provider', ?, now())
     on conflict (id) do nothing`,
    [DemoIds.council, DemoIds.council, DemoIds.sunrise, DemoIds.council, DemoIds.oakwood, DemoIds.council],
  );
  await em.execute(
    `insert into teams (id, council_id, name, created_at) values (?, ?, 'Riverside safeguarding adults team', now()) on conflict (id) do nothing`,
    [DemoIds.team, DemoIds.council],
  );
  const existing = new Set(
    (
      await em.execute<{ email: string }[]>('select email from users where email in (?)', [
        DemoAccounts.map((a) => a.email),
      ])
    ).map((r) => r.email),
  );
  const missing = DemoAccounts.filter((a) => !existing.has(a.email));
  if (missing.length > 0) {
    const hash = await hashPassword(DEMO_PASSWORD);
    for (const a of missing) {
      await em.execute(
        `insert into users (id, email, display_name, password_hash, organisation_id, role, team_id, active, created_at)
         values (?, ?, ?, ?, ?, ?, ?, true, now()) on conflict do nothing`,
        [a.id, a.email, a.displayName, hash, a.organisationId, a.role, a.teamId],
      );
    }
  }
  for (const [email, manager] of LineManagers) {
    await em.execute(
      `update users set line_manager_id = (select id from users where email = ?) where email = ? and line_manager_id is null`,
      [manager, email],
    );
  }
  const commissioner = DemoAccounts.find((a) => a.role === 'commissioner');
  if (commissioner) {
    await em.execute(
      `insert into commissioning (commissioner_id, provider_id) values (?, ?), (?, ?) on conflict do nothing`,
      [commissioner.id, DemoIds.sunrise, commissioner.id, DemoIds.oakwood],
    );
  }
  return { accountsCreated: missing.length };
}
