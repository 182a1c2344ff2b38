import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DashboardQueries, ReturnsQueries, TimescalePolicyService, type RequestContext } from '@vigil/cases';
import { londonDate } from '@vigil/domain';
import type { Response } from 'express';
import { sendCsv } from '../common/csv';
import { WebErrorFilter } from '../common/error-pages';
import { Ctx, SignedIn } from '../common/page-request';
import { readDashboardFilter } from './dashboard-filter.form';
import { clocksCsv, dashboardCsv, dashboardView } from './dashboard.view-model';
import {
  lastCompleteQuarter,
  piReturnDeadline,
  quarterKey,
  quarterLabel,
} from '../returns/returns.view-model';

/**
 * The manager's dashboard (issue 11) with its period and team filters (a GET form), its weekly trend as
 * CSV (`/dashboard.csv`) and clock compliance per clock as CSV (`/dashboard/clocks.csv`), both following the
 * same filters as the page.
 */
@ApiExcludeController()
@UseFilters(WebErrorFilter)
@SignedIn()
@Controller()
export class DashboardController {
  constructor(
    private readonly dashboard: DashboardQueries,
    private readonly timescales: TimescalePolicyService,
    private readonly returns: ReturnsQueries,
  ) {}

  /** The last complete quarter's Kent PI return as a deadline the council's managers watch (issue 11). */
  private async piReturn(ctx: RequestContext) {
    if (ctx.principal.organisationKind !== 'council' || ctx.principal.role === 'commissioner') return null;
    const now = new Date();
    const q = lastCompleteQuarter(now);
    const submission = await this.returns.piReturn(ctx, quarterKey(q));
    const deadline = piReturnDeadline(q, now, submission?.submittedAt);
    return {
      quarterLabel: quarterLabel(q),
      dueOn: londonDate(`${deadline.dueOn}T12:00:00Z`),
      text: deadline.text,
      tagClasses: deadline.overdue
        ? 'govuk-tag--red'
        : deadline.submitted
          ? 'govuk-tag--green'
          : 'govuk-tag--blue',
      href: `/returns?quarter=${quarterKey(q)}`,
    };
  }

  private figures(ctx: RequestContext, query: unknown) {
    return this.dashboard.figures(
      ctx,
      readDashboardFilter(query),
      this.timescales.calendar.addWorkingDays(new Date(), 5),
    );
  }

  @Get('dashboard')
  async page(@Ctx() ctx: RequestContext, @Query() query: unknown, @Res() res: Response): Promise<void> {
    const figures = await this.figures(ctx, query);
    res.render('dashboard/views/dashboard.njk', {
      ...dashboardView(figures),
      piReturn: await this.piReturn(ctx),
      navCurrent: 'dashboard',
    });
  }

  @Get('dashboard.csv')
  async csv(@Ctx() ctx: RequestContext, @Query() query: unknown, @Res() res: Response): Promise<void> {
    const figures = await this.figures(ctx, query);
    sendCsv(res, `vigil-dashboard-${figures.filter.weeks}-weeks.csv`, dashboardCsv(figures));
  }

  @Get('dashboard/clocks.csv')
  async clocks(@Ctx() ctx: RequestContext, @Query() query: unknown, @Res() res: Response): Promise<void> {
    const figures = await this.figures(ctx, query);
    sendCsv(res, `vigil-dashboard-clocks-${figures.filter.weeks}-weeks.csv`, clocksCsv(figures));
  }
}
