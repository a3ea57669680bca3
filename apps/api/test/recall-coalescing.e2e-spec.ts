import { Role } from '@app/core';
import { createTrust, TrustFixture, walkoutBody } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** Inside the fixture walkout (2026-01-12T07:00Z → 2026-01-14T07:00Z). */
const DURING_WALKOUT = new Date('2026-01-12T10:00:00Z');

/**
 * Paid messages a careless or repeated declaration cannot multiply: a second recall of the same person
 * within RECALL_COALESCE_MINUTES, while the first still stands, sends nothing (the person is carried into
 * the new incident's roll-call), and stand-downs wait RECALL_STAND_DOWN_HOLD_SECONDS so that a stand-down
 * followed at once by a new declaration sends nothing either.
 */
describe('recall coalescing (e2e)', () => {
  let t: TestApp;
  let trust: TrustFixture;
  let base: string;
  const staffIds = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp({ now: DURING_WALKOUT });
    trust = await createTrust(t, await t.bearer(Role.NationalAdmin), 'Coalescing Trust');
    base = `/api/v1/trusts/${trust.trustId}`;
    const people = [
      ...['C1', 'C2', 'C3', 'C4', 'C5'].map((staffNumber) => ({ staffNumber, site: 0 })),
      ...['D1', 'D2', 'D3'].map((staffNumber) => ({ staffNumber, site: 1 })),
    ];
    const imported = await t.request('POST', `${base}/staff/import`, {
      token: trust.admin,
      body: {
        items: people.map((p, n) => ({
          staffNumber: p.staffNumber,
          givenName: `Given${n}`,
          familyName: `Family${n}`,
          grade: 'resident-doctor',
          specialty: 'emergency-medicine',
          siteId: trust.siteIds[p.site],
          departmentId: trust.departmentIds[p.site],
          mobile: `07700900${String(200 + n)}`,
        })),
      },
    });
    expect(imported.status).toBe(200);
    for (const row of await t.dataSource.query(`SELECT id, staff_number FROM staff WHERE trust_id = $1`, [trust.trustId])) staffIds.set(row.staff_number, row.id);
    const walkout = await t.request('POST', `${base}/walkouts`, { token: trust.admin, body: walkoutBody() });
    expect(walkout.body.status).toBe('in-progress');
  });
  afterAll(() => t.close());

  const declare = async (site: 0 | 1 | 'both') => {
    const response = await t.request('POST', `${base}/major-incidents`, {
      token: trust.admin,
      body: { level: 'major', state: 'declared', siteIds: site === 'both' ? trust.siteIds : [trust.siteIds[site]], description: 'Chemical spill on the ring road' },
    });
    expect(response.status).toBe(201);
    return response.body;
  };
  const standDown = async (incidentId: string) => {
    const response = await t.request('POST', `${base}/major-incidents/${incidentId}/stand-down`, { token: trust.admin });
    expect(response.status).toBe(200);
    return response.body;
  };
  /** What the worker does when Notify accepts a message. */
  const markSent = (incidentId: string, purpose: string) =>
    t.dataSource.query(`UPDATE notification SET status = 'sent', sent_at = now(), send_after = NULL, held_reason = NULL WHERE subject_id = $1 AND purpose = $2 AND status = 'pending'`, [
      incidentId,
      purpose,
    ]);
  const messagesOf = async (staffNumbers: string[]) =>
    (await t.dataSource.query(
      `SELECT n.purpose, n.status, count(*)::int AS count FROM notification n JOIN staff s ON s.id = n.staff_id
       WHERE s.staff_number = ANY($1::text[]) GROUP BY n.purpose, n.status ORDER BY 1, 2`,
      [staffNumbers],
    )) as { purpose: string; status: string; count: number }[];
  const tokenOf = async (staffNumber: string, incidentId: string) =>
    (await t.dataSource.query(`SELECT personalisation->>'linkToken' AS token FROM notification WHERE subject_id = $1 AND staff_id = $2 AND purpose = 'recall'`, [incidentId, staffIds.get(staffNumber)]))[0]
      .token as string;
  const rollCall = async (incidentId: string) => (await t.request('GET', `${base}/major-incidents/${incidentId}/roll-call`, { token: trust.viewer })).body;

  const FIVE = ['C1', 'C2', 'C3', 'C4', 'C5'];

  it('declaring and standing down four times in a row sends each person one recall and one stand-down, not four of each', async () => {
    const incidents: string[] = [];
    for (let cycle = 0; cycle < 4; cycle++) {
      const incident = await declare(0);
      incidents.push(incident.id);
      expect(incident.recall).toEqual(expect.objectContaining({ status: 'started', cohortSize: 5, coalesced: cycle === 0 ? 0 : 5 }));
      await markSent(incident.id, 'recall'); // the worker sends recalls within a second
      const ended = await standDown(incident.id);
      expect(ended.standDown).toEqual({ told: 5, withdrawn: 0 });
    }

    // One recall each (sent), and the last incident's stand-down, held a minute; the earlier stand-downs were withdrawn unsent.
    expect(await messagesOf(FIVE)).toEqual([
      { purpose: 'recall', status: 'sent', count: 5 },
      { purpose: 'recall-stand-down', status: 'cancelled', count: 15 },
      { purpose: 'recall-stand-down', status: 'pending', count: 5 },
    ]);
    const [held] = await t.dataSource.query(
      `SELECT DISTINCT subject_id, held_reason, round(extract(epoch FROM send_after - created_at))::int AS hold FROM notification WHERE purpose = 'recall-stand-down' AND status = 'pending' AND staff_id = ANY($1::uuid[])`,
      [FIVE.map((n) => staffIds.get(n))],
    );
    expect(held).toEqual({ subject_id: incidents[3], held_reason: 'coalescing', hold: 60 });
    // Every incident still lists all five, the later ones carried from the first recall.
    for (const [index, incidentId] of incidents.entries()) {
      const call = await rollCall(incidentId);
      expect(call.cohort).toBe(5);
      expect(call.notified).toBe(5);
      expect(new Set(call.people.map((p: { carriedFromIncidentId: string | null }) => p.carriedFromIncidentId))).toEqual(new Set([index === 0 ? null : incidents[0]]));
    }
    const audit = await t.request('GET', `${base}/major-incidents/${incidents[1]}/audit`, { token: trust.viewer });
    expect(audit.body.items.find((e: { action: string }) => e.action === 'recall-started').details).toEqual(expect.objectContaining({ recalled: 5, coalesced: 5 }));
  });

  it('carries a standing recall and its answer into a second incident, keeps the first link working for it, and tells people only when the last incident ends', async () => {
    const first = await declare(1);
    await markSent(first.id, 'recall');
    expect((await t.request('POST', `/s/${await tokenOf('D1', first.id)}/respond`, { body: { attending: true, etaMinutes: 20 } })).status).toBe(200);

    const second = await declare(1);
    expect(second.recall).toEqual(expect.objectContaining({ cohortSize: 3, coalesced: 3, message: expect.stringContaining('no second message') }));
    const [{ recalls }] = await t.dataSource.query(`SELECT count(*)::int AS recalls FROM notification WHERE subject_id = $1`, [second.id]);
    expect(recalls).toBe(0);
    let call = await rollCall(second.id);
    expect(call).toEqual(expect.objectContaining({ cohort: 3, notified: 3, attending: 1, noResponse: 2 }));
    expect(call.people.find((p: { staffNumber: string }) => p.staffNumber === 'D1')).toEqual(
      expect.objectContaining({ answer: expect.objectContaining({ attending: true, etaMinutes: 20 }), carriedFromIncidentId: first.id, notificationStatus: 'sent' }),
    );

    // An answer through the first message's link counts for both incidents, and each audits it.
    expect((await t.request('POST', `/s/${await tokenOf('D2', first.id)}/respond`, { body: { attending: false } })).status).toBe(200);
    call = await rollCall(second.id);
    expect(call).toEqual(expect.objectContaining({ attending: 1, unavailable: 1, noResponse: 1 }));
    expect((await rollCall(first.id)).unavailable).toBe(1);
    const secondAudit = await t.request('GET', `${base}/major-incidents/${second.id}/audit`, { token: trust.viewer });
    expect(secondAudit.body.items.filter((e: { action: string }) => e.action === 'recall-response')).toHaveLength(1);

    // Standing the first incident down tells nobody: all three are still needed by the second…
    expect((await standDown(first.id)).standDown).toEqual({ told: 0, withdrawn: 0 });
    // …and the first link still works, now for the second incident.
    const link = await tokenOf('D3', first.id);
    expect((await t.request('GET', `/s/${link}`)).status).toBe(200);
    expect((await t.request('POST', `/s/${link}/respond`, { body: { attending: true, etaMinutes: 45 } })).status).toBe(200);
    expect((await rollCall(second.id)).attending).toBe(2);
    expect((await rollCall(first.id)).attending).toBe(1); // the stood-down incident's record is left as it ended

    // Standing the second down tells all three; then the link is closed.
    expect((await standDown(second.id)).standDown).toEqual({ told: 3, withdrawn: 0 });
    expect((await t.request('GET', `/s/${link}`)).status).toBe(404);
  });

  it('recalls afresh someone who was already told to stand down, someone whose recall is older than the window, and for a site the first did not cover', async () => {
    const D = ['D1', 'D2', 'D3'];
    // The last incident's stand-downs went out: everyone at site 2 was told.
    await t.dataSource.query(`UPDATE notification SET status = 'sent', sent_at = now(), send_after = NULL, held_reason = NULL WHERE purpose = 'recall-stand-down' AND status = 'pending' AND staff_id = ANY($1::uuid[])`, [
      D.map((n) => staffIds.get(n)),
    ]);
    const told = await declare(1);
    expect(told.recall).toEqual(expect.objectContaining({ cohortSize: 3, coalesced: 0 }));
    await markSent(told.id, 'recall');

    // Site 1 and 2 together: the recall just sent named site 2 only, so site 1's staff and site 2's are messaged.
    const wider = await declare('both');
    expect(wider.recall).toEqual(expect.objectContaining({ cohortSize: 8, coalesced: 0 }));

    // The two-site recall covers site 2 too, so a site-2 incident now would carry from it…
    // …unless it is older than RECALL_COALESCE_MINUTES (15): then a new message.
    await t.dataSource.query(`UPDATE recall SET created_at = now() - interval '16 minutes' WHERE incident_id = ANY($1::uuid[])`, [[told.id, wider.id]]);
    const later = await declare(1);
    expect(later.recall).toEqual(expect.objectContaining({ cohortSize: 3, coalesced: 0 }));
  });
});
