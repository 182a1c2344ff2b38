import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ReturnsQueries, ReturnSubmitterRoles, type RequestContext } from '@vigil/cases';
import { VigilError } from '@vigil/domain';
import type { Response } from 'express';
import { sendCsv } from '../common/csv';
import { WebErrorFilter } from '../common/error-pages';
import { fieldValue } from '../common/forms';
import { Ctx, type PageRequest, SignedIn } from '../common/page-request';
import { setFlash, takeFlash } from '../security/session';
import {
  financialYearPeriod,
  lastCompleteFinancialYear,
  lastCompleteQuarter,
  parseQuarter,
  parseYear,
  piReturnDueAt,
  providerReportCsv,
  quarterKey,
  quarterPeriod,
  returnsCsv,
  londonToday,
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
    @Req() req: PageRequest,
    @Res() res: Response,
  ): Promise<void> {
    const now = new Date();
    const q = parseQuarter(quarter) ?? lastCompleteQuarter(now);
    const figures = await this.returns.figures(ctx, quarterPeriod(q));
    const submission = await this.returns.piReturn(ctx, quarterKey(q));
    res.render('returns/views/returns.njk', {
      ...returnsView(figures, q, now, ctx.principal.role === 'commissioner', {
        submission,
        mayRecord: ReturnSubmitterRoles.includes(ctx.principal.role),
      }),
      navCurrent: 'returns',
      flash: takeFlash(req),
    });
  }

  /** Records that the council submitted the quarter's Kent PI return (a team manager or head of service). */
  @Post('returns/pi-return')
  async recordPiReturn(
    @Ctx() ctx: RequestContext,
    @Body() body: unknown,
    @Req() req: PageRequest,
    @Res() res: Response,
  ): Promise<void> {
    const q = parseQuarter(fieldValue(body, 'quarter'));
    if (!q || quarterPeriod(q).to > londonToday(new Date())) {
      throw new VigilError('validation', 'Choose a quarter that has ended');
    }
    try {
      await this.returns.recordPiReturn(ctx, quarterKey(q), piReturnDueAt(q));
      await setFlash(req, { title: 'PI return recorded as submitted', text: `For ${quarterKey(q)}` });
    } catch (error) {
      // Recorded already (a second click, another manager): the page shows by whom and when.
      if (!(error instanceof VigilError && error.kind === 'conflict')) throw error;
    }
    res.redirect(303, `/returns?quarter=${quarterKey(q)}`);
  }

  @Get('returns.csv')
  async csv(
    @Ctx() ctx: RequestContext,
    @Query('quarter') quarter: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const q = parseQuarter(quarter) ?? lastCompleteQuarter(new Date());
    const figures = await this.returns.figures(ctx, quarterPeriod(q));
    sendCsv(
      res,
      `vigil-returns-${quarterKey(q)}.csv`,
      returnsCsv(figures, q, ctx.principal.role === 'commissioner'),
    );
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
    sendCsv(
      res,
      `vigil-sac-${fy}-${fy + 1}${isPublished ? '-published' : ''}.csv`,
      sacCsv(rows, fy, isPublished),
    );
  }

  /** The quarter's MASH report: concerns and allegations about each provider by type and outcome. */
  @Get('returns/mash.csv')
  async mash(
    @Ctx() ctx: RequestContext,
    @Query('quarter') quarter: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const q = parseQuarter(quarter) ?? lastCompleteQuarter(new Date());
    const rows = await this.returns.providerReport(ctx, 'mash', quarterPeriod(q));
    sendCsv(res, `vigil-mash-${quarterKey(q)}.csv`, providerReportCsv(rows, quarterKey(q)));
  }

  /** The financial year's periodic performance report: the parts of it Vigil holds, per provider. */
  @Get('returns/periodic.csv')
  async periodic(
    @Ctx() ctx: RequestContext,
    @Query('year') year: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const fy = parseYear(year) ?? lastCompleteFinancialYear(new Date());
    const label = `${fy}-${String(fy + 1).slice(2)}`;
    const rows = await this.returns.providerReport(ctx, 'periodic', financialYearPeriod(fy));
    sendCsv(res, `vigil-periodic-${fy}-${fy + 1}.csv`, providerReportCsv(rows, label));
  }
}
