import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { BreakGlassRateLimit, ReadRateLimit } from '@vigil/access';
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
import { streamCsv } from '@vigil/cases';
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
  @ReadRateLimit()
  @ZodResponse({ status: 200, type: AuditTrailDto })
  async auditTrail(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ items: AuditItem[]; total: number }> {
    res.setHeader('Cache-Control', 'no-store');
    return this.audit.list(ctx, id, query);
  }

  /** The same trail as CSV, for a Safeguarding Adults Review or a subject access request. */
  @Get('audit.csv')
  @ReadRateLimit()
  @ApiProduces('text/csv')
  @ApiOkResponse({ content: { 'text/csv': { schema: { type: 'string' } } }, description: 'The trail as CSV' })
  async auditCsv(@Ctx() ctx: RequestContext, @Param('id') id: string, @Res() res: Response): Promise<void> {
    await streamCsv(res, id, (write) => this.audit.csv(ctx, id, write));
  }

  /** Break-glass: `{ reason }`; time-limited access to a case outside the caller's scope. */
  @Post('break-glass')
  @BreakGlassRateLimit()
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
