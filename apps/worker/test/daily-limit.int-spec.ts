import { DeliveryHarness, postponementNotice, recallNotice, startDeliveryHarness } from './support/delivery-harness';
import { WorkerProcess } from './support/worker-process';

const DAY_MS = 86_400_000;
const MIDNIGHT_MARGIN_MS = 5 * 60_000;

/**
 * The day's counters and holds belong to one UTC day, and these tests take a few seconds each: started
 * just before midnight, the day would turn under them (the counter reads 0 and the holds fall due). Wait
 * for the new day instead, so the file means the same at 23:59 as at noon.
 */
async function clearOfUtcMidnight(): Promise<void> {
  const untilMidnight = DAY_MS - (Date.now() % DAY_MS);
  if (untilMidnight < MIDNIGHT_MARGIN_MS) await new Promise((resolve) => setTimeout(resolve, untilMidnight + 1_000));
}

/**
 * GOV.UK Notify's daily limits, with small numbers: the service stops before Notify would, holds what
 * is left until midnight UTC (pending, not failed), says so in a warning and on /metrics, and sends it
 * all — once each — when the day turns.
 */
describe('GOV.UK Notify daily limits through the real worker', () => {
  let h: DeliveryHarness;
  let worker: WorkerProcess;

  beforeAll(async () => {
    await clearOfUtcMidnight();
    h = await startDeliveryHarness({ NOTIFY_DAILY_SMS_LIMIT: '5', NOTIFY_DAILY_EMAIL_LIMIT: '1000' });
    worker = await WorkerProcess.start(h.env);
  }, 120_000 + MIDNIGHT_MARGIN_MS);
  afterAll(async () => {
    await worker.kill('SIGKILL');
    await h.close();
  }, 120_000);

  const held = async () =>
    (await h.api.dataSource.query(`SELECT id, send_after AS "sendAfter", channel FROM notification WHERE status = 'pending' AND held_reason = 'daily-limit' ORDER BY id`)) as {
      id: string;
      sendAfter: Date;
      channel: string | null;
    }[];

  it('sends texts up to the day’s limit and holds the rest until midnight UTC, saying so', async () => {
    const patients = await h.patients(8);
    const deadline = new Date(Date.now() + 3 * DAY_MS);
    const before = Date.now();
    await h.enqueue(patients.map((id) => postponementNotice(h.trust.trustId, id, deadline)));
    await h.waitFor(async () => (await held()).length === 3, 120_000, 'three held');
    await h.waitFor(async () => (await h.statusCounts()).sent === 5, 120_000, 'five sent');

    expect(h.notify.received.filter((r) => r.type === 'sms')).toHaveLength(5);
    const midnights = new Set([before, Date.now()].map((at) => (Math.floor(at / DAY_MS) + 1) * DAY_MS));
    for (const message of await held()) expect(midnights.has(message.sendAfter.getTime())).toBe(true);
    expect(worker.output).toContain('GOV.UK Notify daily limit reached');

    const metrics = (await h.api.request('GET', '/metrics')).text;
    expect(metrics).toContain('strike_ops_notify_daily_used{sending_service="deployment",channel="sms"} 5');
    expect(metrics).toContain('strike_ops_notifications_held{reason="daily-limit",lane="notice"} 3');
  }, 240_000);

  it('sends a recall by email when the day’s texts are used up', async () => {
    const [staffId] = await h.staff(1);
    await h.api.dataSource.query(`UPDATE staff SET email = 'alex.doctor@trust.nhs.uk' WHERE id = $1`, [staffId]);
    await h.enqueue([recallNotice(h.trust.trustId, staffId, '22222222-2222-4333-8444-555555555555')]);
    await h.waitFor(async () => h.notify.received.some((r) => r.to === 'alex.doctor@trust.nhs.uk'), 120_000, 'the recall by email');
    expect(h.notify.received.filter((r) => r.to === 'alex.doctor@trust.nhs.uk').map((r) => r.type)).toEqual(['email']);
  }, 240_000);

  it('believes Notify when it says the day is over (TooManyRequestsError): holds instead of failing', async () => {
    const [patient] = await h.patients(1);
    await h.api.dataSource.query(`UPDATE patient SET mobile = NULL, email = 'sam@example.com' WHERE id = $1`, [patient]);
    h.notify.setBehaviour({ rateLimitNextRequests: 1, rateLimitError: 'TooManyRequestsError' });
    await h.enqueue([postponementNotice(h.trust.trustId, patient, new Date(Date.now() + 3 * DAY_MS))]);
    await h.waitFor(async () => (await held()).length === 4, 120_000, 'the email held too');
    h.notify.resetBehaviour();
    const [{ used }] = await h.api.dataSource.query(`SELECT used FROM notify_daily_usage WHERE channel = 'email'`);
    expect(used).toBe(1000); // every email now waits for tomorrow, as Notify would refuse them
  }, 240_000);

  it('sends everything held, once each, when the day turns', async () => {
    // Midnight UTC, as far as the counters and the holds are concerned.
    await h.api.dataSource.query(`DELETE FROM notify_daily_usage`);
    await h.api.dataSource.query(`UPDATE notification SET send_after = now() - interval '1 second' WHERE held_reason = 'daily-limit'`);
    await h.waitFor(async () => (await h.statusCounts()).sent === 10, 120_000, 'all ten sent');
    expect(await held()).toEqual([]);
    const references = h.notify.received.map((r) => r.reference);
    expect(new Set(references).size).toBe(references.length);
    expect(references).toHaveLength(10); // 8 notices, the recall and the email notice (refused once by Notify, which kept nothing)
  }, 240_000);
});
