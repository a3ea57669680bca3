import { Role } from '@app/core';
import { ReceivedTextPoller } from '@app/notifications';
import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createTrust, TrustFixture, walkoutBody } from '../../api/test/support/fixtures';
import { DeliveryHarness, startDeliveryHarness } from './support/delivery-harness';

const SMS = randomUUID();
const EMAIL = randomUUID();
const TOKEN_A = `trust-a-callback-${'a'.repeat(32)}`;
const DEPLOYMENT_TOKEN = 'callback-token-for-tests';
let mobileSeed = 30_000;

/**
 * Two-way SMS when a trust sends through its own Notify service (with an inbound number) and another
 * through the deployment's (without one): only the first's recall texts say how to reply; a reply is
 * matched only to the texts of the service whose token it came with; a text to the trust's number from a
 * number it never texted goes on its declared incident's list; polling reads the trust's service too.
 */
describe('two-way SMS through a trust’s own Notify service', () => {
  let h: DeliveryHarness;
  let worker: INestApplicationContext;
  let b: TrustFixture;
  let incidentA: string;
  let incidentB: string;
  let staffA: { id: string; mobile: string }[];
  let staffB: { id: string; mobile: string }[];
  const own = () => h.notify.services[1];
  const deployment = () => h.notify.services[0];

  const callback = (token: string, from: string, message: string) =>
    h.api.request('POST', '/api/v1/notify/callbacks/received-text', {
      headers: { authorization: `Bearer ${token}` },
      body: { id: randomUUID(), source_number: from.replace(/^\+/, ''), destination_number: '07700900001', message, date_received: new Date().toISOString() },
    });
  const answerOf = async (staffId: string) => (await h.api.dataSource.query(`SELECT attending, eta_minutes AS "etaMinutes" FROM recall WHERE staff_id = $1`, [staffId]))[0];

  async function recallAt(trust: TrustFixture, count: number): Promise<{ incidentId: string; staff: { id: string; mobile: string }[] }> {
    const mobiles = Array.from({ length: count }, () => `+4477009${String(mobileSeed++).padStart(5, '0')}`);
    const staff = await h.api.dataSource.query(
      `INSERT INTO staff (trust_id, staff_number, given_name, family_name, grade, specialty, site_id, department_id, mobile)
       SELECT $1, 'TS' || substr(m.mobile, 9), 'Alex', 'Doctor', 'resident-doctor', 'emergency-medicine', $2, $3, m.mobile FROM unnest($4::text[]) AS m(mobile)
       RETURNING id, mobile`,
      [trust.trustId, trust.siteIds[0], trust.departmentIds[0], mobiles],
    );
    const now = Date.now();
    h.api.clock.set(new Date(now));
    const walkout = await h.api.request('POST', `/api/v1/trusts/${trust.trustId}/walkouts`, {
      token: trust.admin,
      body: walkoutBody({ startsAt: new Date(now - 3_600_000).toISOString(), endsAt: new Date(now + 86_400_000).toISOString(), noticeReceivedAt: new Date(now - 20 * 86_400_000).toISOString() }),
    });
    if (walkout.body.status !== 'in-progress') throw new Error(`walkout: ${walkout.text}`);
    const incident = await h.api.request('POST', `/api/v1/trusts/${trust.trustId}/major-incidents`, {
      token: trust.admin,
      body: { level: 'major', state: 'declared', siteIds: [trust.siteIds[0]], description: 'Flooding' },
    });
    if (incident.status !== 201) throw new Error(`declare: ${incident.text}`);
    return { incidentId: incident.body.id, staff };
  }

  beforeAll(async () => {
    h = await startDeliveryHarness(
      { NOTIFY_RECEIVED_TEXT_POLL_SECONDS: '0', NOTIFY_CALLBACK_TOKEN: DEPLOYMENT_TOKEN },
      { notifyServices: [{ inboundNumber: '07700900001', templates: { [SMS]: { type: 'sms', body: '((body))' }, [EMAIL]: { type: 'email', subject: '((subject))', body: '((body))' } } }] },
    );
    const saved = await h.api.request('PUT', `/api/v1/trusts/${h.trust.trustId}/notify-service`, {
      token: h.trust.admin,
      body: { apiKey: own().apiKey, callbackToken: TOKEN_A, templates: { sms: SMS, email: EMAIL }, inboundSms: true },
    });
    if (saved.status !== 200) throw new Error(`notify-service: ${saved.status} ${saved.text}`);
    // Started after the save, so its copy of the services (kept a few seconds) already has the trust's.
    worker = await h.startWorker();
    b = await createTrust(h.api, await h.api.bearer(Role.NationalAdmin), 'Trust B');
    ({ incidentId: incidentA, staff: staffA } = await recallAt(h.trust, 3));
    ({ incidentId: incidentB, staff: staffB } = await recallAt(b, 1));
    const sentTo = (mobile: string) => h.notify.allReceived().filter((r) => r.to === mobile);
    await h.waitFor(async () => [...staffA, ...staffB].every((s) => sentTo(s.mobile).length === 1), 60_000, 'the recall texts');
    await h.waitForRecordedTexts([...staffA, ...staffB].map((s) => s.mobile), staffA.length + staffB.length);
  }, 180_000);
  afterAll(() => h.close(), 120_000);

  it('says how to reply only in the texts of the service with an inbound number', () => {
    expect(own().received.filter((r) => r.to === staffA[0].mobile)[0].body).toContain('Reply YES and minutes to arrival');
    expect(deployment().received.filter((r) => r.to === staffB[0].mobile)[0].body).not.toContain('Reply YES');
  });

  it('matches a reply only to the texts of the service whose token it came with', async () => {
    // The deployment's service never texted this number (the trust's own did): nothing is answered.
    expect((await callback(DEPLOYMENT_TOKEN, staffA[0].mobile, 'YES 15')).body).toEqual({ outcome: 'no-match', repeat: false });
    expect(await answerOf(staffA[0].id)).toEqual({ attending: null, etaMinutes: null });
    expect((await callback(TOKEN_A, staffA[0].mobile, 'YES 15')).body).toEqual({ outcome: 'answered', repeat: false });
    expect(await answerOf(staffA[0].id)).toEqual({ attending: true, etaMinutes: 15 });
    // Trust B's person texting trust A's number is not matched to trust B's recall.
    expect((await callback(TOKEN_A, staffB[0].mobile, 'no')).body.outcome).toBe('no-match');
    expect(await answerOf(staffB[0].id)).toEqual({ attending: null, etaMinutes: null });
  });

  it('lists a text to the trust’s number from a number it never texted on its declared incident, and only there', async () => {
    await callback(TOKEN_A, '+447700955555', 'this is Sam on my wife’s phone, coming in 30');
    const listA = await h.api.request('GET', `/api/v1/trusts/${h.trust.trustId}/major-incidents/${incidentA}/unmatched-replies`, { token: h.trust.admin });
    expect(listA.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ fromNumber: '447700955555', reason: 'unknown-number', recallId: null, staffId: null })]),
    );
    const listB = await h.api.request('GET', `/api/v1/trusts/${b.trustId}/major-incidents/${incidentB}/unmatched-replies`, { token: b.admin });
    expect(listB.body.items.map((item: { fromNumber: string }) => item.fromNumber)).not.toContain('447700955555');
  });

  it('polls the trust’s own service for replies', async () => {
    own().receiveText({ userNumber: staffA[1].mobile.replace(/^\+/, ''), content: 'N' });
    const polled = await worker.get(ReceivedTextPoller).pollAll();
    expect(polled).toEqual({ services: 1, texts: 1 });
    expect(await answerOf(staffA[1].id)).toEqual({ attending: false, etaMinutes: null });
  });
});
