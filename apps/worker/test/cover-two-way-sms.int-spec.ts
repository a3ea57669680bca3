import { randomUUID } from 'node:crypto';
import { walkoutBody } from '../../api/test/support/fixtures';
import { DeliveryHarness, startDeliveryHarness } from './support/delivery-harness';

/**
 * A cover request answered by text, end to end on real PostgreSQL, Redis and BullMQ with the official
 * Notify client against the Notify test server: the request text goes out, the consultant replies YES
 * through Notify's received-text callback, and the shift is accepted (consent source `text-reply`) and
 * booked, exactly as through the link. A reply that is not a plain yes or no books nothing.
 */
const CALLBACK_TOKEN = 'callback-token-for-cover-tests';
const asNotifyWritesIt = (mobile: string) => mobile.replace(/^\+/, '');

describe('cover requests answered by text', () => {
  let h: DeliveryHarness;
  const mobiles = ['+447700950001', '+447700950002'];

  const callback = (mobile: string, message: string) =>
    h.api.request('POST', '/api/v1/notify/callbacks/received-text', {
      headers: { authorization: `Bearer ${CALLBACK_TOKEN}` },
      body: { id: randomUUID(), source_number: asNotifyWritesIt(mobile), destination_number: '07700900000', message, date_received: new Date().toISOString() },
    });
  const ask = async (staffNumber: string, startsAt: string, endsAt: string, walkoutId: string) => {
    const response = await h.api.request('POST', `/api/v1/trusts/${h.trust.trustId}/walkouts/${walkoutId}/cover-assignments`, {
      token: h.trust.admin,
      body: { staffNumber, departmentId: h.trust.departmentIds[0], startsAt, endsAt, consentRecorded: false, requestConsent: true },
    });
    if (response.status !== 201) throw new Error(`ask: ${response.status} ${response.text}`);
    return response.body.id as string;
  };
  const stateOf = async (id: string) => (await h.api.dataSource.query(`SELECT consent_state AS state, consent_source AS source FROM cover_assignment WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    h = await startDeliveryHarness(
      { NOTIFY_INBOUND_SMS: 'true', NOTIFY_RECEIVED_TEXT_POLL_SECONDS: '0', NOTIFY_CALLBACK_TOKEN: CALLBACK_TOKEN, COVER_NOTICE_HOLD_SECONDS: '0' },
      { deploymentService: { inboundNumber: '07700900000' } },
    );
    await h.startWorker();
    await h.api.dataSource.query(
      `INSERT INTO staff (trust_id, staff_number, given_name, family_name, grade, specialty, site_id, mobile)
       SELECT $1, 'CT' || n, 'Ada', 'Consultant', 'consultant', 'emergency-medicine', $2, m FROM unnest($3::text[]) WITH ORDINALITY AS u(m, n)`,
      [h.trust.trustId, h.trust.siteIds[0], mobiles],
    );
  }, 180_000);
  afterAll(async () => {
    await h.close();
  }, 120_000);

  it('accepts every shift of the request on YES, and books nothing on a reply it cannot read', async () => {
    const now = Date.now();
    h.api.clock.set(new Date(now));
    const walkout = await h.api.request('POST', `/api/v1/trusts/${h.trust.trustId}/walkouts`, {
      token: h.trust.admin,
      body: walkoutBody({ startsAt: new Date(now + 2 * 86_400_000).toISOString(), endsAt: new Date(now + 4 * 86_400_000).toISOString(), noticeReceivedAt: new Date(now - 20 * 86_400_000).toISOString() }),
    });
    expect(walkout.status).toBe(201);
    const at = (hours: number) => new Date(now + 2 * 86_400_000 + hours * 3_600_000).toISOString();
    const yes = await ask('CT1', at(1), at(13), walkout.body.id);
    const unclear = await ask('CT2', at(1), at(13), walkout.body.id);
    await h.waitFor(async () => mobiles.every((m) => h.notify.received.some((r) => r.to === m)), 60_000, 'both cover request texts sent');
    await h.waitForRecordedTexts(mobiles, mobiles.length);
    const text = h.notify.received.find((r) => r.to === mobiles[0])!.body;
    expect(text).toContain('/c/');
    expect(text).toContain('reply YES to accept all, or NO to decline all');

    expect((await callback(mobiles[0], 'Yes please')).body).toEqual({ outcome: 'answered', repeat: false });
    expect(await stateOf(yes)).toEqual({ state: 'accepted', source: 'text-reply' });
    const [{ n: booked }] = await h.api.dataSource.query(`SELECT count(*)::int AS n FROM notification WHERE purpose = 'cover-shift' AND subject_id = $1`, [yes]);
    expect(booked).toBe(1);

    expect((await callback(mobiles[1], 'yes but only till 2')).body).toEqual({ outcome: 'unmatched', repeat: false });
    expect(await stateOf(unclear)).toEqual({ state: 'requested', source: null });
  }, 120_000);
});
