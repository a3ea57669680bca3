import IORedis, { Redis, RedisOptions } from 'ioredis';

/**
 * Two kinds of connection, as BullMQ recommends:
 *  - `worker`: blocking commands, retries forever (`maxRetriesPerRequest: null`) so a Redis restart
 *    pauses the worker instead of crashing it;
 *  - `producer`: fails fast (no offline queue) so an HTTP request never hangs on a dead Redis — the
 *    outbox in Postgres keeps the work and the relay catches up later.
 */
export type RedisRole = 'worker' | 'producer';

export function redisOptions(role: RedisRole): RedisOptions {
  const common: RedisOptions = {
    connectTimeout: 5_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
    lazyConnect: false,
  };
  return role === 'worker'
    ? { ...common, maxRetriesPerRequest: null, enableReadyCheck: false }
    : { ...common, maxRetriesPerRequest: 1, enableOfflineQueue: false };
}

/**
 * `autoPipelining`: commands issued in the same tick go to Redis in one write. For a connection many
 * concurrent sends share (the limits), where a write per command was about a tenth of a busy worker's CPU.
 * Not for BullMQ's connections, which run their own blocking commands and scripts.
 */
export function createRedisConnection(url: string, role: RedisRole, name: string, options: { autoPipelining?: boolean } = {}): Redis {
  const connection = new IORedis(url, { ...redisOptions(role), connectionName: `strike-ops:${name}`, enableAutoPipelining: options.autoPipelining ?? false });
  // Without a listener ioredis prints unhandled error events; reconnection is automatic.
  connection.on('error', () => undefined);
  return connection;
}

/** BullMQ needs `noeviction`: with any other policy Redis may silently drop queued jobs under memory pressure. */
export async function assertNoEviction(connection: Redis): Promise<void> {
  let policy: string | undefined;
  try {
    const reply = (await connection.config('GET', 'maxmemory-policy')) as string[];
    policy = reply[1];
  } catch {
    return; // CONFIG is disabled on some managed Redis services; their policy is set in their console.
  }
  if (policy !== 'noeviction') {
    throw new Error(
      `Redis maxmemory-policy is "${policy}", but queued jobs need "noeviction" (Redis would otherwise delete jobs under memory pressure). ` +
        `Set it with: redis-cli CONFIG SET maxmemory-policy noeviction (and in redis.conf).`,
    );
  }
}
