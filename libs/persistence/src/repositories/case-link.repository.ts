import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { CaseLink, CaseType } from '@vigil/contracts';

/** The only owner of SQL on `case_links`. A link is stored once and read from both ends. */
@Injectable()
export class CaseLinkRepository {
  /** Links two cases; false when they were linked already (nothing changed). */
  async link(em: EntityManager, caseId: string, linkedCaseId: string, at: Date): Promise<boolean> {
    const rows = await em.execute<{ linked: number }[]>(
      `insert into case_links (case_id, linked_case_id, created_at) values (?, ?, ?) on conflict do nothing
       returning 1 as linked`,
      [caseId, linkedCaseId, at],
    );
    return rows.length > 0;
  }

  /** The cases linked to this one that the caller can see (row-level security filters the others). */
  async linksOf(em: EntityManager, caseId: string): Promise<CaseLink[]> {
    return em.execute<(CaseLink & { type: CaseType })[]>(
      `select c.type, c.id, c.reference from (
         select linked_case_id as other, created_at from case_links where case_id = ?
         union all
         select case_id as other, created_at from case_links where linked_case_id = ?) l
       join cases c on c.id = l.other order by l.created_at, c.id`,
      [caseId, caseId],
    );
  }
}
