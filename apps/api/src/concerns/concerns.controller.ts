import { Body, Controller, Headers, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import { CreateRateLimit } from '@vigil/access';
import { assertIdempotencyKey, ConcernsService, type RequestContext } from '@vigil/cases';
import { RaiseConcernSchema, type CaseView } from '@vigil/contracts';
import type { Response } from 'express';
import { createZodDto } from 'nestjs-zod';
import { BearerAuth } from '../common/bearer-auth.guard';
import { Ctx, type AuthenticatedRequest } from '../common/request-context';

class RaiseConcernDto extends createZodDto(RaiseConcernSchema) {}

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
  @ApiCreatedResponse({ description: 'The case, already showing its triage task and clock' })
  async raise(
    @Ctx() ctx: RequestContext,
    @Body() body: RaiseConcernDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    const { view, created } = await this.concerns.raise(ctx, req.body, body, assertIdempotencyKey(key));
    res.status(201).location(`/api/v1/cases/${view.id}`).setHeader('Cache-Control', 'no-store');
    res.setHeader('ETag', `"${view.version}"`);
    if (!created) res.setHeader('Idempotent-Replayed', 'true');
    return view;
  }
}
