import { Migration } from '@mikro-orm/migrations';

/**
 * One round trip to reserve the next link of an audit chain: take the chain's transaction lock, read its
 * tail and draw the row ID. The benchmark showed the lock held across four statements was intake's
 * bottleneck (docs/benchmarks.md); now the lock spans this call, one INSERT and the commit.
 */
export class Migration20261123231500_audit_reserve extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function "vigil_audit_reserve"(target_chain text)
      returns table (id bigint, seq bigint, prev_hash text)
      language plpgsql volatile security definer set search_path = public
      as $$
      declare
        tail_seq bigint;
        tail_hash text;
      begin
        perform pg_advisory_xact_lock(hashtextextended('vigil.audit:' || target_chain, 0));
        select a.seq, a.hash into tail_seq, tail_hash from audit_events a
          where a.chain = target_chain order by a.seq desc limit 1;
        id := nextval(pg_get_serial_sequence('audit_events', 'id'));
        seq := coalesce(tail_seq, 0) + 1;
        prev_hash := coalesce(tail_hash, repeat('0', 64));
        return next;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists "vigil_audit_reserve"(text);`);
  }
}
