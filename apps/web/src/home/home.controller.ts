import { Controller, Get, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AppConfig } from '@vigil/config';

@ApiExcludeController()
@Controller()
export class HomeController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  @Render('home/views/home.njk')
  home(): { mailCatcherUrl: string | null } {
    const local =
      this.config.env !== 'production' &&
      this.config.mail.smtpUrl.includes(`:${this.config.devTools.mailCatcherSmtpPort}`);
    return { mailCatcherUrl: local ? `http://localhost:${this.config.devTools.mailCatcherHttpPort}` : null };
  }
}
