import type { EntityManager } from '@mikro-orm/postgresql';
import type { NoticeAudience } from '@vigil/contracts';

export interface Recipient {
  userId: string;
  email: string;
}

export interface CaseAddressing {
  caseId: string;
  providerId: string;
  councilId: string;
  teamId: string | null;
  raisedBy: string | null;
  assigneeUserId: string | null;
}

/**
 * Resolves a ladder role to the users who hold it for this case, at send time, so no address ever
 * enters a workflow. `assignee` is the assigned officer, or the team's officers while unassigned.
 */
export async function resolveRecipients(
  em: EntityManager,
  c: CaseAddressing,
  audience: NoticeAudience,
): Promise<Recipient[]> {
  const byQuery = (where: string, params: unknown[]) =>
    em.execute<{ id: string; email: string }[]>(
      `select id, email from users where active and ${where} order by email`,
      params,
    );
  let rows: { id: string; email: string }[];
  if (audience.kind === 'raiser') {
    rows = await byQuery('id = ?', [c.raisedBy]);
  } else if (audience.kind === 'line_manager') {
    rows = await byQuery('id = (select line_manager_id from users where id = ?)', [audience.userId]);
    if (rows.length === 0) {
      rows = await byQuery(
        `role = 'auditor' and organisation_id = (select o.council_id from users u join organisations o on o.id = u.organisation_id where u.id = ?)`,
        [audience.userId],
      );
    }
  } else {
    switch (audience.role) {
      case 'assignee':
        rows = c.assigneeUserId
          ? await byQuery('id = ?', [c.assigneeUserId])
          : await byQuery(`role = 'council_officer' and team_id = ?`, [c.teamId]);
        break;
      case 'team_manager':
        rows = await byQuery(`role = 'team_manager' and team_id = ?`, [c.teamId]);
        break;
      case 'head_of_service':
        rows = await byQuery(`role = 'head_of_service' and organisation_id = ?`, [c.councilId]);
        break;
      case 'provider_manager':
        rows = await byQuery(`role = 'provider_lead' and organisation_id = ?`, [c.providerId]);
        break;
      case 'commissioner':
        rows = await byQuery(
          `role = 'commissioner' and id in (select commissioner_id from commissioning where provider_id = ?)`,
          [c.providerId],
        );
        break;
      case 'lado':
        rows = await byQuery(`role = 'lado' and organisation_id = ?`, [c.councilId]);
        break;
      case 'edt':
        // Vigil has no Emergency Duty Team accounts yet: out-of-hours rungs reach the team's officers.
        rows = await byQuery(`role = 'council_officer' and team_id = ?`, [c.teamId]);
        break;
    }
  }
  return rows.map((r) => ({ userId: r.id, email: r.email }));
}
