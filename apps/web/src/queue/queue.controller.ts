import { Controller, Get, Query, Render, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CaseQueries, type RequestContext, TimescalePolicyService } from '@vigil/cases';
import { WebErrorFilter } from '../common/error-pages';
import { Ctx, SignedIn } from '../common/page-request';
import { lastPageOf, queueView, type QueueView, readQueueFilter, TASKS_PER_PAGE } from './queue.view-model';

/** The signed-in user's work queue: their open tasks across every case type, by due window. */
@ApiExcludeController()
@UseFilters(WebErrorFilter)
@SignedIn()
@Controller('queue')
export class QueueController {
  constructor(
    private readonly queries: CaseQueries,
    private readonly timescales: TimescalePolicyService,
  ) {}

  @Get()
  @Render('queue/views/queue.njk')
  async show(@Ctx() ctx: RequestContext, @Query() query: unknown): Promise<QueueView> {
    const filter = readQueueFilter(query);
    const counts = await this.queries.countsByWindow(ctx);
    // A page past the end (an old link, tasks done since) shows the tab's last page instead.
    const page = Math.min(filter.page, lastPageOf(counts[filter.tab]));
    const tasks = await this.queries.listTasks(ctx, {
      window: filter.tab,
      limit: TASKS_PER_PAGE,
      offset: (page - 1) * TASKS_PER_PAGE,
    });
    return queueView(tasks, counts, { ...filter, page }, new Date(), this.timescales.calendar);
  }
}
