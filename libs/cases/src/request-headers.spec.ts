import { describe, expect, it } from '@jest/globals';
import { VigilError } from '@vigil/domain';
import { parseIfMatch } from './engine/task-completion.service';
import { assertIdempotencyKey, requestHash } from './idempotency';

describe('If-Match', () => {
  it.each([
    ['"3"', 3],
    ['W/"12"', 12],
    ['7', 7],
    [undefined, undefined],
    ['', undefined],
  ])('%p → %p', (header, expected) => {
    expect(parseIfMatch(header)).toBe(expected);
  });

  it('refuses anything else with a validation error naming the header', () => {
    expect(() => parseIfMatch('"abc"')).toThrow(VigilError);
    expect(() => parseIfMatch('*')).toThrow('The If-Match header is not valid');
  });
});

describe('Idempotency-Key', () => {
  it('is required and must be visible ASCII of at most 255 characters', () => {
    expect(assertIdempotencyKey('3f7c1d2e-key')).toBe('3f7c1d2e-key');
    expect(() => assertIdempotencyKey(undefined)).toThrow('Send an Idempotency-Key header with every create');
    expect(() => assertIdempotencyKey('has space')).toThrow(VigilError);
    expect(() => assertIdempotencyKey('x'.repeat(256))).toThrow(VigilError);
  });

  it('hashes equal bodies equally whatever the key order, and different bodies differently', () => {
    expect(requestHash({ a: 1, b: { c: 2, d: 3 } })).toBe(requestHash({ b: { d: 3, c: 2 }, a: 1 }));
    expect(requestHash({ a: 1 })).not.toBe(requestHash({ a: 2 }));
  });
});
