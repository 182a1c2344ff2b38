import { Controller, Get, Param, Query, Render, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ReadRateLimit } from '@vigil/access';
import { CaseQueries, type RequestContext } from '@vigil/cases';
import type { Response } from 'express';
import { WebErrorFilter } from '../common/error-pages';
import { Ctx, type PageRequest, SignedIn } from '../common/page-request';
import { takeFlash } from '../security/session';
import { readCaseFilter } from './case-filter.form';
import { CASES_PER_PAGE, caseListView, type CaseListView } from './case-list.view-model';
import { RaiseFlows } from '../raise/raise.controller';
import { casePage } from './case-render';

/** The case list and a case's overview. Reads go through libs/cases; steps are in tasks/tasks.controller. */
@ApiExcludeController()
@UseFilters(WebErrorFilter)
@SignedIn()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly queries: CaseQueries,
    private readonly flows: RaiseFlows,
  ) {}

  @Get()
  @Render('cases/views/list.njk')
  async list(
    @Ctx() ctx: RequestContext,
    @Query() query: unknown,
  ): Promise<CaseListView & { raiseLinks: { href: string; text: string }[] }> {
    const filter = readCaseFilter(query);
    const page = await this.queries.listCases(ctx, {
      status: filter.status as never,
      type: filter.type,
      team: filter.team,
      open: filter.open ? true : undefined,
      limit: CASES_PER_PAGE,
      offset: (filter.page - 1) * CASES_PER_PAGE,
    });
    return {
      ...caseListView(page, filter, ctx.principal, new Date()),
      // What this role may raise in the browser (each flow's start page).
      raiseLinks: this.flows.startable(ctx.principal).map((f) => ({ href: `/${f.kind}/new`, text: f.name })),
    };
  }

  /** A case's overview, as its type shows it (a concern's page, an enquiry's task list). */
  @Get(':id')
  @ReadRateLimit()
  async show(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
  ): Promise<void> {
    const view = await this.queries.getCase(ctx, id);
    const page = casePage(view, ctx.principal, new Date(), { flash: takeFlash(req) });
    res.render(page.template, page.model);
  }
}
