import { DeliveryHarness, postponementNotice, startDeliveryHarness } from './support/delivery-harness';
import { RedisProcess } from './support/redis-process';

describe('Redis down while notices are committed', () => {
  let redis: RedisProcess;
  let h: DeliveryHarness;

  beforeAll(async () => {
    redis = await RedisProcess.start();
    h = await startDeliveryHarness({ REDIS_URL: redis.url });
    await h.startWorker();
  }, 120_000);
  afterAll(async () => {
    await h.close();
    await redis.stop();
    delete process.env.REDIS_URL;
  }, 120_000);

  it('still commits the change, and sends every message once Redis is back', async () => {
    const deadline = new Date(Date.now() + 86_400_000);
    const before = await h.patients(5);
    await h.enqueue(before.map((id) => postponementNotice(h.trust.trustId, id, deadline)));
    await h.waitFor(async () => (await h.statusCounts()).sent === 5, 60_000, 'the first 5 sent');

    await redis.stop();
    const during = await h.patients(50);
    await h.enqueue(during.map((id) => postponementNotice(h.trust.trustId, id, deadline))); // commits: the outbox is in Postgres
    expect((await h.api.request('GET', '/health')).status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await h.statusCounts()).pending).toBe(50);

    await redis.restart();
    await h.waitFor(async () => (await h.statusCounts()).sent === 55, 120_000, 'all 55 sent after Redis returned');
    const references = h.notify.received.map((r) => r.reference);
    expect(new Set(references).size).toBe(55);
    expect(references).toHaveLength(55);
  }, 300_000);
});
