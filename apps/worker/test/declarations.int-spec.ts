import { ReceivedTextPoller } from '@app/notifications';
import { walkoutDays } from '@app/walkouts';
import { walkoutBody } from '../../api/test/support/fixtures';
import { DeliveryHarness, startDeliveryHarness } from './support/delivery-harness';

/**
 * Daily declarations through the real worker: its scheduled job finds the walkout day now due, writes
 * the requests through the notifications outbox (the port the notifications worker module registers),
 * and the relay sends them through the official GOV.UK Notify client to the Notify-compatible test server.
 */
describe('daily declarations through the worker (real PostgreSQL, Redis and the Notify client)', () => {
  let h: DeliveryHarness;

  beforeAll(async () => {
    // The deployment's service has an inbound number, so the texts can be answered by reply.
    h = await startDeliveryHarness({ NOTIFY_INBOUND_SMS: 'true', NOTIFY_RECEIVED_TEXT_POLL_SECONDS: '0' }, { deploymentService: { inboundNumber: '07700900000' } });
  });
  afterAll(() => h.close());

  it('texts each named-group member one declaration link for the day running now, and a YES reply records that day', async () => {
    const staffIds = await h.staff(2);
    const now = Date.now();
    h.api.clock.set(new Date(now));
    const walkout = await h.api.request('POST', `/api/v1/trusts/${h.trust.trustId}/walkouts`, {
      token: h.trust.admin,
      body: walkoutBody({ startsAt: new Date(now - 3_600_000).toISOString(), endsAt: new Date(now + 86_400_000).toISOString(), noticeReceivedAt: new Date(now - 20 * 86_400_000).toISOString() }),
    });
    expect(walkout.body.status).toBe('in-progress');

    const worker = await h.startWorker();
    // Today's requests are due at once; tomorrow's too if it is already past 18:00 in London. Whatever
    // the hour, every request written is texted once, and today's day has one per person.
    const requests = async () =>
      (await h.api.dataSource.query(`SELECT id, staff_id AS "staffId", day::text AS day FROM participation_declaration WHERE walkout_id = $1`, [walkout.body.id])) as { id: string; staffId: string; day: string }[];
    const declarationTexts = () => h.notify.received.filter((r) => /\/d\/[A-Za-z0-9_-]{43}/.test(String(r.personalisation.body)));
    await h.waitFor(async () => declarationTexts().length >= 2 && declarationTexts().length === (await requests()).length, 60_000, 'a text for every declaration request');
    const today = walkoutDays(new Date(walkout.body.startsAt), new Date(walkout.body.endsAt))[0].date;
    const todays = (await requests()).filter((r) => r.day === today);
    expect(todays.map((r) => r.staffId).sort()).toEqual([...staffIds].sort());
    const texts = declarationTexts();
    expect(new Set(texts.map((r) => r.to))).toEqual(new Set(['+447700900456']));
    expect(String(texts[0].personalisation.body)).toMatch(/reply YES if you are taking part, or NO if you are working/);

    // The reply arrives at Notify and the worker reads it (polling); it answers the latest text to that number.
    h.api.clock.set(new Date());
    h.notify.services[0].receiveText({ userNumber: '447700900456', content: 'Yes' });
    expect(await worker.get(ReceivedTextPoller).pollAll()).toEqual({ services: 1, texts: 1 });
    const answered = (await h.api.dataSource.query(
      `SELECT staff_id AS "staffId", day::text AS day, answer, answered_via AS via FROM participation_declaration WHERE walkout_id = $1 AND answer IS NOT NULL`,
      [walkout.body.id],
    )) as { staffId: string; day: string; answer: string; via: string }[];
    expect(answered).toEqual([expect.objectContaining({ answer: 'yes', via: 'text-reply' })]);
    expect(staffIds).toContain(answered[0].staffId);
    const days = await h.api.request('GET', `/api/v1/trusts/${h.trust.trustId}/walkouts/${walkout.body.id}/participation`, { token: h.trust.viewer });
    expect(days.body.days.find((d: { date: string }) => d.date === answered[0].day)).toEqual(expect.objectContaining({ yes: 1, declarationsAnswered: 1 }));
  }, 120_000);
});
