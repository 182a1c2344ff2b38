/** Workflow IDs are `<prefix>:<case uuid>`; prefixes are part of the wire contract and never renamed. */
export const WorkflowPrefixes = {
  concern: 'concern',
  s42: 's42',
  allegation: 'allegation',
  incident: 'incident',
  complaint: 'complaint',
  notification: 'notification',
  providerCase: 'provider-case',
  /** The early-warning check a counted case asks for (issue 10), keyed by that case. */
  providerWatch: 'provider-watch',
  /** One durable notice outside a case workflow (e.g. break-glass), keyed by what caused it. */
  notice: 'notice',
} as const;
export type WorkflowPrefix = (typeof WorkflowPrefixes)[keyof typeof WorkflowPrefixes];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const workflowIds = {
  concern: (caseId: string): string => `${WorkflowPrefixes.concern}:${caseId}`,
  s42: (caseId: string): string => `${WorkflowPrefixes.s42}:${caseId}`,
  allegation: (caseId: string): string => `${WorkflowPrefixes.allegation}:${caseId}`,
  complaint: (caseId: string): string => `${WorkflowPrefixes.complaint}:${caseId}`,
  incident: (caseId: string): string => `${WorkflowPrefixes.incident}:${caseId}`,
  notification: (caseId: string): string => `${WorkflowPrefixes.notification}:${caseId}`,
  notice: (id: string): string => `${WorkflowPrefixes.notice}:${id}`,
  /** `<prefix>:<case uuid>` for any case type's prefix (the registry names each type's). */
  of: (prefix: WorkflowPrefix, caseId: string): string => `${prefix}:${caseId}`,
};

export function parseWorkflowId(workflowId: string): { prefix: WorkflowPrefix; caseId: string } {
  const at = workflowId.indexOf(':');
  const prefix = workflowId.slice(0, at) as WorkflowPrefix;
  const caseId = workflowId.slice(at + 1);
  if (at < 0 || !Object.values(WorkflowPrefixes).includes(prefix) || !UUID.test(caseId)) {
    throw new Error(`Not a Vigil workflow ID: ${workflowId}`);
  }
  return { prefix, caseId };
}

export const TaskQueues = { cases: 'vigil-cases' } as const;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
