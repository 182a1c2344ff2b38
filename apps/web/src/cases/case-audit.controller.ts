import { Controller, Get, Param, Render, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CaseAuditService, streamCsv, type RequestContext } from '@vigil/cases';
import type { Response } from 'express';
import { WebErrorFilter } from '../common/error-pages';
import { Ctx, SignedIn } from '../common/page-request';
import { auditTrailView, type AuditTrailView } from './audit-trail.view-model';

/** A case's audit trail (team managers, heads of service, auditors), as a page and as CSV. */
@ApiExcludeController()
@UseFilters(WebErrorFilter)
@SignedIn()
@Controller('cases/:id')
export class CaseAuditController {
  constructor(private readonly audit: CaseAuditService) {}

  @Get('audit')
  @Render('cases/views/audit.njk')
  async trail(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<AuditTrailView> {
    return auditTrailView(id, await this.audit.list(ctx, id), ctx.principal);
  }

  @Get('audit.csv')
  async csv(@Ctx() ctx: RequestContext, @Param('id') id: string, @Res() res: Response): Promise<void> {
    await streamCsv(res, id, (write) => this.audit.csv(ctx, id, write));
  }
}
