import { Migration } from '@mikro-orm/migrations';

/**
 * Whether the reader may know a provider's referral status and early-warning counts (issue 10): the
 * provider is their own organisation (its staff and lead), one they commission, or (every other council
 * role) one in their council. The same reach as the providers list. Nobody else, and no scope at all, gets
 * an answer.
 */
const InReach = `create function "vigil_provider_in_reach"(provider uuid) returns boolean language sql stable
  as $$ select exists (select 1 from organisations o where o.id = provider and o.kind = 'provider' and
          case vigil_setting('vigil.role')
            when 'system' then true
            when 'provider_staff' then o.id::text = vigil_setting('vigil.organisation_id')
            when 'provider_lead' then o.id::text = vigil_setting('vigil.organisation_id')
            when 'commissioner' then o.id::text = any (string_to_array(vigil_setting('vigil.provider_ids'), ','))
            else o.council_id::text = vigil_setting('vigil.council_id') end) $$;`;

/**
 * The cases about a provider that count toward its early warning at `at`: raised within `span` before it;
 * of a type in `when_raised`, or closed as one of `when_closed` (`complaint:upheld`); never one closed as
 * one of `unless_closed` (`concern:withdrawn`). The registry's flags make the lists; the caller's own
 * row-level security applies (the worker runs it as the owner).
 */
const Counted = `create function "vigil_early_warning_cases"(provider uuid, at timestamptz, span interval,
    when_raised text[], when_closed text[], unless_closed text[])
  returns table (id uuid, type text, reference text, created_at timestamptz) language sql stable
  as $$ select c.id, c.type, c.reference, c.created_at from cases c
         where c.provider_id = provider and c.created_at > at - span and c.created_at <= at
           and (c.type = any (when_raised)
                or exists (select 1 from case_events e where e.case_id = c.id and e.kind = 'case.closed'
                             and c.type || ':' || (e.details->>'outcome') = any (when_closed)))
           and not exists (select 1 from case_events e where e.case_id = c.id and e.kind = 'case.closed'
                             and c.type || ':' || (e.details->>'outcome') = any (unless_closed))
         order by c.created_at, c.id $$;`;

/**
 * `vigil_early_warning_counts`: the counts by type of `vigil_early_warning_cases`, past row-level security,
 * for a provider in reach; `guard` narrows what a caller may ask for (Migration20261205140000).
 */
export const earlyWarningCounts = (verb: 'create' | 'create or replace', guard = ''): string =>
  `${verb} function "vigil_early_warning_counts"(provider uuid, at timestamptz, span interval,
        when_raised text[], when_closed text[], unless_closed text[])
      returns table (type text, n int)
      language sql stable security definer set search_path = pg_catalog, public, pg_temp
      as $$ select w.type, count(*)::int from vigil_early_warning_cases(provider, at, span, when_raised,
               when_closed, unless_closed) w
             where vigil_provider_in_reach(provider)${guard} group by w.type $$;`;

/**
 * A provider's referral status is not personal data, and everyone who sees a case about the provider may
 * know it (issue 10): read past row-level security, returning only the status and its weekly cap (its open
 * provider concern's, else its latest closed one's; no row when it never had one), for a provider in reach.
 * The early warning's counts by type, likewise: counts only, never which cases.
 */
export class Migration20261204201500_provider_reads extends Migration {
  override async up(): Promise<void> {
    this.addSql(InReach);
    this.addSql(Counted);
    this.addSql(`create function "vigil_referral_status"(provider uuid)
      returns table (referral_status text, weekly_cap int)
      language sql stable security definer set search_path = pg_catalog, public, pg_temp
      as $$ select p.referral_status, p.weekly_cap from cases pc join provider_concerns p on p.case_id = pc.id
             where pc.provider_id = provider and pc.type = 'provider_concern' and vigil_provider_in_reach(provider)
             order by (pc.closed_at is null) desc, pc.created_at desc limit 1 $$;`);
    this.addSql(earlyWarningCounts('create'));
  }

  override async down(): Promise<void> {
    this.addSql(
      `drop function if exists "vigil_early_warning_counts"(uuid, timestamptz, interval, text[], text[], text[]);`,
    );
    this.addSql(`drop function if exists "vigil_referral_status"(uuid);`);
    this.addSql(
      `drop function if exists "vigil_early_warning_cases"(uuid, timestamptz, interval, text[], text[], text[]);`,
    );
    this.addSql(`drop function if exists "vigil_provider_in_reach"(uuid);`);
  }
}
