import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { createRedisConnection } from './redis-connection';
import { RedisRateLimiter } from './redis-rate-limiter';
import { RedisWindowCaps } from './redis-window-caps';

/** A pause every process sees (e.g. after a provider's 429), growing with the streak of reasons for it. */
export interface SharedCooldown {
  /** Counts one more in the streak (forgotten after `streakTtlMs` without one) and pauses for `pauseMs(streak)`. */
  start(pauseMs: (streak: number) => number, streakTtlMs: number): Promise<void>;
  /** The streak is over: the next start counts from one again. */
  endStreak(): Promise<void>;
  /** Milliseconds left of the pause; 0 or less when there is none. */
  remainingMs(): Promise<number>;
}

/** A short-lived flag every process sees (e.g. "recall traffic is going out through this service"). */
export interface SharedSignal {
  /** Raises the flag for `ms` from now (a later raise extends it; never shortens it). */
  raise(ms: number): Promise<void>;
  /** Milliseconds the flag stays raised; 0 or less when it is down. */
  remainingMs(): Promise<number>;
}

/** A count every process adds to (e.g. 429s per Notify service), read by /metrics. */
export interface SharedCounter {
  increment(by?: number): Promise<void>;
  value(): Promise<number>;
}

/**
 * Limits shared by every process through Redis (docs/decisions/0003-gcra-rate-limiter-in-redis.md):
 * the GCRA rate limiter and shared cool-downs, under the queue prefix. Core owns the connection
 * (opened on first use; it waits through a Redis restart rather than failing the send), so libs ask
 * for a limiter by name and never hold an ioredis client.
 */
@Injectable()
export class SharedLimits implements OnModuleDestroy {
  private connection: Redis | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private redis(): Redis {
    if (!this.connection) {
      const connection = createRedisConnection(this.config.redisUrl, 'worker', 'limits', { autoPipelining: true });
      this.connection = connection;
    }
    return this.connection;
  }

  private key(name: string): string {
    return `${this.config.queuePrefix}:${name}`;
  }

  /** A limiter of `limit` per minute shared by every process that asks for `name`. */
  rateLimiter(name: string, limit: number, periodMs?: number): RedisRateLimiter {
    return new RedisRateLimiter({ redis: this.redis(), key: this.key(name), limit, ...(periodMs ? { periodMs } : {}) });
  }

  /** Rolling-window caps (at most N per `windowMs`, per key) shared by every process that asks for `name`. */
  windowCaps(name: string, windowMs: number): RedisWindowCaps {
    return new RedisWindowCaps(this.redis(), this.key(name), windowMs);
  }

  cooldown(name: string): SharedCooldown {
    const pauseKey = this.key(`${name}-cooldown`);
    const streakKey = this.key(`${name}-429-streak`);
    return {
      start: async (pauseMs, streakTtlMs) => {
        const streak = await this.redis().incr(streakKey);
        await this.redis().pexpire(streakKey, streakTtlMs);
        await this.redis().set(pauseKey, '1', 'PX', pauseMs(streak));
      },
      endStreak: async () => {
        await this.redis().del(streakKey);
      },
      remainingMs: () => this.redis().pttl(pauseKey),
    };
  }

  signal(name: string): SharedSignal {
    const key = this.key(`${name}-signal`);
    return {
      raise: async (ms) => {
        // Only ever lengthens: PX on a key whose expiry is already later would cut it short.
        await this.redis().eval(
          `local left = redis.call('PTTL', KEYS[1]) if left < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end return 1`,
          1,
          key,
          String(Math.max(1, Math.round(ms))),
        );
      },
      remainingMs: () => this.redis().pttl(key),
    };
  }

  counter(name: string): SharedCounter {
    const key = this.key(`${name}-count`);
    return {
      increment: async (by = 1) => {
        await this.redis().incrby(key, by);
      },
      value: async () => Number((await this.redis().get(key)) ?? 0),
    };
  }

  onModuleDestroy(): void {
    this.connection?.disconnect();
  }
}
