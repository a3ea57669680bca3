import { randomUUID } from 'node:crypto';
import { DeliveryHarness, postponementNotice, recallNotice, startDeliveryHarness } from './support/delivery-harness';

const HOUR_MS = 3_600_000;

/**
 * The mobile networks' per-number caps through two real worker contexts (each with its own Redis
 * connection), real BullMQ and the official Notify client: the 101st text to one number in an hour, and
 * the 21st identical one, wait (pending, held for the number) instead of going, and nothing is dropped.
 */
describe('per-number caps through the real worker', () => {
  let h: DeliveryHarness;

  beforeAll(async () => {
    h = await startDeliveryHarness({ NOTIFY_SMS_PER_NUMBER_PER_HOUR: '100', NOTIFY_SMS_IDENTICAL_PER_NUMBER_PER_HOUR: '20' });
    await h.startWorker();
    await h.startWorker();
  }, 120_000);
  afterAll(async () => {
    await h.close();
  }, 120_000);

  const heldForNumber = async () =>
    (await h.api.dataSource.query(`SELECT id, send_after AS "sendAfter", status FROM notification WHERE held_reason = 'number-cap' ORDER BY created_at`)) as { id: string; sendAfter: Date; status: string }[];

  it('holds the 101st text to one number in an hour until the hour has room, and sends the other 100', async () => {
    // 101 different notices (each about a different appointment time) to patients who share one mobile.
    const patients = await h.patients(101);
    const base = Date.now() + 3 * 86_400_000;
    const before = Date.now();
    await h.enqueue(patients.map((id, n) => postponementNotice(h.trust.trustId, id, new Date(base + n * 3_600_000))));

    await h.waitFor(async () => (await heldForNumber()).length === 1 && (await h.statusCounts()).sent === 100, 120_000, '100 sent and one held');
    const toNumber = h.notify.received.filter((r) => r.to === '+447700900123');
    expect(toNumber).toHaveLength(100);
    expect(new Set(toNumber.map((r) => r.body)).size).toBe(100);

    const [held] = await heldForNumber();
    expect(held.status).toBe('pending');
    // It goes when the first of the hundred leaves the rolling hour, not before and not never.
    const firstSent = Math.min(...toNumber.map((r) => r.receivedAt.getTime()));
    expect(held.sendAfter.getTime()).toBeGreaterThanOrEqual(before + HOUR_MS);
    expect(held.sendAfter.getTime()).toBeLessThanOrEqual(firstSent + HOUR_MS + 1_000);
    expect(toNumber.map((r) => r.reference)).not.toContain(held.id);
  }, 240_000);

  it('holds the 21st identical text to one number while a different text to it still goes', async () => {
    const staff = await h.staff(22);
    // The same recall wording 21 times to one mobile (the test fixture's recall text does not vary).
    await h.enqueue(staff.slice(0, 21).map((id) => recallNotice(h.trust.trustId, id, randomUUID())));
    const toStaff = () => h.notify.received.filter((r) => r.to === '+447700900456');
    // The 21st is held as soon as the first 20 have their places, which can be before all 20 reach Notify.
    await h.waitFor(async () => (await heldForNumber()).length === 2 && toStaff().length >= 20, 120_000, 'the 21st identical text held, 20 sent');
    expect(toStaff()).toHaveLength(20);
    expect(new Set(toStaff().map((r) => r.body)).size).toBe(1);

    // Another wording to the same number is not identical: it goes (the number has had 20 of 100).
    const other = recallNotice(h.trust.trustId, staff[21], randomUUID());
    await h.enqueue([{ ...other, personalisation: { ...other.personalisation, givenName: 'Sam' } } as typeof other]);
    await h.waitFor(async () => toStaff().length === 21, 60_000, 'the different text');
    expect(toStaff()[20].body).toContain('Dear Sam');
    expect(await heldForNumber()).toHaveLength(2);
  }, 240_000);
});
