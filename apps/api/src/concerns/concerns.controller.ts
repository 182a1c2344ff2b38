import { Body, Controller, Headers, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CreateRateLimit } from '@vigil/access';
import { assertIdempotencyKey, ConcernsService, type RequestContext } from '@vigil/cases';
import type { CaseView } from '@vigil/contracts';
import type { Response } from 'express';
import { ZodResponse } from 'nestjs-zod';
import { CaseDto, RaiseConcernDto } from '../cases/case-dtos';
import { BearerAuth } from '../common/bearer-auth.guard';
import { created } from '../common/created';
import { Ctx, type AuthenticatedRequest } from '../common/request-context';

@ApiTags('concerns')
@BearerAuth()
@Controller('api/v1/concerns')
export class ConcernsController {
  constructor(private readonly concerns: ConcernsService) {}

  /** Raises a safeguarding concern; the same Idempotency-Key and body return the same case. */
  @Post()
  @CreateRateLimit()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'A new UUID per concern; repeat it to retry safely',
  })
  @ZodResponse({ status: 201, type: CaseDto, description: 'The case, already showing its tasks and clocks' })
  async raise(
    @Ctx() ctx: RequestContext,
    @Body() body: RaiseConcernDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return created(res, await this.concerns.raise(ctx, req.body, body, assertIdempotencyKey(key)));
  }
}
