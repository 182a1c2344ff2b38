import { DemoIds } from '@vigil/access';
import { randomUUID } from 'node:crypto';
import type { BenchStack } from './bench-stack';

const DEMO_LEADS = ['lead@sunrise-care.example', 'lead@oakwood-homes.example'];

/**
 * Extra Riverside providers, each with a lead who signs in with the demo password (the hash is
 * copied). Raising from one provider serialises on its audit chain (see the intake benchmark), which
 * would stretch the creation of 1,000 concerns well past one minute; a council has many providers.
 */
export async function providerLeads(stack: BenchStack, providers: number): Promise<string[]> {
  const leads = DEMO_LEADS.slice(0, providers);
  for (let i = leads.length; i < providers; i += 1) {
    const organisation = randomUUID();
    const email = `lead@bench-provider-${i}.example`;
    await stack.sql(
      `insert into organisations (id, name, kind, council_id, created_at)
       values ($1, $2, 'provider', $3, now())`,
      [organisation, `Bench provider ${i}`, DemoIds.council],
    );
    await stack.sql(
      `insert into users (id, email, display_name, password_hash, organisation_id, role, team_id, active,
         created_at)
       select $1, $2, $3, password_hash, $4, 'provider_lead', null, true, now() from users where email = $5`,
      [randomUUID(), email, `Bench provider ${i} lead`, organisation, DEMO_LEADS[0]],
    );
    leads.push(email);
  }
  return leads;
}
