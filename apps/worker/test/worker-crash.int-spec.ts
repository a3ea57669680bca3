import { DeliveryHarness, postponementNotice, startDeliveryHarness } from './support/delivery-harness';
import { WorkerProcess } from './support/worker-process';

describe('a worker killed with SIGKILL in the middle of a batch', () => {
  let h: DeliveryHarness;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    h = await startDeliveryHarness();
  });
  afterAll(async () => {
    for (const worker of workers) await worker.kill('SIGKILL');
    await h.close();
  });

  it('sends every message, and none twice: messages Notify already had are found by reference, not resent', async () => {
    // Notify answers slowly, so at any moment ~100 messages are accepted by Notify but not yet recorded as sent.
    h.notify.setBehaviour({ latencyMs: 400 });
    const first = await WorkerProcess.start(h.env);
    workers.push(first);
    const patients = await h.patients(1_000);
    const deadline = new Date(Date.now() + 86_400_000);
    await h.enqueue(patients.map((id) => postponementNotice(h.trust.trustId, id, deadline)));
    await h.waitFor(async () => ((await h.statusCounts()).sent ?? 0) >= 40, 30_000, '40 sent');

    await first.kill('SIGKILL');
    const sendingAtKill: string[] = (await h.api.dataSource.query(`SELECT id FROM notification WHERE status = 'sending'`)).map((r: { id: string }) => r.id);
    const acceptedButUnrecorded = sendingAtKill.filter((id) => h.notify.received.some((r) => r.reference === id));
    expect(acceptedButUnrecorded.length).toBeGreaterThan(0); // the dangerous case really happened

    h.notify.setBehaviour({ latencyMs: 20 });
    workers.push(await WorkerProcess.start(h.env));
    await h.waitFor(async () => (await h.statusCounts()).sent === 1_000, 120_000, 'all 1,000 sent after the restart');

    const references = h.notify.received.map((r) => r.reference);
    expect(new Set(references).size).toBe(1_000);
    expect(references.length - new Set(references).size).toBe(0); // duplicates: none, thanks to the look-up
    const recovered = await h.api.dataSource.query(`SELECT id, provider_id FROM notification WHERE id = ANY($1::uuid[])`, [acceptedButUnrecorded]);
    for (const row of recovered) expect(h.notify.received.find((r) => r.reference === row.id)?.id).toBe(row.provider_id);
  }, 180_000);
});
