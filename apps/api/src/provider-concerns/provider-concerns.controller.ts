import { Body, Controller, Get, Headers, Param, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CreateRateLimit, ReadRateLimit } from '@vigil/access';
import {
  assertIdempotencyKey,
  ProviderConcernsService,
  ProviderDirectory,
  type RequestContext,
} from '@vigil/cases';
import type { CaseView, ProviderView } from '@vigil/contracts';
import type { Response } from 'express';
import { ZodResponse } from 'nestjs-zod';
import { CaseDto, OpenProviderConcernDto, ProviderDto, ProviderListDto } from '../cases/case-dtos';
import { BearerAuth } from '../common/bearer-auth.guard';
import { created } from '../common/created';
import { Ctx, type AuthenticatedRequest } from '../common/request-context';

@ApiTags('providers')
@BearerAuth()
@Controller('api/v1')
export class ProviderConcernsController {
  constructor(
    private readonly providerConcerns: ProviderConcernsService,
    private readonly directory: ProviderDirectory,
  ) {}

  /**
   * Opens a provider concern for one provider (a commissioner for a provider they commission, or a team
   * manager or head of service for one in their council): the commissioner and the head of service are
   * emailed; the commissioner decides on suspending referrals, the head of service on a large-scale
   * enquiry. 409 while the provider has one open. The same Idempotency-Key and body return the same case.
   */
  @Post('provider-concerns')
  @CreateRateLimit()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'A new UUID per provider concern; repeat it to retry safely',
  })
  @ZodResponse({ status: 201, type: CaseDto })
  async open(
    @Ctx() ctx: RequestContext,
    @Body() body: OpenProviderConcernDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return created(res, await this.providerConcerns.open(ctx, req.body, body, assertIdempotencyKey(key)));
  }

  /** The providers the user oversees (or a provider lead's own), each with its referral status. */
  @Get('providers')
  @ReadRateLimit()
  @ZodResponse({ status: 200, type: ProviderListDto })
  async list(
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ items: ProviderView[] }> {
    res.setHeader('Cache-Control', 'no-store');
    return { items: await this.directory.list(ctx) };
  }

  /** One provider; 404 for a provider outside the user's scope. */
  @Get('providers/:id')
  @ReadRateLimit()
  @ZodResponse({ status: 200, type: ProviderDto })
  async get(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ProviderView> {
    res.setHeader('Cache-Control', 'no-store');
    return this.directory.get(ctx, id);
  }
}
