import { Body, Controller, Headers, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CreateRateLimit } from '@vigil/access';
import { assertIdempotencyKey, EnquiriesService, type RequestContext } from '@vigil/cases';
import type { CaseView } from '@vigil/contracts';
import type { Response } from 'express';
import { ZodResponse } from 'nestjs-zod';
import { CaseDto, OpenEnquiryDto } from '../cases/case-dtos';
import { BearerAuth } from '../common/bearer-auth.guard';
import { created } from '../common/created';
import { Ctx, type AuthenticatedRequest } from '../common/request-context';

@ApiTags('enquiries')
@BearerAuth()
@Controller('api/v1/enquiries')
export class EnquiriesController {
  constructor(private readonly enquiries: EnquiriesService) {}

  /**
   * Opens a Section 42 enquiry directly (a council officer or team manager): `{ providerId, adultAtRisk,
   * summary, concernId? }`. The same Idempotency-Key and body return the same case.
   */
  @Post()
  @CreateRateLimit()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'A new UUID per enquiry; repeat it to retry safely',
  })
  @ZodResponse({ status: 201, type: CaseDto })
  async open(
    @Ctx() ctx: RequestContext,
    @Body() body: OpenEnquiryDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return created(res, await this.enquiries.open(ctx, req.body, body, assertIdempotencyKey(key)));
  }
}
