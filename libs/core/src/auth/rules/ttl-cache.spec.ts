import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  it('forgets an entry once its time is up', () => {
    let now = 0;
    const cache = new TtlCache<string, number>(5000, 10, () => now);
    cache.set('a', 1);
    now = 4999;
    expect(cache.get('a')).toBe(1);
    now = 5000;
    expect(cache.get('a')).toBeUndefined();
  });

  it('keeps at most maxEntries, dropping the oldest', () => {
    const cache = new TtlCache<number, number>(60_000, 3);
    for (const n of [1, 2, 3, 4]) cache.set(n, n);
    expect(cache.size).toBe(3);
    expect(cache.get(1)).toBeUndefined();
    expect(cache.get(4)).toBe(4);
  });

  it('stores nothing when the time-to-live is zero, and deletes by predicate', () => {
    const off = new TtlCache<string, number>(0, 10);
    off.set('a', 1);
    expect(off.get('a')).toBeUndefined();
    const cache = new TtlCache<string, { user: string }>(60_000, 10);
    cache.set('s1', { user: 'u1' });
    cache.set('s2', { user: 'u2' });
    cache.deleteWhere((value) => value.user === 'u1');
    expect([cache.get('s1'), cache.get('s2')]).toEqual([undefined, { user: 'u2' }]);
  });
});
