import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { OidcService } from '@vigil/access';
import { AppConfig } from '@vigil/config';
import { VigilError } from '@vigil/domain';
import type { Response } from 'express';
import { WebErrorFilter } from '../common/error-pages';
import { formErrors } from '../common/forms';
import { type PageRequest, requestMetaOf } from '../common/page-request';
import { safeReturnTo } from '../common/return-to';
import { saveSession, startSession } from '../security/session';

const SIGN_IN = 'sign-in/views/sign-in.njk';

/**
 * Sign-in with the council's identity provider (docs/oidc.md): out to the provider with state, nonce and
 * PKCE kept in the session, back to the callback, then a new Vigil session as for a password sign-in.
 */
@ApiExcludeController()
@UseFilters(WebErrorFilter)
@Controller('sign-in/oidc')
export class OidcController {
  constructor(
    private readonly oidc: OidcService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async start(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Query('returnTo') returnTo: unknown,
  ): Promise<void> {
    if (!this.oidc.enabled)
      throw new VigilError('not_found', 'Sign-in with an identity provider is not set up');
    const { url, pending } = await this.oidc.start();
    req.session.oidc = { ...pending, returnTo: safeReturnTo(returnTo) };
    await saveSession(req);
    res.redirect(303, url);
  }

  @Get('callback')
  async callback(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const pending = req.session?.oidc;
    if (!pending)
      return this.failed(res, 400, 'Your sign-in took too long or was started elsewhere: try again');
    delete req.session.oidc;
    try {
      const callback = new URL(req.originalUrl, this.config.http.publicBaseUrl);
      const user = await this.oidc.complete(callback, pending, requestMetaOf(req));
      await startSession(req, user.userId);
    } catch (error) {
      if (!(error instanceof VigilError) || !['unauthenticated', 'forbidden'].includes(error.kind))
        throw error;
      return this.failed(res, error.kind === 'forbidden' ? 403 : 401, error.message);
    }
    res.redirect(303, pending.returnTo ?? '/');
  }

  private failed(res: Response, status: number, message: string): void {
    res.status(status).render(SIGN_IN, {
      ...formErrors([{ field: 'oidc', text: message }]),
      returnTo: null,
      values: {},
      localAccounts: this.config.auth.localAccountsEnabled,
      oidcEnabled: this.oidc.enabled,
    });
  }
}
