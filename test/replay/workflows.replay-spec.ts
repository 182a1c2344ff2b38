import { describe, expect, it } from '@jest/globals';
import { Worker } from '@temporalio/worker';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Patches } from '../../workflows/shared/patches';

/*
 * Every committed history replays against today's workflow code (the same bundle the worker runs).
 * A change to a workflow's commands without patched() fails here with a non-determinism error.
 */

const bundle = process.env.VIGIL_TEST_WORKFLOW_BUNDLE ?? '';
const root = path.join(__dirname, 'histories');

function histories(): { workflowId: string; file: string; history: unknown }[] {
  return fs.readdirSync(root).flatMap((workflow) =>
    fs
      .readdirSync(path.join(root, workflow))
      .filter((f) => f.endsWith('.json'))
      .map((f) => ({
        workflowId: `${workflow}/${f}`,
        file: path.join(root, workflow, f),
        history: JSON.parse(fs.readFileSync(path.join(root, workflow, f), 'utf8')),
      })),
  );
}

/** The patch IDs a history's markers record (their payloads are base64 JSON `{ id, deprecated }`). */
function patchIdsOf(history: unknown): string[] {
  const events = (history as { events: Record<string, unknown>[] }).events;
  return events.flatMap((e) => {
    const marker = e.markerRecordedEventAttributes as
      { details?: Record<string, { payloads: { data: string }[] }> } | undefined;
    return (marker?.details?.['patch-data']?.payloads ?? []).map(
      (p) => (JSON.parse(Buffer.from(p.data, 'base64').toString('utf8')) as { id: string }).id,
    );
  });
}

describe('workflow replay', () => {
  const all = histories();

  it('has histories for every workflow', () => {
    expect(all.filter((h) => h.workflowId.startsWith('concern/')).length).toBeGreaterThanOrEqual(2);
    expect(all.filter((h) => h.workflowId.startsWith('notice/')).length).toBeGreaterThanOrEqual(1);
    expect(all.filter((h) => h.workflowId.startsWith('s42/')).length).toBeGreaterThanOrEqual(1);
    expect(all.filter((h) => h.workflowId.startsWith('allegation/')).length).toBeGreaterThanOrEqual(1);
    expect(all.filter((h) => h.workflowId.startsWith('complaint/')).length).toBeGreaterThanOrEqual(1);
    expect(all.filter((h) => h.workflowId.startsWith('notification/')).length).toBeGreaterThanOrEqual(1);
    expect(all.filter((h) => h.workflowId.startsWith('incident/')).length).toBeGreaterThanOrEqual(1);
    expect(all.filter((h) => h.workflowId.startsWith('provider-concern/')).length).toBeGreaterThanOrEqual(1);
    expect(all.filter((h) => h.workflowId.startsWith('provider-watch/')).length).toBeGreaterThanOrEqual(1);
  });

  it.each(Object.values(Patches))(
    'covers both sides of live patch %s: runs recorded before it and after it',
    (patch) => {
      const concern = all.filter((h) => h.workflowId.startsWith('concern/'));
      const marked = concern.filter((h) => patchIdsOf(h.history).includes(patch));
      expect(marked.length).toBeGreaterThanOrEqual(1);
      expect(concern.length - marked.length).toBeGreaterThanOrEqual(1);
    },
  );

  it('replays every committed history without non-determinism', async () => {
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: { codePath: bundle } },
      all.map(({ workflowId, history }) => ({ workflowId, history })),
    )) {
      replayed += 1;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(all.length);
  });

  it('holds no personal data: no canary or free text in any history', () => {
    for (const { file } of all) expect(fs.readFileSync(file, 'utf8')).not.toMatch(/Canary|Testperson/);
  });
});
