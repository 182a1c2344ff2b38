import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Database } from '@vigil/persistence';
import { TemporalConnection } from '@vigil/temporal';
import type { Response } from 'express';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';

/** The readiness answer: overall, and each dependency. */
const HealthSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.object({ database: z.enum(['up', 'down']), temporal: z.enum(['up', 'down']) }),
});
class HealthDto extends createZodDto(HealthSchema) {}

/** 200 only when PostgreSQL and Temporal both answer: the run command's readiness signal. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: Database,
    private readonly temporal: TemporalConnection,
  ) {}

  @Get()
  @HttpCode(200)
  @ZodResponse({
    status: 200,
    type: HealthDto,
    description: 'PostgreSQL and Temporal both answer; 503 with the same body when either does not',
  })
  async check(@Res({ passthrough: true }) res: Response): Promise<z.infer<typeof HealthSchema>> {
    const [database, temporal] = await Promise.all([this.db.isReachable(), this.temporal.isReachable()]);
    const ok = database && temporal;
    res.status(ok ? 200 : 503).setHeader('Cache-Control', 'no-store');
    return {
      status: ok ? 'ok' : 'unavailable',
      checks: { database: database ? 'up' : 'down', temporal: temporal ? 'up' : 'down' },
    };
  }
}
