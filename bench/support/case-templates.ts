/**
 * Template cases written directly in SQL from the case-type registry, for benchmarks that read across many
 * cases (bench:pages): three of every status of every case type, each with up to three tasks (one of
 * every task type last: open, or on a closed case done or cancelled; up to two done, met or late, before it), a clock per task
 * in every state (running, met, breached, met late, cancelled), an extended task now and then (the original
 * cancelled with a submission naming its replacement, as `TaskExtension` leaves it), a task-less notice
 * clock, a submission for every completed task, and the narrative rows the pages read (concerns,
 * enquiries with MSP and outcomes, commissioner notifications). `case-clone.ts` then multiplies them.
 *
 * Every timestamp is relative to one base instant (`base`), the templates' `created_at`, so a clone moves
 * a whole case in time by adding one interval.
 */
import { CaseDefinitions } from '@vigil/domain';
import { randomUUID } from 'node:crypto';
import type { BenchStack } from './bench-stack';

const HOUR = 3_600_000;

export interface CaseTemplates {
  /** The templates' created_at: a clone adds (its created_at − base) to every timestamp. */
  base: Date;
  /** Templates of open cases a clone may copy (open provider concerns are left out: one per provider). */
  open: string[];
  /** Templates of closed cases; their last event is at most `closedSpanDays` after their creation. */
  closed: string[];
  closedSpanDays: number;
}

export interface TemplateScope {
  councilId: string;
  teamId: string;
  providerIds: readonly string[];
  /** A user to stand as raiser and submitter. */
  userId: string;
  /** An officer the open templates are assigned to (clones get their own). */
  assigneeId: string | null;
}

const CATEGORIES = ['physical', 'sexual', 'psychological', 'financial', 'neglect', 'discriminatory'];
const TRIGGERS = ['serious_accident_or_injury', 'death', 'hospital_admission', 'unplanned_absence'];
const MSP = ['outcomes_expressed', 'none_expressed', 'not_asked', null];
const OUTCOMES_MET = ['fully', 'partly', 'not', 'not_expressed'];

type Row = Record<string, unknown>;

/** Inserts rows (objects with the same keys) in one statement through json_populate_recordset. */
async function insertRows(stack: BenchStack, table: string, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]).join(', ');
  await stack.sql(
    `insert into ${table} (${cols}) select ${cols} from json_populate_recordset(null::${table}, $1::json)`,
    [JSON.stringify(rows)],
  );
}

/** Writes the templates; `variants` of each status of each type (default 3). */
export async function writeCaseTemplates(
  stack: BenchStack,
  scope: TemplateScope,
  variants = 3,
): Promise<CaseTemplates> {
  const base = new Date(Math.floor(Date.now() / HOUR) * HOUR - 120 * 24 * HOUR);
  const at = (hours: number | null) => (hours === null ? null : new Date(base.getTime() + hours * HOUR));
  const tables: Record<string, Row[]> = {
    cases: [],
    concerns: [],
    enquiries: [],
    commissioner_notifications: [],
    tasks: [],
    clocks: [],
    task_submissions: [],
  };
  const open: string[] = [];
  const closed: string[] = [];
  let closedSpanHours = 0;
  let serial = 0;
  let openProviderConcerns = 0;
  const clock = (
    caseId: string,
    taskId: string | null,
    name: string,
    startedH: number,
    dueH: number,
    state: string,
    metH: number | null,
    replaces: string | null = null,
  ): string => {
    const id = randomUUID();
    tables.clocks.push({
      id,
      case_id: caseId,
      task_id: taskId,
      name,
      started_at: at(startedH),
      due_at: at(dueH),
      state,
      met_at: at(metH),
      breached_at: state === 'breached' || (metH !== null && metH > dueH) ? at(dueH) : null,
      policy_name: 'bench',
      policy_version: '1',
      rungs: [],
      replaces,
    });
    return id;
  };

  for (const def of CaseDefinitions) {
    for (const [si, status] of def.statuses.entries()) {
      const isClosed = def.closedStatuses.includes(status);
      for (let v = 0; v < variants; v += 1) {
        serial += 1;
        const caseId = randomUUID();
        const seed = si * 3 + v * 5;
        // The last task (open, or on a closed case done or cancelled) cycles through every task type; at most
        // two done before it, so a case has up to three tasks and a recent clone's history is short.
        const k = def.tasks.length ? (si + v) % def.tasks.length : -1;
        let lastH = 1;
        for (let i = Math.max(0, k - 2); i <= k; i += 1) {
          const task = def.tasks[i];
          const createdH = (i - Math.max(0, k - 2)) * 72;
          const dueH = createdH + 24 * (1 + ((seed + i) % 12));
          const late = (seed + i) % 4 === 0;
          const isOpen = i === k && !isClosed;
          const cancelled = i === k && isClosed && v === 1;
          const extended = i === k && v === 2 && (task.extendableBy?.length ?? 0) > 0;
          const completedH =
            isOpen || cancelled ? null : late ? dueH + 30 : Math.round((createdH + dueH) / 2);
          const taskId = randomUUID();
          const clockNames = task.clocks.slice(0, v === 0 ? 2 : 1).map((c) => c.key);
          if (extended) {
            // The original, cancelled when extended; its replacement due later, met within the extension
            // (closed case) or still open.
            const replacementId = randomUUID();
            const newDueH = dueH + 24 * 7;
            tables.tasks.push({
              id: taskId,
              case_id: caseId,
              type: task.type,
              status: 'cancelled',
              assigned_role: task.holder,
              due_at: at(dueH),
              created_at: at(createdH),
              completed_at: null,
              completed_by: null,
            });
            tables.task_submissions.push({
              task_id: taskId,
              case_id: caseId,
              payload: {
                extendedTo: at(newDueH)?.toISOString().slice(0, 10),
                reason: 'Agreed',
                replacedBy: replacementId,
              },
              submitted_by: scope.userId,
              submitted_at: at(dueH - 2),
            });
            const doneH = isClosed ? dueH + 48 : null;
            tables.tasks.push({
              id: replacementId,
              case_id: caseId,
              type: task.type,
              status: isClosed ? 'completed' : 'open',
              assigned_role: task.holder,
              due_at: at(newDueH),
              created_at: at(dueH - 2),
              completed_at: at(doneH),
              completed_by: isClosed ? scope.userId : null,
            });
            for (const name of clockNames) {
              const original = clock(caseId, taskId, name, createdH, dueH, 'cancelled', null);
              clock(
                caseId,
                replacementId,
                name,
                dueH - 2,
                newDueH,
                isClosed ? 'met' : 'running',
                doneH,
                original,
              );
            }
            if (doneH !== null) {
              tables.task_submissions.push({
                task_id: replacementId,
                case_id: caseId,
                payload: { outcome: 'done' },
                submitted_by: scope.userId,
                submitted_at: at(doneH),
              });
            }
            lastH = Math.max(lastH, doneH ?? newDueH);
            continue;
          }
          tables.tasks.push({
            id: taskId,
            case_id: caseId,
            type: task.type,
            status: isOpen ? 'open' : cancelled ? 'cancelled' : 'completed',
            assigned_role: task.holder,
            due_at: at(dueH),
            created_at: at(createdH),
            completed_at: at(completedH),
            completed_by: completedH === null ? null : scope.userId,
          });
          for (const name of clockNames) {
            const state = isOpen ? 'running' : cancelled ? 'cancelled' : late ? 'breached' : 'met';
            clock(caseId, taskId, name, createdH, dueH, state, completedH);
          }
          if (completedH !== null) {
            tables.task_submissions.push({
              task_id: taskId,
              case_id: caseId,
              payload: { outcome: 'done', note: `bench ${serial}` },
              submitted_by: scope.userId,
              submitted_at: at(completedH),
            });
          }
          lastH = Math.max(lastH, completedH ?? createdH);
        }
        // A notice clock with no task (the raise notices), met or breached.
        clock(
          caseId,
          null,
          def.type === 'concern' ? 'notice.safeguarding' : 'notice.timely',
          0,
          24,
          v === 1 ? 'breached' : 'met',
          v === 1 ? 30 : 2,
        );
        const closedH = isClosed ? lastH + 2 : null;
        if (closedH !== null) closedSpanHours = Math.max(closedSpanHours, closedH);
        const openProviderConcern = def.type === 'provider_concern' && !isClosed;
        // Open provider concerns: at most one per provider (a unique index), so each template its own provider.
        const providerId = openProviderConcern
          ? scope.providerIds[openProviderConcerns++ % scope.providerIds.length]
          : scope.providerIds[serial % scope.providerIds.length];
        tables.cases.push({
          id: caseId,
          type: def.type,
          reference: `VIG-TEMPLATE-${String(serial).padStart(4, '0')}`,
          status,
          provider_id: providerId,
          council_id: scope.councilId,
          team_id: scope.teamId,
          raised_by: scope.userId,
          assignee_user_id: isClosed || v === 0 ? null : scope.assigneeId,
          policy_name: 'bench',
          policy_version: '1',
          version: 1,
          created_at: at(0),
          updated_at: at(closedH ?? lastH),
          closed_at: at(closedH),
          involves_children: def.type === 'allegation' && v !== 2,
        });
        if (def.type === 'concern') {
          tables.concerns.push({
            case_id: caseId,
            adult_name: `Bench adult ${serial}`,
            category: CATEGORIES[seed % CATEGORIES.length],
            summary: 'Bench concern',
            occurred_at: at(-24),
            aware_at: at(-2),
            immediate_risk: v === 0,
            consent: 'given',
            decision: isClosed
              ? 'no_further_action'
              : status === 'enquiry_open'
                ? 'section_42_enquiry'
                : null,
          });
        }
        if (def.type === 's42_enquiry') {
          tables.enquiries.push({
            case_id: caseId,
            adult_name: `Bench adult ${serial}`,
            summary: 'Bench enquiry',
            immediate_risk: v === 0,
            msp: MSP[(si + v) % MSP.length],
            outcomes_met: isClosed ? OUTCOMES_MET[v % OUTCOMES_MET.length] : null,
            risk_now: isClosed ? 'reduced' : null,
          });
        }
        if (def.type === 'notification') {
          tables.commissioner_notifications.push({
            case_id: caseId,
            trigger: TRIGGERS[seed % TRIGGERS.length],
            occurred_at: at(-6),
            aware_at: at(-1),
            due_at: at(23),
            sent_at: at(status === 'sent_late' ? 30 : 1),
            late: status === 'sent_late',
            summary: 'Bench notification',
            acknowledged_at: isClosed ? at(48) : null,
          });
        }
        if (isClosed) closed.push(caseId);
        else if (!openProviderConcern) open.push(caseId);
      }
    }
  }
  for (const [table, rows] of Object.entries(tables)) await insertRows(stack, table, rows);
  return { base, open, closed, closedSpanDays: Math.ceil(closedSpanHours / 24) };
}
