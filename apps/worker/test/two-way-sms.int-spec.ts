import { Role } from '@app/core';
import { ReceivedTextPoller } from '@app/notifications';
import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createTrust, walkoutBody } from '../../api/test/support/fixtures';
import { DeliveryHarness, startDeliveryHarness } from './support/delivery-harness';

/**
 * Two-way SMS end to end on real PostgreSQL, Redis and BullMQ, with the official Notify client against
 * the Notify test server's inbound number: a recall text says how to reply; replies arrive by Notify's
 * received-text callback or by polling; `Y 20 mins` becomes an answer exactly as through the link; what
 * cannot be read, or answers a recall that has ended, is on the incident's unmatched-replies list.
 */

const CALLBACK_TOKEN = 'callback-token-for-tests';
let mobileSeed = 20_000;

interface Person {
  id: string;
  mobile: string;
}

/** Notify writes a UK sender as 447700900123. */
const asNotifyWritesIt = (mobile: string) => mobile.replace(/^\+/, '');

describe('two-way SMS for recalls', () => {
  let h: DeliveryHarness;
  let worker: INestApplicationContext;
  let siteId: string;
  let people: Person[];
  let incidentId: string;

  const sentTo = (mobile: string) => h.notify.received.filter((r) => r.to === mobile);
  const callback = (body: Record<string, unknown>, token = CALLBACK_TOKEN) =>
    h.api.request('POST', '/api/v1/notify/callbacks/received-text', { headers: { authorization: `Bearer ${token}` }, body });
  const textFrom = (mobile: string, message: string, id = randomUUID()) => ({ id, source_number: asNotifyWritesIt(mobile), destination_number: '07700900000', message, date_received: new Date().toISOString() });
  const rollCallOf = async (id: string) => (await h.api.request('GET', `/api/v1/trusts/${h.trust.trustId}/major-incidents/${id}/roll-call`, { token: h.trust.admin })).body;
  const unmatched = async (id: string, token = h.trust.admin) => h.api.request('GET', `/api/v1/trusts/${h.trust.trustId}/major-incidents/${id}/unmatched-replies`, { token });
  const responses = async (id: string) =>
    (await h.api.dataSource.query(`SELECT details FROM incident_audit WHERE incident_id = $1 AND action = 'recall-response' ORDER BY id`, [id])) as { details: Record<string, unknown> }[];

  async function declare(): Promise<string> {
    h.api.clock.set(new Date());
    const response = await h.api.request('POST', `/api/v1/trusts/${h.trust.trustId}/major-incidents`, {
      token: h.trust.admin,
      body: { level: 'major', state: 'declared', siteIds: [siteId], description: 'Train derailment' },
    });
    if (response.status !== 201) throw new Error(`declare: ${response.status} ${response.text}`);
    return response.body.id;
  }

  beforeAll(async () => {
    h = await startDeliveryHarness(
      { NOTIFY_INBOUND_SMS: 'true', NOTIFY_RECEIVED_TEXT_POLL_SECONDS: '0', NOTIFY_CALLBACK_TOKEN: CALLBACK_TOKEN, RECALL_STAND_DOWN_HOLD_SECONDS: '0' },
      { deploymentService: { inboundNumber: '07700900000' } },
    );
    worker = await h.startWorker();
    siteId = h.trust.siteIds[0];
    const departmentId = h.trust.departmentIds[0];
    const mobiles = Array.from({ length: 4 }, () => `+4477009${String(mobileSeed++).padStart(5, '0')}`);
    people = await h.api.dataSource.query(
      `INSERT INTO staff (trust_id, staff_number, given_name, family_name, grade, specialty, site_id, department_id, mobile)
       SELECT $1, 'SMS' || substr(m.mobile, 9), 'Alex', 'Doctor', 'resident-doctor', 'emergency-medicine', $2, $3, m.mobile FROM unnest($4::text[]) AS m(mobile)
       RETURNING id, mobile`,
      [h.trust.trustId, siteId, departmentId, mobiles],
    );
    const now = Date.now();
    h.api.clock.set(new Date(now));
    const walkout = await h.api.request('POST', `/api/v1/trusts/${h.trust.trustId}/walkouts`, {
      token: h.trust.admin,
      body: walkoutBody({ startsAt: new Date(now - 3_600_000).toISOString(), endsAt: new Date(now + 86_400_000).toISOString(), noticeReceivedAt: new Date(now - 20 * 86_400_000).toISOString() }),
    });
    if (walkout.body.status !== 'in-progress') throw new Error(`walkout: ${walkout.text}`);
    incidentId = await declare();
    await h.waitFor(async () => people.every((p) => sentTo(p.mobile).length === 1), 60_000, 'every recall text sent');
    await h.waitForRecordedTexts(people.map((p) => p.mobile), people.length);
  }, 180_000);
  afterAll(async () => {
    await h.close();
  }, 120_000);

  it('tells staff how to answer by reply, because the sending service has an inbound number', () => {
    expect(sentTo(people[0].mobile)[0].body).toContain('Reply YES and minutes to arrival, e.g. YES 20, or NO.');
  });

  it('records "Y 20 mins" from the callback exactly as a link answer, once per Notify message id', async () => {
    const text = textFrom(people[0].mobile, 'Y 20 mins');
    const first = await callback(text);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ outcome: 'answered', repeat: false });

    const rows = await h.api.dataSource.query(`SELECT attending, eta_minutes AS "etaMinutes" FROM recall WHERE staff_id = $1`, [people[0].id]);
    expect(rows).toEqual([{ attending: true, etaMinutes: 20 }]);
    const rollCall = await rollCallOf(incidentId);
    expect(rollCall.attending).toBe(1);

    // Notify retries a callback it thinks failed: the same text changes nothing more.
    const again = await callback(text);
    expect(again.body).toEqual({ outcome: 'answered', repeat: true });
    const audit = await responses(incidentId);
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({ attending: true, etaMinutes: 20, via: 'sms', notifyMessageId: text.id });
  });

  it('puts a reply it cannot read on the incident’s unmatched-replies list, and records nothing', async () => {
    const response = await callback(textFrom(people[1].mobile, 'stuck on the M25, maybe'));
    expect(response.body).toEqual({ outcome: 'unmatched', repeat: false });
    const list = await unmatched(incidentId);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ text: 'stuck on the M25, maybe', reason: 'unparseable', staffId: people[1].id, fromNumber: asNotifyWritesIt(people[1].mobile) }),
    ]);
    const rows = await h.api.dataSource.query(`SELECT attending FROM recall WHERE staff_id = $1`, [people[1].id]);
    expect(rows).toEqual([{ attending: null }]);
  });

  it('reads replies by polling Notify when no callback came, and only once', async () => {
    const service = h.notify.services[0];
    service.receiveText({ userNumber: asNotifyWritesIt(people[2].mobile), content: "Sorry, can't" });
    const poller = worker.get(ReceivedTextPoller);
    expect(await poller.pollAll()).toEqual({ services: 1, texts: 1 });
    const rows = await h.api.dataSource.query(`SELECT attending, eta_minutes AS "etaMinutes" FROM recall WHERE staff_id = $1`, [people[2].id]);
    expect(rows).toEqual([{ attending: false, etaMinutes: null }]);
    // The cursor: nothing new next time, and a text already delivered by callback is not handled twice.
    expect(await poller.pollAll()).toEqual({ services: 1, texts: 0 });
    const byCallback = service.receiveText({ userNumber: asNotifyWritesIt(people[3].mobile), content: 'YES, 45' });
    const posted = await callback({ id: byCallback.id, source_number: byCallback.userNumber, destination_number: byCallback.notifyNumber, message: byCallback.content, date_received: byCallback.createdAt.toISOString() });
    expect(posted.body).toEqual({ outcome: 'answered', repeat: false });
    expect(await poller.pollAll()).toEqual({ services: 1, texts: 1 });
    expect(await responses(incidentId)).toHaveLength(3);
  });

  it('keeps a text from a number no recall went to (never lost) without guessing whose it is', async () => {
    const response = await callback(textFrom('+447700911111', 'YES 10'));
    expect(response.body).toEqual({ outcome: 'no-match', repeat: false });
    const [kept] = await h.api.dataSource.query(`SELECT content, outcome FROM received_text WHERE from_number = '447700911111'`);
    expect(kept).toEqual({ content: 'YES 10', outcome: 'no-match' });
  });

  it('lists a reply to a recall that has been stood down instead of answering it', async () => {
    const stood = await h.api.request('POST', `/api/v1/trusts/${h.trust.trustId}/major-incidents/${incidentId}/stand-down`, { token: h.trust.admin, body: {} });
    expect(stood.status).toBe(200);
    await h.waitFor(async () => sentTo(people[1].mobile).length === 2, 60_000, 'the stand-down text');
    await h.waitForRecordedTexts([people[1].mobile], 2);
    const response = await callback(textFrom(people[1].mobile, 'yes 30'));
    expect(response.body).toEqual({ outcome: 'unmatched', repeat: false });
    const list = await unmatched(incidentId);
    expect(list.body.items.map((item: { reason: string }) => item.reason)).toEqual(['recall-closed', 'unparseable']);
  }, 90_000);

  it('refuses a callback without the service’s token, or one that is not a received text, naming the fields', async () => {
    expect((await callback(textFrom(people[0].mobile, 'yes'), 'wrong-token')).status).toBe(401);
    const bad = await callback({ id: 'not-a-uuid', source_number: 'x', message: 5, date_received: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_RECEIVED_TEXT');
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['date_received', 'id', 'message', 'source_number']);
  });

  it('answers 404 for another trust’s incident, and for an unknown one', async () => {
    const other = await createTrust(h.api, await h.api.bearer(Role.NationalAdmin), 'Other Trust');
    const cross = await h.api.request('GET', `/api/v1/trusts/${other.trustId}/major-incidents/${incidentId}/unmatched-replies`, { token: other.admin });
    expect(cross.status).toBe(404);
    expect((await unmatched(randomUUID())).status).toBe(404);
    const viewer = await unmatched(incidentId, h.trust.viewer);
    expect(viewer.status).toBe(200);
  });
});
