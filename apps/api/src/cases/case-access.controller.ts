import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { AccessGrantDto, AuditTrailDto } from './case-dtos';
import {
  BreakGlassService,
  CaseAuditService,
  type AccessGrantView,
  type AuditItem,
  type RequestContext,
} from '@vigil/cases';
import type { Response } from 'express';
import { BearerAuth } from '../common/bearer-auth.guard';
import { Ctx } from '../common/request-context';

@ApiTags('cases')
@BearerAuth()
@Controller('api/v1/cases/:id')
export class CaseAccessController {
  constructor(
    private readonly audit: CaseAuditService,
    private readonly breakGlass: BreakGlassService,
  ) {}

  /** The case's audit trail, oldest first (team managers, heads of service, auditors). */
  @Get('audit')
  @ZodResponse({ status: 200, type: AuditTrailDto })
  async auditTrail(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ items: AuditItem[]; total: number }> {
    res.setHeader('Cache-Control', 'no-store');
    return this.audit.list(ctx, id);
  }

  /** The same trail as CSV, for a Safeguarding Adults Review or a subject access request. */
  @Get('audit.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ content: { 'text/csv': { schema: { type: 'string' } } }, description: 'The trail as CSV' })
  async auditCsv(@Ctx() ctx: RequestContext, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const csv = await this.audit.csv(ctx, id);
    res
      .status(200)
      .setHeader('Cache-Control', 'no-store')
      .setHeader('Content-Disposition', `attachment; filename="case-${id}-audit.csv"`)
      .type('text/csv; charset=utf-8')
      .send(csv);
  }

  /** Break-glass: `{ reason }`; time-limited access to a case outside the caller's scope. */
  @Post('break-glass')
  @ZodResponse({ status: 201, type: AccessGrantDto })
  async open(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AccessGrantView> {
    const grant = await this.breakGlass.open(ctx, id, body);
    res.status(201).setHeader('Cache-Control', 'no-store');
    return grant;
  }
}
