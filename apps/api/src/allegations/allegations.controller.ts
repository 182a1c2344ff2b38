import { Body, Controller, Headers, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CreateRateLimit } from '@vigil/access';
import { AllegationsService, assertIdempotencyKey, type RequestContext } from '@vigil/cases';
import type { CaseView } from '@vigil/contracts';
import type { Response } from 'express';
import { ZodResponse } from 'nestjs-zod';
import { CaseDto, RaiseAllegationDto } from '../cases/case-dtos';
import { BearerAuth } from '../common/bearer-auth.guard';
import { created } from '../common/created';
import { Ctx, type AuthenticatedRequest } from '../common/request-context';

@ApiTags('allegations')
@BearerAuth()
@Controller('api/v1/allegations')
export class AllegationsController {
  constructor(private readonly allegations: AllegationsService) {}

  /**
   * Raises an allegation against a member of a provider's staff (a provider lead, or a council officer
   * naming the provider). The same Idempotency-Key and body return the same case.
   */
  @Post()
  @CreateRateLimit()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'A new UUID per allegation; repeat it to retry safely',
  })
  @ZodResponse({ status: 201, type: CaseDto })
  async raise(
    @Ctx() ctx: RequestContext,
    @Body() body: RaiseAllegationDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return created(res, await this.allegations.raise(ctx, req.body, body, assertIdempotencyKey(key)));
  }
}
