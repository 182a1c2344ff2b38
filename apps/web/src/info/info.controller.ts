import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AppConfig } from '@vigil/config';
import type { Response } from 'express';
import { WebErrorFilter } from '../common/error-pages';
import type { PageRequest } from '../common/page-request';
import { safeReturnTo, signInUrl } from '../common/return-to';
import { clearSignedInMarker } from '../security/session';
import { cookiesView } from './cookies.view-model';

/**
 * The public pages every page's footer links to (help, accessibility statement, cookies), and the page a
 * timed-out session lands on. None needs anyone signed in, and none reads case data.
 */
@ApiExcludeController()
@UseFilters(WebErrorFilter)
@Controller()
export class InfoController {
  constructor(private readonly config: AppConfig) {}

  @Get('help')
  help(@Res() res: Response): void {
    res.render('info/views/help.njk', { supportEmail: this.config.support.email });
  }

  @Get('accessibility')
  accessibility(@Res() res: Response): void {
    res.render('info/views/accessibility.njk', { supportEmail: this.config.support.email });
  }

  @Get('cookies')
  cookies(@Res() res: Response): void {
    res.render('info/views/cookies.njk', {
      cookieRows: cookiesView(this.config).map((c) => [
        { text: c.name, classes: 'app-break-all' },
        { text: c.purpose },
        { text: c.expires },
      ]),
    });
  }

  /**
   * "You have been signed out": why (idle or the absolute limit), and a link to sign in that comes back to
   * the page that was asked for. The signed-in marker is cleared, so this is said once.
   */
  @Get('session-expired')
  sessionExpired(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Query('reason') reason: unknown,
    @Query('returnTo') returnTo: unknown,
  ): void {
    const back = safeReturnTo(returnTo);
    if (req.principal) return res.redirect(303, back ?? '/');
    clearSignedInMarker(this.config, res);
    res.render('info/views/session-expired.njk', {
      reason: reason === 'idle' || reason === 'absolute' ? reason : null,
      idleMinutes: this.config.session.idleMinutes,
      absoluteHours: this.config.session.absoluteHours,
      signInUrl: signInUrl(back),
    });
  }
}
