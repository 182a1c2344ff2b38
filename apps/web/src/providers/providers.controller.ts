import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ReadRateLimit } from '@vigil/access';
import {
  assertIdempotencyKey,
  ProviderConcernsService,
  ProviderDirectory,
  type RequestContext,
} from '@vigil/cases';
import { OpenProviderConcernSchema, type ProviderView } from '@vigil/contracts';
import { VigilError } from '@vigil/domain';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { WebErrorFilter } from '../common/error-pages';
import { errorsFromVigilError, fieldValue, NoErrors, parseForm, type FormErrors } from '../common/forms';
import { Ctx, type PageRequest, SignedIn } from '../common/page-request';
import { setFlash, takeFlash } from '../security/session';
import { providerRow, providersView, ProvidersPageRoles } from './providers.view-model';

const LIST = 'providers/views/list.njk';
const NEW = 'providers/views/new-concern.njk';

/**
 * The providers page (issue 10) for commissioners, team managers and heads of service, and opening a
 * provider concern for one provider from it. Other roles get the 403 page (audited), as for the dashboard;
 * the API's `GET /api/v1/providers` is the same use case.
 */
@ApiExcludeController()
@UseFilters(WebErrorFilter)
@SignedIn()
@Controller('providers')
export class ProvidersController {
  constructor(
    private readonly directory: ProviderDirectory,
    private readonly providerConcerns: ProviderConcernsService,
  ) {}

  /** 403 (audited) for a role the page is not for. */
  private requireRole(ctx: RequestContext, action: string): Promise<void> {
    return this.directory.requireRole(
      ctx,
      ProvidersPageRoles,
      action,
      'The providers page is for commissioners, team managers and heads of service',
    );
  }

  @Get()
  @ReadRateLimit()
  async list(@Ctx() ctx: RequestContext, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    await this.requireRole(ctx, 'providers.read');
    const providers = await this.directory.list(ctx);
    res.setHeader('Cache-Control', 'no-store');
    res.render(LIST, { ...providersView(providers, true), flash: takeFlash(req) });
  }

  @Get(':id/concerns/new')
  async newConcern(@Ctx() ctx: RequestContext, @Param('id') id: string, @Res() res: Response): Promise<void> {
    await this.requireRole(ctx, 'provider_concern.open');
    const provider = await this.directory.get(ctx, id);
    res.render(NEW, this.newView(provider, randomUUID()));
  }

  /**
   * Opens the provider concern. The form carries the Idempotency-Key it was drawn with, so a second submit
   * (a double click, the back button) finds the same case instead of a 409.
   */
  @Post(':id/concerns/new')
  async open(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() req: PageRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.requireRole(ctx, 'provider_concern.open');
    const key = assertIdempotencyKey(fieldValue(body, 'idempotencyKey'));
    const payload = { providerId: id, reason: fieldValue(body, 'reason') ?? '' };
    const parsed = parseForm(OpenProviderConcernSchema, payload);
    const again = async (errors: FormErrors, status: number) => {
      const provider = await this.directory.get(ctx, id);
      res.status(status);
      res.render(NEW, this.newView(provider, key, errors, { reason: payload.reason }));
    };
    if (!parsed.ok) return again(parsed, 400);
    let opened;
    try {
      opened = await this.providerConcerns.open(ctx, payload, parsed.value, key);
    } catch (error) {
      if (!(error instanceof VigilError) || !['validation', 'conflict'].includes(error.kind)) throw error;
      // A provider outside the reader's area is a 404, as for a case; a second open concern is shown on the page.
      if (error.kind === 'validation' && error.fieldErrors.some((e) => e.pointer === '#/providerId')) {
        throw new VigilError('not_found', 'There is no such provider');
      }
      return again(errorsFromVigilError(error, ['reason'], 'reason'), error.kind === 'conflict' ? 409 : 400);
    }
    await setFlash(req, {
      title: 'Provider concern opened',
      text: `Reference ${opened.view.reference}. The commissioner and the head of service have been emailed.`,
    });
    res.redirect(303, `/cases/${opened.view.id}`);
  }

  private newView(
    provider: ProviderView,
    idempotencyKey: string,
    errors: FormErrors = NoErrors,
    values: Record<string, string> = {},
  ) {
    const row = providerRow(provider, false);
    return {
      ...errors,
      pageTitle: `Open a provider concern – ${provider.name}`,
      navSection: 'providers',
      provider: { id: provider.id, name: provider.name },
      existing: row.concern,
      action: `/providers/${provider.id}/concerns/new`,
      idempotencyKey,
      values,
      rows: [
        { key: { text: 'Referrals' }, value: { text: row.status.text } },
        ...(row.cap ? [{ key: { text: 'Weekly cap' }, value: { text: row.cap } }] : []),
        {
          key: { text: 'Open cases' },
          value: { text: row.openCases.join('\n') || 'None', classes: 'app-pre-wrap' },
        },
        ...(row.earlyWarning
          ? [{ key: { text: 'Early warning' }, value: { text: row.earlyWarning.text } }]
          : []),
      ],
    };
  }
}
