import { hashPassword, DEMO_PASSWORD } from '@vigil/access';
import type { Stack } from './stack';

/** A second council with its own team, a provider and a provider lead: cases nobody at Riverside may see. */
export const Elsewhere = {
  council: '10000000-0000-4000-8000-000000000001',
  team: '10000000-0000-4000-8000-000000000010',
  provider: '10000000-0000-4000-8000-000000000002',
  leadId: '10000000-0000-4000-8000-000000000101',
  lead: 'lead@northfield-care.example',
  officer: 'officer@eastshire.example',
  officerId: '10000000-0000-4000-8000-000000000103',
  head: 'head@eastshire.example',
  headId: '10000000-0000-4000-8000-000000000105',
} as const;

export async function seedOtherCouncil(stack: Stack): Promise<void> {
  const hash = await hashPassword(DEMO_PASSWORD);
  await stack.sql(
    `insert into organisations (id, name, kind, council_id, created_at) values
       ($1, 'Eastshire Council', 'council', $1, now()), ($2, 'Northfield Care', 'provider', $1, now())`,
    [Elsewhere.council, Elsewhere.provider],
  );
  await stack.sql(
    `insert into teams (id, council_id, name, created_at) values ($1, $2, 'Eastshire adults team', now())`,
    [Elsewhere.team, Elsewhere.council],
  );
  await stack.sql(
    `insert into users (id, email, display_name, password_hash, organisation_id, role, team_id, active, created_at) values
       ($1, $2, 'Northfield lead', $3, $4, 'provider_lead', null, true, now()),
       ($5, $6, 'Eastshire officer', $3, $7, 'council_officer', $8, true, now()),
       ($9, $10, 'Eastshire head of service', $3, $7, 'head_of_service', $8, true, now())`,
    [
      Elsewhere.leadId,
      Elsewhere.lead,
      hash,
      Elsewhere.provider,
      Elsewhere.officerId,
      Elsewhere.officer,
      Elsewhere.council,
      Elsewhere.team,
      Elsewhere.headId,
      Elsewhere.head,
    ],
  );
}
