import { Body, Controller, Headers, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CreateRateLimit } from '@vigil/access';
import { assertIdempotencyKey, NotificationsService, type RequestContext } from '@vigil/cases';
import type { CaseView } from '@vigil/contracts';
import type { Response } from 'express';
import { ZodResponse } from 'nestjs-zod';
import { CaseDto, RecordNotificationDto } from '../cases/case-dtos';
import { BearerAuth } from '../common/bearer-auth.guard';
import { created } from '../common/created';
import { Ctx, type AuthenticatedRequest } from '../common/request-context';

@ApiTags('notifications')
@BearerAuth()
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /**
   * Sends a notification to the commissioner (a provider lead): one of the ten triggers of specs/004 §16.1.
   * Past its window (`notice.prompt` from `awareAt`) it needs a `lateReason` and is recorded `sent_late`.
   * The same Idempotency-Key and body return the same case.
   */
  @Post()
  @CreateRateLimit()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'A new UUID per notification; repeat it to retry safely',
  })
  @ZodResponse({ status: 201, type: CaseDto })
  async record(
    @Ctx() ctx: RequestContext,
    @Body() body: RecordNotificationDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return created(res, await this.notifications.record(ctx, req.body, body, assertIdempotencyKey(key)));
  }
}
