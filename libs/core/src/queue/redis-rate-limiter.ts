/**
 * One send budget for every worker process, kept in Redis, so that together they stay under GOV.UK
 * Notify's per-key limit (3,000 requests per rolling 60 s; request 3,001 gets a 429).
 *
 * Algorithm: GCRA (the generic cell rate algorithm, a token bucket stored as one timestamp). Chosen over
 * a fixed or sliding window counter because it spaces sends evenly: a window counter lets the whole
 * minute's 3,000 through in the first second, a burst that Notify would see bunched together after
 * network jitter, and that starves everything queued behind it for the rest of the minute. GCRA allows
 * at most `burst` sends at once and then one every `periodMs / (limit - burst)`, which gives:
 *
 *     in ANY closed window of periodMs, sends ≤ burst + (limit - burst) = limit
 *
 * so the default (3,000/min, burst 50) sustains 2,950/min — 98% of Notify's limit for a hard guarantee.
 *
 * Atomicity: the whole decision runs as one Lua script, and the clock is Redis's own `TIME`, so workers
 * on hosts whose clocks disagree still share one timeline.
 *
 * `acquire()` reserves: it books the next free slot (up to `maxReserveMs` ahead) and sleeps until it.
 * Waiters therefore queue in arrival order with one Redis call each, instead of all polling and racing
 * every time a slot frees. A reservation whose holder dies is simply an unused slot.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export const DEFAULT_NOTIFY_RATE_PER_MINUTE = 3000;
const DEFAULT_PERIOD_MS = 60_000;
const DEFAULT_MAX_RESERVE_MS = 1_000;

export interface RedisRateLimiterOptions {
  redis: Redis;
  /** One key per Notify API key: the limit is Notify's per key, shared by every process using it. */
  key: string;
  /** Sends allowed in any rolling `periodMs`; NOTIFY_RATE_PER_MINUTE. */
  limit?: number;
  periodMs?: number;
  /** Sends allowed back to back after a quiet spell; defaults to one second's share of the limit. */
  burst?: number;
  /** How far ahead `acquire()` may book a slot; beyond it, it waits without booking and asks again. */
  maxReserveMs?: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** 0 when allowed; otherwise how long until `tryAcquire` with the same count would succeed. */
  retryAfterMs: number;
}

// Returns {allowed, microseconds}: when allowed, how long until the booked slot (0 if now); when refused,
// how long until the request would fit.
const GCRA_SCRIPT = `
if redis.replicate_commands then redis.replicate_commands() end
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local count = tonumber(ARGV[3])
local max_reserve = tonumber(ARGV[4])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local new_tat = tat + count * interval
local allow_at = new_tat - burst * interval
local wait = allow_at - now
if wait > max_reserve then
  return {0, wait}
end
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.ceil((new_tat - now) / 1000) + 1)
if wait < 0 then wait = 0 end
return {1, wait}
`;
const GCRA_SCRIPT_SHA = createHash('sha1').update(GCRA_SCRIPT).digest('hex');

export class RateLimitCountError extends RangeError {}

function microsToMs(micros: number): number {
  return Math.ceil(micros / 1000);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class RedisRateLimiter {
  readonly limit: number;
  readonly periodMs: number;
  readonly burst: number;
  /** Spacing between sends once the burst is used, in microseconds (integer, rounded up to stay under). */
  readonly intervalMicros: number;
  private readonly redis: Redis;
  private readonly key: string;
  private readonly maxReserveMicros: number;

  constructor(options: RedisRateLimiterOptions) {
    this.redis = options.redis;
    this.key = options.key;
    this.limit = options.limit ?? DEFAULT_NOTIFY_RATE_PER_MINUTE;
    this.periodMs = options.periodMs ?? DEFAULT_PERIOD_MS;
    if (!Number.isInteger(this.limit) || this.limit < 2) throw new RangeError(`limit must be a whole number ≥ 2, got ${this.limit}`);
    if (!(this.periodMs > 0)) throw new RangeError(`periodMs must be positive, got ${this.periodMs}`);
    this.burst = options.burst ?? Math.min(this.limit - 1, Math.max(1, Math.ceil((this.limit * 1000) / this.periodMs)));
    if (!Number.isInteger(this.burst) || this.burst < 1 || this.burst >= this.limit) {
      throw new RangeError(`burst must be a whole number from 1 to limit - 1, got ${this.burst}`);
    }
    this.intervalMicros = Math.ceil((this.periodMs * 1000) / (this.limit - this.burst));
    const maxReserveMs = options.maxReserveMs ?? DEFAULT_MAX_RESERVE_MS;
    if (!(maxReserveMs >= 0)) throw new RangeError(`maxReserveMs must be 0 or more, got ${maxReserveMs}`);
    this.maxReserveMicros = Math.floor(maxReserveMs * 1000);
  }

  /** Takes `count` sends now if they fit, else none, and says when they would. */
  async tryAcquire(count = 1): Promise<RateLimitDecision> {
    const [allowed, micros] = await this.run(count, 0);
    return { allowed, retryAfterMs: allowed ? 0 : Math.max(1, microsToMs(micros)) };
  }

  /** Resolves when `count` sends may go; rejects with the signal's reason if aborted while waiting. */
  async acquire(count = 1, options: { signal?: AbortSignal } = {}): Promise<void> {
    for (;;) {
      options.signal?.throwIfAborted();
      const [booked, micros] = await this.run(count, this.maxReserveMicros);
      if (booked) {
        if (micros > 0) await sleep(microsToMs(micros), options.signal);
        return;
      }
      await sleep(Math.max(1, microsToMs(micros - this.maxReserveMicros)), options.signal);
    }
  }

  /**
   * Books `count` consecutive slots in one Redis call and says how long each booking must wait for its
   * own slot, in ms, in order. Unlike acquire(count), which holds all of them until the last is due, the
   * first of a group goes as soon as its slot comes: when the burst is spent, a recall's first send no
   * longer waits for the four slots behind it (4 × 20 ms at 3,000 a minute).
   */
  async bookEach(count: number, options: { signal?: AbortSignal } = {}): Promise<number[]> {
    for (;;) {
      options.signal?.throwIfAborted();
      const [booked, micros] = await this.run(count, this.maxReserveMicros);
      if (booked) return Array.from({ length: count }, (_, index) => Math.max(0, microsToMs(micros - (count - 1 - index) * this.intervalMicros)));
      await sleep(Math.max(1, microsToMs(micros - this.maxReserveMicros)), options.signal);
    }
  }

  /** Forgets all history: the next sends get the full burst. */
  async reset(): Promise<void> {
    await this.redis.del(this.key);
  }

  private async run(count: number, maxReserveMicros: number): Promise<[boolean, number]> {
    if (!Number.isInteger(count) || count < 1 || count > this.burst) {
      throw new RateLimitCountError(`count must be a whole number from 1 to the burst (${this.burst}), got ${count}`);
    }
    const args = [this.intervalMicros, this.burst, count, maxReserveMicros];
    let result: unknown;
    try {
      result = await this.redis.evalsha(GCRA_SCRIPT_SHA, 1, this.key, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      result = await this.redis.eval(GCRA_SCRIPT, 1, this.key, ...args);
    }
    const [allowed, micros] = result as [number, number];
    return [allowed === 1, micros];
  }
}
