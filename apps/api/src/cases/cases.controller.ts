import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CaseQueries, ConcernsService, type Page, type RequestContext } from '@vigil/cases';
import { CaseListQuerySchema, type CaseSummary, type CaseView, type WorkItem } from '@vigil/contracts';
import { parseOrThrow } from '@vigil/domain';
import type { Response } from 'express';
import { z } from 'zod';
import { BearerAuth } from '../common/bearer-auth.guard';
import { Ctx } from '../common/request-context';

const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

@ApiTags('cases')
@BearerAuth()
@Controller('api/v1')
export class CasesController {
  constructor(
    private readonly queries: CaseQueries,
    private readonly concerns: ConcernsService,
  ) {}

  /** Cases the signed-in user may see. */
  @Get('cases')
  @ApiOkResponse({ description: '{ items, total }' })
  async list(
    @Ctx() ctx: RequestContext,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Page<CaseSummary>> {
    res.setHeader('Cache-Control', 'no-store');
    return this.queries.listCases(ctx, parseOrThrow(CaseListQuerySchema, query));
  }

  /** One case with its tasks, clocks and timeline. Out of scope and missing both answer 404. */
  @Get('cases/:id')
  async get(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    const view = await this.queries.getCase(ctx, id);
    res.setHeader('Cache-Control', 'no-store').setHeader('ETag', `"${view.version}"`);
    return view;
  }

  /** Completes a task; for `triage_decision` the body is `{ decision, rationale }`. */
  @Post('cases/:id/tasks/:taskId/complete')
  @HttpCode(200)
  async complete(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('taskId') taskId: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    const view = await this.concerns.completeTriageTask(ctx, id, taskId, body, ifMatch);
    res.setHeader('Cache-Control', 'no-store').setHeader('ETag', `"${view.version}"`);
    return view;
  }

  /** The signed-in user's work queue. */
  @Get('tasks')
  async tasks(
    @Ctx() ctx: RequestContext,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Page<WorkItem>> {
    res.setHeader('Cache-Control', 'no-store');
    return this.queries.listTasks(ctx, parseOrThrow(PageQuerySchema, query));
  }
}
