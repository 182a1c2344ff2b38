import { Body, Controller, Headers, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CreateRateLimit } from '@vigil/access';
import { assertIdempotencyKey, IncidentsService, type RequestContext } from '@vigil/cases';
import type { CaseView } from '@vigil/contracts';
import type { Response } from 'express';
import { ZodResponse } from 'nestjs-zod';
import { CaseDto, RecordIncidentDto } from '../cases/case-dtos';
import { BearerAuth } from '../common/bearer-auth.guard';
import { created } from '../common/created';
import { Ctx, type AuthenticatedRequest } from '../common/request-context';

@ApiTags('incidents')
@BearerAuth()
@Controller('api/v1/incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  /**
   * Reports a serious incident about the provider's own service (a provider lead): the council's
   * safeguarding team and the commissioner are emailed at once. The same Idempotency-Key and body return
   * the same case.
   */
  @Post()
  @CreateRateLimit()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'A new UUID per incident; repeat it to retry safely',
  })
  @ZodResponse({ status: 201, type: CaseDto })
  async record(
    @Ctx() ctx: RequestContext,
    @Body() body: RecordIncidentDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return created(res, await this.incidents.record(ctx, req.body, body, assertIdempotencyKey(key)));
  }
}
