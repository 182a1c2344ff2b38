import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { CaseScopeFacts, CaseType } from '@vigil/contracts';

/** The columns of `cases` the permission model reads, named as `CaseScopeFacts`. */
export const CASE_SCOPE_COLUMNS = `type, provider_id as "providerId", council_id as "councilId", team_id as "teamId",
  raised_by as "raisedBy", assignee_user_id as "assigneeUserId", involves_children as "involvesChildren"`;

/** A case's shared row as the engine uses it: scope facts, status, version and policy. */
export interface CaseCore extends CaseScopeFacts {
  id: string;
  type: CaseType;
  reference: string;
  status: string;
  version: number;
  policyName: string;
  policyVersion: string;
  createdAt: Date;
  closedAt: Date | null;
}

export interface NewCase {
  id: string;
  type: CaseType;
  reference: string;
  status: string;
  providerId: string;
  councilId: string;
  teamId: string | null;
  raisedBy: string | null;
  policy: { name: string; version: string };
  at: Date;
  involvesChildren?: boolean;
}

const CORE_COLUMNS = `id, ${CASE_SCOPE_COLUMNS}, reference, status, version, policy_name as "policyName",
  policy_version as "policyVersion", created_at as "createdAt", closed_at as "closedAt"`;

// Built once: a new formatter per case reference cost 1.6% of the API's CPU at intake (docs/benchmarks.md).
const LONDON_YEAR = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric' });
const londonYear = (at: Date): string => LONDON_YEAR.format(at);

/** The only owner of SQL on `cases` (the shared row of every case type). */
@Injectable()
export class CaseRepository {
  /** `VIG-<London year>-<6 digits>` from one sequence: gaps are fine, repeats impossible. */
  async nextReference(em: EntityManager, at: Date): Promise<string> {
    const [{ n }] = await em.execute<{ n: string }[]>(`select nextval('case_reference_seq')::text as n`);
    return `VIG-${londonYear(at)}-${n.padStart(6, '0')}`;
  }

  /** The council's first team: new cases are routed to it until teams have routing rules. */
  async defaultTeam(em: EntityManager, councilId: string): Promise<string | null> {
    const [team] = await em.execute<{ id: string }[]>(
      'select id from teams where council_id = ? order by created_at, id limit 1',
      [councilId],
    );
    return team?.id ?? null;
  }

  async insert(em: EntityManager, c: NewCase): Promise<void> {
    await em.execute(
      `insert into cases (id, type, reference, status, provider_id, council_id, team_id, raised_by, policy_name,
         policy_version, version, created_at, updated_at, involves_children)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
      [
        c.id,
        c.type,
        c.reference,
        c.status,
        c.providerId,
        c.councilId,
        c.teamId,
        c.raisedBy,
        c.policy.name,
        c.policy.version,
        c.at,
        c.at,
        c.involvesChildren ?? false,
      ],
    );
  }

  /** The case as the caller may see it (row-level security applies), optionally locked for a change. */
  async core(em: EntityManager, caseId: string, options: { lock?: boolean } = {}): Promise<CaseCore | null> {
    const [row] = await em.execute<CaseCore[]>(
      `select ${CORE_COLUMNS} from cases where id = ?${options.lock ? ' for update' : ''}`,
      [caseId],
    );
    return row ?? null;
  }

  /** Moves a case to `status`, bumping its version; `closed` sets or clears `closed_at`. */
  async setStatus(
    em: EntityManager,
    caseId: string,
    status: string,
    at: Date,
    closed: boolean,
  ): Promise<void> {
    await em.execute(
      `update cases set status = ?, version = version + 1, updated_at = ?, closed_at = ? where id = ?`,
      [status, at, closed ? at : null, caseId],
    );
  }

  /** A change that leaves the status as it is still bumps the version (If-Match sees it). */
  /** Assigns a case to an officer (null: back to its team), bumping its version. */
  async assign(em: EntityManager, caseId: string, userId: string | null, at: Date): Promise<void> {
    await em.execute(
      `update cases set assignee_user_id = ?, version = version + 1, updated_at = ? where id = ?`,
      [userId, at, caseId],
    );
  }

  async touch(em: EntityManager, caseId: string, at: Date): Promise<void> {
    await em.execute(`update cases set version = version + 1, updated_at = ? where id = ?`, [at, caseId]);
  }

  /** Whether a case exists at all, past the caller's scope (break-glass needs it; reveals nothing else). */
  async exists(em: EntityManager, caseId: string): Promise<boolean> {
    const [row] = await em.execute<{ exists: boolean }[]>('select vigil_case_exists(?) as exists', [caseId]);
    return row?.exists === true;
  }

  /** A commissioner's reveal of a masked case's adult, with the reason they gave (DOMAIN §7). */
  async recordReveal(em: EntityManager, caseId: string, userId: string, reason: string): Promise<void> {
    await em.execute(
      `insert into case_reveals (id, case_id, user_id, reason, revealed_at) values (gen_random_uuid(), ?, ?, ?, now())`,
      [caseId, userId, reason],
    );
  }

  /** The council a case belongs to, past the caller's scope (break-glass tells that council). */
  async councilOf(em: EntityManager, caseId: string): Promise<string | null> {
    const [row] = await em.execute<{ council: string | null }[]>('select vigil_case_council(?) as council', [
      caseId,
    ]);
    return row?.council ?? null;
  }

  /** Whether the signed-in user holds an unexpired break-glass grant on the case. */
  async hasGrant(em: EntityManager, caseId: string): Promise<boolean> {
    const [row] = await em.execute<{ granted: boolean }[]>('select vigil_has_grant(?) as granted', [caseId]);
    return row?.granted === true;
  }
}
