import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { ProblemTypes } from '@vigil/contracts';
import { EnvSchema, loadConfig } from '@vigil/config';
import request from 'supertest';
import { Elsewhere, seedOtherCouncil } from '../support/other-council';
import { Demo, Stack } from '../support/stack';

/*
 * Issue 13: case reads and break-glass requests are limited per user (libs/access/src/rate-limit.ts). The
 * read limit is generous (at least 600 a minute, so real work and the other tests never meet it); here it
 * is set low in the configuration, and the break-glass limit low through BREAK_GLASS_RATE_LIMIT_PER_HOUR.
 */
describe('the case-read limit by default', () => {
  it('is at least 600 a minute, and the environment cannot set it lower', () => {
    expect(EnvSchema.parse({}).CASE_READ_RATE_LIMIT_PER_MINUTE).toBeGreaterThanOrEqual(600);
    expect(loadConfig({ NODE_ENV: 'test' }).auth.caseReadsPerMinute).toBeGreaterThanOrEqual(600);
    expect(EnvSchema.safeParse({ CASE_READ_RATE_LIMIT_PER_MINUTE: '599' }).success).toBe(false);
  });
});

describe('rate limits per user', () => {
  let stack: Stack;
  /** The API with a case-read limit of 5 a minute and a break-glass limit of 2 an hour. */
  let limited: INestApplication;
  const http = () => request(limited.getHttpServer());
  const tokens: Record<string, string> = {};
  let caseId: string;
  let eastshireCaseId: string;

  beforeAll(async () => {
    stack = await Stack.start({
      name: 'rate-limits',
      worker: false,
      env: { BREAK_GLASS_RATE_LIMIT_PER_HOUR: '2' },
    });
    await seedOtherCouncil(stack);
    limited = await Stack.createApi({
      ...stack.config,
      auth: { ...stack.config.auth, caseReadsPerMinute: 5 },
    });
    caseId = (await stack.raiseConcern(Demo.sunriseLead)).id;
    eastshireCaseId = (await stack.raiseConcern(Elsewhere.lead)).id;
    for (const email of [Demo.officer, Demo.manager, Demo.head]) tokens[email] = await stack.token(email);
  });
  afterAll(async () => {
    await limited?.close();
    await stack?.stop();
  });

  const read = (email: string, path = `/api/v1/cases/${caseId}`) =>
    http().get(path).set('Authorization', `Bearer ${tokens[email]}`);

  it('answers 429 problem+json to the sixth case read of a minute, and only for that user', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await read(Demo.officer)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);

    const sixth = await read(Demo.officer);
    expect(sixth.status).toBe(429);
    expect(sixth.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(sixth.body).toEqual(expect.objectContaining({ status: 429, type: ProblemTypes.rateLimited }));
    // The allowance is per user and per route (the throttler's key names the handler): the list is counted
    // apart from the case.
    expect((await read(Demo.officer, '/api/v1/cases')).status).toBe(200);

    // Another user reading the same case is not affected.
    expect((await read(Demo.manager)).status).toBe(200);
  });

  it('answers 429 to the third break-glass request of the hour, and only for that user', async () => {
    const ask = (email: string) =>
      http()
        .post(`/api/v1/cases/${eastshireCaseId}/break-glass`)
        .set('Authorization', `Bearer ${tokens[email]}`)
        .send({ reason: 'Adult moved into our area overnight; strategy call at 9am' });
    // Two requests are answered (each opens a grant); the third is over the limit and opens nothing.
    expect((await ask(Demo.manager)).status).toBe(201);
    expect((await ask(Demo.manager)).status).toBe(201);
    const third = await ask(Demo.manager);
    expect(third.status).toBe(429);
    expect(third.body).toEqual(expect.objectContaining({ type: ProblemTypes.rateLimited }));
    const [{ n }] = await stack.sql<{ n: string }>(
      `select count(*)::text as n from access_grants where case_id = $1`,
      [eastshireCaseId],
    );
    expect(n).toBe('2');

    // The head of service is a different user: their request is answered on its merits.
    expect((await ask(Demo.head)).status).toBe(201);
  });
});
