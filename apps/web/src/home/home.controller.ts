import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AppConfig } from '@vigil/config';
import type { Response } from 'express';
import { WebErrorFilter } from '../common/error-pages';
import type { PageRequest } from '../common/page-request';

@ApiExcludeController()
@UseFilters(WebErrorFilter)
@Controller()
export class HomeController {
  constructor(private readonly config: AppConfig) {}

  /** The start page; someone already signed in goes straight to their cases. */
  @Get()
  home(@Req() req: PageRequest, @Res() res: Response): void {
    if (req.principal) return res.redirect(303, '/cases');
    const local =
      this.config.env !== 'production' &&
      this.config.mail.smtpUrl.includes(`:${this.config.devTools.mailCatcherSmtpPort}`);
    res.render('home/views/home.njk', {
      mailCatcherUrl: local ? `http://localhost:${this.config.devTools.mailCatcherHttpPort}` : null,
    });
  }
}
