import { Body, Controller, Get, Injectable, Param, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { isUuid } from '@vigil/contracts';
import {
  AllegationsService,
  CaseQueries,
  ComplaintsService,
  ConcernsService,
  FormDrafts,
  IncidentsService,
  NotificationsService,
  type RequestContext,
} from '@vigil/cases';
import { caseDefinition, forbidden, statusLabel, VigilError } from '@vigil/domain';
import type { Response } from 'express';
import { WebErrorFilter } from '../common/error-pages';
import { errorsFromVigilError, fieldValue, NoErrors, type FormErrors } from '../common/forms';
import { Ctx, SignedIn } from '../common/page-request';
import { allegationFlow } from './allegation.flow';
import { complaintFlow } from './complaint.flow';
import { concernFlow } from './concern.flow';
import { incidentFlow } from './incident.flow';
import { notificationFlow } from './notification.flow';
import {
  askedQuestions,
  CHECK,
  checkAnswersRows,
  CONFIRMATION,
  firstIncomplete,
  FROM_CASE,
  mergeAnswers,
  nextSlug,
  previousHref,
  questionErrors,
  questionForPointer,
  submitPayload,
  type Answers,
  type FlowEnv,
  type Question,
  type QuestionFlow,
} from './question-flow';

const notFound = () => new VigilError('not_found', 'There is nothing at this address');

/** Every question flow, by the URL segment it lives under. */
@Injectable()
export class RaiseFlows {
  private readonly flows: Record<string, QuestionFlow>;

  constructor(
    concerns: ConcernsService,
    allegations: AllegationsService,
    complaints: ComplaintsService,
    notifications: NotificationsService,
    incidents: IncidentsService,
  ) {
    const list = [
      concernFlow(concerns),
      allegationFlow(allegations),
      complaintFlow(complaints),
      incidentFlow(incidents),
      notificationFlow(notifications),
    ];
    this.flows = Object.fromEntries(list.map((f) => [f.kind, f]));
  }

  get(kind: string): QuestionFlow {
    const flow = Object.hasOwn(this.flows, kind) ? this.flows[kind] : undefined;
    if (!flow) throw notFound();
    return flow;
  }

  /** The flows a role may start (for the links that lead to them). */
  startable(principal: FlowEnv['principal']): QuestionFlow[] {
    return Object.values(this.flows).filter((f) => f.mayStart(principal));
  }
}

/**
 * Raising a case in the browser, one question per page: a start page, the questions, "Check your answers",
 * a confirmation with the reference. The answers wait in PostgreSQL (their author's only); the final submit
 * carries the draft's Idempotency-Key, so a second submit (a double click, the back button) finds the same
 * case instead of raising another.
 */
@ApiExcludeController()
@UseFilters(WebErrorFilter)
@SignedIn()
@Controller(':kind/new')
export class RaiseController {
  constructor(
    private readonly flows: RaiseFlows,
    private readonly drafts: FormDrafts,
    private readonly queries: CaseQueries,
  ) {}

  private async begin(ctx: RequestContext, kind: string): Promise<{ flow: QuestionFlow; env: FlowEnv }> {
    const flow = this.flows.get(kind);
    if (!flow.mayStart(ctx.principal)) throw forbidden('Your role cannot raise this kind of case');
    return { flow, env: { principal: ctx.principal, providers: await this.queries.providerChoices(ctx) } };
  }

  @Get()
  async start(
    @Ctx() ctx: RequestContext,
    @Param('kind') kind: string,
    @Query('from') from: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const { flow } = await this.begin(ctx, kind);
    const source = await this.fromCase(ctx, flow, from);
    const draft = await this.drafts.find(ctx, flow.kind);
    res.render('raise/views/start.njk', {
      pageTitle: flow.name,
      flow,
      action: `/${flow.kind}/new`,
      from: source,
      resumeHref:
        !source && draft && !draft.caseId && Object.keys(draft.answers).length > 0
          ? `/${flow.kind}/new/${CHECK}`
          : null,
    });
  }

  /** "Start now": a fresh draft (a new Idempotency-Key), then the first question. */
  @Post()
  async begin_(
    @Ctx() ctx: RequestContext,
    @Param('kind') kind: string,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const { flow, env } = await this.begin(ctx, kind);
    const source = await this.fromCase(ctx, flow, fieldValue(body, 'from'));
    await this.drafts.start(ctx, flow.kind);
    if (source) {
      await this.drafts.save(ctx, flow.kind, {
        [FROM_CASE.id]: source.id,
        [FROM_CASE.reference]: source.reference,
      });
    }
    res.redirect(303, `/${flow.kind}/new/${askedQuestions(flow, {}, env)[0]?.slug ?? CHECK}`);
  }

  /**
   * The case a linkable flow is raised from (`?from=`), read as the user (a case they cannot see is a 404,
   * audited); nothing for other flows or no `from`. The use case checks it again when the case is raised.
   */
  private async fromCase(
    ctx: RequestContext,
    flow: QuestionFlow,
    from: unknown,
  ): Promise<{ id: string; reference: string; typeLabel: string } | null> {
    if (!flow.linkable || typeof from !== 'string' || from === '') return null;
    if (!isUuid(from)) throw notFound();
    const view = await this.queries.getCase(ctx, from);
    return { id: view.id, reference: view.reference, typeLabel: caseDefinition(view.type).label };
  }

  @Get(CHECK)
  async check(@Ctx() ctx: RequestContext, @Param('kind') kind: string, @Res() res: Response): Promise<void> {
    const { flow, env } = await this.begin(ctx, kind);
    const draft = await this.drafts.find(ctx, flow.kind);
    if (!draft || draft.caseId) return res.redirect(303, `/${flow.kind}/new`);
    const incomplete = firstIncomplete(flow, draft.answers, env);
    if (incomplete) return res.redirect(303, `/${flow.kind}/new/${incomplete.slug}`);
    res.render('raise/views/check.njk', this.checkView(flow, draft.answers, env, draft.key, NoErrors));
  }

  @Post(CHECK)
  async submit(
    @Ctx() ctx: RequestContext,
    @Param('kind') kind: string,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const { flow, env } = await this.begin(ctx, kind);
    const draft = await this.drafts.find(ctx, flow.kind);
    const key = fieldValue(body, 'idempotencyKey');
    // Submitted already (a double click, or back and submit again): the same case, not a second one.
    if (draft?.caseId && draft.key === key) return res.redirect(303, `/${flow.kind}/new/${CONFIRMATION}`);
    if (!draft || draft.caseId || draft.key !== key) return res.redirect(303, `/${flow.kind}/new`);
    const incomplete = firstIncomplete(flow, draft.answers, env);
    if (incomplete) return res.redirect(303, `/${flow.kind}/new/${incomplete.slug}`);
    let caseId: string;
    try {
      caseId = (await flow.submit(ctx, submitPayload(flow, draft.answers, env), draft.key)).id;
    } catch (error) {
      if (!(error instanceof VigilError) || error.kind !== 'validation') throw error;
      // The use case refused a field (a provider outside the area, say): show it on the page that asked.
      const pointer = error.fieldErrors[0]?.pointer ?? '';
      const question = questionForPointer(flow, pointer, draft.answers, env);
      res.status(400);
      if (!question) {
        return res.render(
          'raise/views/check.njk',
          this.checkView(flow, draft.answers, env, draft.key, errorsFromVigilError(error, [], 'submit')),
        );
      }
      const fields = question.fields(env).map((f) => f.name);
      return res.render(
        'raise/views/question.njk',
        this.questionView(
          flow,
          question,
          draft.answers,
          env,
          false,
          errorsFromVigilError(error, fields, fields[0]),
        ),
      );
    }
    await this.drafts.submitted(ctx, flow.kind, caseId);
    res.redirect(303, `/${flow.kind}/new/${CONFIRMATION}`);
  }

  @Get(CONFIRMATION)
  async confirmation(
    @Ctx() ctx: RequestContext,
    @Param('kind') kind: string,
    @Res() res: Response,
  ): Promise<void> {
    const { flow } = await this.begin(ctx, kind);
    const draft = await this.drafts.find(ctx, flow.kind);
    if (!draft?.caseId) return res.redirect(303, `/${flow.kind}/new`);
    const view = await this.queries.getCase(ctx, draft.caseId);
    res.render('raise/views/confirmation.njk', {
      pageTitle: flow.confirmation.title,
      flow,
      reference: view.reference,
      caseHref: `/cases/${view.id}`,
      status: statusLabel(view.type, view.status),
      caseTypeLabel: caseDefinition(view.type).label,
    });
  }

  @Get(':slug')
  async question(
    @Ctx() ctx: RequestContext,
    @Param('kind') kind: string,
    @Param('slug') slug: string,
    @Query('change') change: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const { flow, env } = await this.begin(ctx, kind);
    const draft = await this.drafts.find(ctx, flow.kind);
    if (!draft || draft.caseId) return res.redirect(303, `/${flow.kind}/new`);
    const question = askedQuestions(flow, draft.answers, env).find((q) => q.slug === slug);
    if (!question) throw notFound();
    res.render(
      'raise/views/question.njk',
      this.questionView(flow, question, draft.answers, env, change === '1', NoErrors),
    );
  }

  @Post(':slug')
  async answer(
    @Ctx() ctx: RequestContext,
    @Param('kind') kind: string,
    @Param('slug') slug: string,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const { flow, env } = await this.begin(ctx, kind);
    const draft = await this.drafts.find(ctx, flow.kind);
    if (!draft || draft.caseId) return res.redirect(303, `/${flow.kind}/new`);
    const question = askedQuestions(flow, draft.answers, env).find((q) => q.slug === slug);
    if (!question) throw notFound();
    const answers = mergeAnswers(draft.answers, question.fields(env), body);
    const changing = fieldValue(body, 'change') === '1';
    const errors = questionErrors(flow, question, answers, env);
    if (errors.errors.length > 0) {
      res.status(400);
      return res.render(
        'raise/views/question.njk',
        this.questionView(flow, question, answers, env, changing, errors),
      );
    }
    await this.drafts.save(ctx, flow.kind, answers);
    res.redirect(303, `/${flow.kind}/new/${nextSlug(flow, question, answers, env, changing)}`);
  }

  private questionView(
    flow: QuestionFlow,
    question: Question,
    answers: Answers,
    env: FlowEnv,
    changing: boolean,
    errors: FormErrors,
  ) {
    const fields = question.fields(env);
    return {
      pageTitle: `${question.title} – ${flow.name}`,
      caption: flow.name,
      title: question.title,
      headingInForm: fields.length === 1 && fields[0].isPageHeading === true,
      fields,
      values: answers,
      action: `/${flow.kind}/new/${question.slug}`,
      backHref: changing ? `/${flow.kind}/new/${CHECK}` : previousHref(flow, question.slug, answers, env),
      changing,
      ...errors,
    };
  }

  private checkView(flow: QuestionFlow, answers: Answers, env: FlowEnv, key: string, errors: FormErrors) {
    return {
      pageTitle: `Check your answers – ${flow.name}`,
      caption: flow.name,
      rows: [
        // Raised from another case's page: that case, for the record (it is not a question to change).
        ...(answers[FROM_CASE.reference]
          ? [{ key: { text: 'Raised from' }, value: { text: answers[FROM_CASE.reference] } }]
          : []),
        ...checkAnswersRows(flow, answers, env),
      ],
      action: `/${flow.kind}/new/${CHECK}`,
      backHref: `/${flow.kind}/new/${askedQuestions(flow, answers, env).at(-1)?.slug ?? ''}`,
      idempotencyKey: key,
      ...errors,
    };
  }
}
