import { Controller, Get, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DashboardQueries, TimescalePolicyService, type RequestContext } from '@vigil/cases';
import type { Response } from 'express';
import { WebErrorFilter } from '../common/error-pages';
import { Ctx, SignedIn } from '../common/page-request';
import { dashboardCsv, dashboardView } from './dashboard.view-model';

/** The manager's dashboard (issue 11) and its trend as CSV. */
@ApiExcludeController()
@UseFilters(WebErrorFilter)
@SignedIn()
@Controller()
export class DashboardController {
  constructor(
    private readonly dashboard: DashboardQueries,
    private readonly timescales: TimescalePolicyService,
  ) {}

  private figures(ctx: RequestContext) {
    return this.dashboard.figures(ctx, this.timescales.calendar.addWorkingDays(new Date(), 5));
  }

  @Get('dashboard')
  async page(@Ctx() ctx: RequestContext, @Res() res: Response): Promise<void> {
    res.render('dashboard/views/dashboard.njk', {
      ...dashboardView(await this.figures(ctx)),
      navCurrent: 'dashboard',
    });
  }

  @Get('dashboard.csv')
  async csv(@Ctx() ctx: RequestContext, @Res() res: Response): Promise<void> {
    const body = dashboardCsv(await this.figures(ctx));
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', 'attachment; filename="vigil-dashboard-13-weeks.csv"')
      .setHeader('Cache-Control', 'no-store')
      .send(body);
  }
}
