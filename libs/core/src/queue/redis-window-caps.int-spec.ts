import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { RedisWindowCaps } from './redis-window-caps';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Two connections, as two worker processes would have, racing for the last places of a window. */
describe('RedisWindowCaps against real Redis', () => {
  const connections: Redis[] = [];
  const prefix = `test-window-caps-${randomUUID()}`;
  const connect = () => {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    connections.push(redis);
    return new RedisWindowCaps(redis, prefix, 3_600_000);
  };
  afterAll(async () => {
    const keys = await connections[0].keys(`${prefix}:*`);
    if (keys.length) await connections[0].del(...keys);
    for (const connection of connections) connection.disconnect();
  });

  it('admits exactly the limit across processes racing for it, and refuses the rest with when it frees', async () => {
    const [a, b] = [connect(), connect()];
    const caps = [{ key: 'n1', limit: 100 }];
    const decisions = await Promise.all(Array.from({ length: 150 }, (_, n) => (n % 2 ? a : b).admit(`m${n}`, caps)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(100);
    const refused = decisions.filter((d) => !d.allowed);
    expect(refused).toHaveLength(50);
    for (const decision of refused) {
      if (decision.allowed) continue;
      expect(decision.fullKey).toBe('n1');
      expect(decision.retryAt.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    }
  });

  it('admits into every window or none, does not count a retried member twice, and gives places back', async () => {
    const caps = connect();
    const windows = [{ key: 'n2', limit: 3 }, { key: 'n2:same', limit: 2 }];
    expect(await caps.admit('x1', windows)).toEqual({ allowed: true });
    expect(await caps.admit('x1', windows)).toEqual({ allowed: true });
    expect(await caps.admit('x2', windows)).toEqual({ allowed: true });
    expect(await caps.admit('x3', windows)).toMatchObject({ allowed: false, fullKey: 'n2:same' });
    // The refused one took no place in the other window: a different text still fits.
    expect(await caps.admit('y1', [{ key: 'n2', limit: 3 }, { key: 'n2:other', limit: 2 }])).toEqual({ allowed: true });
    expect(await caps.admit('y2', [{ key: 'n2', limit: 3 }, { key: 'n2:other', limit: 2 }])).toMatchObject({ allowed: false, fullKey: 'n2' });
    await caps.release('y1', ['n2', 'n2:other']);
    expect(await caps.admit('y2', [{ key: 'n2', limit: 3 }, { key: 'n2:other', limit: 2 }])).toEqual({ allowed: true });
  });
});
