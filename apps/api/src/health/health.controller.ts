import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Database } from '@vigil/persistence';
import { TemporalConnection } from '@vigil/temporal';
import type { Response } from 'express';

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
  async check(
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ status: 'ok' | 'unavailable'; checks: Record<string, 'up' | 'down'> }> {
    const [database, temporal] = await Promise.all([this.db.isReachable(), this.temporal.isReachable()]);
    const ok = database && temporal;
    res.status(ok ? 200 : 503).setHeader('Cache-Control', 'no-store');
    return {
      status: ok ? 'ok' : 'unavailable',
      checks: { database: database ? 'up' : 'down', temporal: temporal ? 'up' : 'down' },
    };
  }
}
