import { Body, Controller, Headers, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CreateRateLimit } from '@vigil/access';
import { assertIdempotencyKey, ComplaintsService, type RequestContext } from '@vigil/cases';
import type { CaseView } from '@vigil/contracts';
import type { Response } from 'express';
import { ZodResponse } from 'nestjs-zod';
import { CaseDto, RecordComplaintDto } from '../cases/case-dtos';
import { BearerAuth } from '../common/bearer-auth.guard';
import { created } from '../common/created';
import { Ctx, type AuthenticatedRequest } from '../common/request-context';

@ApiTags('complaints')
@BearerAuth()
@Controller('api/v1/complaints')
export class ComplaintsController {
  constructor(private readonly complaints: ComplaintsService) {}

  /**
   * Records a complaint about the provider's own service (a provider lead). When it affects or prevents
   * the person's care, telling their social worker is due within 24 hours. The same Idempotency-Key and body
   * return the same case.
   */
  @Post()
  @CreateRateLimit()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'A new UUID per complaint; repeat it to retry safely',
  })
  @ZodResponse({ status: 201, type: CaseDto })
  async record(
    @Ctx() ctx: RequestContext,
    @Body() body: RecordComplaintDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return created(res, await this.complaints.record(ctx, req.body, body, assertIdempotencyKey(key)));
  }
}
