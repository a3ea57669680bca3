import { JobName, QueueService, Role } from '@app/core';
import { EscalationService, escalationJobId } from '@app/recall';
import { createConsoleUser, signInToConsole } from './support/console-users';
import { createTrust, TrustFixture, walkoutBody } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** Inside the fixture walkout (2026-01-12T07:00Z → 2026-01-14T07:00Z). */
const DURING_WALKOUT = new Date('2026-01-12T10:00:00Z');

/**
 * Recall by fill count and drills, on real PostgreSQL, Redis and BullMQ: needs by grade and specialty
 * asked group by group, filled once however the answers race, the rest of the group told to stand by
 * once; a drill marked as an exercise and kept out of every live figure.
 */
describe('recall by fill count, and drills (e2e)', () => {
  let t: TestApp;
  let trust: TrustFixture;
  let other: TrustFixture;
  let base: string;
  let walkoutId: string;
  const staffIds = new Map<string, string>();

  // site 0 is the incident's; site 1 is elsewhere in the trust.
  const staff: { staffNumber: string; specialty: string; site: 0 | 1 }[] = [
    { staffNumber: 'AN1', specialty: 'anaesthetics', site: 0 },
    { staffNumber: 'AN2', specialty: 'anaesthetics', site: 0 },
    { staffNumber: 'AN3', specialty: 'anaesthetics', site: 0 },
    { staffNumber: 'AN5', specialty: 'anaesthetics', site: 0 },
    { staffNumber: 'AN4', specialty: 'anaesthetics', site: 1 },
    { staffNumber: 'TO0', specialty: 'trauma-orthopaedics', site: 0 },
    { staffNumber: 'TO1', specialty: 'trauma-orthopaedics', site: 1 },
    { staffNumber: 'EM1', specialty: 'emergency-medicine', site: 0 },
  ];

  beforeAll(async () => {
    t = await startTestApp({ now: DURING_WALKOUT });
    const national = await t.bearer(Role.NationalAdmin);
    trust = await createTrust(t, national, 'Fill Trust');
    other = await createTrust(t, national, 'Other Fill Trust');
    base = `/api/v1/trusts/${trust.trustId}`;
    const imported = await t.request('POST', `${base}/staff/import`, {
      token: trust.admin,
      body: {
        items: staff.map((s, n) => ({
          staffNumber: s.staffNumber,
          givenName: `Given${n}`,
          familyName: `Family${n}`,
          grade: 'resident-doctor',
          specialty: s.specialty,
          siteId: trust.siteIds[s.site],
          departmentId: trust.departmentIds[s.site],
          mobile: `07700900${String(200 + n)}`,
        })),
      },
    });
    expect(imported.status).toBe(200);
    for (const row of await t.dataSource.query(`SELECT id, staff_number FROM staff WHERE trust_id = $1`, [trust.trustId])) staffIds.set(row.staff_number, row.id);
    walkoutId = (await t.request('POST', `${base}/walkouts`, { token: trust.admin, body: walkoutBody() })).body.id;
  });
  afterAll(() => t.close());

  const incidentBody = (overrides: Record<string, unknown> = {}) => ({
    level: 'major',
    state: 'declared',
    siteIds: [trust.siteIds[0]],
    description: 'Building collapse, multiple casualties',
    needs: [
      { grade: 'resident-doctor', specialty: 'anaesthetics', count: 2 },
      { grade: 'resident-doctor', specialty: 'trauma-orthopaedics', count: 1, siteId: trust.siteIds[0] },
    ],
    ...overrides,
  });

  async function tokenOf(staffNumber: string, incidentId: string, purpose = 'recall'): Promise<string> {
    const rows = await t.dataSource.query(
      `SELECT personalisation->>'linkToken' AS token FROM notification WHERE subject_id = $1 AND staff_id = $2 AND purpose = $3 ORDER BY created_at DESC`,
      [incidentId, staffIds.get(staffNumber), purpose],
    );
    return rows[0].token;
  }

  async function markSent(incidentId: string, staffNumbers: string[]): Promise<void> {
    await t.dataSource.query(`UPDATE notification SET status = 'sent', sent_at = now() WHERE subject_id = $1 AND status = 'pending' AND staff_id = ANY($2::uuid[])`, [
      incidentId,
      staffNumbers.map((n) => staffIds.get(n)),
    ]);
  }

  async function recalledFor(incidentId: string): Promise<Record<string, string>> {
    const rows = await t.dataSource.query(
      `SELECT s.staff_number, n.specialty FROM recall r JOIN staff s ON s.id = r.staff_id JOIN major_incident_need n ON n.id = r.need_id WHERE r.incident_id = $1 ORDER BY 1`,
      [incidentId],
    );
    return Object.fromEntries(rows.map((r: { staff_number: string; specialty: string }) => [r.staff_number, r.specialty]));
  }

  async function standBys(incidentId: string): Promise<{ staff_number: string; status: string }[]> {
    return t.dataSource.query(
      `SELECT s.staff_number, n.status FROM notification n JOIN staff s ON s.id = n.staff_id
       WHERE n.subject_id = $1 AND n.purpose = 'recall-stand-down' AND n.personalisation->>'standBy' = 'true' ORDER BY 1`,
      [incidentId],
    );
  }

  describe('a fill-count incident', () => {
    let incidentId: string;
    let anaesthetics: string;
    let orthopaedics: string;

    it('asks the nearest group of each need first: the incident’s sites, the right grade and specialty', async () => {
      const created = await t.request('POST', `${base}/major-incidents`, { token: trust.admin, body: incidentBody() });
      expect(created.status).toBe(201);
      incidentId = created.body.id;
      [anaesthetics, orthopaedics] = created.body.needs.map((n: { id: string }) => n.id);
      expect(created.body.needs).toEqual([
        expect.objectContaining({ grade: 'resident-doctor', specialty: 'anaesthetics', siteId: null, wanted: 2, stage: 0, filledAt: null }),
        expect.objectContaining({ grade: 'resident-doctor', specialty: 'trauma-orthopaedics', siteId: trust.siteIds[0], wanted: 1, stage: 0, filledAt: null }),
      ]);
      expect(created.body.recall).toEqual(expect.objectContaining({ status: 'started', cohortSize: 5, attendingTarget: 3, walkoutIds: [walkoutId] }));
      expect(created.body.recall.excluded).toEqual([{ reason: 'OUTSIDE_SCOPE', count: 3 }]);
      expect(await recalledFor(incidentId)).toEqual({ AN1: 'anaesthetics', AN2: 'anaesthetics', AN3: 'anaesthetics', AN5: 'anaesthetics', TO0: 'trauma-orthopaedics' });
      const page = await t.request('GET', `/s/${await tokenOf('AN1', incidentId)}`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('This is a drill');
      const job = await t.app.get(QueueService).findJob(JobName.EscalateRecall, escalationJobId(incidentId, 0));
      expect(job).toBeTruthy();
      await t.app.get(QueueService).removeJob(JobName.EscalateRecall, job!.id);
    });

    it('fills a need exactly once when two answers race for its last place, and tells the rest of its group to stand by once', async () => {
      // AN1's recall went out; AN5's is still queued behind it.
      await markSent(incidentId, ['AN1', 'AN2', 'AN3', 'TO0']);
      const [an2, an3] = await Promise.all(['AN2', 'AN3'].map(async (n) => tokenOf(n, incidentId)));
      const answers = await Promise.all([
        t.request('POST', `/s/${an2}/respond`, { body: { attending: true, etaMinutes: 15 } }),
        t.request('POST', `/s/${an3}/respond`, { body: { attending: true, etaMinutes: 40 } }),
      ]);
      expect(answers.map((a) => a.status)).toEqual([200, 200]);

      const filled = await t.dataSource.query(`SELECT filled_at FROM major_incident_need WHERE id = $1`, [anaesthetics]);
      expect(filled[0].filled_at).toEqual(DURING_WALKOUT);
      const audit = await t.dataSource.query(`SELECT details FROM incident_audit WHERE incident_id = $1 AND action = 'need-filled'`, [incidentId]);
      expect(audit).toEqual([{ details: { needId: anaesthetics, toldToStandBy: 1, withdrawn: 1 } }]);
      // AN1 had been asked: told to stand by. AN5 never got the message: it is withdrawn and nothing follows.
      expect(await standBys(incidentId)).toEqual([{ staff_number: 'AN1', status: 'pending' }]);
      const an5 = await t.dataSource.query(`SELECT status FROM notification WHERE subject_id = $1 AND staff_id = $2 AND purpose = 'recall'`, [incidentId, staffIds.get('AN5')]);
      expect(an5).toEqual([{ status: 'cancelled' }]);

      // A later yes over the number changes nothing more.
      const late = await t.request('POST', `/s/${await tokenOf('AN1', incidentId)}/respond`, { body: { attending: true, etaMinutes: 5 } });
      expect(late.status).toBe(200);
      expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM incident_audit WHERE incident_id = $1 AND action = 'need-filled'`, [incidentId])).toEqual([{ n: 1 }]);
      expect(await standBys(incidentId)).toHaveLength(1);
    });

    it('shows the board: each need wanted, attending, the first and last expected arrival', async () => {
      const rollCall = await t.request('GET', `${base}/major-incidents/${incidentId}/roll-call`, { token: trust.viewer });
      expect(rollCall.status).toBe(200);
      expect(rollCall.body.drill).toBe(false);
      expect(rollCall.body.needs).toEqual([
        expect.objectContaining({
          needId: anaesthetics,
          wanted: 2,
          recalled: 4,
          attending: 3,
          noResponse: 1,
          filledAt: DURING_WALKOUT.toISOString(),
          firstEta: '2026-01-12T10:05:00.000Z',
          lastEta: '2026-01-12T10:40:00.000Z',
        }),
        expect.objectContaining({ needId: orthopaedics, wanted: 1, recalled: 1, attending: 0, noResponse: 1, filledAt: null, firstEta: null, lastEta: null }),
      ]);

      // The console's roll-call board shows the same needs.
      const session = await signInToConsole(t, await createConsoleUser(t, Role.TrustViewer, trust.trustId));
      const board = await t.app.inject({ method: 'GET', url: `/console/trusts/${trust.trustId}/incidents/${incidentId}/board`, headers: { cookie: session.cookie } });
      expect(board.statusCode).toBe(200);
      const needsTable = board.body.slice(board.body.indexOf('id="roll-call-needs"'), board.body.indexOf('id="by-place"'));
      expect(needsTable).toContain('resident doctor, anaesthetics');
      expect(needsTable).toContain('Filled');
      expect(needsTable).toContain('resident doctor, trauma orthopaedics at Fill Trust site 1');
      expect(needsTable).toContain('Mon 12 Jan 2026, 10:05');
      expect(needsTable).toContain('Mon 12 Jan 2026, 10:40');
    });

    it('widens only the unfilled need, group by group on the escalation timer, then stops when every need is filled', async () => {
      const escalation = t.app.get(EscalationService);
      t.clock.set(new Date('2026-01-12T10:15:00Z'));
      // Round 1: the orthopaedic need moves from its site to the incident's sites (the same here): a reminder to TO0 only.
      expect(await escalation.escalate(trust.trustId, incidentId, 0)).toEqual({ kind: 'escalated', round: 1, reminded: 1, added: 0 });
      const reminders = await t.dataSource.query(`SELECT s.staff_number FROM notification n JOIN staff s ON s.id = n.staff_id WHERE n.subject_id = $1 AND n.purpose = 'recall-reminder'`, [incidentId]);
      expect(reminders).toEqual([{ staff_number: 'TO0' }]);
      // Round 2: every site of the trust — TO1 at the other site; AN4 is not asked (anaesthetics is filled).
      t.clock.set(new Date('2026-01-12T10:30:00Z'));
      expect(await escalation.escalate(trust.trustId, incidentId, 1)).toEqual(expect.objectContaining({ kind: 'escalated', round: 2, added: 1 }));
      expect(await recalledFor(incidentId)).toEqual(expect.objectContaining({ TO1: 'trauma-orthopaedics' }));
      expect(Object.keys(await recalledFor(incidentId))).not.toContain('AN4');
      const needs = (await t.request('GET', `${base}/major-incidents/${incidentId}`, { token: trust.viewer })).body.needs;
      expect(needs.map((n: { stage: number }) => n.stage)).toEqual([0, 2]);

      await markSent(incidentId, ['TO1']);
      expect((await t.request('POST', `/s/${await tokenOf('TO1', incidentId)}/respond`, { body: { attending: true, etaMinutes: 30 } })).status).toBe(200);
      expect(await standBys(incidentId)).toEqual([
        { staff_number: 'AN1', status: 'pending' },
        { staff_number: 'TO0', status: 'pending' },
      ]);
      t.clock.set(new Date('2026-01-12T10:45:00Z'));
      expect(await escalation.escalate(trust.trustId, incidentId, 2)).toEqual({ kind: 'none', reason: 'TARGET_MET' });
      t.clock.set(DURING_WALKOUT);
    });

    it('stand-down still tells everyone recalled, those told to stand by included', async () => {
      const ended = await t.request('POST', `${base}/major-incidents/${incidentId}/stand-down`, { token: trust.admin });
      expect(ended.status).toBe(200);
      const told = await t.dataSource.query(
        `SELECT s.staff_number FROM notification n JOIN staff s ON s.id = n.staff_id
         WHERE n.subject_id = $1 AND n.purpose = 'recall-stand-down' AND n.personalisation->>'standBy' IS NULL ORDER BY 1`,
        [incidentId],
      );
      expect(told.map((r: { staff_number: string }) => r.staff_number)).toEqual(['AN1', 'AN2', 'AN3', 'TO0', 'TO1']);
    });
  });

  it('refuses bad needs with 400 naming the field', async () => {
    const bad = await t.request('POST', `${base}/major-incidents`, {
      token: trust.admin,
      body: incidentBody({ needs: [{ grade: 'registrar', specialty: 'anaesthetics', count: 2 }, { grade: 'resident-doctor', specialty: 'anaesthetics', count: 1, siteId: trust.siteIds[1] }] }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['needs[0].grade', 'needs[1].siteId']);
    const both = await t.request('POST', `${base}/major-incidents`, { token: trust.admin, body: incidentBody({ attendingTarget: 3 }) });
    expect(both.status).toBe(400);
    expect(both.body.details).toEqual([{ field: 'attendingTarget', message: 'give either attendingTarget or needs, not both' }]);
    const shape = await t.request('POST', `${base}/major-incidents`, { token: trust.admin, body: incidentBody({ needs: 'two anaesthetists' }) });
    expect(shape.status).toBe(400);
  });

  describe('a drill', () => {
    let drillId: string;

    it('runs the whole recall with every message marked as an exercise', async () => {
      const created = await t.request('POST', `${base}/major-incidents`, { token: trust.admin, body: incidentBody({ drill: true, description: 'Exercise: mass-casualty cascade test' }) });
      expect(created.status).toBe(201);
      drillId = created.body.id;
      expect(created.body).toEqual(expect.objectContaining({ drill: true, recalled: 5 }));
      const messages = await t.dataSource.query(`SELECT personalisation->>'exercise' AS exercise FROM notification WHERE subject_id = $1 AND purpose = 'recall'`, [drillId]);
      expect(messages).toHaveLength(5);
      expect(messages.every((m: { exercise: string }) => m.exercise === 'true')).toBe(true);
      // Not coalesced with the live recall of a few minutes ago: a drill's answers are its own.
      expect(created.body.recall.coalesced).toBe(0);

      // The link page says so too, before anything else.
      const page = await t.request('GET', `/s/${await tokenOf('AN1', drillId)}`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(page.text).toContain('This is a drill, not a real incident');
      expect(page.text.indexOf('This is a drill')).toBeLessThan(page.text.indexOf('<h1'));

      await markSent(drillId, ['AN1', 'AN2', 'AN3']);
      await t.request('POST', `/s/${await tokenOf('AN1', drillId)}/respond`, { body: { attending: true, etaMinutes: 10 } });
      await t.request('POST', `/s/${await tokenOf('AN2', drillId)}/respond`, { body: { attending: true, etaMinutes: 10 } });
      const standBy = await t.dataSource.query(
        `SELECT s.staff_number, n.personalisation->>'exercise' AS exercise FROM notification n JOIN staff s ON s.id = n.staff_id WHERE n.subject_id = $1 AND n.personalisation->>'standBy' = 'true'`,
        [drillId],
      );
      expect(standBy).toEqual([{ staff_number: 'AN3', exercise: 'true' }]);
    });

    it('is counted and reported apart: not in the live list, its own list, its roll-call flagged, its own metric label', async () => {
      const live = await t.request('GET', `${base}/major-incidents`, { token: trust.viewer });
      expect(live.body.items.map((i: { id: string }) => i.id)).not.toContain(drillId);
      expect(live.body.items.every((i: { drill: boolean }) => i.drill === false)).toBe(true);
      const drills = await t.request('GET', `${base}/major-incidents?drill=true`, { token: trust.viewer });
      expect(drills.body.items.map((i: { id: string }) => i.id)).toEqual([drillId]);
      expect((await t.request('GET', `${base}/major-incidents?drill=maybe`, { token: trust.viewer })).status).toBe(400);
      const rollCall = await t.request('GET', `${base}/major-incidents/${drillId}/roll-call`, { token: trust.viewer });
      expect(rollCall.body).toEqual(expect.objectContaining({ drill: true, cohort: 5, attending: 2 }));
      const metrics = (await t.request('GET', '/metrics')).text;
      expect(metrics).toContain('strike_ops_recall_staff{mode="drill",answer="attending"} 2');
      // The live incident is stood down, so no live recall is counted now.
      expect(metrics).toContain('strike_ops_recall_staff{mode="live",answer="attending"} 0');
    });

    it('answers 404 to another trust for the drill and its roll-call', async () => {
      for (const path of [`/major-incidents/${drillId}`, `/major-incidents/${drillId}/roll-call`]) {
        expect((await t.request('GET', `/api/v1/trusts/${other.trustId}${path}`, { token: other.admin })).status).toBe(404);
        expect((await t.request('GET', `${base}${path}`, { token: other.admin })).status).toBe(404);
      }
    });
  });
});
