import type { CaseView, Principal, TaskView } from '@vigil/contracts';
import { dueText, TaskLabels, type DueState } from '@vigil/domain';
import { type FormErrors, NoErrors } from '../common/forms';
import type { SummaryRow } from '../cases/case-page.view-model';
import type { FieldDef, TaskForm } from './task-forms';

export interface TaskPageView extends FormErrors {
  pageTitle: string;
  navSection: 'cases';
  caseHref: string;
  reference: string;
  taskName: string;
  title: string;
  headingInForm: boolean;
  due: { text: string; state: DueState } | null;
  dueAt: string | null;
  context: SummaryRow[];
  action: string;
  version: number;
  taskType: string;
  fields: FieldDef[];
  button: string;
  values: Record<string, string>;
}

/** Only the string values of a submitted form, for showing it again as it was typed. */
export function submittedValues(body: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries((body as Record<string, unknown> | undefined) ?? {}).filter(
      (e): e is [string, string] => typeof e[1] === 'string' && e[0] !== '_csrf',
    ),
  );
}

/**
 * A form page for one step of a case (a task, a return, a manual event): the case's reference, the due
 * state in words, what the step needs to know from the case, then the question. One thing per page.
 */
export function formPageView(
  view: CaseView,
  form: TaskForm,
  target: { action: string; taskType: string; name: string; task?: TaskView },
  now: Date,
  options: { errors?: FormErrors; values?: Record<string, string> } = {},
): TaskPageView {
  const task = target.task;
  return {
    ...(options.errors ?? NoErrors),
    pageTitle: `${form.title} – ${view.reference}`,
    navSection: 'cases',
    caseHref: `/cases/${view.id}`,
    reference: view.reference,
    taskName: target.name,
    title: form.title,
    headingInForm: form.fields[0]?.isPageHeading === true,
    due: task && task.status === 'open' && task.dueAt ? dueText(task.dueAt, now) : null,
    dueAt: task?.dueAt ?? null,
    context: (form.context?.(view, task) ?? []).map((c) => ({
      key: { text: c.key },
      value: { text: c.value && c.value.length > 0 ? c.value : 'Not given', classes: 'app-pre-wrap' },
    })),
    action: target.action,
    version: view.version,
    taskType: target.taskType,
    fields: form.fields,
    button: form.button,
    values: options.values ?? {},
  };
}

export const taskPageView = (
  view: CaseView,
  task: TaskView,
  form: TaskForm,
  _principal: Principal,
  now: Date,
  options: { errors?: FormErrors; values?: Record<string, string> } = {},
): TaskPageView =>
  formPageView(
    view,
    form,
    {
      action: `/cases/${view.id}/tasks/${task.id}/complete`,
      taskType: task.type,
      name: TaskLabels[task.type] ?? task.type,
      task,
    },
    now,
    options,
  );
