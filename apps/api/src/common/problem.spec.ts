import { describe, expect, it } from '@jest/globals';
import { Logger, type ArgumentsHost } from '@nestjs/common';
import { isDatabaseUnavailable, isUnstorableText, ProblemFilter } from './problem';

Logger.overrideLogger(false);

describe('database unavailable → 503', () => {
  it.each([
    ['a refused connection', { code: 'ECONNREFUSED' }],
    ['an admin shutdown (57P01)', { code: '57P01' }],
    ['a connection failure (08006)', { code: '08006' }],
    ['a read-only transaction (25006)', { code: '25006' }],
    ['too many connections (53300)', { code: '53300' }],
    ['the ORM’s connection error', { name: 'ConnectionException' }],
    ['a wrapped cause', { name: 'DriverException', cause: { code: '57P03' } }],
  ])('treats %s as unavailable', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', { code: '23505' }],
    ['a check violation (23514)', { code: '23514' }],
    ['a plain error', new Error('boom')],
    ['nothing', null],
  ])('does not treat %s as unavailable', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('text PostgreSQL cannot store → 400', () => {
  /** The filter's answer to an exception, as the client sees it. */
  const answer = (exception: unknown) => {
    const sent: { status?: number; type?: string; body?: string } = {};
    const res = {
      locals: {},
      status(code: number) {
        sent.status = code;
        return this;
      },
      type(t: string) {
        sent.type = t;
        return this;
      },
      setHeader() {
        return this;
      },
      send(body: string) {
        sent.body = body;
        return this;
      },
    };
    const host = {
      switchToHttp: () => ({
        getRequest: () => ({ path: '/api/v1/concerns', id: 'r1' }),
        getResponse: () => res,
      }),
    } as unknown as ArgumentsHost;
    new ProblemFilter().catch(exception, host);
    return {
      status: sent.status,
      type: sent.type,
      body: JSON.parse(sent.body ?? '{}') as Record<string, unknown>,
    };
  };

  it.each([
    [
      'a NUL byte in text (22021)',
      { name: 'DriverException', code: '22021', message: 'invalid byte sequence: 0x00 secret-input' },
    ],
    [
      '\\u0000 in jsonb (22P05)',
      { code: '22P05', detail: '\\u0000 cannot be converted to text. secret-input' },
    ],
    ['a wrapped cause', { name: 'DriverException', cause: { code: '22021' } }],
  ])('answers %s with a 400 problem that echoes nothing', (_name, exception) => {
    expect(isUnstorableText(exception)).toBe(true);
    const { status, type, body } = answer(exception);
    expect({ status, type }).toEqual({ status: 400, type: 'application/problem+json' });
    expect(body).toEqual(
      expect.objectContaining({ status: 400, errors: [expect.objectContaining({ pointer: '#' })] }),
    );
    expect(JSON.stringify(body)).not.toContain('secret-input');
  });

  it('leaves other database errors alone (a unique violation is still a 500 here)', () => {
    expect(isUnstorableText({ code: '23505' })).toBe(false);
    expect(answer({ code: '23505' }).status).toBe(500);
  });
});
