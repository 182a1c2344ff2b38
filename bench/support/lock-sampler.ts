import { Client as PgClient } from 'pg';
import { fmt } from './stats';

/** One audit chain's advisory lock at one instant. */
interface ChainSample {
  /** Sessions waiting for the lock. */
  waiting: number;
  /** Whether a session holds it. */
  held: boolean;
  /** The holder is idle in its transaction: PostgreSQL waits for the application's next statement. */
  holderIdle: boolean;
}

interface Sample {
  active: number;
  /** Sessions waiting for a row another transaction has changed (a count row, say): not the chains. */
  rowWaiting: number;
  chains: Record<string, ChainSample>;
}

/*
 * AuditWriter takes pg_advisory_xact_lock(hashtextextended('vigil.audit:' || chain, 0)); pg_locks
 * shows a bigint key as classid (high 32 bits) and objid (low 32 bits), rebuilt here to match.
 */
const SAMPLE_SQL = `
  with keys as (select chain, hashtextextended('vigil.audit:' || chain, 0) as k
                  from unnest($1::text[]) chain),
       l as (select pid, granted, ((classid::bigint << 32) | objid::bigint) as k
               from pg_locks where locktype = 'advisory' and objsubid = 1),
       a as (select pid, state, wait_event_type, wait_event from pg_stat_activity
              where datname = current_database() and pid <> pg_backend_pid())
  select (select count(*)::int from a where state = 'active') as active,
         (select count(*)::int from a
           where wait_event_type = 'Lock' and wait_event in ('transactionid', 'tuple')) as row_waiting,
         keys.chain,
         count(l.pid) filter (where not l.granted)::int as waiting,
         bool_or(l.granted) as held,
         bool_or(l.granted and a.state = 'idle in transaction') as holder_idle
    from keys left join l on l.k = keys.k left join a on a.pid = l.pid
   group by keys.chain`;

/**
 * Samples, every 100 ms, how many of the scratch database's sessions are running and, for each audit
 * chain named, who holds and who waits for its lock. The chain lock serialises every audit append of
 * one organisation ('global' for events without an actor, such as email.sent).
 */
export function sampleChainLocks(
  databaseUrl: string,
  chains: readonly string[],
): { stop(): Promise<LockReport> } {
  const samples: Sample[] = [];
  const client = new PgClient({ connectionString: databaseUrl });
  let running = true;
  const loop = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<{
        active: number;
        row_waiting: number;
        chain: string;
        waiting: number;
        held: boolean | null;
        holder_idle: boolean | null;
      }>(SAMPLE_SQL, [chains]);
      const sample: Sample = {
        active: rows[0]?.active ?? 0,
        rowWaiting: rows[0]?.row_waiting ?? 0,
        chains: {},
      };
      for (const r of rows) {
        sample.chains[r.chain] = { waiting: r.waiting, held: !!r.held, holderIdle: !!r.holder_idle };
      }
      samples.push(sample);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop.finally(() => client.end());
      return new LockReport(samples, chains);
    },
  };
}

export class LockReport {
  constructor(
    private readonly samples: readonly Sample[],
    private readonly chains: readonly string[],
  ) {}

  /** One line per chain, e.g. "chain X: held 92% of samples, idle holder 93% of those, mean 5.9 waiting". */
  lines(label: (chain: string) => string = (c) => c): string[] {
    const n = this.samples.length || 1;
    const activeMean = this.samples.reduce((a, s) => a + s.active, 0) / n;
    const rowMean = this.samples.reduce((a, s) => a + s.rowWaiting, 0) / n;
    const rowMax = Math.max(0, ...this.samples.map((s) => s.rowWaiting));
    const out = [
      `${this.samples.length} samples of pg_stat_activity/pg_locks, mean ${fmt(activeMean)} active`,
      `sessions waiting for a row another transaction changed (count rows, a case): mean ${fmt(rowMean)}, max ${rowMax}`,
    ];
    for (const chain of this.chains) {
      const of = this.samples.map((s) => s.chains[chain]).filter((c): c is ChainSample => !!c);
      const held = of.filter((c) => c.held);
      const idle = held.filter((c) => c.holderIdle).length;
      const waiting = of.reduce((a, c) => a + c.waiting, 0) / (of.length || 1);
      const maxWaiting = Math.max(0, ...of.map((c) => c.waiting));
      out.push(
        `audit chain ${label(chain)}: lock held in ${fmt((100 * held.length) / n)}% of samples ` +
          `(holder idle in transaction in ${fmt((100 * idle) / (held.length || 1))}% of those); ` +
          `sessions waiting for it: mean ${fmt(waiting)}, max ${maxWaiting}`,
      );
    }
    return out;
  }
}
