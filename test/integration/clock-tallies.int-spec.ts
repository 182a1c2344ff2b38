import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DemoIds } from '@vigil/access';
import { randomUUID } from 'node:crypto';
import { appClient, random, sorted, type Row } from '../support/counts';
import { Demo, Stack } from '../support/stack';

/*
 * The clock tallies (ADR 0018) against the clocks they count: after every kind of change a clock goes
 * through — opened, met, breached, cancelled, extended (cancelled and replaced, the replacement linked
 * later or at once), several in one statement, deleted — the tallies the trigger kept must equal the
 * tallies computed afresh from every clock. The oracle below is written independently of the trigger's
 * SQL (correlated subqueries per clock, not a self-join of the changed rows).
 */
const ORACLE = `
  select c.council_id::text, w.due_week::text, k.name, c.team_id::text, c.provider_id::text, c.type,
         c.involves_children,
         count(*)::int as due,
         count(*) filter (where coalesce((select r.met_at from clocks r where r.replaces = k.id), k.met_at) <= k.due_at
                            and (k.state = 'met' or (select r.state from clocks r where r.replaces = k.id) = 'met'))::int as met,
         count(*) filter (where exists (select 1 from clocks r where r.replaces = k.id and r.state = 'met'
                                          and r.met_at > k.due_at and r.met_at <= r.due_at))::int as met_ext
    from clocks k
    join cases c on c.id = k.case_id
    cross join lateral (select (k.due_at at time zone 'Europe/London')::date as d) l
    cross join lateral (select greatest(date_trunc('week', l.d), date_trunc('quarter', l.d))::date as due_week) w
   where k.replaces is null
     and (k.state <> 'cancelled' or exists (select 1 from clocks r where r.replaces = k.id))
   group by 1, 2, 3, 4, 5, 6, 7`;

const KEPT = `
  select council_id::text, due_week::text, name, team_id::text, provider_id::text, type, involves_children,
         due, met, met_ext
    from clock_tallies where due <> 0 or met <> 0 or met_ext <> 0`;

describe('clock tallies', () => {
  let stack: Stack;
  const cases: string[] = [];

  beforeAll(async () => {
    stack = await Stack.start({ name: 'tallies', worker: false });
    const [{ id: raisedBy }] = await stack.sql<{ id: string }>('select id from users where email = $1', [
      Demo.sunriseLead,
    ]);
    // Cases in different tally keys: two providers, a team or none, two types, children or not.
    const shapes = [
      { type: 'concern', provider: DemoIds.sunrise, team: DemoIds.team, children: false },
      { type: 'concern', provider: DemoIds.oakwood, team: null, children: false },
      { type: 'allegation', provider: DemoIds.sunrise, team: DemoIds.team, children: true },
      { type: 'complaint', provider: DemoIds.oakwood, team: DemoIds.team, children: false },
    ];
    for (const [i, s] of shapes.entries()) {
      const id = randomUUID();
      cases.push(id);
      await stack.sql(
        `insert into cases (id, type, reference, status, provider_id, council_id, team_id, raised_by, policy_name,
                            policy_version, version, created_at, updated_at, involves_children)
         values ($1, $2, $3, 'received', $4, $5, $6, $7, 'tally-test', '1', 1, now(), now(), $8)`,
        [id, s.type, `TALLY-${i}`, s.provider, DemoIds.council, s.team, raisedBy, s.children],
      );
    }
  });
  afterAll(async () => stack?.stop());

  async function agree(step: string): Promise<void> {
    const [kept, fresh] = [await stack.sql<Row>(KEPT), await stack.sql<Row>(ORACLE)];
    expect({ step, tallies: sorted(kept) }).toEqual({ step, tallies: sorted(fresh) });
  }

  it('equal the clocks counted afresh after every kind of change, one statement or many', async () => {
    const next = random(20261204);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    // Due instants around quarter starts, week starts and a clock change (late March, late October).
    const base = [
      '2026-03-29T00:30:00Z',
      '2026-03-31T22:59:00Z',
      '2026-03-31T23:01:00Z',
      '2026-06-30T23:30:00Z',
      '2026-10-25T00:30:00Z',
      '2026-12-27T23:59:00Z',
      '2027-01-01T00:01:00Z',
    ];
    const dueAt = () => new Date(Date.parse(pick(base)) + Math.floor(next() * 3) * 86_400_000);
    const clocks = () =>
      stack.sql<{ id: string; case_id: string; state: string; replaces: string | null; due_at: Date }>(
        'select id, case_id, state, replaces, due_at from clocks where case_id = any($1) order by id',
        [cases],
      );
    const insert = async (caseId: string, due: Date, replaces: string | null = null) => {
      const id = randomUUID();
      await stack.sql(
        `insert into clocks (id, case_id, task_id, name, started_at, due_at, state, policy_name, policy_version, rungs, replaces)
         values ($1, $2, null, $3, $4, $5, 'running', 'tally-test', '1', '[]', $6)`,
        [
          id,
          caseId,
          pick(['concern.triage', 'complaint.respond']),
          new Date(due.getTime() - 86_400_000),
          due,
          replaces,
        ],
      );
      return id;
    };

    let steps = 0;
    for (let i = 0; i < 12; i += 1) await insert(pick(cases), dueAt());
    await agree('opened');
    for (let round = 0; round < 120; round += 1) {
      const all = await clocks();
      const running = all.filter((c) => c.state === 'running');
      const roots = running.filter((c) => !c.replaces);
      const op = Math.floor(next() * 8);
      const k = pick(running.length ? running : all);
      let step = `round ${round}: `;
      if (op === 0) {
        step += 'open';
        await insert(pick(cases), dueAt());
      } else if (op === 1 && k) {
        const early = next() < 0.5;
        step += `meet ${early ? 'in time' : 'late'}`;
        await stack.sql(`update clocks set state = 'met', met_at = due_at + $2::interval where id = $1`, [
          k.id,
          early ? '-1 hour' : '2 hours',
        ]);
      } else if (op === 2 && k) {
        step += 'breach';
        await stack.sql(`update clocks set state = 'breached', breached_at = due_at where id = $1`, [k.id]);
      } else if (op === 3 && roots.length) {
        // TaskExtension: the original cancelled, the replacement opened, then linked (two statements).
        const original = pick(roots);
        const atOnce = next() < 0.3;
        step += `extend (${atOnce ? 'linked at once' : 'linked after'})`;
        await stack.sql(`update clocks set state = 'cancelled' where id = $1 and state = 'running'`, [
          original.id,
        ]);
        const later = new Date(new Date(original.due_at).getTime() + 7 * 86_400_000);
        const replacement = await insert(original.case_id, later, atOnce ? original.id : null);
        if (!atOnce)
          await stack.sql(`update clocks set replaces = $2 where id = $1`, [replacement, original.id]);
      } else if (op === 4) {
        step += 'case closed: every running clock cancelled in one statement';
        await stack.sql(`update clocks set state = 'cancelled' where case_id = $1 and state = 'running'`, [
          pick(cases),
        ]);
      } else if (op === 5) {
        step += 'several met in one statement';
        await stack.sql(
          `update clocks set state = 'met', met_at = due_at - interval '1 minute'
            where id in (select id from clocks where state in ('running', 'breached') and met_at is null
                          order by id limit 3)`,
        );
      } else if (op === 6 && all.length > 4) {
        const gone = pick(all);
        step += `delete a ${gone.replaces ? 'replacement' : 'clock'}`;
        await stack.sql(`update clocks set replaces = null where replaces = $1`, [gone.id]);
        await stack.sql(`delete from clocks where id = $1`, [gone.id]);
      } else {
        step += 'no change (a statement touching no row)';
        await stack.sql(`update clocks set state = 'met' where false`);
      }
      await agree(step);
      steps += 1;
    }
    const [{ n }] = await stack.sql<{ n: string }>(
      `select count(*)::text as n from clocks where replaces is not null`,
    );
    // The walk did extend clocks, and the tallies hold met, extended and breached ones.
    expect(Number(n)).toBeGreaterThan(2);
    const [totals] = await stack.sql<{ met: string; met_ext: string; due: string }>(
      'select sum(due)::text as due, sum(met)::text as met, sum(met_ext)::text as met_ext from clock_tallies',
    );
    expect(Number(totals.met)).toBeGreaterThan(0);
    expect(Number(totals.due)).toBeGreaterThan(Number(totals.met));
    expect(steps).toBe(120);
  });

  it('are written only by the trigger, and read in the reader’s scope', async () => {
    const { client, begin: scoped } = await appClient(stack.appDatabaseUrl);
    try {
      await scoped('head_of_service', DemoIds.council, '');
      await expect(
        client.query(
          `insert into clock_tallies (council_id, due_week, name, provider_id, type, involves_children, due)
           values ($1, current_date, 'x', $2, 'concern', false, 1)`,
          [DemoIds.council, DemoIds.sunrise],
        ),
      ).rejects.toThrow(/row-level security|permission denied/);
      await client.query('rollback');
      await scoped('head_of_service', DemoIds.council, '');
      const { rows: head } = await client.query<{ n: string }>(
        `select count(*)::text as n from clock_tallies`,
      );
      await client.query(`update clock_tallies set due = due + 100`);
      await client.query('commit');
      const [{ n: all }] = await stack.sql<{ n: string }>(`select count(*)::text as n from clock_tallies`);
      expect(Number(head[0].n)).toBe(Number(all));
      // The update changed nothing: no policy lets the application write a tally.
      await agree('after the application tried to change tallies');
      // A provider's lead sees their own provider's cases, so their own provider's tallies, no one else's.
      await scoped('provider_lead', DemoIds.oakwood, '');
      const { rows: lead } = await client.query<{ provider_id: string }>(
        `select distinct provider_id::text from clock_tallies`,
      );
      await client.query('commit');
      expect(lead.every((r) => r.provider_id === DemoIds.oakwood)).toBe(true);
    } finally {
      await client.end();
    }
  });
});
