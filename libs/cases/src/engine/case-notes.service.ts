import { Injectable } from '@nestjs/common';
import { AddInformationSchema, type CaseView } from '@vigil/contracts';
import { caseDefinition, conflict, parseOrThrow } from '@vigil/domain';
import { CaseNoteRepository, CaseRepository, TimelineRepository } from '@vigil/persistence';
import { randomUUID } from 'node:crypto';
import { CaseAccess, type RequestContext } from '../case-access.service';
import { CaseViews } from './case-views.service';

/**
 * "Add information" to an open case of any type (issue 11): the words go to `case_notes` (PostgreSQL only,
 * append-only), the timeline records that it happened (no narrative there), the case's version moves on,
 * and nothing else changes: every clock keeps running. Audited.
 */
@Injectable()
export class CaseNotes {
  constructor(
    private readonly access: CaseAccess,
    private readonly cases: CaseRepository,
    private readonly notes: CaseNoteRepository,
    private readonly timeline: TimelineRepository,
    private readonly views: CaseViews,
  ) {}

  async add(ctx: RequestContext, caseId: string, body: unknown): Promise<CaseView> {
    await this.access.transaction(ctx, async (em) => {
      const c = await this.access.require(em, ctx, caseId, 'case.add_information', {
        lock: true,
        change: true,
      });
      const { text } = parseOrThrow(AddInformationSchema, body);
      if (caseDefinition(c.type).closedStatuses.includes(c.status)) {
        throw conflict('This case is closed: information can only be added to an open case');
      }
      const now = new Date();
      const noteId = randomUUID();
      const eventId = randomUUID();
      await this.notes.add(em, {
        id: noteId,
        caseId,
        eventId,
        text,
        authorId: ctx.principal.userId,
        at: now,
      });
      await this.timeline.append(em, {
        id: eventId,
        caseId,
        kind: 'case.information_added',
        at: now,
        actor: { userId: ctx.principal.userId, role: ctx.principal.role },
        details: { noteId },
      });
      await this.cases.touch(em, caseId, now);
      await this.access.record(em, ctx, 'case.information_added', caseId, { noteId });
    });
    return this.access.transaction(ctx, (em) => this.views.load(em, caseId, ctx.principal));
  }
}
