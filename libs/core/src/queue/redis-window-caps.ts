/**
 * Rolling-window caps shared by every process, in Redis: "at most N in any rolling window" for several
 * windows at once, all or nothing (the mobile networks' per-number caps use two: every text to a number,
 * and the texts with the same content). Each window is a sorted set of members scored by the time they
 * were admitted; one Lua script trims, counts and admits, with Redis's own clock (`TIME`), so two
 * workers can never both take the last place and hosts whose clocks disagree share one timeline.
 *
 * Admitting a member already in the first window is a no-op that succeeds (a retried send is not
 * counted twice). A refusal says when the fullest window will have room: when the oldest member that
 * fills it leaves the window.
 */
import type { Redis } from 'ioredis';

export interface WindowCap {
  /** The sorted set's name, under the limiter's prefix. */
  key: string;
  limit: number;
}

export type WindowCapDecision = { allowed: true } | { allowed: false; retryAt: Date; fullKey: string };

// ARGV: member, window ms, then one limit per key. Returns {0} when admitted, else {retryAtMs, index of the full key (1-based)}.
const ADMIT_SCRIPT = `
if redis.replicate_commands then redis.replicate_commands() end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window = tonumber(ARGV[2])
for i = 1, #KEYS do redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window) end
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return {0, 0} end
local retry = 0
local full = 0
for i = 1, #KEYS do
  local limit = tonumber(ARGV[i + 2])
  local count = redis.call('ZCARD', KEYS[i])
  if count >= limit then
    local oldest = redis.call('ZRANGE', KEYS[i], count - limit, count - limit, 'WITHSCORES')
    local at = tonumber(oldest[2]) + window
    if at > retry then retry = at; full = i end
  end
end
if retry > 0 then return {retry, full} end
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], now, ARGV[1])
  redis.call('PEXPIRE', KEYS[i], window)
end
return {0, 0}
`;

export class RedisWindowCaps {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly windowMs: number,
  ) {}

  /** Admits `member` into every window, or into none and says when the fullest one frees. */
  async admit(member: string, caps: readonly WindowCap[]): Promise<WindowCapDecision> {
    const [retryAt, full] = (await this.redis.eval(
      ADMIT_SCRIPT,
      caps.length,
      ...caps.map((cap) => this.fullKey(cap.key)),
      member,
      this.windowMs,
      ...caps.map((cap) => cap.limit),
    )) as [number, number];
    return retryAt === 0 ? { allowed: true } : { allowed: false, retryAt: new Date(Number(retryAt)), fullKey: caps[full - 1].key };
  }

  /** Gives the places back (the text was never accepted). */
  async release(member: string, keys: readonly string[]): Promise<void> {
    if (!keys.length) return;
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.zrem(this.fullKey(key), member);
    await pipeline.exec();
  }

  private fullKey(key: string): string {
    return `${this.prefix}:${key}`;
  }
}
