import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  CaseAssignments,
  CaseCloseService,
  CaseNotes,
  CaseQueries,
  CaseTransitionService,
  EnquiriesService,
  TaskCompletionService,
  TaskExtensionService,
  WorkQueue,
  type RequestContext,
} from '@vigil/cases';
import { TaskTypes, type CaseView, type TaskType } from '@vigil/contracts';
import {
  CaseTypeLabels,
  forbidden,
  manualTransitions,
  TaskLabels,
  taskDefinition,
  VigilError,
} from '@vigil/domain';
import type { Response } from 'express';
import { caseOverviewView } from '../cases/case-overview.view-model';
import { casePage } from '../cases/case-render';
import { closeHref, mayAddInformation, mayAssign, mayComplete } from '../cases/case-page.view-model';
import { WebErrorFilter } from '../common/error-pages';
import { errorsFromVigilError, fieldValue, formErrors, type FormErrors } from '../common/forms';
import { Ctx, type PageRequest, SignedIn } from '../common/page-request';
import { setFlash } from '../security/session';
import {
  AddInformationForm,
  assignForm,
  closeForm,
  EventForms,
  ExtendTaskForm,
  ReturnReportForm,
  RevealForm,
  UNASSIGNED,
} from './event-forms';
import { errorAnchor, fieldNames, missingChoices, resolveForm, TaskForms, type TaskForm } from './task-forms';
import { formPageView, submittedValues, taskPageView } from './task-page.view-model';

const TASK = 'tasks/views/task.njk';
const CONCERN = 'cases/views/show.njk';

const notFound = () => new VigilError('not_found', 'There is no such task on this case');

/**
 * The page's messages for a refused submit: its own "Select …" messages for empty required choices first,
 * then the use case's field errors on the page's fields (a date's link goes to its day box).
 */
function pageErrors(form: TaskForm, body: unknown, error: VigilError): FormErrors {
  const own = [...missingChoices(form, body), ...(form.validate?.(body) ?? [])];
  // A pointer into a list (`#/actions/1/owner`) names the field on the page it came from.
  const pointed = form.pointerField
    ? new VigilError(
        error.kind,
        error.message,
        error.fieldErrors.map((e) => {
          const field = form.pointerField?.(e.pointer, body);
          return field ? { ...e, pointer: `#/${field}` } : e;
        }),
      )
    : error;
  const fromUseCase = errorsFromVigilError(
    pointed,
    fieldNames(form),
    form.fields[0]?.name ?? 'form',
  ).errors.map((e) => ({ field: e.href.slice(1), text: e.text }));
  return withAnchors(form, formErrors([...own, ...fromUseCase]));
}

/** The error summary's links to the form's own anchors (a date's day box). */
function withAnchors(form: TaskForm, merged: FormErrors): FormErrors {
  return {
    fieldErrors: merged.fieldErrors,
    errors: merged.errors.map((e) => ({ ...e, href: `#${errorAnchor(form, e.href.slice(1))}` })),
  };
}

const isFormRefusal = (error: unknown): error is VigilError =>
  error instanceof VigilError && ['validation', 'conflict'].includes(error.kind);

/**
 * Every step of every case type as pages: a task's form (one question per page), its completion, the
 * return of a provider's report, a manual event (withdraw, merge) and a commissioner's reveal. Each goes
 * through the same use case as the API, so scope (404) and role (403) come before the answers.
 */
@ApiExcludeController()
@UseFilters(WebErrorFilter)
@SignedIn()
@Controller('cases/:id')
export class TasksController {
  constructor(
    private readonly queries: CaseQueries,
    private readonly tasks: TaskCompletionService,
    private readonly transitions: CaseTransitionService,
    private readonly enquiries: EnquiriesService,
    private readonly closing: CaseCloseService,
    private readonly extensions: TaskExtensionService,
    private readonly notes: CaseNotes,
    private readonly assignments: CaseAssignments,
    private readonly queue: WorkQueue,
  ) {}

  /** Who the case is assigned to (issue 11): a manager assigns any officer, an officer takes it. */
  @Get('assign')
  async assignPage(@Ctx() ctx: RequestContext, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const view = await this.queries.getCase(ctx, id);
    if (!mayAssign(view, ctx.principal)) {
      await this.queries.refuseForm(ctx, id, 'case.assign', 'You cannot change who this case is assigned to');
    }
    const form = await this.assignForm(ctx, view);
    res.render(TASK, this.assignView(view, form, { values: { userId: view.assignee?.id ?? UNASSIGNED } }));
  }

  @Post('assign')
  async assign(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() req: PageRequest,
    @Res() res: Response,
  ): Promise<void> {
    const before = await this.queries.getCase(ctx, id);
    const form = await this.assignForm(ctx, before);
    const render = (status: number, errors: FormErrors) =>
      res
        .status(status)
        .render(TASK, this.assignView(before, form, { errors, values: submittedValues(body) }));
    // No choice made is the use case's 400 too, after its role check (403, audited); the page's own
    // "Select …" message comes first in `pageErrors`.
    try {
      const view = await this.assignments.assign(ctx, id, form.toPayload(body));
      await setFlash(req, {
        title: form.done,
        text: view.assignee ? `Assigned to ${view.assignee.name}` : 'The team’s officers share it',
      });
    } catch (error) {
      if (!isFormRefusal(error)) throw error;
      return render(error.kind === 'conflict' ? 409 : 400, pageErrors(form, body, error));
    }
    res.redirect(303, `/cases/${id}`);
  }

  private async assignForm(ctx: RequestContext, view: CaseView): Promise<TaskForm> {
    const { officers } = await this.queue.choices(ctx);
    return assignForm(officers, ctx.principal, view.assignee?.id ?? null);
  }

  private assignView(view: CaseView, form: TaskForm, options = {}) {
    return formPageView(
      view,
      form,
      { action: `/cases/${view.id}/assign`, taskType: '', name: 'Assign' },
      new Date(),
      options,
    );
  }

  /** "Add information" to an open case (issue 11): the same use case as the API. */
  @Get('information')
  async informationPage(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Res() res: Response,
  ): Promise<void> {
    const view = await this.queries.getCase(ctx, id);
    if (!mayAddInformation(view, ctx.principal)) {
      await this.queries.refuseForm(
        ctx,
        id,
        'case.add_information',
        'You cannot add information to this case',
      );
    }
    res.render(TASK, this.informationView(view));
  }

  @Post('information')
  async addInformation(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() req: PageRequest,
    @Res() res: Response,
  ): Promise<void> {
    try {
      await this.notes.add(ctx, id, AddInformationForm.toPayload(body));
    } catch (error) {
      if (!isFormRefusal(error)) throw error;
      const view = await this.queries.getCase(ctx, id);
      res.status(error.kind === 'conflict' ? 409 : 400);
      return res.render(
        TASK,
        this.informationView(view, {
          errors: pageErrors(AddInformationForm, body, error),
          values: submittedValues(body),
        }),
      );
    }
    await setFlash(req, { title: AddInformationForm.done, text: '' });
    res.redirect(303, `/cases/${id}`);
  }

  @Get('close')
  async closePage(@Ctx() ctx: RequestContext, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const view = await this.queries.getCase(ctx, id);
    const form = closeForm(view.type);
    if (!form) throw new VigilError('not_found', 'This type of case closes through its own steps');
    if (!closeHref(view, ctx.principal)) {
      await this.queries.refuseForm(ctx, id, `case.close:${view.type}`, 'You cannot close this case');
    }
    res.render(TASK, this.closeView(view, form));
  }

  @Post('close')
  async close(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() req: PageRequest,
    @Res() res: Response,
  ): Promise<void> {
    const view = await this.queries.getCase(ctx, id);
    const form = closeForm(view.type);
    if (!form) throw new VigilError('not_found', 'This type of case closes through its own steps');
    try {
      await this.closing.close(ctx, id, form.toPayload(body), fieldValue(body, 'version'));
    } catch (error) {
      if (!isFormRefusal(error)) throw error;
      res.status(error.kind === 'conflict' ? 409 : 400);
      return res.render(
        TASK,
        this.closeView(view, form, { errors: pageErrors(form, body, error), values: submittedValues(body) }),
      );
    }
    await setFlash(req, { title: form.done, text: '' });
    res.redirect(303, `/cases/${id}`);
  }

  @Get('tasks/:taskId')
  async taskPage(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('taskId') taskId: string,
    @Res() res: Response,
  ): Promise<void> {
    const view = await this.queries.getCase(ctx, id);
    const task = view.tasks.find((t) => t.id === taskId);
    if (!task) throw notFound();
    if (!mayComplete(view, task, ctx.principal)) {
      await this.queries.refuseForm(ctx, id, `task.complete:${task.type}`, 'You cannot complete this step');
    }
    res.render(
      TASK,
      taskPageView(view, task, resolveForm(TaskForms[task.type], view), ctx.principal, new Date()),
    );
  }

  @Post('tasks/:taskId/complete')
  async complete(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('taskId') taskId: string,
    @Body() body: unknown,
    @Req() req: PageRequest,
    @Res() res: Response,
  ): Promise<void> {
    // The page says which form it was (the triage form on the concern page says nothing): it picks how the
    // strings become a payload; the task's own schema, in the use case, decides what is accepted.
    const named = fieldValue(body, 'taskType');
    const type: TaskType = (TaskTypes as readonly string[]).includes(named ?? '')
      ? (named as TaskType)
      : 'triage_decision';
    const form = TaskForms[type];
    const payload = form.toPayload(body);
    try {
      await this.tasks.complete(ctx, id, taskId, payload, fieldValue(body, 'version'));
    } catch (error) {
      if (!isFormRefusal(error)) throw error;
      const view = await this.queries.getCase(ctx, id);
      res.status(error.kind === 'conflict' ? 409 : 400);
      const task = view.tasks.find((t) => t.id === taskId);
      // The triage decision is answered on the concern's page; every other task on its own page.
      if (!task || task.type === 'triage_decision') {
        return res.render(
          CONCERN,
          caseOverviewView(view, ctx.principal, new Date(), {
            errors: pageErrors(TaskForms.triage_decision, body, error),
            values: { decision: fieldValue(body, 'decision'), rationale: fieldValue(body, 'rationale') },
          }),
        );
      }
      const own = resolveForm(TaskForms[task.type], view);
      return res.render(
        TASK,
        taskPageView(view, task, own, ctx.principal, new Date(), {
          errors: pageErrors(own, body, error),
          values: submittedValues(body),
        }),
      );
    }
    await setFlash(req, { title: form.done, text: form.doneText?.(payload) ?? '' });
    res.redirect(303, `/cases/${id}`);
  }

  @Get('tasks/:taskId/extend')
  async extendPage(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('taskId') taskId: string,
    @Res() res: Response,
  ): Promise<void> {
    const view = await this.queries.getCase(ctx, id);
    const task = view.tasks.find((t) => t.id === taskId && t.status === 'open');
    if (!task) throw notFound();
    const by = taskDefinition(task.type).extendableBy;
    if (!by) throw new VigilError('not_found', 'The due date of this step cannot be moved');
    if (!by.includes(ctx.principal.role)) {
      await this.queries.refuseForm(ctx, id, `task.extend:${task.type}`, 'You cannot move this due date');
    }
    res.render(TASK, this.extendView(view, task.id, task.type));
  }

  @Post('tasks/:taskId/extend')
  async extend(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('taskId') taskId: string,
    @Body() body: unknown,
    @Req() req: PageRequest,
    @Res() res: Response,
  ): Promise<void> {
    try {
      await this.extensions.extend(
        ctx,
        id,
        taskId,
        ExtendTaskForm.toPayload(body),
        fieldValue(body, 'version'),
      );
    } catch (error) {
      if (!isFormRefusal(error)) throw error;
      const view = await this.queries.getCase(ctx, id);
      const task = view.tasks.find((t) => t.id === taskId);
      res.status(error.kind === 'conflict' ? 409 : 400);
      return res.render(
        TASK,
        this.extendView(view, taskId, task?.type ?? '', {
          errors: pageErrors(ExtendTaskForm, body, error),
          values: submittedValues(body),
        }),
      );
    }
    await setFlash(req, { title: ExtendTaskForm.done, text: 'The original due date stays on the record.' });
    res.redirect(303, `/cases/${id}`);
  }

  @Get('tasks/:taskId/return')
  async returnPage(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('taskId') taskId: string,
    @Res() res: Response,
  ): Promise<void> {
    const view = await this.queries.getCase(ctx, id);
    const task = view.tasks.find((t) => t.id === taskId && t.type === 'submit_provider_report');
    if (!task) throw notFound();
    // Whoever decides the enquiry's lead returns the provider's report (as the use case checks on submit).
    if (!taskDefinition('decide_enquiry_lead').actors.includes(ctx.principal.role)) {
      await this.queries.refuseForm(
        ctx,
        id,
        'task.return:submit_provider_report',
        'You cannot return the provider’s report',
      );
    }
    res.render(TASK, this.returnView(view, taskId));
  }

  @Post('tasks/:taskId/return')
  async returnReport(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('taskId') taskId: string,
    @Body() body: unknown,
    @Req() req: PageRequest,
    @Res() res: Response,
  ): Promise<void> {
    try {
      await this.enquiries.returnReport(
        ctx,
        id,
        taskId,
        ReturnReportForm.toPayload(body),
        fieldValue(body, 'version'),
      );
    } catch (error) {
      if (!isFormRefusal(error)) throw error;
      const view = await this.queries.getCase(ctx, id);
      res.status(error.kind === 'conflict' ? 409 : 400);
      return res.render(
        TASK,
        this.returnView(view, taskId, {
          errors: pageErrors(ReturnReportForm, body, error),
          values: submittedValues(body),
        }),
      );
    }
    await setFlash(req, {
      title: ReturnReportForm.done,
      text: 'A new report is requested from the provider.',
    });
    res.redirect(303, `/cases/${id}`);
  }

  @Get('events/:event')
  async eventPage(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('event') event: string,
    @Res() res: Response,
  ): Promise<void> {
    const view = await this.queries.getCase(ctx, id);
    const form = EventForms[`${view.type}:${event}`];
    if (!form) throw new VigilError('not_found', 'There is no such action on this case');
    if (!manualTransitions(view.type, view.status, ctx.principal.role).some((t) => t.event === event)) {
      await this.queries.refuseForm(ctx, id, `transition:${event}`, 'You cannot do this on this case now');
    }
    res.render(TASK, this.eventView(view, event, form));
  }

  @Post('events/:event')
  async event(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('event') event: string,
    @Body() body: unknown,
    @Req() req: PageRequest,
    @Res() res: Response,
  ): Promise<void> {
    const view = await this.queries.getCase(ctx, id);
    const form = EventForms[`${view.type}:${event}`];
    if (!form) throw new VigilError('not_found', 'There is no such action on this case');
    try {
      await this.transitions.transition(ctx, id, form.toPayload(body), fieldValue(body, 'version'));
    } catch (error) {
      if (!isFormRefusal(error)) throw error;
      res.status(error.kind === 'conflict' ? 409 : 400);
      return res.render(
        TASK,
        this.eventView(view, event, form, {
          errors: pageErrors(form, body, error),
          values: submittedValues(body),
        }),
      );
    }
    await setFlash(req, { title: form.done, text: '' });
    res.redirect(303, `/cases/${id}`);
  }

  @Get('reveal')
  async revealPage(@Ctx() ctx: RequestContext, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const view = await this.queries.getCase(ctx, id);
    if (!view.masked) throw forbidden('You can already see this case in full');
    res.render(TASK, this.revealView(view));
  }

  /** The revealed case is shown once, on this response; the next visit is masked again. */
  @Post('reveal')
  async reveal(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    let revealed: CaseView;
    try {
      revealed = await this.queries.reveal(ctx, id, RevealForm.toPayload(body));
    } catch (error) {
      if (!isFormRefusal(error)) throw error;
      const view = await this.queries.getCase(ctx, id);
      res.status(400);
      return res.render(
        TASK,
        this.revealView(view, { errors: pageErrors(RevealForm, body, error), values: submittedValues(body) }),
      );
    }
    const page = casePage(revealed, ctx.principal, new Date(), {
      flash: { title: RevealForm.done, text: 'This view is recorded in the audit trail.' },
    });
    res.render(page.template, page.model);
  }

  private extendView(view: CaseView, taskId: string, taskType: string, options = {}) {
    return formPageView(
      view,
      ExtendTaskForm,
      {
        action: `/cases/${view.id}/tasks/${taskId}/extend`,
        taskType: '',
        name: TaskLabels[taskType] ?? 'Due date',
      },
      new Date(),
      options,
    );
  }

  private returnView(view: CaseView, taskId: string, options = {}) {
    return formPageView(
      view,
      ReturnReportForm,
      {
        action: `/cases/${view.id}/tasks/${taskId}/return`,
        taskType: 'submit_provider_report',
        name: 'Provider’s report',
      },
      new Date(),
      options,
    );
  }

  private eventView(view: CaseView, event: string, form: TaskForm, options = {}) {
    return formPageView(
      view,
      form,
      {
        action: `/cases/${view.id}/events/${event}`,
        taskType: '',
        name: CaseTypeLabels[view.type] ?? view.type,
      },
      new Date(),
      options,
    );
  }

  private closeView(view: CaseView, form: TaskForm, options = {}) {
    return formPageView(
      view,
      form,
      { action: `/cases/${view.id}/close`, taskType: '', name: CaseTypeLabels[view.type] ?? view.type },
      new Date(),
      options,
    );
  }

  private informationView(view: CaseView, options = {}) {
    return formPageView(
      view,
      AddInformationForm,
      { action: `/cases/${view.id}/information`, taskType: '', name: CaseTypeLabels[view.type] ?? view.type },
      new Date(),
      options,
    );
  }

  private revealView(view: CaseView, options = {}) {
    return formPageView(
      view,
      RevealForm,
      { action: `/cases/${view.id}/reveal`, taskType: '', name: 'Reveal' },
      new Date(),
      options,
    );
  }
}
