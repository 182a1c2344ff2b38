import { Migration } from '@mikro-orm/migrations';
import { ScopeArms } from './Migration20261204150000_rls_column_scope';

const KEY = `council_id, due_week, name, team_id, provider_id, type, involves_children`;

/**
 * The London week an instant falls in, cut where a quarter starts: the later of its Monday and the first
 * day of its quarter. Weeks add up to the dashboard's weeks and quarters to the returns' quarters.
 * libs/cases/src/clock-compliance.ts computes the same for today's clocks.
 */
const DueWeek = (t: string): string =>
  `greatest(date_trunc('week', ${t} at time zone 'Europe/London'), date_trunc('quarter', ${t} at time zone 'Europe/London'))::date`;

/**
 * What the clocks of a set of rows `s` contribute to the tallies, one row per counted clock with its case:
 * the clock's own row is a root (`replaces` is null) and its replacement, if any, is the row whose
 * `replaces` names it. The rule of `clockComplianceSql` (libs/cases/src/clock-compliance.ts), which must
 * say the same: a clock counts unless it was cancelled without being extended; it is met if met by its due
 * time (the replacement's meeting counts only by the original due time); met within the extension if the
 * replacement was met after the original due time but by its own.
 */
const contribution = (s: string, sign: number): string => `
  select k.case_id, ${DueWeek('k.due_at')} as due_week, k.name,
         ${sign} as due,
         ${sign} * coalesce(coalesce(r.met_at, k.met_at) <= k.due_at and (k.state = 'met' or r.state = 'met'), false)::int as met,
         ${sign} * coalesce(r.state = 'met' and r.met_at > k.due_at and r.met_at <= r.due_at, false)::int as met_ext
    from ${s} k left join ${s} r on r.replaces = k.id
   where k.replaces is null and (k.state <> 'cancelled' or r.id is not null)`;

/**
 * The deltas, by tally key, of `contributions` (rows of `contribution`), added to the tallies in key order,
 * so two statements that change the same tallies lock them in the same order.
 */
const addToTallies = (contributions: string): string => `
  insert into clock_tallies (${KEY}, due, met, met_ext)
  select c.council_id, d.due_week, d.name, c.team_id, c.provider_id, c.type, c.involves_children,
         sum(d.due), sum(d.met), sum(d.met_ext)
    from (${contributions}) d join cases c on c.id = d.case_id
   group by c.council_id, d.due_week, d.name, c.team_id, c.provider_id, c.type, c.involves_children
  having sum(d.due) <> 0 or sum(d.met) <> 0 or sum(d.met_ext) <> 0
  order by 1, 2, 3, 4, 5, 6, 7
  on conflict on constraint clock_tallies_key do update
     set due = clock_tallies.due + excluded.due, met = clock_tallies.met + excluded.met,
         met_ext = clock_tallies.met_ext + excluded.met_ext`;

/**
 * Clock compliance kept as counts in the transactions that change clocks (issue 11 item 5, ADR 0018).
 *
 * A statement-level trigger on `clocks` sees the rows the statement changed (transition tables): it finds
 * the original clocks they touch (a changed row itself, or the one a changed replacement names), reads
 * those originals and their replacements as they are now and as they were before the statement (now,
 * with the changed rows put back as they were), and adds the difference of their contributions to the
 * tallies. It runs as the owner (SECURITY DEFINER): the application role cannot write a tally itself.
 * A case's scope columns never change once written, so a tally's key never moves.
 */
export class Migration20261204153513_clock_tallies extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "clock_tallies" ("id" bigserial primary key, "council_id" uuid not null, "due_week" date not null, "name" text not null, "team_id" uuid null, "provider_id" uuid not null, "type" text not null, "involves_children" boolean not null, "due" int not null default 0, "met" int not null default 0, "met_ext" int not null default 0);`,
    );
    this.addSql(
      `alter table "clock_tallies" add constraint "clock_tallies_key" unique nulls not distinct ("council_id", "due_week", "name", "team_id", "provider_id", "type", "involves_children");`,
    );
    // Read in the scope of the cases they count (never per raiser nor per grant: a tally is no case).
    this.addSql(`alter table "clock_tallies" enable row level security;`);
    this.addSql(`create policy "clock_tallies_read" on "clock_tallies" for select using (${ScopeArms});`);

    const changed = `
      roots as (select distinct coalesce(x.replaces, x.id) as id
                  from (select id, replaces from old_rows union all select id, replaces from new_rows) x),
      now_rows as (select c.* from clocks c
                    where c.id in (select id from roots) or c.replaces in (select id from roots)),
      then_rows as (select * from now_rows where id not in (select id from new_rows)
                    union all select * from old_rows)`;
    // One function per command, in static SQL (its plan cached for the session): transition tables exist
    // only for the statement's own command, so each names the ones it has.
    for (const op of ['insert', 'update', 'delete'] as const) {
      const old = op === 'insert' ? 'clocks where false' : 'old_clocks';
      const neu = op === 'delete' ? 'clocks where false' : 'new_clocks';
      this
        .addSql(`create function "vigil_clock_tally_${op}"() returns trigger language plpgsql security definer
        set search_path = pg_catalog, public, pg_temp as $fn$
        begin
          with old_rows as (select * from ${old}), new_rows as (select * from ${neu}), ${changed}
          ${addToTallies(`${contribution('now_rows', 1)} union all ${contribution('then_rows', -1)}`)};
          return null;
        end $fn$;`);
      const referencing =
        op === 'insert'
          ? 'new table as new_clocks'
          : op === 'update'
            ? 'old table as old_clocks new table as new_clocks'
            : 'old table as old_clocks';
      this.addSql(`create trigger "clocks_tally_${op}" after ${op} on "clocks"
        referencing ${referencing} for each statement execute function "vigil_clock_tally_${op}"();`);
    }

    // Rebuilt from every clock: now (the existing clocks), and by the owner after loading clocks in bulk.
    // Not SECURITY DEFINER: the application role may call it, but row-level security lets it change nothing.
    this.addSql(`create function "vigil_rebuild_clock_tallies"() returns void language sql
      set search_path = pg_catalog, public, pg_temp as $fn$
        delete from clock_tallies;
        ${addToTallies(contribution('clocks', 1))};
      $fn$;`);
    this.addSql(`select vigil_rebuild_clock_tallies();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger "clocks_tally_insert" on "clocks";`);
    this.addSql(`drop trigger "clocks_tally_update" on "clocks";`);
    this.addSql(`drop trigger "clocks_tally_delete" on "clocks";`);
    for (const op of ['insert', 'update', 'delete'])
      this.addSql(`drop function "vigil_clock_tally_${op}"();`);
    this.addSql(`drop function "vigil_rebuild_clock_tallies"();`);
    this.addSql(`drop table if exists "clock_tallies" cascade;`);
  }
}
