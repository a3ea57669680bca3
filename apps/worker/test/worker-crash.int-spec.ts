import { DeliveryHarness, postponementNotice, startDeliveryHarness } from './support/delivery-harness';
import { WorkerProcess } from './support/worker-process';

describe('a worker killed with SIGKILL in the middle of a batch', () => {
  let h: DeliveryHarness;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    h = await startDeliveryHarness();
  }, 120_000);
  afterAll(async () => {
    for (const worker of workers) await worker.kill('SIGKILL');
    await h.close();
  }, 120_000);

  it('sends every message, and none twice: messages Notify already had are found by reference, not resent', async () => {
    // After the first 40, Notify records each message but holds its answer until the worker is gone: the
    // dangerous case (accepted by Notify, not yet recorded as sent) is made to happen, not waited for.
    let release!: () => void;
    const answersHeld = new Promise<void>((resolve) => (release = resolve));
    let accepted = 0;
    h.notify.setBehaviour({ onAccepted: async () => (++accepted > 40 ? answersHeld : undefined) });
    const first = await WorkerProcess.start(h.env);
    workers.push(first);
    const patients = await h.patients(1_000);
    const deadline = new Date(Date.now() + 86_400_000);
    await h.enqueue(patients.map((id) => postponementNotice(h.trust.trustId, id, deadline)));
    const acceptedNotRecorded = async () => {
      const sending: string[] = (await h.api.dataSource.query(`SELECT id FROM notification WHERE status = 'sending'`)).map((r: { id: string }) => r.id);
      return sending.filter((id) => h.notify.received.some((r) => r.reference === id));
    };
    await h.waitFor(async () => ((await h.statusCounts()).sent ?? 0) >= 40 && (await acceptedNotRecorded()).length >= 10, 120_000, '40 sent and 10 at Notify unrecorded');

    await first.kill('SIGKILL');
    const acceptedButUnrecorded = await acceptedNotRecorded();
    expect(acceptedButUnrecorded.length).toBeGreaterThan(0); // the dangerous case really happened
    release();
    h.notify.setBehaviour({ onAccepted: null });

    workers.push(await WorkerProcess.start(h.env));
    await h.waitFor(async () => (await h.statusCounts()).sent === 1_000, 240_000, 'all 1,000 sent after the restart');

    const references = h.notify.received.map((r) => r.reference);
    expect(new Set(references).size).toBe(1_000);
    expect(references.length - new Set(references).size).toBe(0); // duplicates: none, thanks to the look-up
    const recovered = await h.api.dataSource.query(`SELECT id, provider_id FROM notification WHERE id = ANY($1::uuid[])`, [acceptedButUnrecorded]);
    for (const row of recovered) expect(h.notify.received.find((r) => r.reference === row.id)?.id).toBe(row.provider_id);
  }, 420_000);
});
