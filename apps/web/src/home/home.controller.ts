import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CaseQueries } from '@vigil/cases';
import type { Response } from 'express';
import { WebErrorFilter } from '../common/error-pages';
import { requestMetaOf, type PageRequest } from '../common/page-request';
import { RaiseFlows } from '../raise/raise.controller';
import { providerHomeView } from './provider-home.view-model';

@ApiExcludeController()
@UseFilters(WebErrorFilter)
@Controller()
export class HomeController {
  constructor(
    private readonly queries: CaseQueries,
    private readonly flows: RaiseFlows,
  ) {}

  /**
   * The start page, where signing in lands. Signed in, a provider's staff see their organisation's open
   * cases and what the council owes them next (issue 11); council staff go to their cases.
   */
  @Get()
  async home(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const principal = req.principal;
    if (principal?.organisationKind === 'provider') {
      const ctx = { principal, ...requestMetaOf(req) };
      const { organisation, items } = await this.queries.providerHome(ctx);
      res.setHeader('Cache-Control', 'no-store');
      return res.render(
        'home/views/provider-home.njk',
        providerHomeView(
          items,
          organisation,
          this.flows.startable(principal).map((f) => ({ href: `/${f.kind}/new`, text: f.name })),
          new Date(),
        ),
      );
    }
    if (principal) return res.redirect(303, '/cases');
    // `mailCatcherUrl` is a global: set only when `npm start` runs the mail catcher (configure-web.ts).
    res.render('home/views/home.njk');
  }
}
