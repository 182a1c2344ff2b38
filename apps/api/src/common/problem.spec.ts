import { describe, expect, it } from '@jest/globals';
import { isDatabaseUnavailable } from './problem';

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
