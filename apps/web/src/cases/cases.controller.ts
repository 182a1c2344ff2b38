import { Body, Controller, Get, Param, Post, Query, Render, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CaseQueries, ConcernsService, type RequestContext } from '@vigil/cases';
import { VigilError } from '@vigil/domain';
import type { Response } from 'express';
import { WebErrorFilter } from '../common/error-pages';
import { errorsFromVigilError, parseForm } from '../common/forms';
import { DecisionLabels } from '../common/labels';
import { Ctx, type PageRequest, SignedIn } from '../common/page-request';
import { setFlash, takeFlash } from '../security/session';
import { readCaseFilter } from './case-filter.form';
import { CASES_PER_PAGE, caseListView, type CaseListView } from './case-list.view-model';
import { caseOverviewView, type CaseOverview } from './case-overview.view-model';
import { submittedDecision, TriageDecisionFields, TriageDecisionFormSchema } from './triage-decision.form';

const SHOW = 'cases/views/show.njk';

/** The case list and a case's overview, with the triage decision. Reads and changes go through libs/cases. */
@ApiExcludeController()
@UseFilters(WebErrorFilter)
@SignedIn()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly queries: CaseQueries,
    private readonly concerns: ConcernsService,
  ) {}

  @Get()
  @Render('cases/views/list.njk')
  async list(@Ctx() ctx: RequestContext, @Query() query: unknown): Promise<CaseListView> {
    const filter = readCaseFilter(query);
    const page = await this.queries.listCases(ctx, {
      status: filter.status,
      limit: CASES_PER_PAGE,
      offset: (filter.page - 1) * CASES_PER_PAGE,
    });
    return caseListView(page, filter, ctx.principal, new Date());
  }

  @Get(':id')
  @Render(SHOW)
  async show(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Req() req: PageRequest,
  ): Promise<CaseOverview> {
    const view = await this.queries.getCase(ctx, id);
    return caseOverviewView(view, ctx.principal, new Date(), { flash: takeFlash(req) });
  }

  /**
   * Records the triage decision. The use case is called even when the form is incomplete, so scope (404)
   * and role (403) are decided before the answers, as on the API; the form shares the use case's rules, so
   * it refuses what the form refuses, and the page shows the form's own messages.
   */
  @Post(':id/tasks/:taskId/complete')
  async complete(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('taskId') taskId: string,
    @Body() body: unknown,
    @Req() req: PageRequest,
    @Res() res: Response,
  ): Promise<void> {
    const submitted = submittedDecision(body);
    const form = parseForm(TriageDecisionFormSchema, body);
    try {
      await this.concerns.completeTriageTask(
        ctx,
        id,
        taskId,
        form.ok ? form.value : { decision: submitted.decision, rationale: submitted.rationale },
        submitted.version,
      );
    } catch (error) {
      if (!(error instanceof VigilError) || !['validation', 'conflict'].includes(error.kind)) throw error;
      const errors = form.ok ? errorsFromVigilError(error, TriageDecisionFields, 'decision') : form;
      const view = await this.queries.getCase(ctx, id);
      res.status(error.kind === 'conflict' ? 409 : 400);
      return res.render(
        SHOW,
        caseOverviewView(view, ctx.principal, new Date(), { errors, values: submitted }),
      );
    }
    const decision = form.ok ? DecisionLabels[form.value.decision] : '';
    await setFlash(req, { title: 'Triage decision recorded', text: `Decision: ${decision}.` });
    res.redirect(303, `/cases/${id}`);
  }
}
