import type { CaseView } from '@vigil/contracts';
import type { Response } from 'express';

/** A create's answer: 201 with the case's Location and version, marked when it replays an earlier create. */
export function created(res: Response, result: { view: CaseView; created: boolean }): CaseView {
  res.status(201).location(`/api/v1/cases/${result.view.id}`).setHeader('Cache-Control', 'no-store');
  res.setHeader('ETag', `"${result.view.version}"`);
  if (!result.created) res.setHeader('Idempotent-Replayed', 'true');
  return result.view;
}
