import { DeliveryHarness, postponementNotice, startDeliveryHarness } from './support/delivery-harness';
import { RedisProcess } from './support/redis-process';
import { WorkerProcess } from './support/worker-process';

const GRACE_SECONDS = 3;

describe('a worker told to stop (SIGTERM) while Redis is down', () => {
  let redis: RedisProcess;
  let h: DeliveryHarness;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    // Redis keeps its data on disk, as production Redis must for BullMQ: the queued jobs outlive the outage.
    redis = await RedisProcess.start({ persistent: true });
    h = await startDeliveryHarness({ REDIS_URL: redis.url });
  }, 120_000);
  afterAll(async () => {
    for (const worker of workers) await worker.kill('SIGKILL');
    await h.close();
    await redis.destroy();
    delete process.env.REDIS_URL;
  }, 120_000);

  it('exits within its shutdown grace, and a new worker then sends every message exactly once', async () => {
    // Notify answers slowly, so sends are in flight when Redis goes.
    h.notify.setBehaviour({ latencyMs: 300 });
    const first = await WorkerProcess.start({ ...h.env, REDIS_URL: redis.url, WORKER_SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS) });
    workers.push(first);
    const patients = await h.patients(300);
    const deadline = new Date(Date.now() + 86_400_000);
    await h.enqueue(patients.map((id) => postponementNotice(h.trust.trustId, id, deadline)));
    await h.waitFor(async () => ((await h.statusCounts()).sent ?? 0) >= 20, 120_000, '20 sent');

    await redis.stop();
    const exit = await first.signalAndWait('SIGTERM', 120_000);
    // It stopped by itself (before: it never did, and needed kill -9), on the grace, saying so.
    expect(exit).not.toBeNull();
    expect(exit!.signal).toBeNull();
    expect(first.output).toContain('"shutting down"');
    expect(first.output).toMatch(/shutdown grace over|"worker stopped"/);

    await redis.restart();
    h.notify.setBehaviour({ latencyMs: 10 });
    workers.push(await WorkerProcess.start({ ...h.env, REDIS_URL: redis.url }));
    await h.waitFor(async () => (await h.statusCounts()).sent === 300, 180_000, 'all 300 sent after the restart');

    // Nothing lost and nothing twice: a message that was being sent when the worker went is found at
    // Notify by its reference, not sent again.
    const references = h.notify.received.map((r) => r.reference);
    expect(references).toHaveLength(300);
    expect(new Set(references).size).toBe(300);
  }, 420_000);
});
