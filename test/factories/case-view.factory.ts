import type { CaseView, TaskView } from '@vigil/contracts';

/**
 * A case as the API returns it, for view-model unit tests: the shared core (a Sunrise Care case raised on
 * 4 March 2026, no clocks, timeline or grants) around the type's `details`, which the test gives.
 */
export function buildCaseView(
  core: Pick<CaseView, 'id' | 'type' | 'reference' | 'status'> & { details: unknown; tasks?: TaskView[] },
  overrides: Partial<CaseView> = {},
): CaseView {
  return {
    version: 4,
    createdAt: '2026-03-04T09:00:00Z',
    closedAt: null,
    provider: { id: '00000000-0000-4000-8000-000000000002', name: 'Sunrise Care', referralStatus: null },
    assignee: null,
    policy: { name: 'default', version: '1' },
    masked: false,
    links: [],
    clocks: [],
    timeline: [],
    accessGrants: [],
    ...core,
    tasks: core.tasks ?? [],
    ...overrides,
  } as CaseView;
}
