import { DeclarationService, walkoutDays } from '@app/walkouts';
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
    h = await startDeliveryHarness();
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

    await h.startWorker();
    await h.waitFor(async () => h.notify.received.filter((r) => /\/d\/[A-Za-z0-9_-]{43}/.test(String(r.personalisation.body))).length === 2, 60_000, 'two declaration texts');
    const texts = h.notify.received.filter((r) => /\/d\//.test(String(r.personalisation.body)));
    expect(new Set(texts.map((r) => r.to))).toEqual(new Set(['+447700900456']));
    expect(String(texts[0].personalisation.body)).toMatch(/reply YES if you are taking part, or NO if you are working/);

    const [request] = await h.api.dataSource.query(`SELECT id FROM participation_declaration WHERE walkout_id = $1 AND staff_id = $2`, [walkout.body.id, staffIds[0]]);
    h.api.clock.set(new Date());
    expect(await h.api.app.get(DeclarationService).answerByTextReply(request.id, 'YES')).toEqual({ status: 'recorded', answer: 'yes' });
    const today = walkoutDays(new Date(walkout.body.startsAt), new Date(walkout.body.endsAt))[0].date;
    const days = await h.api.request('GET', `/api/v1/trusts/${h.trust.trustId}/walkouts/${walkout.body.id}/participation`, { token: h.trust.viewer });
    expect(days.body.days[0]).toEqual(expect.objectContaining({ date: today, yes: 1, declarationsSent: 2, declarationsAnswered: 1 }));
  });
});
