import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { RateLimitCountError, RedisRateLimiter, RedisRateLimiterOptions } from './redis-rate-limiter';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Grant {
  /** Just before acquire() was called: the slot it booked cannot be earlier. */
  askedAt: number;
  /** When acquire() returned: the slot cannot be later. */
  sentAt: number;
}

/**
 * Two limiters on two connections, as two worker processes would have, each with several senders.
 * Each grant is bracketed by two timestamps, because a busy machine delays the wake-up after a slot:
 * a check that uses only the wake-up times can see bunching the limiter never allowed.
 */
async function runWorkers(limiters: RedisRateLimiter[], sendersPerWorker: number, durationMs: number): Promise<Grant[]> {
  const grants: Grant[] = [];
  const stopAt = Date.now() + durationMs;
  const sender = async (limiter: RedisRateLimiter) => {
    for (;;) {
      const askedAt = Date.now();
      await limiter.acquire();
      const sentAt = Date.now();
      if (sentAt >= stopAt) return;
      grants.push({ askedAt, sentAt });
    }
  };
  await Promise.all(limiters.flatMap((limiter) => Array.from({ length: sendersPerWorker }, () => sender(limiter))));
  return grants.sort((a, b) => a.sentAt - b.sentAt);
}

/**
 * The most grants any run of consecutive grants holds beyond what `allowed(span)` permits, where span is
 * the longest time those grants' slots could be spread over (last return − earliest ask). A correct
 * limiter keeps this ≤ 0 however late the wake-ups come; a limiter that lets too many through in a short
 * time does not.
 */
function worstExcess(grants: Grant[], allowed: (spanMs: number) => number): number {
  let worst = -Infinity;
  for (let i = 0; i < grants.length; i++) {
    let earliestAsk = grants[i].askedAt;
    for (let j = i; j < grants.length; j++) {
      earliestAsk = Math.min(earliestAsk, grants[j].askedAt);
      worst = Math.max(worst, j - i + 1 - allowed(grants[j].sentAt - earliestAsk));
    }
  }
  return worst;
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

    const grants = await runWorkers(limiters, 4, 5000);

    // Any 41 grants are spread over more than a period: none of them more than the limit in any window.
    expect(worstExcess(grants, (span) => (span < 2000 ? 40 : Infinity))).toBeLessThanOrEqual(0);
    expect(grants.length).toBeGreaterThan(40); // enough to have tested a whole window
  });

  it('spreads 600 a minute evenly instead of letting the minute’s allowance through at once', async () => {
    const limiters = twoWorkers({ limit: 600 });

    const grants = await runWorkers(limiters, 4, 2000);

    expect(limiters[0].burst).toBe(10);
    // 10 at once, then one per 60000/590 ms — never the 600 a window counter would let through at once.
    const intervalMs = limiters[0].intervalMicros / 1000;
    expect(worstExcess(grants, (span) => 10 + Math.floor(span / intervalMs) + 1)).toBeLessThanOrEqual(0);
    expect(grants.length).toBeGreaterThan(11); // past the burst
  });

  /**
   * Decisions that depend on how much time passed between two calls use a limiter with a whole second
   * between slots: a busy machine can stall for tens of milliseconds between two awaits, which at 600 a
   * minute (one slot every 102 ms) would turn "refused" into "allowed".
   */
  const ONE_PER_SECOND = { limit: 70, periodMs: 60_000, burst: 10 };

  it('refuses once the burst is spent and tells the caller to retry after about one interval', async () => {
    const [first, second] = twoWorkers(ONE_PER_SECOND);
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
    const [limiter] = twoWorkers(ONE_PER_SECOND);
    await limiter.tryAcquire(8);

    const refused = await limiter.tryAcquire(5);
    const fits = await limiter.tryAcquire(2);

    // 5 more need 3 slots beyond the 2 left of the burst: about three intervals away.
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(2 * 1000);
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
    // Taken before the bucket is emptied: the slots are counted from that moment (Redis's), not from
    // whenever this process got round to reading the clock afterwards.
    const started = Date.now();
    await limiter.tryAcquire(10);

    await limiter.acquire();
    await limiter.acquire();

    // The second of two sends after an empty bucket is due two intervals (~203 ms) later.
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('books a group of sends in one call, each due at its own slot rather than all at the last', async () => {
    const [limiter] = twoWorkers({ limit: 600 });
    await limiter.tryAcquire(10); // the burst spent: slots now come one interval (~102 ms) apart

    const waits = await limiter.bookEach(3);

    expect(waits).toHaveLength(3);
    // Each a whole interval after the one before (±1 ms of rounding); the first is not held for the third.
    expect(waits[1] - waits[0]).toBeGreaterThanOrEqual(limiter.intervalMicros / 1000 - 1);
    expect(waits[2] - waits[1]).toBeGreaterThanOrEqual(limiter.intervalMicros / 1000 - 1);
    expect(waits[0]).toBeLessThanOrEqual(waits[2] - 2 * (limiter.intervalMicros / 1000) + 1);
    // And they count against the limit like any other send: the next slot is after the third.
    const next = await limiter.tryAcquire(1);
    expect(next.allowed).toBe(false);
    expect(next.retryAfterMs).toBeGreaterThanOrEqual(waits[2]);
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
    const [limiter] = twoWorkers(ONE_PER_SECOND);
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
