import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { BreakGlassRateLimit } from '@vigil/access';
import { BreakGlassService, type RequestContext } from '@vigil/cases';
import { VigilError } from '@vigil/domain';
import type { Response } from 'express';
import { WebErrorFilter } from '../common/error-pages';
import { errorsFromVigilError, type FormErrors, NoErrors, parseForm } from '../common/forms';
import { londonDateTime } from '@vigil/domain';
import { Ctx, type PageRequest, SignedIn } from '../common/page-request';
import { setFlash } from '../security/session';
import { BreakGlassFields, BreakGlassFormSchema, submittedReason } from './break-glass.form';

const VIEW = 'cases/views/break-glass.njk';

const page = (caseId: string, errors: FormErrors = NoErrors, reason = '') => ({
  ...errors,
  pageTitle: 'Request emergency access',
  navSection: 'cases',
  caseId,
  values: { reason },
});

/** Break-glass: a team manager or head of service opens a case outside their scope by giving a reason. */
@ApiExcludeController()
@UseFilters(WebErrorFilter)
@SignedIn()
@Controller('cases/:id/break-glass')
export class BreakGlassController {
  constructor(private readonly breakGlass: BreakGlassService) {}

  @Get()
  async form(@Ctx() ctx: RequestContext, @Param('id') id: string, @Res() res: Response): Promise<void> {
    await this.breakGlass.assertMayRequest(ctx, id);
    res.render(VIEW, page(id));
  }

  /** The use case checks scope and role first (404, then 403), then the reason. */
  @Post()
  @BreakGlassRateLimit()
  async open(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() req: PageRequest,
    @Res() res: Response,
  ): Promise<void> {
    const { reason } = submittedReason(body);
    const form = parseForm(BreakGlassFormSchema, body);
    let expiresAt: string;
    try {
      ({ expiresAt } = await this.breakGlass.open(ctx, id, form.ok ? form.value : { reason }));
    } catch (error) {
      if (!(error instanceof VigilError) || !['validation', 'conflict'].includes(error.kind)) throw error;
      const errors = form.ok ? errorsFromVigilError(error, BreakGlassFields, 'reason') : form;
      return res.status(error.kind === 'conflict' ? 409 : 400).render(VIEW, page(id, errors, reason));
    }
    await setFlash(req, {
      title: 'Emergency access opened',
      text: `You can see this case until ${londonDateTime(expiresAt)}. Your line manager has been told.`,
    });
    res.redirect(303, `/cases/${id}`);
  }
}
