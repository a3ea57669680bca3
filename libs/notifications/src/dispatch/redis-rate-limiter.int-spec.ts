import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { RateLimitCountError, RedisRateLimiter, RedisRateLimiterOptions } from './redis-rate-limiter';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Highest number of timestamps inside any window [t, t + windowMs] of the sorted list. */
function maxInAnyWindow(sortedTimes: number[], windowMs: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < sortedTimes.length; end += 1) {
    while (sortedTimes[end] - sortedTimes[start] > windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** Two limiters on two connections, as two worker processes would have, each with several senders. */
async function runWorkers(limiters: RedisRateLimiter[], sendersPerWorker: number, durationMs: number): Promise<number[]> {
  const sentAt: number[] = [];
  const stopAt = Date.now() + durationMs;
  const sender = async (limiter: RedisRateLimiter) => {
    for (;;) {
      await limiter.acquire();
      const now = Date.now();
      if (now >= stopAt) return;
      sentAt.push(now);
    }
  };
  await Promise.all(limiters.flatMap((limiter) => Array.from({ length: sendersPerWorker }, () => sender(limiter))));
  return sentAt.sort((a, b) => a - b);
}

describe('RedisRateLimiter against real Redis', () => {
  const connections: Redis[] = [];
  let key: string;

  const connect = () => {
    const redis = new Redis(REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1 });
    connections.push(redis);
    return redis;
  };
  const twoWorkers = (options: Omit<RedisRateLimiterOptions, 'redis' | 'key'>) => [
    new RedisRateLimiter({ ...options, redis: connect(), key }),
    new RedisRateLimiter({ ...options, redis: connect(), key }),
  ];

  beforeEach(() => {
    key = `test:notify-rate:${randomUUID()}`;
  });

  afterEach(async () => {
    if (connections.length > 0) await connections[0].del(key);
    await Promise.all(connections.splice(0).map((redis) => redis.quit()));
  });

  it('lets two workers together send no more than the limit in any rolling period', async () => {
    // A 2 s period stands in for Notify's 60 s so several whole windows fit in the test.
    const limiters = twoWorkers({ limit: 40, periodMs: 2000, burst: 5 });

    const sentAt = await runWorkers(limiters, 4, 5000);

    // Timestamps are taken after the Redis round trip and timer; 100 ms covers that jitter.
    expect(maxInAnyWindow(sentAt, 2000 - 100)).toBeLessThanOrEqual(40);
    // Not starved either: burst + one every 2000/35 ms over 5 s is about 92.
    expect(sentAt.length).toBeGreaterThanOrEqual(80);
    expect(sentAt.length).toBeLessThanOrEqual(93);
  });

  it('spreads 600 a minute evenly instead of letting the minute’s allowance through at once', async () => {
    const limiters = twoWorkers({ limit: 600 });

    const sentAt = await runWorkers(limiters, 4, 2000);

    expect(limiters[0].burst).toBe(10);
    // 10 at once, then one per 60000/590 ms: about 29 in two seconds, never the 600 a window counter allows.
    expect(maxInAnyWindow(sentAt, 1000)).toBeLessThanOrEqual(10 + 11);
    expect(sentAt.length).toBeGreaterThanOrEqual(25);
    expect(sentAt.length).toBeLessThanOrEqual(31);
  });

  it('refuses once the burst is spent and tells the caller to retry after about one interval', async () => {
    const [first, second] = twoWorkers({ limit: 600 });
    const intervalMs = first.intervalMicros / 1000;

    const burst = await Promise.all(Array.from({ length: 10 }, () => first.tryAcquire()));
    const refused = await second.tryAcquire();

    expect(burst.every((decision) => decision.allowed && decision.retryAfterMs === 0)).toBe(true);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(Math.ceil(intervalMs));

    await new Promise((resolve) => setTimeout(resolve, refused.retryAfterMs));
    expect((await second.tryAcquire()).allowed).toBe(true);
  });

  it('takes a multi-send request whole or not at all, with a retry long enough for all of it', async () => {
    const [limiter] = twoWorkers({ limit: 600 });
    await limiter.tryAcquire(8);

    const refused = await limiter.tryAcquire(5);
    const fits = await limiter.tryAcquire(2);

    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(2 * 100);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(Math.ceil((3 * limiter.intervalMicros) / 1000));
    expect(fits.allowed).toBe(true);
  });

  it('rejects a count larger than the burst, which could never be granted', async () => {
    const [limiter] = twoWorkers({ limit: 600 });

    await expect(limiter.tryAcquire(11)).rejects.toBeInstanceOf(RateLimitCountError);
    await expect(limiter.acquire(0)).rejects.toBeInstanceOf(RateLimitCountError);
  });

  it('waits in acquire until a slot is free', async () => {
    const [limiter] = twoWorkers({ limit: 600 });
    await limiter.tryAcquire(10);
    const started = Date.now();

    await limiter.acquire();
    await limiter.acquire();

    // The second of two sends after an empty bucket is due two intervals (~203 ms) later.
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('stops waiting when its signal is aborted', async () => {
    const [limiter] = twoWorkers({ limit: 600, maxReserveMs: 0 });
    await limiter.tryAcquire(10);
    const controller = new AbortController();
    const waiting = limiter.acquire(10, { signal: controller.signal });

    controller.abort(new Error('worker shutting down'));

    await expect(waiting).rejects.toThrow('worker shutting down');
  });

  it('keeps its Redis key only as long as it matters', async () => {
    const [limiter] = twoWorkers({ limit: 600 });
    await limiter.tryAcquire(3);

    const ttl = await connections[0].pttl(key);

    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(Math.ceil((3 * limiter.intervalMicros) / 1000) + 2);
  });

  it('refuses settings that cannot honour the limit', () => {
    const redis = {} as Redis;
    expect(() => new RedisRateLimiter({ redis, key, limit: 10, burst: 10 })).toThrow(RangeError);
    expect(() => new RedisRateLimiter({ redis, key, limit: 1 })).toThrow(RangeError);
  });
});
