import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AuthService, OidcService, SignInRateLimit } from '@vigil/access';
import { AppConfig } from '@vigil/config';
import { VigilError } from '@vigil/domain';
import type { Response } from 'express';
import { WebErrorFilter } from '../common/error-pages';
import { fieldValue, type FormErrors, formErrors, NoErrors, parseForm } from '../common/forms';
import { type PageRequest, requestMetaOf } from '../common/page-request';
import { safeReturnTo } from '../common/return-to';
import { endSession, startSession } from '../security/session';
import { SignInFormSchema } from './sign-in.form';

const SIGN_IN = 'sign-in/views/sign-in.njk';

/** Staff sign-in with a local account, and sign-out. The API's bearer tokens are separate. */
@ApiExcludeController()
@UseFilters(WebErrorFilter)
@Controller()
export class SignInController {
  constructor(
    private readonly auth: AuthService,
    private readonly oidc: OidcService,
    private readonly config: AppConfig,
  ) {}

  private page(returnTo: string | null, errors: FormErrors = NoErrors, email?: string) {
    return {
      ...errors,
      returnTo,
      values: { email },
      localAccounts: this.config.auth.localAccountsEnabled,
      oidcEnabled: this.oidc.enabled,
    };
  }

  @Get('sign-in')
  signInPage(@Req() req: PageRequest, @Res() res: Response, @Query('returnTo') returnTo: unknown): void {
    if (req.principal) return res.redirect(303, safeReturnTo(returnTo) ?? '/');
    res.render(SIGN_IN, this.page(safeReturnTo(returnTo)));
  }

  /** Post/Redirect/Get: a new session and on to the page asked for; otherwise the form again. */
  @Post('sign-in')
  @SignInRateLimit()
  async signIn(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const returnTo = safeReturnTo(body.returnTo);
    const email = fieldValue(body, 'email');
    const form = parseForm(SignInFormSchema, body);
    if (!form.ok) return res.status(400).render(SIGN_IN, this.page(returnTo, form, email));
    try {
      const user = await this.auth.verifyCredentials(
        form.value.email,
        form.value.password,
        requestMetaOf(req),
        'web',
      );
      await startSession(req, user.userId);
    } catch (error) {
      // The use case's message never says whether the account exists or is locked.
      if (!(error instanceof VigilError && error.kind === 'unauthenticated')) throw error;
      const errors = formErrors([{ field: 'email', text: error.message }]);
      return res.status(401).render(SIGN_IN, this.page(returnTo, errors, email));
    }
    res.redirect(303, returnTo ?? '/');
  }

  @Post('sign-out')
  async signOut(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    if (req.principal) await this.auth.recordSignOut(req.principal, requestMetaOf(req));
    await endSession(this.config, req, res);
    res.redirect(303, '/signed-out');
  }

  @Get('signed-out')
  signedOut(@Res() res: Response): void {
    res.render('sign-in/views/signed-out.njk');
  }
}
