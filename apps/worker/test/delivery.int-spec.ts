import { DeliveryHarness, postponementNotice, recallNotice, startDeliveryHarness } from './support/delivery-harness';

describe('sending through GOV.UK Notify (real Postgres, Redis, worker and the official client)', () => {
  let h: DeliveryHarness;

  beforeAll(async () => {
    h = await startDeliveryHarness();
    await h.startWorker();
  });
  afterAll(() => h.close());

  it('sends every queued notice once, with the notification id as the only reference and the safety wording', async () => {
    const patients = await h.patients(40);
    const deadline = new Date(Date.now() + 7 * 86_400_000);
    await h.enqueue(patients.map((id) => postponementNotice(h.trust.trustId, id, deadline)));
    await h.waitFor(async () => (await h.statusCounts()).sent === 40, 20_000, '40 sent');

    const ids = (await h.api.dataSource.query(`SELECT id, provider_id FROM notification`)) as { id: string; provider_id: string }[];
    const received = h.notify.received.filter((r) => ids.some((n) => n.id === r.reference));
    expect(received).toHaveLength(40);
    expect(new Set(received.map((r) => r.reference)).size).toBe(40);
    expect(h.notify.counts.unauthorised).toBe(0);
    for (const message of received) {
      expect(message.type).toBe('sms');
      expect(message.to).toBe('+447700900123');
      expect(String(message.personalisation?.body)).toMatch(/111/);
      expect(String(message.personalisation?.body)).toMatch(/999/);
      expect(String(message.personalisation?.body)).not.toMatch(/\d{10}/);
    }
    // Provider ids are recorded so delivery receipts can be matched.
    expect(ids.every((n) => received.some((r) => r.id === n.provider_id))).toBe(true);
  });

  it('sends a recall ahead of a backlog of 10,000 patient notices, in under a second', async () => {
    h.notify.setBehaviour({ latencyMs: 40 });
    const patients = await h.patients(10_000);
    const deadline = new Date(Date.now() + 3 * 86_400_000);
    await h.enqueue(patients.map((id) => postponementNotice(h.trust.trustId, id, deadline)));
    await h.waitFor(async () => (await h.statusCounts()).sent > 300, 20_000, 'the backlog to be draining');

    const [staffId] = await h.staff(1);
    const incidentId = '11111111-2222-4333-8444-555555555555';
    const before = Date.now();
    await h.enqueue([recallNotice(h.trust.trustId, staffId, incidentId)]);
    await h.waitFor(async () => h.notify.received.some((r) => r.to === '+447700900456'), 5_000, 'the recall to be sent');
    const recall = h.notify.received.find((r) => r.to === '+447700900456')!;
    expect(recall.receivedAt.getTime() - before).toBeLessThan(1_000);
    const [{ unsent }] = await h.api.dataSource.query(`SELECT count(*)::int AS unsent FROM notification WHERE status IN ('pending', 'queued')`);
    expect(unsent).toBeGreaterThan(1_000); // the backlog was still there: the recall really jumped it
    h.notify.resetBehaviour();
    await h.waitFor(async () => ((await h.statusCounts()).queued ?? 0) + ((await h.statusCounts()).pending ?? 0) === 0, 60_000, 'the backlog to finish');
  }, 120_000);

  it('records a permanent failure the trust can act on for a number Notify refuses and for a patient with no contact details', async () => {
    h.notify.setBehaviour({ rejectedPhoneNumbers: ['+447700900999'] });
    const [refused, unreachable] = await h.patients(2);
    await h.api.dataSource.query(`UPDATE patient SET mobile = '+447700900999' WHERE id = $1`, [refused]);
    await h.api.dataSource.query(`UPDATE patient SET mobile = NULL, email = NULL, address_lines = NULL, postcode = NULL WHERE id = $1`, [unreachable]);
    const deadline = new Date(Date.now() + 86_400_000);
    await h.enqueue([postponementNotice(h.trust.trustId, refused, deadline), postponementNotice(h.trust.trustId, unreachable, deadline)]);
    await h.waitFor(async () => (await h.api.dataSource.query(`SELECT 1 FROM notification WHERE patient_id = ANY($1) AND status = 'permanent-failure'`, [[refused, unreachable]])).length === 2, 10_000, 'both failures');
    const rows = await h.api.dataSource.query(`SELECT patient_id, failure_reason FROM notification WHERE patient_id = ANY($1)`, [[refused, unreachable]]);
    expect(rows.find((r: { patient_id: string }) => r.patient_id === refused).failure_reason).toMatch(/refused the message \(400\)/);
    expect(rows.find((r: { patient_id: string }) => r.patient_id === unreachable).failure_reason).toMatch(/no mobile, email or postal address/);
    h.notify.resetBehaviour();
  });

  it('does not send a notice whose deadline has already passed, and says why', async () => {
    const [patient] = await h.patients(1);
    await h.enqueue([postponementNotice(h.trust.trustId, patient, new Date(Date.now() - 60_000))]);
    await h.waitFor(async () => (await h.api.dataSource.query(`SELECT 1 FROM notification WHERE patient_id = $1 AND status = 'permanent-failure'`, [patient])).length === 1, 10_000, 'the failure');
    expect(h.notify.received.some((r) => r.personalisation && JSON.stringify(r).includes(patient))).toBe(false);
  });
});

describe('a storm of 429s from Notify', () => {
  let h: DeliveryHarness;

  beforeAll(async () => {
    h = await startDeliveryHarness({ NOTIFY_RATE_PER_MINUTE: '240' });
    await h.startWorker();
  });
  afterAll(() => h.close());

  it('loses no message and keeps to the configured rate', async () => {
    h.notify.setBehaviour({ rateLimitNextRequests: 8 });
    const patients = await h.patients(30);
    const deadline = new Date(Date.now() + 86_400_000);
    await h.enqueue(patients.map((id) => postponementNotice(h.trust.trustId, id, deadline)));
    await h.waitFor(async () => (await h.statusCounts()).sent === 30, 60_000, '30 sent');

    expect(h.notify.counts.rateLimited).toBe(8);
    const accepted = h.notify.received.map((r) => r.receivedAt.getTime()).sort((a, b) => a - b);
    expect(new Set(h.notify.received.map((r) => r.reference)).size).toBe(30);
    // 240 a minute is 4 a second: no 3-second window may hold more than 12 (+ the limiter's burst of 4).
    for (let i = 0; i < accepted.length; i++) {
      const inWindow = accepted.filter((t) => t >= accepted[i] && t < accepted[i] + 3_000).length;
      expect(inWindow).toBeLessThanOrEqual(16);
    }
  }, 90_000);
});
