import { canonicalJson, parseIdempotencyKey, requestFingerprint } from './idempotency-key';

describe('Idempotency-Key', () => {
  it('takes a UUID, a quoted one, and other keys of the allowed characters', () => {
    expect(parseIdempotencyKey('5f0c8e4e-0a3b-4c5d-9e7f-1a2b3c4d5e6f')).toEqual({ key: '5f0c8e4e-0a3b-4c5d-9e7f-1a2b3c4d5e6f' });
    expect(parseIdempotencyKey('"retry-1"')).toEqual({ key: 'retry-1' });
    expect(parseIdempotencyKey('a:b/c+d=e~f.g_h')).toEqual({ key: 'a:b/c+d=e~f.g_h' });
    expect(parseIdempotencyKey(undefined)).toEqual({ key: null });
  });

  it('says what is wrong with a key it refuses', () => {
    expect(parseIdempotencyKey('')).toEqual({ problem: 'must not be empty' });
    expect(parseIdempotencyKey('k'.repeat(256))).toEqual({ problem: 'must be at most 255 characters' });
    expect(parseIdempotencyKey('two words')).toEqual({ problem: expect.stringContaining('only letters, digits') });
    expect(parseIdempotencyKey(['a', 'b'])).toEqual({ problem: 'must be sent once' });
  });

  it('treats bodies that differ only in key order as the same request, and anything else as different', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
    const same = requestFingerprint('POST', '/x', { a: 1, b: 2 });
    expect(requestFingerprint('post', '/x', { b: 2, a: 1 }).equals(same)).toBe(true);
    expect(requestFingerprint('POST', '/x', { a: 1, b: 3 }).equals(same)).toBe(false);
    expect(requestFingerprint('POST', '/y', { a: 1, b: 2 }).equals(same)).toBe(false);
    expect(requestFingerprint('POST', '/x', undefined).equals(requestFingerprint('POST', '/x', null))).toBe(true);
  });
});
