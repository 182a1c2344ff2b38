import { Migration } from '@mikro-orm/migrations';

const signature = `"vigil_audit_append"(p_actor_user_id uuid, p_actor_role text, p_actor_organisation_id uuid,
        p_action text, p_outcome text, p_subject_type text, p_subject_id uuid, p_ip text, p_correlation_id text,
        p_details jsonb)`;

/**
 * `vigil_audit_append(actor…, …)`, with the body of Migration20261204010322 except where the actor comes
 * from. `v_actor` is the actor the row records.
 */
export const auditAppendWith = (actor: string) => `create or replace function ${signature} returns bigint
      language plpgsql volatile security definer set search_path = pg_catalog, public, pg_temp
      as $$
      declare
        ${actor}
        v_chain text;
        v_at timestamptz;
        v_prev_at timestamptz;
        v_id bigint;
        v_seq bigint;
        v_prev text;
      begin
        v_chain := coalesce(v_org::text, 'global');
        perform pg_advisory_xact_lock(hashtextextended('vigil.audit:' || v_chain, 0));
        -- The time is read under the chain's lock (held to commit), so time order is chain order.
        select a.seq + 1, a.hash, a.at into v_seq, v_prev, v_prev_at from audit_events a
          where a.chain = v_chain order by a.seq desc limit 1;
        v_at := greatest(clock_timestamp(), v_prev_at);
        v_seq := coalesce(v_seq, 1);
        v_prev := coalesce(v_prev, repeat('0', 64));
        v_id := nextval(pg_get_serial_sequence('audit_events', 'id'));
        insert into audit_events (id, chain, seq, at, actor_user_id, actor_role, actor_organisation_id, action, outcome,
            subject_type, subject_id, ip, correlation_id, details, prev_hash, hash, hash_version)
          values (v_id, v_chain, v_seq, v_at, v_user, v_role, v_org, p_action, p_outcome,
            p_subject_type, p_subject_id, p_ip, p_correlation_id, coalesce(p_details, '{}'::jsonb), v_prev,
            vigil_audit_hash_v2(v_prev, v_id, v_chain, v_seq, v_at, v_user, v_role, v_org,
              p_action, p_outcome, p_subject_type, p_subject_id, p_ip, p_correlation_id, coalesce(p_details, '{}'::jsonb)),
            2);
        return v_id;
      end $$;`;

/** The actor: a signed-in user's when the caller names a user, else the caller's. */
export const ActorFromScopeWhenNamed = `v_scope_user uuid := nullif(current_setting('vigil.user_id', true), '')::uuid;
        v_user uuid := case when v_scope_user is not null and p_actor_user_id is not null then v_scope_user
          else p_actor_user_id end;
        v_role text := case when v_scope_user is not null and p_actor_user_id is not null
          then nullif(current_setting('vigil.role', true), '') else p_actor_role end;
        v_org uuid := case when v_scope_user is not null and p_actor_user_id is not null
          then nullif(current_setting('vigil.organisation_id', true), '')::uuid else p_actor_organisation_id end;`;

/**
 * The audit chain's actor comes from the transaction's settings (issue 13): inside a signed-in user's
 * transaction (`vigil.user_id` set by `setScope`), an event that names a user records that user, whatever
 * the caller passed, so no code path can write another person's name into the trail. An event with no
 * actor (the system's, inside a user's transaction) stays without one. Without a signed-in user (the
 * worker, a sign-in before there is a principal), the caller's actor is recorded as before. ADR 0013.
 */
export class Migration20261205131500_audit_actor_from_scope extends Migration {
  override async up(): Promise<void> {
    this.addSql(auditAppendWith(ActorFromScopeWhenNamed));
  }

  override async down(): Promise<void> {
    this.addSql(
      auditAppendWith(`v_user uuid := p_actor_user_id;
        v_role text := p_actor_role;
        v_org uuid := p_actor_organisation_id;`),
    );
  }
}
