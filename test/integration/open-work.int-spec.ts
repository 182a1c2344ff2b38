import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DemoIds } from '@vigil/access';
import { randomUUID } from 'node:crypto';
import { appClient, random, sorted, type Row } from '../support/counts';
import { Demo, Stack } from '../support/stack';

/*
 * The open-work counts (ADR 0019) against the cases and tasks they count: after every kind of change —
 * cases opened, reassigned, moved on in status, closed and reopened, touched without a change of key,
 * several in one statement; tasks opened (several at once), completed, cancelled together, moved to
 * another due day, deleted — the counts the triggers kept must equal those computed afresh. The oracle
 * below is a plain GROUP BY over the tables, written apart from the triggers' SQL.
 */
const ORACLE = `
  select c.council_id::text, c.team_id::text, c.provider_id::text, c.type, c.involves_children, c.status,
         c.assignee_user_id::text, null as task_type, null as assigned_role, null as due_day, count(*)::int as n
    from cases c where c.closed_at is null
   group by 1, 2, 3, 4, 5, 6, 7
  union all
  select c.council_id::text, c.team_id::text, c.provider_id::text, c.type, c.involves_children, c.status,
         c.assignee_user_id::text, t.type, t.assigned_role, to_char(t.due_at at time zone 'Europe/London', 'YYYY-MM-DD'),
         count(*)::int
    from tasks t join cases c on c.id = t.case_id
   where t.status = 'open' and c.closed_at is null
   group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`;

const KEPT = `
  select council_id::text, team_id::text, provider_id::text, type, involves_children, status,
         assignee_user_id::text, task_type, assigned_role, to_char(due_day, 'YYYY-MM-DD') as due_day, n
    from open_work`;

describe('open-work counts', () => {
  let stack: Stack;
  let raisedBy: string;
  let officers: string[];

  beforeAll(async () => {
    stack = await Stack.start({ name: 'open-work', worker: false });
    [{ id: raisedBy }] = await stack.sql<{ id: string }>('select id from users where email = $1', [
      Demo.sunriseLead,
    ]);
    officers = (
      await stack.sql<{ id: string }>('select id from users where email = any($1)', [
        [Demo.officer, Demo.manager],
      ])
    ).map((r) => r.id);
  });
  afterAll(async () => stack?.stop());

  async function agree(step: string): Promise<void> {
    const [kept, fresh] = [await stack.sql<Row>(KEPT), await stack.sql<Row>(ORACLE)];
    expect({ step, counts: sorted(kept) }).toEqual({ step, counts: sorted(fresh) });
  }

  it('equal the open cases and tasks counted afresh after every kind of change', async () => {
    const next = random(20261205);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const shapes = [
      { type: 'concern', provider: DemoIds.sunrise, team: DemoIds.team, children: false },
      { type: 'concern', provider: DemoIds.oakwood, team: null, children: false },
      { type: 'allegation', provider: DemoIds.sunrise, team: DemoIds.team, children: true },
      { type: 'complaint', provider: DemoIds.oakwood, team: DemoIds.team, children: false },
    ];
    // Due instants either side of a London midnight, in GMT and in BST, and none.
    const dues = [
      '2026-03-28T23:30:00Z',
      '2026-03-29T23:30:00Z',
      '2026-06-30T22:59:00Z',
      '2026-06-30T23:01:00Z',
      '2026-12-04T17:00:00Z',
      null,
    ];
    let made = 0;
    const openCase = async () => {
      const s = pick(shapes);
      const id = randomUUID();
      made += 1;
      await stack.sql(
        `insert into cases (id, type, reference, status, provider_id, council_id, team_id, raised_by, policy_name,
                            policy_version, version, created_at, updated_at, involves_children, assignee_user_id)
         values ($1, $2, $3, 'awaiting_triage', $4, $5, $6, $7, 'open-work-test', '1', 1, now(), now(), $8, $9)`,
        [
          id,
          s.type,
          `OPEN-WORK-${made}`,
          s.provider,
          DemoIds.council,
          s.team,
          raisedBy,
          s.children,
          next() < 0.5 ? pick(officers) : null,
        ],
      );
      return id;
    };
    const openTasks = async (caseId: string, count: number) => {
      const rows = Array.from({ length: count }, () => [
        randomUUID(),
        pick(['triage_decision', 'respond', 'lado_referral']),
        pick(['assignee', 'provider_manager', 'lado']),
        pick(dues),
      ]);
      await stack.sql(
        `insert into tasks (id, case_id, type, status, assigned_role, due_at, created_at)
         select (r->>0)::uuid, $1, r->>1, 'open', r->>2, (r->>3)::timestamptz, now()
           from jsonb_array_elements($2::jsonb) r`,
        [caseId, JSON.stringify(rows)],
      );
    };
    const cases = () =>
      stack.sql<{ id: string; closed: boolean }>(
        `select id, closed_at is not null as closed from cases where policy_name = 'open-work-test' order by id`,
      );
    const tasks = () =>
      stack.sql<{ id: string; case_id: string; status: string }>(
        `select t.id, t.case_id, t.status from tasks t join cases c on c.id = t.case_id
          where c.policy_name = 'open-work-test' order by t.id`,
      );

    for (let i = 0; i < 6; i += 1) await openTasks(await openCase(), 1 + Math.floor(next() * 3));
    await agree('opened');
    let steps = 0;
    for (let round = 0; round < 150; round += 1) {
      const allCases = await cases();
      const allTasks = await tasks();
      const open = allTasks.filter((t) => t.status === 'open');
      const c = pick(allCases);
      const t = pick(open.length ? open : allTasks);
      const op = Math.floor(next() * 12);
      let step = `round ${round}: `;
      if (op === 0) {
        step += 'a case opened with its tasks';
        await openTasks(await openCase(), 1 + Math.floor(next() * 3));
      } else if (op === 1) {
        step += 'tasks added to a case';
        await openTasks(c.id, 1 + Math.floor(next() * 2));
      } else if (op === 2 && t) {
        step += 'a task completed';
        await stack.sql(`update tasks set status = 'completed', completed_at = now() where id = $1`, [t.id]);
      } else if (op === 3) {
        step += 'every open task of a case cancelled in one statement';
        await stack.sql(`update tasks set status = 'cancelled' where case_id = $1 and status = 'open'`, [
          c.id,
        ]);
      } else if (op === 4 && t) {
        step += 'a task moved to another due day';
        await stack.sql(`update tasks set due_at = $2 where id = $1`, [t.id, pick(dues)]);
      } else if (op === 5) {
        step += 'a case reassigned';
        await stack.sql(`update cases set assignee_user_id = $2, version = version + 1 where id = $1`, [
          c.id,
          next() < 0.3 ? null : pick(officers),
        ]);
      } else if (op === 6) {
        step += 'a case moved on in status';
        await stack.sql(`update cases set status = $2 where id = $1`, [
          c.id,
          pick(['enquiry_open', 'investigating', 'suspension_in_place']),
        ]);
      } else if (op === 7) {
        step += c.closed ? 'a case reopened' : 'a case closed (its tasks left open)';
        await stack.sql(
          `update cases set closed_at = case when closed_at is null then now() end,
                            status = case when closed_at is null then 'closed' else 'awaiting_triage' end
            where id = $1`,
          [c.id],
        );
      } else if (op === 8) {
        step += 'a case touched, no change of key';
        await stack.sql(`update cases set version = version + 1, updated_at = now() where id = $1`, [c.id]);
      } else if (op === 9) {
        step += 'every case of a provider reassigned in one statement';
        await stack.sql(
          `update cases set assignee_user_id = $2 where provider_id = $1 and policy_name = 'open-work-test'`,
          [pick([DemoIds.sunrise, DemoIds.oakwood]), pick(officers)],
        );
      } else if (op === 10 && t) {
        step += 'a task deleted';
        await stack.sql(`delete from tasks where id = $1`, [t.id]);
      } else {
        step += 'no change (a statement touching no row)';
        await stack.sql(`update tasks set status = 'open' where false`);
      }
      await agree(step);
      steps += 1;
    }
    expect(steps).toBe(150);
    // The walk left open tasks on open cases, closed cases, and no count at zero.
    const [shape] = await stack.sql<{ tasks: string; zero: string; closed: string }>(
      `select (select count(*) from open_work where task_type is not null)::text as tasks,
              (select count(*) from open_work where n = 0)::text as zero,
              (select count(*) from cases where closed_at is not null and policy_name = 'open-work-test')::text as closed`,
    );
    expect(Number(shape.tasks)).toBeGreaterThan(0);
    expect(Number(shape.closed)).toBeGreaterThan(0);
    expect(shape.zero).toBe('0');
    // Rebuilt from scratch, the counts are the same.
    const before = sorted(await stack.sql<Row>(KEPT));
    await stack.sql(`select vigil_rebuild_open_work()`);
    expect(sorted(await stack.sql<Row>(KEPT))).toEqual(before);
  });

  it('are written only by the triggers, and read in the reader’s scope', async () => {
    const { client, begin: scoped } = await appClient(stack.appDatabaseUrl);
    try {
      await scoped('head_of_service', DemoIds.council, '');
      await expect(
        client.query(
          `insert into open_work (council_id, provider_id, type, involves_children, status, n)
           values ($1, $2, 'concern', false, 'awaiting_triage', 1)`,
          [DemoIds.council, DemoIds.sunrise],
        ),
      ).rejects.toThrow(/row-level security|permission denied/);
      await client.query('rollback');
      await scoped('head_of_service', DemoIds.council, '');
      const { rows: head } = await client.query<{ n: string }>(`select count(*)::text as n from open_work`);
      await client.query(`update open_work set n = n + 100`);
      await client.query('commit');
      const [{ n: all }] = await stack.sql<{ n: string }>(`select count(*)::text as n from open_work`);
      expect(Number(head[0].n)).toBe(Number(all));
      await agree('after the application tried to change the counts');
      // A provider's lead sees their own provider's counts only.
      await scoped('provider_lead', DemoIds.oakwood, '');
      const { rows: lead } = await client.query<{ provider_id: string }>(
        `select distinct provider_id::text from open_work`,
      );
      await client.query('commit');
      expect(lead.length).toBeGreaterThan(0);
      expect(lead.every((r) => r.provider_id === DemoIds.oakwood)).toBe(true);
    } finally {
      await client.end();
    }
  });
});
