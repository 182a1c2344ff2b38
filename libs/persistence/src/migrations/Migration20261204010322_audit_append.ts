import { Migration } from '@mikro-orm/migrations';

/**
 * The audit chain is written only by the database (issue 13): `vigil_audit_append`, a SECURITY DEFINER
 * function owned by the table's owner, takes the chain's lock, draws the sequence and computes the hash
 * itself (hash version 2: sha256 of the previous hash and each field, length-prefixed, as
 * `vigil_audit_hash_v2` defines it; libs/audit's verifier computes the same). The application role keeps
 * SELECT and loses INSERT. `audit_checkpoints` anchors each chain's head under an HMAC whose key the
 * database never holds.
 */
export class Migration20261204010322_audit_append extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "audit_checkpoints" ("id" bigserial primary key, "chain" text not null, "seq" bigint not null, "hash" text not null, "at" timestamptz not null, "mac" text not null);`,
    );
    this.addSql(`create index "audit_checkpoints_chain_index" on "audit_checkpoints" ("chain");`);
    this.addSql(`alter table "audit_events" add column "hash_version" smallint not null default 1;`);
    this.addSql(`create function "vigil_audit_field"(v text) returns text language sql immutable
      set search_path = pg_catalog, public, pg_temp
      as $$ select case when v is null then '-1:' else octet_length(v)::text || ':' || v end $$;`);
    this
      .addSql(`create function "vigil_audit_hash_v2"(prev_hash text, id bigint, chain text, seq bigint, at timestamptz,
        actor_user_id uuid, actor_role text, actor_organisation_id uuid, action text, outcome text, subject_type text,
        subject_id uuid, ip text, correlation_id text, details jsonb) returns text language sql immutable
      set search_path = pg_catalog, public, pg_temp
      as $$ select encode(sha256(convert_to(prev_hash
          || vigil_audit_field(id::text) || vigil_audit_field(chain) || vigil_audit_field(seq::text)
          || vigil_audit_field(((extract(epoch from at) * 1000000)::bigint)::text)
          || vigil_audit_field(actor_user_id::text) || vigil_audit_field(actor_role)
          || vigil_audit_field(actor_organisation_id::text) || vigil_audit_field(action) || vigil_audit_field(outcome)
          || vigil_audit_field(subject_type) || vigil_audit_field(subject_id::text) || vigil_audit_field(ip)
          || vigil_audit_field(correlation_id) || vigil_audit_field(details::text), 'UTF8')), 'hex') $$;`);
    this
      .addSql(`create function "vigil_audit_append"(p_actor_user_id uuid, p_actor_role text, p_actor_organisation_id uuid,
        p_action text, p_outcome text, p_subject_type text, p_subject_id uuid, p_ip text, p_correlation_id text,
        p_details jsonb) returns bigint
      language plpgsql volatile security definer set search_path = pg_catalog, public, pg_temp
      as $$
      declare
        v_chain text := coalesce(p_actor_organisation_id::text, 'global');
        v_at timestamptz;
        v_prev_at timestamptz;
        v_id bigint;
        v_seq bigint;
        v_prev text;
      begin
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
          values (v_id, v_chain, v_seq, v_at, p_actor_user_id, p_actor_role, p_actor_organisation_id, p_action, p_outcome,
            p_subject_type, p_subject_id, p_ip, p_correlation_id, coalesce(p_details, '{}'::jsonb), v_prev,
            vigil_audit_hash_v2(v_prev, v_id, v_chain, v_seq, v_at, p_actor_user_id, p_actor_role, p_actor_organisation_id,
              p_action, p_outcome, p_subject_type, p_subject_id, p_ip, p_correlation_id, coalesce(p_details, '{}'::jsonb)),
            2);
        return v_id;
      end $$;`);
    // The application writes the chain only through the function.
    this.addSql(`drop function if exists "vigil_audit_reserve"(text);`);
    this.addSql(`drop policy if exists "audit_events_append" on "audit_events";`);
    this.addSql(`alter table "audit_checkpoints" enable row level security;`);
    this.addSql(`create trigger "audit_checkpoints_no_update" before update or delete on "audit_checkpoints"
      for each row execute function "audit_events_refuse_change"();`);
  }

  override async down(): Promise<void> {
    this.addSql(
      `drop function if exists "vigil_audit_append"(uuid, text, uuid, text, text, text, uuid, text, text, jsonb);`,
    );
    this.addSql(
      `drop function if exists "vigil_audit_hash_v2"(text, bigint, text, bigint, timestamptz, uuid, text, uuid, text, text, text, uuid, text, text, jsonb);`,
    );
    this.addSql(`drop function if exists "vigil_audit_field"(text);`);
    this.addSql(`drop table if exists "audit_checkpoints" cascade;`);
    this.addSql(`alter table "audit_events" drop column "hash_version";`);
  }
}
