import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { type RequestContext, TimescalePolicyService, WorkQueue } from '@vigil/cases';
import type { Response } from 'express';
import { WebErrorFilter } from '../common/error-pages';
import { Ctx, SignedIn } from '../common/page-request';
import { lastPageOf, queueHref, queueView, readQueueFilter, taskQuery } from './queue.view-model';

/** Whether a submitted filter form left "any" choices in the address (`type=&risk=immediate`). */
const hasEmptyChoices = (query: unknown): boolean =>
  Object.values((query as Record<string, unknown> | undefined) ?? {}).some((v) => v === '');

/**
 * The signed-in user's work queue (issue 11): their open tasks across every case type (managers and
 * commissioners may see everyone's on their cases), by due window, filtered and sorted on the server.
 */
@ApiExcludeController()
@UseFilters(WebErrorFilter)
@SignedIn()
@Controller('queue')
export class QueueController {
  constructor(
    private readonly queue: WorkQueue,
    private readonly timescales: TimescalePolicyService,
  ) {}

  @Get()
  async show(@Ctx() ctx: RequestContext, @Query() query: unknown, @Res() res: Response): Promise<void> {
    const seesTeam = this.queue.seesTeam(ctx.principal);
    const filter = readQueueFilter(query, seesTeam);
    // The filter form (a GET without JavaScript) sends every select: go to the address it means.
    if (hasEmptyChoices(query)) return res.redirect(303, queueHref(filter, { page: filter.page }));
    const counts = await this.queue.counts(ctx, filter);
    // A page past the end (an old link, tasks done since) shows the tab's last page instead.
    const page = Math.min(filter.page, lastPageOf(counts[filter.tab]));
    const tasks = await this.queue.list(ctx, taskQuery(filter, page), counts[filter.tab]);
    const choices = await this.queue.choices(ctx);
    res.render(
      'queue/views/queue.njk',
      queueView(tasks, counts, { ...filter, page }, new Date(), this.timescales.calendar, {
        choices,
        seesTeam,
        council: ctx.principal.organisationKind === 'council',
      }),
    );
  }
}
