import { Migration } from '@mikro-orm/migrations';
import { ScopeArms } from './Migration20261204150000_rls_column_scope';

/** A case's columns in a row's key: its scope, status and assignee. */
const CASE_KEY = `council_id, team_id, provider_id, type, involves_children, status, assignee_user_id`;
const KEY = `${CASE_KEY}, task_type, assigned_role, due_day`;
const caseKey = (alias: string): string =>
  CASE_KEY.split(', ')
    .map((c) => `${alias}.${c}`)
    .join(', ');

/** A task's London due day (null when undated): the dashboard's "overdue" and "due soon" are whole days. */
const DUE_DAY = (t: string): string => `(${t}.due_at at time zone 'Europe/London')::date`;

/**
 * What cases `cs` and tasks `ts` contribute, one row per open case (task columns null) and per open task of
 * an open case, each counted `sign`. `cases` says whether to count the cases' own rows.
 */
const contribution = (cs: string, ts: string, sign: string, cases: boolean): string => `
  ${
    cases
      ? `select ${caseKey('c')}, null::text as task_type, null::text as assigned_role, null::date as due_day,
                ${sign} as n
           from ${cs} c where c.closed_at is null
         union all`
      : ''
  }
  select ${caseKey('c')}, t.type as task_type, t.assigned_role, ${DUE_DAY('t')} as due_day, ${sign} as n
    from ${ts} t join ${cs} c on c.id = t.case_id
   where t.status = 'open' and c.closed_at is null`;

/**
 * Adds the deltas `d` (rows of `contribution`) to the counts, in key order (two statements changing the same
 * counts lock them in the same order), and answers the IDs of rows that fell to zero, for deleting: a
 * common table expression and the select that ends the statement, after a `with`.
 */
const addToOpenWork = (deltas: string): string => `
  up as (
    insert into open_work (${KEY}, n)
    select ${KEY}, sum(d.n) from (${deltas}) d
     group by ${KEY} having sum(d.n) <> 0
     order by ${KEY}
    on conflict on constraint open_work_key do update set n = open_work.n + excluded.n
    returning id, n)
  select coalesce(array_agg(id) filter (where n = 0), '{}') from up`;

/**
 * Open work kept as counts in the transactions that change cases and tasks (issue 11 item 5, ADR 0019),
 * for the dashboard: open cases by scope, status and assignee, and their open tasks by type, holder and
 * London due day.
 *
 * Each trigger is statement-level and sees the rows its statement changed (transition tables). On `tasks`:
 * the changed tasks' contributions as they are now, minus as they were, each with its case as it is now. On
 * `cases`: the changed cases' contributions (their own rows and their open tasks as they are now) as they
 * are now, minus as they were, for the cases whose key changed (status, assignee, closing, scope). A
 * statement changes one table, so each delta is the change of "open task × open case" by key. They run as
 * the owner (SECURITY DEFINER): the application role cannot write a count itself.
 */
export class Migration20261204184406_open_work extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "open_work" ("id" bigserial primary key, "council_id" uuid not null, "team_id" uuid null, "provider_id" uuid not null, "type" text not null, "involves_children" boolean not null, "status" text not null, "assignee_user_id" uuid null, "task_type" text null, "assigned_role" text null, "due_day" date null, "n" int not null default 0);`,
    );
    this.addSql(
      `alter table "open_work" add constraint "open_work_key" unique nulls not distinct ("council_id", "team_id", "provider_id", "type", "involves_children", "status", "assignee_user_id", "task_type", "assigned_role", "due_day");`,
    );
    // Read in the scope of the cases they count (never per raiser nor per grant: a count is no case).
    this.addSql(`alter table "open_work" enable row level security;`);
    this.addSql(`create policy "open_work_read" on "open_work" for select using (${ScopeArms});`);

    // One function per table and command, in static SQL (its plan cached for the session): transition
    // tables exist only for the statement's own command, so each names the ones it has.
    for (const op of ['insert', 'update', 'delete'] as const) {
      for (const table of ['tasks', 'cases'] as const) {
        const old = op === 'insert' ? `${table} where false` : `old_${table}`;
        const neu = op === 'delete' ? `${table} where false` : `new_${table}`;
        const body =
          table === 'tasks'
            ? `with old_rows as (select * from ${old}), new_rows as (select * from ${neu}),
               ${addToOpenWork(
                 `${contribution('cases', 'new_rows', '1', false)} union all ${contribution('cases', 'old_rows', '-1', false)}`,
               )}`
            : `with old_all as (select * from ${old}), new_all as (select * from ${neu}),
               -- Only the cases whose counted key changed (most updates only touch the version and time).
               changed as (
                 select coalesce(n.id, o.id) as id from new_all n full join old_all o on o.id = n.id
                  where n.id is null or o.id is null
                     or (o.closed_at is null) <> (n.closed_at is null)
                     or (${caseKey('o')}) is distinct from (${caseKey('n')})),
               old_rows as (select * from old_all where id in (select id from changed)),
               new_rows as (select * from new_all where id in (select id from changed)),
               open_tasks as (select * from tasks where case_id in (select id from changed)),
               ${addToOpenWork(
                 `${contribution('new_rows', 'open_tasks', '1', true)} union all ${contribution('old_rows', 'open_tasks', '-1', true)}`,
               )}`;
        this.addSql(`create function "vigil_open_work_${table}_${op}"() returns trigger language plpgsql
          security definer set search_path = pg_catalog, public, pg_temp as $fn$
          declare zero bigint[];
          begin
            ${body} into zero;
            delete from open_work where id = any(zero) and n = 0;
            return null;
          end $fn$;`);
        const referencing =
          op === 'insert'
            ? `new table as new_${table}`
            : op === 'update'
              ? `old table as old_${table} new table as new_${table}`
              : `old table as old_${table}`;
        this.addSql(`create trigger "${table}_open_work_${op}" after ${op} on "${table}"
          referencing ${referencing} for each statement execute function "vigil_open_work_${table}_${op}"();`);
      }
    }

    // Rebuilt from every open case and task: now, and by the owner after loading cases in bulk.
    // Not SECURITY DEFINER: the application role may call it, but row-level security lets it change nothing.
    this.addSql(`create function "vigil_rebuild_open_work"() returns void language plpgsql
      set search_path = pg_catalog, public, pg_temp as $fn$
      declare zero bigint[];
      begin
        delete from open_work;
        with ${addToOpenWork(contribution('cases', 'tasks', '1', true))} into zero;
      end $fn$;`);
    this.addSql(`select vigil_rebuild_open_work();`);
  }

  override async down(): Promise<void> {
    for (const table of ['tasks', 'cases']) {
      for (const op of ['insert', 'update', 'delete']) {
        this.addSql(`drop trigger "${table}_open_work_${op}" on "${table}";`);
      }
    }
    for (const table of ['tasks', 'cases']) {
      for (const op of ['insert', 'update', 'delete']) {
        this.addSql(`drop function "vigil_open_work_${table}_${op}"();`);
      }
    }
    this.addSql(`drop function "vigil_rebuild_open_work"();`);
    this.addSql(`drop table if exists "open_work" cascade;`);
  }
}
