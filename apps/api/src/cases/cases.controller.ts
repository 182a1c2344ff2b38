import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { ReadRateLimit } from '@vigil/access';
import {
  CaseAssignments,
  CaseCloseService,
  CaseNotes,
  CaseQueries,
  CaseTransitionService,
  EnquiriesService,
  TaskCompletionService,
  TaskExtensionService,
  WorkQueue,
  type Page,
  type RequestContext,
} from '@vigil/cases';
import { CaseListQuerySchema, type CaseSummary, type CaseView, type WorkItem } from '@vigil/contracts';
import { parseOrThrow } from '@vigil/domain';
import type { Response } from 'express';
import { ZodResponse } from 'nestjs-zod';
import { BearerAuth } from '../common/bearer-auth.guard';
import { Ctx } from '../common/request-context';
import { CaseDto, CasePageDto, WorkItemPageDto } from './case-dtos';

/** A case answer: never cached, and its version as the ETag (send it back as If-Match). */
function caseResponse(res: Response, view: CaseView): CaseView {
  res.setHeader('Cache-Control', 'no-store').setHeader('ETag', `"${view.version}"`);
  return view;
}

@ApiTags('cases')
@BearerAuth()
@Controller('api/v1')
export class CasesController {
  constructor(
    private readonly queries: CaseQueries,
    private readonly tasks: TaskCompletionService,
    private readonly transitions: CaseTransitionService,
    private readonly enquiries: EnquiriesService,
    private readonly closing: CaseCloseService,
    private readonly extensions: TaskExtensionService,
    private readonly notes: CaseNotes,
    private readonly assignments: CaseAssignments,
    private readonly queue: WorkQueue,
  ) {}

  /** Cases of every type the signed-in user may see; filter by `type` and `status`. */
  @Get('cases')
  @ReadRateLimit()
  @ZodResponse({ status: 200, type: CasePageDto })
  async list(
    @Ctx() ctx: RequestContext,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Page<CaseSummary>> {
    res.setHeader('Cache-Control', 'no-store');
    return this.queries.listCases(ctx, parseOrThrow(CaseListQuerySchema, query));
  }

  /** One case with its tasks, clocks, timeline and links. Out of scope and missing both answer 404. */
  @Get('cases/:id')
  @ReadRateLimit()
  @ZodResponse({ status: 200, type: CaseDto })
  async get(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return caseResponse(res, await this.queries.getCase(ctx, id));
  }

  /**
   * Completes a task of any type; the body is the task type's own (for `triage_decision`
   * `{ decision, rationale }`; see the case type's documentation). Scope 404, role 403, body 400, state 409.
   */
  @Post('cases/:id/tasks/:taskId/complete')
  @HttpCode(200)
  @ApiBody({ schema: { type: 'object', description: 'The task type’s payload' } })
  @ZodResponse({ status: 200, type: CaseDto })
  async complete(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('taskId') taskId: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return caseResponse(res, await this.tasks.complete(ctx, id, taskId, body, ifMatch));
  }

  /** Returns a provider's enquiry report: `{ reason, reportDueOn }`; a new report task opens. */
  @Post('cases/:id/tasks/:taskId/return')
  @HttpCode(200)
  @ApiBody({
    schema: {
      type: 'object',
      properties: { reason: { type: 'string' }, reportDueOn: { type: 'string', format: 'date' } },
    },
  })
  @ZodResponse({ status: 200, type: CaseDto })
  async returnTask(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('taskId') taskId: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return caseResponse(res, await this.enquiries.returnReport(ctx, id, taskId, body, ifMatch));
  }

  /** A manual event of the case's type: `{ "event": "withdraw", "reason" }`, `{ "event": "merge", … }`. */
  @Post('cases/:id/transitions')
  @HttpCode(200)
  @ApiBody({ schema: { type: 'object', properties: { event: { type: 'string' } }, required: ['event'] } })
  @ZodResponse({ status: 200, type: CaseDto })
  async transition(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return caseResponse(res, await this.transitions.transition(ctx, id, body, ifMatch));
  }

  /**
   * Adds information to an open case (append-only, `{ text }`): kept with the case, recorded on its
   * timeline; every clock keeps running. 409 once the case is closed.
   */
  @Post('cases/:id/information')
  @HttpCode(201)
  @ApiBody({
    schema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  })
  @ZodResponse({ status: 201, type: CaseDto })
  async addInformation(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return caseResponse(res, await this.notes.add(ctx, id, body));
  }

  /**
   * Assigns an open case to one of its council's officers (`{ userId }`), or back to its team
   * (`{ userId: null }`); the ladder's `assignee` rung then reaches that officer. Team managers and heads of
   * service assign anyone; an officer only themselves. 409 once the case is closed.
   */
  @Post('cases/:id/assignee')
  @HttpCode(200)
  @ApiBody({
    schema: {
      type: 'object',
      properties: { userId: { type: 'string', format: 'uuid', nullable: true } },
      required: ['userId'],
    },
  })
  @ZodResponse({ status: 200, type: CaseDto })
  async assign(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return caseResponse(res, await this.assignments.assign(ctx, id, body));
  }

  /**
   * Closes a case of a type that closes so (an allegation): `{ rationale, outcome }` by the registry's
   * closers; 409 naming the tasks still open.
   */
  @Post('cases/:id/close')
  @HttpCode(200)
  @ApiBody({
    schema: {
      type: 'object',
      properties: { rationale: { type: 'string' }, outcome: { type: 'string' } },
      required: ['rationale'],
    },
  })
  @ZodResponse({ status: 200, type: CaseDto })
  async close(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return caseResponse(res, await this.closing.close(ctx, id, body, ifMatch));
  }

  /**
   * Moves an open task's due date to one agreed (a complaint's response): `{ dueOn, reason }`. The task is
   * replaced by one due then; the original due date and the reason stay on record. 409 for a task whose
   * type cannot be extended.
   */
  @Post('cases/:id/tasks/:taskId/extend')
  @HttpCode(200)
  @ApiBody({
    schema: {
      type: 'object',
      properties: { dueOn: { type: 'string', format: 'date' }, reason: { type: 'string' } },
      required: ['dueOn', 'reason'],
    },
  })
  @ZodResponse({ status: 200, type: CaseDto })
  async extend(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('taskId') taskId: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return caseResponse(res, await this.extensions.extend(ctx, id, taskId, body, ifMatch));
  }

  /** A commissioner sees a masked case's adult, giving a reason (`{ reason }`); audited and on the timeline. */
  @Post('cases/:id/reveal')
  @HttpCode(200)
  @ApiBody({ schema: { type: 'object', properties: { reason: { type: 'string' } }, required: ['reason'] } })
  @ZodResponse({ status: 200, type: CaseDto })
  async reveal(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return caseResponse(res, await this.queries.reveal(ctx, id, body));
  }

  /**
   * The signed-in user's work queue: open tasks their role completes, across every case type (`who=team`:
   * every open task on the cases a manager or commissioner sees), with the filters, due window and sort of
   * the `/queue` page (`window`, `within`, `type`, `task`, `provider`, `team`, `assigned`, `abuse`, `risk`,
   * `sort`, `order`).
   */
  @Get('tasks')
  @ReadRateLimit()
  @ZodResponse({ status: 200, type: WorkItemPageDto })
  async workQueue(
    @Ctx() ctx: RequestContext,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Page<WorkItem>> {
    res.setHeader('Cache-Control', 'no-store');
    return this.queue.list(ctx, this.queue.parse(ctx.principal, query));
  }
}
