import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ReturnsQueries, type RequestContext } from '@vigil/cases';
import type { Response } from 'express';
import { WebErrorFilter } from '../common/error-pages';
import { Ctx, SignedIn } from '../common/page-request';
import {
  financialYearPeriod,
  lastCompleteFinancialYear,
  lastCompleteQuarter,
  parseQuarter,
  parseYear,
  quarterKey,
  quarterPeriod,
  returnsCsv,
  returnsView,
  sacCsv,
} from './returns.view-model';

/** The KPI returns for a quarter (issue 11, DOMAIN §6), as a page and CSV, and the annual SAC-style export. */
@ApiExcludeController()
@UseFilters(WebErrorFilter)
@SignedIn()
@Controller()
export class ReturnsController {
  constructor(private readonly returns: ReturnsQueries) {}

  @Get('returns')
  async page(
    @Ctx() ctx: RequestContext,
    @Query('quarter') quarter: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const now = new Date();
    const q = parseQuarter(quarter) ?? lastCompleteQuarter(now);
    const figures = await this.returns.figures(ctx, quarterPeriod(q));
    res.render('returns/views/returns.njk', {
      ...returnsView(figures, q, now, ctx.principal.role === 'commissioner'),
      navCurrent: 'returns',
    });
  }

  @Get('returns.csv')
  async csv(
    @Ctx() ctx: RequestContext,
    @Query('quarter') quarter: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const q = parseQuarter(quarter) ?? lastCompleteQuarter(new Date());
    const figures = await this.returns.figures(ctx, quarterPeriod(q));
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="vigil-returns-${quarterKey(q)}.csv"`)
      .setHeader('Cache-Control', 'no-store')
      .send(returnsCsv(figures, q, ctx.principal.role === 'commissioner'));
  }

  @Get('returns/sac.csv')
  async sac(
    @Ctx() ctx: RequestContext,
    @Query('year') year: unknown,
    @Query('published') published: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const fy = parseYear(year) ?? lastCompleteFinancialYear(new Date());
    const isPublished = published === 'true';
    const rows = await this.returns.sac(ctx, financialYearPeriod(fy));
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader(
        'Content-Disposition',
        `attachment; filename="vigil-sac-${fy}-${fy + 1}${isPublished ? '-published' : ''}.csv"`,
      )
      .setHeader('Cache-Control', 'no-store')
      .send(sacCsv(rows, fy, isPublished));
  }
}
