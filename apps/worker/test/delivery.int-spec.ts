import { DeliveryHarness, postponementNotice, recallNotice, startDeliveryHarness } from './support/delivery-harness';

describe('sending through GOV.UK Notify (real Postgres, Redis, worker and the official client)', () => {
  let h: DeliveryHarness;

  beforeAll(async () => {
    h = await startDeliveryHarness();
    await h.startWorker();
  }, 120_000);
  afterAll(() => h.close(), 120_000);

  it('sends every queued notice once, with the notification id as the only reference and the safety wording', async () => {
    const patients = await h.patients(40);
    const deadline = new Date(Date.now() + 7 * 86_400_000);
    await h.enqueue(patients.map((id) => postponementNotice(h.trust.trustId, id, deadline)));
    await h.waitFor(async () => (await h.statusCounts()).sent === 40, 60_000, '40 sent');

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
  }, 120_000);

  it('sends a recall ahead of a backlog of 10,000 patient notices: no notice queued after it reaches Notify first', async () => {
    // Order and counts only, never time: the machine may be busy, so every wait is for a condition.
    h.notify.setBehaviour({ latencyMs: 40 });
    const patients = await h.patients(10_200);
    const backlog = patients.slice(0, 10_000);
    const deadline = new Date(Date.now() + 3 * 86_400_000);
    await h.enqueue(backlog.map((id) => postponementNotice(h.trust.trustId, id, deadline)));
    await h.waitFor(async () => ((await h.statusCounts()).sent ?? 0) > 340, 240_000, 'the backlog to be draining');

    const [staffId] = await h.staff(1);
    await h.enqueue([recallNotice(h.trust.trustId, staffId, '11111111-2222-4333-8444-555555555555')]);
    await h.waitFor(async () => (await h.api.dataSource.query(`SELECT 1 FROM notification WHERE staff_id = $1 AND status <> 'pending'`, [staffId])).length === 1, 240_000, 'the recall on its queue');
    // Notices queued after the recall, due sooner than any of the backlog, so they would be the next to go.
    const later = patients.slice(10_000);
    await h.enqueue(later.map((id) => postponementNotice(h.trust.trustId, id, new Date(deadline.getTime() - 86_400_000))));

    await h.waitFor(async () => h.notify.received.some((r) => r.to === '+447700900456'), 240_000, 'the recall at Notify');
    await h.waitFor(async () => (await h.api.dataSource.query(`SELECT 1 FROM notification WHERE patient_id = ANY($1::uuid[]) AND status = 'sent'`, [later])).length === later.length, 240_000, 'the later notices sent');

    const references = new Map<string, string>(
      (await h.api.dataSource.query(`SELECT id, patient_id FROM notification WHERE patient_id = ANY($1::uuid[])`, [patients])).map((r: { id: string; patient_id: string }) => [r.id, r.patient_id]),
    );
    const laterIds = new Set(later);
    const recallAt = h.notify.received.findIndex((r) => r.to === '+447700900456');
    const beforeRecall = h.notify.received.slice(0, recallAt).map((r) => references.get(r.reference ?? ''));
    expect(beforeRecall.filter((patientId) => patientId !== undefined && laterIds.has(patientId))).toEqual([]);
    // The backlog was still there when the recall went: it really jumped the queue.
    const backlogSentBeforeRecall = beforeRecall.filter((patientId) => patientId !== undefined && !laterIds.has(patientId)).length;
    expect(backlog.length - backlogSentBeforeRecall).toBeGreaterThan(1_000);
    expect(h.notify.received.filter((r) => r.to === '+447700900456')).toHaveLength(1);

    // Done with the backlog: withdraw what is left, and wait for the messages in flight to land.
    h.notify.resetBehaviour();
    // The worker is still claiming and sending these rows: a bulk update can deadlock with it, so try again.
    for (let attempt = 1; ; attempt++) {
      try {
        await h.api.dataSource.query(`UPDATE notification SET status = 'cancelled' WHERE status IN ('pending', 'queued')`);
        break;
      } catch (error) {
        if (attempt >= 5 || !/deadlock detected/.test((error as Error).message)) throw error;
      }
    }
    await h.waitFor(async () => !(await h.statusCounts()).sending, 240_000, 'the messages in flight');
  }, 900_000);

  it('records a permanent failure the trust can act on for a number Notify refuses and for a patient with no contact details', async () => {
    h.notify.setBehaviour({ rejectedPhoneNumbers: ['+447700900999'] });
    const [refused, unreachable] = await h.patients(2);
    await h.api.dataSource.query(`UPDATE patient SET mobile = '+447700900999' WHERE id = $1`, [refused]);
    await h.api.dataSource.query(`UPDATE patient SET mobile = NULL, email = NULL, address_lines = NULL, postcode = NULL WHERE id = $1`, [unreachable]);
    const deadline = new Date(Date.now() + 86_400_000);
    await h.enqueue([postponementNotice(h.trust.trustId, refused, deadline), postponementNotice(h.trust.trustId, unreachable, deadline)]);
    await h.waitFor(async () => (await h.api.dataSource.query(`SELECT 1 FROM notification WHERE patient_id = ANY($1) AND status = 'permanent-failure'`, [[refused, unreachable]])).length === 2, 60_000, 'both failures');
    const rows = await h.api.dataSource.query(`SELECT patient_id, failure_reason FROM notification WHERE patient_id = ANY($1)`, [[refused, unreachable]]);
    expect(rows.find((r: { patient_id: string }) => r.patient_id === refused).failure_reason).toMatch(/refused the message \(400\)/);
    expect(rows.find((r: { patient_id: string }) => r.patient_id === unreachable).failure_reason).toMatch(/no mobile, email or postal address/);
    h.notify.resetBehaviour();
  }, 120_000);

  it('does not send a notice whose deadline has already passed, and says why', async () => {
    const [patient] = await h.patients(1);
    await h.enqueue([postponementNotice(h.trust.trustId, patient, new Date(Date.now() - 60_000))]);
    await h.waitFor(async () => (await h.api.dataSource.query(`SELECT 1 FROM notification WHERE patient_id = $1 AND status = 'permanent-failure'`, [patient])).length === 1, 60_000, 'the failure');
    expect(h.notify.received.some((r) => r.personalisation && JSON.stringify(r).includes(patient))).toBe(false);
  }, 120_000);
});

describe('a storm of 429s from Notify', () => {
  let h: DeliveryHarness;

  beforeAll(async () => {
    h = await startDeliveryHarness({ NOTIFY_RATE_PER_MINUTE: '240' });
    await h.startWorker();
  }, 120_000);
  afterAll(() => h.close(), 120_000);

  it('loses no message and keeps to the configured rate', async () => {
    h.notify.setBehaviour({ rateLimitNextRequests: 8 });
    const patients = await h.patients(30);
    const deadline = new Date(Date.now() + 86_400_000);
    const queuedAt = Date.now();
    await h.enqueue(patients.map((id) => postponementNotice(h.trust.trustId, id, deadline)));
    await h.waitFor(async () => (await h.statusCounts()).sent === 30, 120_000, '30 sent');

    expect(h.notify.counts.rateLimited).toBe(8);
    expect(new Set(h.notify.received.map((r) => r.reference)).size).toBe(30);
    // 240 a minute with a burst of 4: the limiter spaces the other 26 at least 60 s / 236 apart, so the
    // last cannot reach Notify sooner than 26 × 254 ms after they were queued. A busy machine only adds
    // to that, so this bound holds however loaded it is (an upper bound would not).
    const last = Math.max(...h.notify.received.map((r) => r.receivedAt.getTime()));
    expect(last - queuedAt).toBeGreaterThanOrEqual(26 * Math.floor(60_000 / 236));
  }, 180_000);
});
