import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type {
  CaseDetails,
  CaseType,
  CaseView,
  ClockView,
  Principal,
  ReferralStatus,
  TaskView,
  TimelineEntry,
} from '@vigil/contracts';
import { seesMasked, timelineSummary } from '@vigil/domain';
import {
  CaseLinkRepository,
  CaseNoteRepository,
  CaseRepository,
  ClockRepository,
  TaskRepository,
  TimelineRepository,
} from '@vigil/persistence';
import { latestReferralStatusJoin } from '../provider-concerns/provider-concern.repository';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
const isoRequired = (d: Date | string): string => new Date(d).toISOString();

/**
 * A case type's narrative, as its view's `details`; masked for viewers who may not see the adult's
 * identity (initials, no date of birth, no narrative). `notes` attaches narrative to timeline entries.
 */
export interface CaseDetailsReader {
  details(em: EntityManager, caseId: string, masked: boolean): Promise<CaseDetails>;
  /** Narrative shown beside a timeline entry (a triage rationale), for unmasked viewers. */
  notes?(
    details: CaseDetails,
    entry: { kind: string; details: Record<string, unknown> },
  ): Record<string, unknown>;
}

export const CASE_DETAILS_READERS = Symbol('CASE_DETAILS_READERS');
export type CaseDetailsReaders = Record<CaseType, CaseDetailsReader>;

/** "Jane Smith" → "J. S." (a masked view's adult). */
export function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => `${part.charAt(0).toUpperCase()}.`)
    .join(' ');
}

/** Reads any case as the API shows it: the shared core, the type's details, links. Scope is checked first. */
@Injectable()
export class CaseViews {
  constructor(
    private readonly cases: CaseRepository,
    private readonly tasks: TaskRepository,
    private readonly clocks: ClockRepository,
    private readonly timeline: TimelineRepository,
    private readonly links: CaseLinkRepository,
    private readonly notes: CaseNoteRepository,
    @Inject(CASE_DETAILS_READERS) private readonly readers: CaseDetailsReaders,
  ) {}

  async load(
    em: EntityManager,
    caseId: string,
    principal: Principal,
    options: { reveal?: boolean } = {},
  ): Promise<CaseView> {
    const c = await this.cases.core(em, caseId);
    if (!c) throw new Error('case vanished while being read');
    const masked = seesMasked(principal, c.type) && !options.reveal;
    const reader = this.readers[c.type];
    const details = await reader.details(em, caseId, masked);
    const [provider] = await em.execute<
      { name: string; assignee_name: string | null; referral_status: ReferralStatus | null }[]
    >(
      `select o.name, (select u.display_name from users u where u.id = ?) as assignee_name, latest.referral_status
         from organisations o ${latestReferralStatusJoin('o.id')} where o.id = ?`,
      [c.assigneeUserId, c.providerId],
    );
    const tasks = await this.tasks.forCase(em, caseId, !masked);
    const clocks = await this.clocks.forCase(em, caseId);
    const events = await this.timeline.forCase(em, caseId);
    // Information added to the case: its words beside its timeline entry, for viewers who see narrative.
    const noteTexts = masked ? new Map<string, string>() : await this.notes.textsByEvent(em, caseId);
    const grants =
      principal.organisationKind === 'council'
        ? await em.execute<
            {
              id: string;
              user_id: string;
              role: string;
              reason: string;
              granted_at: Date;
              expires_at: Date;
              active: boolean;
            }[]
          >(
            `select g.id, g.user_id, u.role, g.reason, g.granted_at, g.expires_at, g.expires_at > now() as active
               from access_grants g join users u on u.id = g.user_id where g.case_id = ? order by g.granted_at`,
            [caseId],
          )
        : [];
    const timeline: TimelineEntry[] = events.map((e) => ({
      id: e.id,
      at: isoRequired(e.at),
      kind: e.kind,
      summary: timelineSummary(e.kind, e.details),
      actor: e.actorUserId ? { userId: e.actorUserId, role: String(e.actorRole) } : null,
      details: {
        ...e.details,
        ...(masked || !reader.notes ? {} : reader.notes(details, e)),
        ...(noteTexts.has(e.id) ? { text: noteTexts.get(e.id) } : {}),
      },
    }));
    return {
      id: c.id,
      type: c.type,
      reference: c.reference,
      status: c.status,
      version: c.version,
      createdAt: isoRequired(c.createdAt),
      closedAt: iso(c.closedAt),
      provider: {
        id: c.providerId,
        name: provider?.name ?? '',
        referralStatus: provider?.referral_status ?? null,
      },
      assignee: c.assigneeUserId ? { id: c.assigneeUserId, name: provider?.assignee_name ?? '' } : null,
      policy: { name: c.policyName, version: c.policyVersion },
      masked,
      details,
      tasks: tasks.map((t): TaskView => ({
        id: t.id,
        type: t.type,
        status: t.status,
        dueAt: iso(t.dueAt),
        assignedRole: t.assignedRole,
        createdAt: isoRequired(t.createdAt),
        completedAt: iso(t.completedAt),
        submission: t.submission,
      })),
      clocks: clocks.map((k): ClockView => ({
        id: k.id,
        name: k.name,
        startedAt: isoRequired(k.startedAt),
        dueAt: isoRequired(k.dueAt),
        state: k.state,
        metAt: iso(k.metAt),
        breachedAt: iso(k.breachedAt),
        policy: { name: k.policyName, version: k.policyVersion },
      })),
      timeline,
      links: await this.links.linksOf(em, caseId),
      accessGrants: grants.map((g) => ({
        id: g.id,
        userId: g.user_id,
        role: g.role,
        reason: g.reason,
        grantedAt: isoRequired(g.granted_at),
        expiresAt: isoRequired(g.expires_at),
        active: g.active,
      })),
    } as CaseView;
  }
}
