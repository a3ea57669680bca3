import { JobName, QueueService, Role } from '@app/core';
import { DerogationRecallService, derogationRecallJobId, EscalationService, escalationJobId } from '@app/recall';
import { createTrust, TrustFixture, walkoutBody } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** Inside the fixture walkout (2026-01-12T07:00Z → 2026-01-14T07:00Z). */
const DURING_WALKOUT = new Date('2026-01-12T10:00:00Z');

interface StaffSpec {
  staffNumber: string;
  grade?: string;
  site: 0 | 1;
  department: 'ed' | 'amu' | null;
  mobile?: string | null;
  email?: string | null;
}

describe('major incidents and recall (e2e)', () => {
  let t: TestApp;
  let trust: TrustFixture;
  let other: TrustFixture;
  let base: string;
  let amuId: string;
  let walkoutId: string;
  let national: string;
  const staffIds = new Map<string, string>();

  /** The evidence NHS England asks for, complete (a submission refuses anything less). */
  const evidence = (overrides: Record<string, unknown> = {}) => ({
    servicesAtRisk: ['Intensive care'],
    staffNeeded: [{ grade: 'resident-doctor', specialty: 'emergency-medicine', count: 2 }],
    hours: { from: '2026-01-12T19:00:00Z', to: '2026-01-13T07:00:00Z' },
    mitigations: {
      electivesCancelled: { tried: true, note: 'All elective lists stood down' },
      premiumRatesOffered: { tried: true, note: 'Rate card offered to every consultant' },
      bankAndAgencyApproached: { tried: true, note: 'Nobody available' },
      consultantsRedeployed: { tried: true, note: 'Two moved from theatres' },
      mutualAidAsked: { tried: false, note: 'Neighbours are on strike too' },
    },
    ...overrides,
  });

  const staff: StaffSpec[] = [
    { staffNumber: 'R1', site: 0, department: 'ed' },
    { staffNumber: 'R2', site: 0, department: 'ed' },
    { staffNumber: 'R3', site: 0, department: 'ed', mobile: null, email: 'r3@trust.nhs.uk' },
    { staffNumber: 'R4', site: 0, department: 'ed' },
    { staffNumber: 'R5-NOCONTACT', site: 0, department: 'ed', mobile: null, email: null },
    { staffNumber: 'R6-WORKING', site: 0, department: 'ed' },
    { staffNumber: 'A1', site: 0, department: 'amu' },
    { staffNumber: 'A2', site: 0, department: 'amu' },
    { staffNumber: 'S2', site: 1, department: 'ed' },
    { staffNumber: 'C1', grade: 'consultant', site: 0, department: 'ed' },
  ];

  beforeAll(async () => {
    t = await startTestApp({ now: DURING_WALKOUT });
    national = await t.bearer(Role.NationalAdmin);
    trust = await createTrust(t, national, 'Recall Trust');
    other = await createTrust(t, national, 'Other Trust');
    base = `/api/v1/trusts/${trust.trustId}`;
    const amu = await t.request('POST', `${base}/departments`, { token: trust.admin, body: { siteId: trust.siteIds[0], name: 'Acute Medical Unit', kind: 'acute-medicine' } });
    amuId = amu.body.id;
    const imported = await t.request('POST', `${base}/staff/import`, {
      token: trust.admin,
      body: {
        items: staff.map((s, n) => ({
          staffNumber: s.staffNumber,
          givenName: `Given${n}`,
          familyName: `Family${n}`,
          grade: s.grade ?? 'resident-doctor',
          specialty: 'emergency-medicine',
          siteId: trust.siteIds[s.site],
          departmentId: s.department === 'ed' ? trust.departmentIds[s.site] : s.department === 'amu' ? amuId : undefined,
          ...(s.mobile === undefined ? { mobile: `07700900${String(100 + n)}` } : s.mobile ? { mobile: s.mobile } : {}),
          ...(s.email ? { email: s.email } : {}),
        })),
      },
    });
    expect(imported.status).toBe(200);
    for (const row of await t.dataSource.query(`SELECT id, staff_number FROM staff WHERE trust_id = $1`, [trust.trustId])) staffIds.set(row.staff_number, row.id);

    const walkout = await t.request('POST', `${base}/walkouts`, { token: trust.admin, body: walkoutBody() });
    walkoutId = walkout.body.id;
    expect(walkout.body.status).toBe('in-progress');
    const participation = await t.request('PUT', `${base}/walkouts/${walkoutId}/participation`, {
      token: trust.admin,
      body: { items: [{ staffNumber: 'R1', intendsToStrike: 'yes' }, { staffNumber: 'R6-WORKING', intendsToStrike: 'no' }] },
    });
    expect(participation.status).toBe(200);
  });
  afterAll(() => t.close());

  const incidentBody = (overrides: Record<string, unknown> = {}) => ({
    level: 'major',
    state: 'declared',
    siteIds: [trust.siteIds[0]],
    departmentIds: [trust.departmentIds[0]],
    description: 'Multiple casualties from a bus collision on the A4',
    methane: {
      majorIncident: 'Declared',
      exactLocation: 'A4 Cromwell Road eastbound',
      typeOfIncident: 'Bus and lorry collision',
      hazards: 'Fuel spill',
      access: 'Staff entrance on Fulham Road',
      numberOfCasualties: 40,
      emergencyServices: 'LAS, LFB, Met Police',
    },
    attendingTarget: 3,
    ...overrides,
  });

  /** The link token of a staff member's message (the outbox holds it until the message is sent). */
  async function tokenOf(staffNumber: string, incidentId: string, purpose = 'recall'): Promise<string> {
    const rows = await t.dataSource.query(
      `SELECT personalisation->>'linkToken' AS token FROM notification WHERE subject_id = $1 AND staff_id = $2 AND purpose = $3 ORDER BY created_at DESC`,
      [incidentId, staffIds.get(staffNumber), purpose],
    );
    return rows[0].token;
  }

  /** What the worker does when Notify accepts a message. */
  async function markSent(incidentId: string, purpose = 'recall'): Promise<void> {
    await t.dataSource.query(`UPDATE notification SET status = 'sent', sent_at = now() WHERE subject_id = $1 AND purpose = $2 AND status = 'pending'`, [incidentId, purpose]);
  }

  async function delayedJob(incidentId: string, round: number) {
    return t.app.get(QueueService).findJob(JobName.EscalateRecall, escalationJobId(incidentId, round));
  }

  describe('declare → answer → roll-call → escalate → stand-down', () => {
    let incidentId: string;

    it('declaring a major incident during the walkout recalls the striking staff of the named department, with one message each in the same transaction', async () => {
      const response = await t.request('POST', `${base}/major-incidents`, { token: trust.admin, body: incidentBody() });
      expect(response.status).toBe(201);
      incidentId = response.body.id;
      expect(response.body).toEqual(
        expect.objectContaining({ level: 'major', state: 'declared', siteIds: [trust.siteIds[0]], recalled: 4, attendingTarget: 3, escalateAfterSeconds: 900, allowedActions: ['stand-down', 'cancel'] }),
      );
      expect(response.body.recall).toEqual(
        expect.objectContaining({ status: 'started', cohortSize: 4, reason: null, walkoutIds: [walkoutId], attendingTarget: 3, firstEscalationCheckAt: '2026-01-12T10:15:00.000Z' }),
      );
      expect(response.body.recall.excluded).toEqual(expect.arrayContaining([{ reason: 'NO_CONTACT', count: 1 }, { reason: 'DECLARED_WORKING', count: 1 }]));

      const recalled = await t.dataSource.query(`SELECT s.staff_number FROM recall r JOIN staff s ON s.id = r.staff_id WHERE r.incident_id = $1 ORDER BY 1`, [incidentId]);
      expect(recalled.map((r: { staff_number: string }) => r.staff_number)).toEqual(['R1', 'R2', 'R3', 'R4']);
      const messages = await t.dataSource.query(`SELECT purpose, lane, status, walkout_id FROM notification WHERE subject_id = $1`, [incidentId]);
      expect(messages).toHaveLength(4);
      expect(messages.every((m: { purpose: string; lane: string; walkout_id: string }) => m.purpose === 'recall' && m.lane === 'staff-alert' && m.walkout_id === walkoutId)).toBe(true);

      // Only the SHA-256 of each link token is stored with the recall.
      const token = await tokenOf('R1', incidentId);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const [link] = await t.dataSource.query(`SELECT encode(token_hash, 'hex') AS hash FROM recall_link l JOIN recall r ON r.id = l.recall_id WHERE r.staff_id = $1`, [staffIds.get('R1')]);
      expect(link.hash).toMatch(/^[0-9a-f]{64}$/);
      const [{ leaks }] = await t.dataSource.query(`SELECT count(*)::int AS leaks FROM recall_link WHERE encode(token_hash, 'escape') LIKE '%' || $1 || '%'`, [token]);
      expect(leaks).toBe(0);

      const job = await delayedJob(incidentId, 0);
      expect(job?.data).toEqual({ trustId: trust.trustId, incidentId, round: 0 });
      expect(job?.opts.delay).toBe(900_000);
    });

    it('shows the recall page: plain accessible HTML with what happened, where to go, and a form', async () => {
      await markSent(incidentId);
      const token = await tokenOf('R1', incidentId);
      const page = await t.request('GET', `/s/${token}`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.text).toContain('<html lang="en-GB">');
      expect(page.text).toContain('name="viewport"');
      // No script of its own: only the design system's (its one inline line, and its module).
      expect(page.text.match(/<script\b/g)).toHaveLength(2);
      expect(page.text).toContain('<span class="nhsuk-header__organisation-name">Recall Trust');
      expect(page.text).toContain('Recall Trust site 1');
      expect(page.text).toContain('Multiple casualties from a bus collision on the A4');
      expect(page.text).toContain('Staff entrance on Fulham Road');
      expect(page.text).toContain(`action="/s/${token}/respond"`);
      expect(page.text).toMatch(/<label class="[^"]*" for="attending-yes">/);
      expect(page.text).toMatch(/<label class="[^"]*" for="etaMinutes">/);
      expect(page.text).toMatch(/<legend class="[^"]*">\s*Can you come in\?\s*<\/legend>/);
    });

    it('takes answers as JSON or as a form post, lets a person change their answer, and records each in the audit log', async () => {
      const r1 = await t.request('POST', `/s/${await tokenOf('R1', incidentId)}/respond`, { body: { attending: true, etaMinutes: 20 } });
      expect(r1.status).toBe(200);
      expect(r1.body).toEqual({ attending: true, etaMinutes: 20, respondedAt: DURING_WALKOUT.toISOString() });

      const r2Token = await tokenOf('R2', incidentId);
      const form = await t.request('POST', `/s/${r2Token}/respond`, { headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: 'attending=false&etaMinutes=' });
      expect(form.status).toBe(200);
      expect(form.headers['content-type']).toMatch(/^text\/html/);
      expect(form.text).toContain('Thank you, we have your answer');
      expect(form.text).toContain('You told us you cannot come in.');

      const changed = await t.request('POST', `/s/${r2Token}/respond`, { body: { attending: true, etaMinutes: 45 } });
      expect(changed.body).toEqual(expect.objectContaining({ attending: true, etaMinutes: 45 }));
      const again = await t.request('GET', `/s/${r2Token}`);
      expect(again.text).toContain('will arrive in about 45 minutes');
      expect(again.text).toMatch(/id="attending-yes" name="attending" type="radio" value="true" checked/);
    });

    it('refuses anything but a valid answer with 400 in the error body (and re-shows the form to a browser)', async () => {
      const url = `/s/${await tokenOf('R4', incidentId)}/respond`;
      const cases: { body?: string; contentType?: string; field: string }[] = [
        { body: JSON.stringify({ attending: 'yes' }), field: 'attending' },
        { body: JSON.stringify({ etaMinutes: 10 }), field: 'attending' },
        { body: JSON.stringify({ attending: true, etaMinutes: 601 }), field: 'etaMinutes' },
        { body: JSON.stringify({ attending: true, etaMinutes: -1 }), field: 'etaMinutes' },
        { body: JSON.stringify({ attending: true, etaMinutes: 2.5 }), field: 'etaMinutes' },
        { body: JSON.stringify({ attending: false, etaMinutes: 10 }), field: 'etaMinutes' },
        { body: JSON.stringify({ attending: true, sneaky: 1 }), field: 'sneaky' },
        { body: JSON.stringify([true]), field: 'body' },
        { body: 'null', field: 'body' },
        { body: 'attending=true', contentType: 'text/plain', field: 'body' },
        { body: '<attending>true</attending>', contentType: 'application/xml', field: 'body' },
        { body: '--x\r\nContent-Disposition: form-data; name="attending"\r\n\r\ntrue\r\n--x--', contentType: 'multipart/form-data; boundary=x', field: 'body' },
        { body: 'attending=maybe', contentType: 'application/x-www-form-urlencoded', field: 'attending' },
        { body: 'attending=true&etaMinutes=1000', contentType: 'application/x-www-form-urlencoded', field: 'etaMinutes' },
        { body: 'attending=true&attending=false', contentType: 'application/x-www-form-urlencoded', field: 'attending' },
        { body: undefined, field: 'body' },
      ];
      for (const c of cases) {
        const response = await t.request('POST', url, { body: c.body, headers: c.contentType ? { 'content-type': c.contentType } : {} });
        expect({ case: c, status: response.status }).toEqual({ case: c, status: 400 });
        expect(response.body).toEqual({ statusCode: 400, code: 'VALIDATION_FAILED', message: expect.any(String), details: expect.arrayContaining([expect.objectContaining({ field: c.field })]), requestId: expect.any(String) });
      }
      const malformed = await t.request('POST', url, { body: '{"attending": tru' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.code).toBe('MALFORMED_JSON');

      const browser = await t.request('POST', url, { headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: 'etaMinutes=15' });
      expect(browser.status).toBe(400);
      expect(browser.text).toContain('There is a problem');
      expect(browser.text).toContain('Select whether you can come in');
      expect(browser.text).toContain('value="15"');
      const [{ answers }] = await t.dataSource.query(`SELECT count(*)::int AS answers FROM recall WHERE staff_id = $1 AND responded_at IS NOT NULL`, [staffIds.get('R4')]);
      expect(answers).toBe(0);
    });

    it('reports the roll-call as counts and as a CSV', async () => {
      const rollCall = await t.request('GET', `${base}/major-incidents/${incidentId}/roll-call`, { token: trust.viewer });
      expect(rollCall.status).toBe(200);
      expect(rollCall.body).toEqual(
        expect.objectContaining({ cohort: 4, notified: 4, delivered: 0, attending: 2, unavailable: 0, noResponse: 2, eta: { within30: 1, within60: 1, over60: 0, unknown: 0 } }),
      );
      expect(rollCall.body.bySite).toEqual([expect.objectContaining({ siteId: trust.siteIds[0], siteName: 'Recall Trust site 1', cohort: 4, attending: 2 })]);
      expect(rollCall.body.byDepartment).toEqual([
        expect.objectContaining({ siteId: trust.siteIds[0], siteName: 'Recall Trust site 1', departmentId: trust.departmentIds[0], departmentName: 'Emergency Department', cohort: 4 }),
      ]);
      // Who, by name: the trust's own staff, for its admins and viewers; never their contact details.
      expect(rollCall.body.people.map((p: { staffNumber: string }) => p.staffNumber)).toEqual(['R1', 'R2', 'R3', 'R4']);
      expect(rollCall.body.people[0]).toEqual({
        staffId: staffIds.get('R1'),
        staffNumber: 'R1',
        name: 'Given0 Family0',
        grade: 'resident-doctor',
        siteId: trust.siteIds[0],
        siteName: 'Recall Trust site 1',
        departmentId: trust.departmentIds[0],
        departmentName: 'Emergency Department',
        notificationStatus: 'sent',
        answer: { attending: true, etaMinutes: 20, respondedAt: DURING_WALKOUT.toISOString() },
        carriedFromIncidentId: null,
      });
      expect(JSON.stringify(rollCall.body)).not.toMatch(/07700900|@trust\.nhs\.uk/);

      const csv = await t.request('GET', `${base}/major-incidents/${incidentId}/roll-call?format=csv`, { token: trust.viewer });
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.headers['content-disposition']).toBe(`attachment; filename="roll-call-${incidentId}.csv"`);
      const lines = csv.text.split('\r\n');
      expect(lines[0]).toBe('Staff ID,Staff number,Name,Site ID,Site,Department ID,Department,Notification status,Response,ETA minutes,Responded at (UTC),Grade,Carried from incident ID');
      expect(lines.filter(Boolean)).toHaveLength(5);
      expect(lines.find((l) => l.includes(',R1,'))).toContain(',sent,attending,20,2026-01-12T10:00:00.000Z,resident-doctor,');
      expect(csv.text).not.toContain('07700900');

      const bad = await t.request('GET', `${base}/major-incidents/${incidentId}/roll-call?format=xml`, { token: trust.viewer });
      expect(bad.status).toBe(400);
    });

    it('escalates when too few are attending: reminds only non-responders, widens to other departments, and does it once however often the job runs', async () => {
      const escalation = t.app.get(EscalationService);
      t.clock.set(new Date('2026-01-12T10:15:00Z'));
      expect(await escalation.escalate(trust.trustId, incidentId, 0)).toEqual({ kind: 'escalated', round: 1, reminded: 2, added: 2 });
      expect(await escalation.escalate(trust.trustId, incidentId, 0)).toEqual({ kind: 'none', reason: 'ROUND_ALREADY_DONE' });

      const reminders = await t.dataSource.query(`SELECT s.staff_number FROM notification n JOIN staff s ON s.id = n.staff_id WHERE n.subject_id = $1 AND n.purpose = 'recall-reminder' ORDER BY 1`, [incidentId]);
      expect(reminders.map((r: { staff_number: string }) => r.staff_number)).toEqual(['R3', 'R4']);
      const widened = await t.dataSource.query(`SELECT s.staff_number, r.round, r.widening_stage FROM recall r JOIN staff s ON s.id = r.staff_id WHERE r.incident_id = $1 AND r.round = 1 ORDER BY 1`, [incidentId]);
      expect(widened).toEqual([
        { staff_number: 'A1', round: 1, widening_stage: 1 },
        { staff_number: 'A2', round: 1, widening_stage: 1 },
      ]);
      const incident = await t.request('GET', `${base}/major-incidents/${incidentId}`, { token: trust.viewer });
      expect(incident.body).toEqual(expect.objectContaining({ escalationRound: 1, wideningStage: 1, recalled: 6, nextEscalationAt: '2026-01-12T10:30:00.000Z' }));
      expect((await delayedJob(incidentId, 1))?.opts.delay).toBe(900_000);

      // The reminder carries a new link; the first one still works.
      const reminderToken = await tokenOf('R3', incidentId, 'recall-reminder');
      expect(reminderToken).not.toBe(await tokenOf('R3', incidentId));
      expect((await t.request('GET', `/s/${reminderToken}`)).status).toBe(200);
    });

    it('stops messaging someone once they answer: their pending reminder is withdrawn', async () => {
      const answer = await t.request('POST', `/s/${await tokenOf('R3', incidentId)}/respond`, { body: { attending: false } });
      expect(answer.status).toBe(200);
      const [reminder] = await t.dataSource.query(`SELECT status FROM notification WHERE subject_id = $1 AND staff_id = $2 AND purpose = 'recall-reminder'`, [incidentId, staffIds.get('R3')]);
      expect(reminder.status).toBe('cancelled');
      const [r4] = await t.dataSource.query(`SELECT status FROM notification WHERE subject_id = $1 AND staff_id = $2 AND purpose = 'recall-reminder'`, [incidentId, staffIds.get('R4')]);
      expect(r4.status).toBe('pending');
    });

    it('stand-down tells everyone whose recall went out, withdraws what had not, removes the pending escalation job, and closes the links', async () => {
      const response = await t.request('POST', `${base}/major-incidents/${incidentId}/stand-down`, { token: trust.admin });
      expect(response.status).toBe(200);
      expect(response.body).toEqual(expect.objectContaining({ state: 'stood-down', allowedActions: [], endedAt: '2026-01-12T10:15:00.000Z', escalationEndedReason: 'INCIDENT_ENDED', nextEscalationAt: null }));
      // R1–R4 had their recall; A1 and A2's recalls were still queued and R4's reminder too: withdrawn.
      expect(response.body.standDown).toEqual({ told: 4, withdrawn: 3 });
      const told = await t.dataSource.query(`SELECT s.staff_number FROM notification n JOIN staff s ON s.id = n.staff_id WHERE n.subject_id = $1 AND n.purpose = 'recall-stand-down' ORDER BY 1`, [incidentId]);
      expect(told.map((r: { staff_number: string }) => r.staff_number)).toEqual(['R1', 'R2', 'R3', 'R4']);
      const [{ unsent }] = await t.dataSource.query(`SELECT count(*)::int AS unsent FROM notification WHERE subject_id = $1 AND purpose IN ('recall', 'recall-reminder') AND status = 'pending'`, [incidentId]);
      expect(unsent).toBe(0);
      expect(await delayedJob(incidentId, 1)).toBeUndefined();

      const token = await tokenOf('R1', incidentId);
      const page = await t.request('GET', `/s/${token}`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(404);
      expect(page.text).toContain('This recall link is not active');
      const json = await t.request('GET', `/s/${token}`, { headers: { accept: 'application/json' } });
      expect(json.status).toBe(404);
      expect(json.body).toEqual(expect.objectContaining({ statusCode: 404, code: 'RECALL_LINK_NOT_FOUND' }));
      const answer = await t.request('POST', `/s/${token}/respond`, { body: { attending: true } });
      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe('RECALL_LINK_NOT_FOUND');

      // A late escalation job finds the incident stood down and does nothing.
      expect(await t.app.get(EscalationService).escalate(trust.trustId, incidentId, 1)).toEqual({ kind: 'none', reason: 'NOT_DECLARED' });
    });

    it('keeps an append-only audit of everything, which the database refuses to change', async () => {
      const audit = await t.request('GET', `${base}/major-incidents/${incidentId}/audit?limit=100`, { token: trust.viewer });
      expect(audit.status).toBe(200);
      expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
        'incident-created',
        'incident-declared',
        'recall-started',
        'recall-response',
        'recall-response',
        'recall-response',
        'escalation',
        'recall-response',
        'incident-stood-down',
        'recall-stood-down',
      ]);
      const [created, , started] = audit.body.items;
      expect(created.actor).toEqual({ type: 'user', userId: expect.any(String) });
      expect(started.details).toEqual(expect.objectContaining({ recalled: 4, attendingTarget: 3 }));
      const escalation = audit.body.items.find((e: { action: string }) => e.action === 'escalation');
      expect(escalation.actor).toEqual({ type: 'system' });
      expect(escalation.details).toEqual(expect.objectContaining({ round: 1, reminded: 2, widenedTo: 1, added: 2, shortfall: 1 }));
      const response = audit.body.items.find((e: { action: string }) => e.action === 'recall-response');
      expect(response.actor).toEqual({ type: 'staff', staffId: staffIds.get('R1') });
      expect(JSON.stringify(audit.body)).not.toMatch(/Given|Family|07700900/);

      const paged = await t.request('GET', `${base}/major-incidents/${incidentId}/audit?limit=4`, { token: trust.viewer });
      const next = await t.request('GET', `${base}/major-incidents/${incidentId}/audit?limit=4&cursor=${paged.body.nextCursor}`, { token: trust.viewer });
      expect(next.body.items[0].id).toBe(audit.body.items[4].id);

      await expect(t.dataSource.query(`UPDATE incident_audit SET action = 'incident-created' WHERE incident_id = $1`, [incidentId])).rejects.toThrow(/append-only/);
      await expect(t.dataSource.query(`DELETE FROM incident_audit WHERE incident_id = $1`, [incidentId])).rejects.toThrow(/append-only/);
      await expect(t.dataSource.query(`TRUNCATE incident_audit`)).rejects.toThrow(/append-only/);
    });
  });

  describe('states and rules', () => {
    beforeAll(() => t.clock.set(DURING_WALKOUT));
    it('declaring while nobody is on strike records the incident and says the cohort is empty', async () => {
      t.clock.set(new Date('2026-01-20T10:00:00Z'));
      try {
        const response = await t.request('POST', `${base}/major-incidents`, { token: trust.admin, body: incidentBody() });
        expect(response.status).toBe(201);
        expect(response.body.state).toBe('declared');
        expect(response.body.recall).toEqual(expect.objectContaining({ status: 'cohort-empty', cohortSize: 0, reason: 'NO_WALKOUT_IN_PROGRESS', message: expect.stringMatching(/^Cohort empty/) }));
        expect(response.body.recalled).toBe(0);
        expect(await delayedJob(response.body.id, 0)).toBeUndefined();
      } finally {
        t.clock.set(DURING_WALKOUT);
      }
    });

    it('a standby incident recalls nobody until declared; a critical incident never recalls', async () => {
      const standby = await t.request('POST', `${base}/major-incidents`, { token: trust.admin, body: incidentBody({ state: 'standby', siteIds: [trust.siteIds[1]], departmentIds: undefined }) });
      expect(standby.status).toBe(201);
      expect(standby.body.recall).toEqual(expect.objectContaining({ status: 'not-applicable', reason: 'NOT_DECLARED' }));
      const declared = await t.request('POST', `${base}/major-incidents/${standby.body.id}/declare`, { token: trust.admin });
      expect(declared.status).toBe(200);
      expect(declared.body.recall).toEqual(expect.objectContaining({ status: 'started', cohortSize: 1 }));
      expect(declared.body.declaredAt).toBe(DURING_WALKOUT.toISOString());

      const critical = await t.request('POST', `${base}/major-incidents`, { token: trust.admin, body: incidentBody({ level: 'critical' }) });
      expect(critical.body.recall).toEqual(expect.objectContaining({ status: 'not-applicable', reason: 'NOT_A_MAJOR_INCIDENT', cohortSize: 0 }));
    });

    it('answers 409 for every illegal transition, naming the current state', async () => {
      const created = await t.request('POST', `${base}/major-incidents`, { token: trust.admin, body: incidentBody({ level: 'business-continuity', state: 'standby' }) });
      const url = (action: string) => `${base}/major-incidents/${created.body.id}/${action}`;
      const standDownStandby = await t.request('POST', url('stand-down'), { token: trust.admin });
      expect(standDownStandby.status).toBe(409);
      expect(standDownStandby.body).toEqual(expect.objectContaining({ code: 'ILLEGAL_INCIDENT_TRANSITION', details: [{ message: 'The incident is standby; allowed: declare, cancel' }] }));
      expect((await t.request('POST', url('declare'), { token: trust.admin })).status).toBe(200);
      expect((await t.request('POST', url('declare'), { token: trust.admin })).status).toBe(409);
      expect((await t.request('POST', url('cancel'), { token: trust.admin })).status).toBe(200);
      for (const action of ['declare', 'stand-down', 'cancel']) {
        const response = await t.request('POST', url(action), { token: trust.admin });
        expect(response.status).toBe(409);
        expect(response.body.details).toEqual([{ message: 'The incident is cancelled; no further change is possible' }]);
      }
    });

    it('refuses invalid incidents with 400: unknown level, terminal initial state, another trust’s site, a department elsewhere, bad METHANE', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ level: 'huge' }, 'level'],
        [{ state: 'stood-down' }, 'state'],
        [{ siteIds: [] }, 'siteIds'],
        [{ siteIds: [other.siteIds[0]], departmentIds: undefined }, 'siteIds[0]'],
        [{ departmentIds: [trust.departmentIds[1]] }, 'departmentIds[0]'],
        [{ departmentIds: [other.departmentIds[0]] }, 'departmentIds[0]'],
        [{ methane: { exactLocation: 'x' } }, 'methane.majorIncident'],
        [{ methane: { ...incidentBody().methane, numberOfCasualties: -3 } }, 'methane.numberOfCasualties'],
        [{ escalateAfterSeconds: 0 }, 'escalateAfterSeconds'],
        [{ attendingTarget: 'lots' }, 'attendingTarget'],
        [{ description: '' }, 'description'],
      ];
      for (const [overrides, field] of cases) {
        const response = await t.request('POST', `${base}/major-incidents`, { token: trust.admin, body: incidentBody(overrides) });
        expect({ overrides, status: response.status }).toEqual({ overrides, status: 400 });
        expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
    });

    it('has the database refuse rows that cross trusts or break the enumerations', async () => {
      const [incident] = await t.dataSource.query(`SELECT id FROM major_incident WHERE trust_id = $1 LIMIT 1`, [trust.trustId]);
      const [otherStaff] = await t.dataSource.query(`INSERT INTO staff (trust_id, staff_number, given_name, family_name, grade, specialty) VALUES ($1, 'X1', 'A', 'B', 'resident-doctor', 'emergency-medicine') RETURNING id`, [other.trustId]);
      await expect(
        t.dataSource.query(`INSERT INTO recall (trust_id, incident_id, walkout_id, staff_id) VALUES ($1, $2, $3, $4)`, [trust.trustId, incident.id, walkoutId, otherStaff.id]),
      ).rejects.toThrow(/recall_staff_same_trust/);
      await expect(
        t.dataSource.query(`INSERT INTO recall (trust_id, incident_id, walkout_id, staff_id) VALUES ($1, $2, $3, $4)`, [other.trustId, incident.id, walkoutId, otherStaff.id]),
      ).rejects.toThrow(/same_trust/);
      await expect(t.dataSource.query(`UPDATE major_incident SET state = 'paused' WHERE id = $1`, [incident.id])).rejects.toThrow(/violates check constraint/);
      await expect(t.dataSource.query(`UPDATE major_incident SET level = 'huge' WHERE id = $1`, [incident.id])).rejects.toThrow(/major_incident_level_known/);
      await expect(
        t.dataSource.query(`INSERT INTO recall (trust_id, walkout_id, staff_id) VALUES ($1, $2, $3)`, [trust.trustId, walkoutId, staffIds.get('R1')]),
      ).rejects.toThrow(/recall_one_reason/);
      await expect(
        t.dataSource.query(`INSERT INTO recall_link (token_hash, trust_id, recall_id, issued_for) SELECT '\\x00', trust_id, id, 'recall' FROM recall WHERE trust_id = $1 LIMIT 1`, [trust.trustId]),
      ).rejects.toThrow(/recall_link_sha256/);
    });

    it('documents every route in the OpenAPI document', async () => {
      const openapi = await t.request('GET', '/docs-json');
      expect(Object.keys(openapi.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/trusts/{trustId}/major-incidents',
          '/api/v1/trusts/{trustId}/major-incidents/{incidentId}',
          '/api/v1/trusts/{trustId}/major-incidents/{incidentId}/declare',
          '/api/v1/trusts/{trustId}/major-incidents/{incidentId}/stand-down',
          '/api/v1/trusts/{trustId}/major-incidents/{incidentId}/cancel',
          '/api/v1/trusts/{trustId}/major-incidents/{incidentId}/roll-call',
          '/api/v1/trusts/{trustId}/major-incidents/{incidentId}/audit',
          '/api/v1/trusts/{trustId}/derogations',
          '/api/v1/trusts/{trustId}/derogations/{derogationId}/decision',
          '/api/v1/trusts/{trustId}/derogations/{derogationId}/submit',
          '/api/v1/trusts/{trustId}/derogations/{derogationId}/forward',
          '/api/v1/trusts/{trustId}/derogations/{derogationId}/withdraw',
          '/api/v1/trusts/{trustId}/derogations/{derogationId}/revoke',
          '/api/v1/trusts/{trustId}/derogations/{derogationId}/harm-report',
          '/s/{token}',
          '/s/{token}/respond',
        ]),
      );
    });

    it('lists incidents newest first with a cursor, and filters by state', async () => {
      const first = await t.request('GET', `${base}/major-incidents?limit=2`, { token: trust.viewer });
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(2);
      const second = await t.request('GET', `${base}/major-incidents?limit=2&cursor=${first.body.nextCursor}`, { token: trust.viewer });
      expect(second.body.items[0].id).not.toBe(first.body.items[1].id);
      const cancelled = await t.request('GET', `${base}/major-incidents?state=cancelled`, { token: trust.viewer });
      expect(cancelled.body.items.every((i: { state: string }) => i.state === 'cancelled')).toBe(true);
      expect((await t.request('GET', `${base}/major-incidents?state=over`, { token: trust.viewer })).status).toBe(400);
    });

    it('forbids viewers every change (403) while letting them read', async () => {
      const created = await t.request('POST', `${base}/major-incidents`, { token: trust.admin, body: incidentBody({ level: 'critical', state: 'standby' }) });
      const id = created.body.id;
      for (const [url, body] of [
        [`${base}/major-incidents`, incidentBody()],
        [`${base}/major-incidents/${id}/declare`, undefined],
        [`${base}/major-incidents/${id}/stand-down`, undefined],
        [`${base}/major-incidents/${id}/cancel`, undefined],
        [`${base}/derogations`, { walkoutId, staffNumbers: ['A1'], evidence: 'x', decisionDeadline: '2026-01-12T12:00:00Z' }],
        [`${base}/derogations/${id}/decision`, { approved: true, note: 'ok' }],
      ] as [string, unknown][]) {
        const response = await t.request('POST', url, { token: trust.viewer, body });
        expect({ url, status: response.status }).toEqual({ url, status: 403 });
        expect(response.body.code).toBe('FORBIDDEN');
      }
      for (const url of [`${base}/major-incidents`, `${base}/major-incidents/${id}`, `${base}/major-incidents/${id}/roll-call`, `${base}/major-incidents/${id}/audit`, `${base}/derogations`]) {
        expect((await t.request('GET', url, { token: trust.viewer })).status).toBe(200);
      }
    });

    it('answers 404 for another trust’s incident and derogation on every route that takes an id, and for ids that cannot exist', async () => {
      const incident = await t.request('POST', `${base}/major-incidents`, { token: trust.admin, body: incidentBody({ level: 'critical', state: 'standby' }) });
      const derogation = await t.request('POST', `${base}/derogations`, { token: trust.admin, body: { walkoutId, staffNumbers: ['A1'], evidence: 'Two registrars off sick', decisionDeadline: '2026-01-12T18:00:00Z', ...evidence() } });
      expect(derogation.status).toBe(201);
      const otherBase = `/api/v1/trusts/${other.trustId}`;
      const routes: [string, string, unknown?][] = [
        ['GET', `/major-incidents/${incident.body.id}`],
        ['POST', `/major-incidents/${incident.body.id}/declare`],
        ['POST', `/major-incidents/${incident.body.id}/stand-down`],
        ['POST', `/major-incidents/${incident.body.id}/cancel`],
        ['GET', `/major-incidents/${incident.body.id}/roll-call`],
        ['GET', `/major-incidents/${incident.body.id}/roll-call?format=csv`],
        ['GET', `/major-incidents/${incident.body.id}/audit`],
        ['GET', `/derogations/${derogation.body.id}`],
        ['POST', `/derogations/${derogation.body.id}/submit`, {}],
        ['POST', `/derogations/${derogation.body.id}/withdraw`, { note: 'no longer needed' }],
        ['POST', `/derogations/${derogation.body.id}/harm-report`, { outcome: 'near-miss', note: 'x' }],
        ['GET', `/derogations/${derogation.body.id}/roll-call`],
        ['GET', `/derogations/${derogation.body.id}/audit`],
      ];
      for (const [method, path, body] of routes) {
        // The other trust's admin, asking through their own trust…
        const ownPath = await t.request(method as 'GET', `${otherBase}${path}`, { token: other.admin, body });
        expect({ path, status: ownPath.status }).toEqual({ path, status: 404 });
        // …and through ours.
        const ourPath = await t.request(method as 'GET', `${base}${path}`, { token: other.admin, body });
        expect({ path, status: ourPath.status }).toEqual({ path, status: 404 });
        const nonsense = await t.request(method as 'GET', `${base}${path.replace(/[0-9a-f-]{36}/, 'not-a-uuid')}`, { token: trust.admin, body });
        expect({ path, status: nonsense.status }).toEqual({ path, status: 404 });
      }
      // National operations' routes: a national admin sees every trust, so the other trust's path must not find it.
      for (const path of [`/derogations/${derogation.body.id}/forward`, `/derogations/${derogation.body.id}/decision`, `/derogations/${derogation.body.id}/revoke`]) {
        const body = path.endsWith('decision') ? { approved: true, note: 'fine' } : { note: 'fine' };
        const response = await t.request('POST', `${otherBase}${path}`, { token: national, body });
        expect({ path, status: response.status }).toEqual({ path, status: 404 });
        const nonsense = await t.request('POST', `${base}${path.replace(/[0-9a-f-]{36}/, 'not-a-uuid')}`, { token: national, body });
        expect({ path, status: nonsense.status }).toEqual({ path, status: 404 });
      }
      // Still untouched.
      expect((await t.request('GET', `${base}/major-incidents/${incident.body.id}`, { token: trust.admin })).body.state).toBe('standby');
      expect((await t.request('GET', `${base}/derogations/${derogation.body.id}`, { token: trust.admin })).body.status).toBe('submitted');

      for (const token of ['nope', 'a'.repeat(43), `${'b'.repeat(42)}%2F`]) {
        expect((await t.request('GET', `/s/${token}`)).status).toBe(404);
        const json = await t.request('POST', `/s/${token}/respond`, { body: { attending: true } });
        expect(json.status).toBe(404);
        expect(json.body.code).toBe('RECALL_LINK_NOT_FOUND');
      }
    });
  });

  describe('derogations', () => {
    beforeAll(() => t.clock.set(DURING_WALKOUT));
    const deadline = '2026-01-12T18:00:00Z';

    /** NHS England passes the request to the union. */
    async function forward(id: string): Promise<void> {
      const response = await t.request('POST', `${base}/derogations/${id}/forward`, { token: national, body: {} });
      expect(response.body).toEqual(expect.objectContaining({ status: 'pending' }));
    }

    it('recalls nobody until approved, then exactly the staff named', async () => {
      const requested = await t.request('POST', `${base}/derogations`, { token: trust.admin, body: { walkoutId, staffNumbers: ['A1', 'S2'], evidence: 'ITU cannot be staffed safely tonight', decisionDeadline: deadline, ...evidence() } });
      expect(requested.status).toBe(201);
      expect(requested.body).toEqual(expect.objectContaining({ status: 'submitted', target: 'staff', staffNumbers: ['A1', 'S2'], failsafe: false, recall: null, recalled: 0 }));
      expect(requested.body.permission).toEqual({ mayRecall: false, flagged: false, reason: 'AWAITING_APPROVAL' });

      await forward(requested.body.id);
      const approved = await t.request('POST', `${base}/derogations/${requested.body.id}/decision`, { token: national, body: { approved: true, note: 'Agreed with the BMA rep' } });
      expect(approved.status).toBe(200);
      expect(approved.body).toEqual(expect.objectContaining({ status: 'approved', decisionNote: 'Agreed with the BMA rep', recalled: 2, recall: { status: 'started', recalled: 2, flagged: false } }));
      const messages = await t.dataSource.query(
        `SELECT s.staff_number, n.personalisation->>'reason' AS reason FROM notification n JOIN staff s ON s.id = n.staff_id WHERE n.subject_id = $1 AND n.purpose = 'recall' ORDER BY 1`,
        [requested.body.id],
      );
      expect(messages).toEqual([
        { staff_number: 'A1', reason: 'derogation' },
        { staff_number: 'S2', reason: 'derogation' },
      ]);

      const twice = await t.request('POST', `${base}/derogations/${requested.body.id}/decision`, { token: national, body: { approved: false, note: 'Changed our mind' } });
      expect(twice.status).toBe(409);
      expect(twice.body.code).toBe('ILLEGAL_DEROGATION_TRANSITION');

      // The derogation's recall link works like an incident's.
      const [{ token }] = await t.dataSource.query(`SELECT personalisation->>'linkToken' AS token FROM notification WHERE subject_id = $1 AND staff_id = $2`, [requested.body.id, staffIds.get('S2')]);
      const page = await t.request('GET', `/s/${token}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('to keep patients safe');
      expect(page.text).toContain('Recall Trust site 2');
      expect((await t.request('POST', `/s/${token}/respond`, { body: { attending: true, etaMinutes: 60 } })).status).toBe(200);
      const rollCall = await t.request('GET', `${base}/derogations/${requested.body.id}/roll-call`, { token: trust.viewer });
      expect(rollCall.body).toEqual(expect.objectContaining({ cohort: 2, attending: 1, eta: expect.objectContaining({ within60: 1 }) }));
    });

    it('recalls a number of striking staff from a department when approved', async () => {
      const requested = await t.request('POST', `${base}/derogations`, { token: trust.admin, body: { walkoutId, departmentId: trust.departmentIds[0], count: 2, evidence: 'ED short', decisionDeadline: deadline, ...evidence() } });
      expect(requested.status).toBe(201);
      await forward(requested.body.id);
      const approved = await t.request('POST', `${base}/derogations/${requested.body.id}/decision`, { token: national, body: { approved: true, note: 'ok' } });
      expect(approved.body.recall).toEqual({ status: 'started', recalled: 2, flagged: false });
      const recalled = await t.dataSource.query(`SELECT s.staff_number FROM recall r JOIN staff s ON s.id = r.staff_id WHERE r.derogation_id = $1 ORDER BY 1`, [requested.body.id]);
      expect(recalled.map((r: { staff_number: string }) => r.staff_number)).toEqual(['R1', 'R2']);
    });

    it('a failsafe request recalls at once, flagged in the audit log; declining it stands those staff down', async () => {
      const requested = await t.request('POST', `${base}/derogations`, {
        token: trust.admin,
        body: { walkoutId, staffNumbers: ['R4'], evidence: 'Mass-casualty event at the airport', decisionDeadline: deadline, failsafe: true, ...evidence() },
      });
      expect(requested.status).toBe(201);
      expect(requested.body).toEqual(expect.objectContaining({ status: 'submitted', failsafe: true, recalled: 1, recall: { status: 'started', recalled: 1, flagged: true } }));
      const audit = await t.request('GET', `${base}/derogations/${requested.body.id}/audit`, { token: trust.viewer });
      const started = audit.body.items.find((e: { action: string }) => e.action === 'recall-started');
      expect(started.details).toEqual(expect.objectContaining({ failsafe: true, flagged: true, permission: 'FAILSAFE_PENDING_DECISION', recalled: 1 }));

      await t.dataSource.query(`UPDATE notification SET status = 'sent' WHERE subject_id = $1`, [requested.body.id]);
      await forward(requested.body.id);
      const rejected = await t.request('POST', `${base}/derogations/${requested.body.id}/decision`, { token: national, body: { approved: false, note: 'Not a derogation case' } });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toEqual(expect.objectContaining({ status: 'declined', standDown: { told: 1, withdrawn: 0 } }));
      expect(rejected.body.recallEndedAt).not.toBeNull();
      const [standDown] = await t.dataSource.query(`SELECT personalisation->>'reason' AS reason FROM notification WHERE subject_id = $1 AND purpose = 'recall-stand-down'`, [requested.body.id]);
      expect(standDown.reason).toBe('derogation');
    });

    it('flags a request undecided past its deadline on the list and in /metrics, and records a late decision as late', async () => {
      const requested = await t.request('POST', `${base}/derogations`, { token: trust.admin, body: { walkoutId, staffNumbers: ['A2'], evidence: 'x', decisionDeadline: '2026-01-12T11:00:00Z', ...evidence() } });
      await forward(requested.body.id);
      t.clock.set(new Date('2026-01-12T11:00:00Z'));
      try {
        const got = await t.request('GET', `${base}/derogations/${requested.body.id}`, { token: trust.viewer });
        expect(got.body).toEqual(expect.objectContaining({ status: 'pending', overdue: true, permission: { mayRecall: false, flagged: false, reason: 'DECISION_OVERDUE' } }));
        const overdue = await t.request('GET', `${base}/derogations?overdue=true`, { token: trust.viewer });
        expect(overdue.body.items.map((d: { id: string }) => d.id)).toEqual([requested.body.id]);
        expect(overdue.body.items[0].overdue).toBe(true);
        const metrics = await t.request('GET', '/metrics');
        expect(metrics.text).toContain(`strike_ops_derogations_overdue{trust_id="${trust.trustId}"} 1`);

        const late = await t.request('POST', `${base}/derogations/${requested.body.id}/decision`, { token: national, body: { approved: false, note: 'late' } });
        expect(late.status).toBe(200);
        expect(late.body).toEqual(expect.objectContaining({ status: 'declined', overdue: false }));
        expect(late.body.transitions.at(-1)).toEqual(expect.objectContaining({ from: 'pending', to: 'declined', late: true, note: 'late' }));
        expect((await t.request('GET', '/metrics')).text).not.toContain(`strike_ops_derogations_overdue{trust_id="${trust.trustId}"}`);
      } finally {
        t.clock.set(DURING_WALKOUT);
      }
    });

    it('waits for an announced walkout to start before recalling, and refuses a walkout that is over', async () => {
      const announced = await t.request('POST', `${base}/walkouts`, {
        token: trust.admin,
        body: walkoutBody({ startsAt: '2026-02-01T07:00:00Z', endsAt: '2026-02-03T07:00:00Z', noticeReceivedAt: '2026-01-05T09:00:00Z' }),
      });
      const requested = await t.request('POST', `${base}/derogations`, { token: trust.admin, body: { walkoutId: announced.body.id, staffNumbers: ['S2'], evidence: 'Neonatal unit', decisionDeadline: '2026-01-30T12:00:00Z', ...evidence() } });
      await forward(requested.body.id);
      const approved = await t.request('POST', `${base}/derogations/${requested.body.id}/decision`, { token: national, body: { approved: true, note: 'ok' } });
      expect(approved.body).toEqual(expect.objectContaining({ recalled: 0, recallStartedAt: null, recall: { status: 'deferred', until: '2026-02-01T07:00:00.000Z', flagged: false } }));
      const job = await t.app.get(QueueService).findJob(JobName.StartDerogationRecall, derogationRecallJobId(requested.body.id));
      expect(job?.data).toEqual({ trustId: trust.trustId, derogationId: requested.body.id });
      expect(job?.opts.delay).toBe(new Date('2026-02-01T07:00:00Z').getTime() - DURING_WALKOUT.getTime());
      await t.app.get(QueueService).removeJob(JobName.StartDerogationRecall, job!.id);

      // What the job does when the walkout starts (and again, if delivered twice).
      const service = t.app.get(DerogationRecallService);
      await expect(service.startFromJob(trust.trustId, requested.body.id, new Date('2026-01-31T07:00:00Z'))).rejects.toThrow(/not started yet/);
      expect(await service.startFromJob(trust.trustId, requested.body.id, new Date('2026-02-01T07:05:00Z'))).toEqual({ status: 'started', recalled: 1, flagged: false });
      expect(await service.startFromJob(trust.trustId, requested.body.id, new Date('2026-02-01T07:06:00Z'))).toEqual(expect.objectContaining({ status: 'not-started', reason: 'ALREADY_STARTED' }));
      expect((await t.request('GET', `${base}/derogations/${requested.body.id}`, { token: trust.viewer })).body.recalled).toBe(1);

      const ended = await t.request('POST', `${base}/walkouts`, {
        token: trust.admin,
        body: walkoutBody({ startsAt: '2026-01-05T07:00:00Z', endsAt: '2026-01-06T07:00:00Z', noticeReceivedAt: '2025-12-01T09:00:00Z' }),
      });
      const late = await t.request('POST', `${base}/derogations`, { token: trust.admin, body: { walkoutId: ended.body.id, staffNumbers: ['S2'], evidence: 'x', decisionDeadline: deadline, ...evidence() } });
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('DEROGATION_WALKOUT_OVER');
      // A draft may be saved for it, but not submitted.
      const draft = await t.request('POST', `${base}/derogations`, { token: trust.admin, body: { walkoutId: ended.body.id, staffNumbers: ['S2'], evidence: 'x', decisionDeadline: deadline, draft: true } });
      expect(draft.body.status).toBe('draft');
      const submitted = await t.request('POST', `${base}/derogations/${draft.body.id}/submit`, { token: trust.admin, body: {} });
      expect(submitted.status).toBe(400);
      expect(submitted.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['servicesAtRisk', 'staffNeeded', 'hours', 'mitigations']));
    });

    it('runs the whole process: draft → submitted → pending → approved → revoked, with who and when for each move, and only national operations deciding', async () => {
      const draft = await t.request('POST', `${base}/derogations`, { token: trust.admin, body: { walkoutId, staffNumbers: ['A1'], evidence: 'Night ITU cover', decisionDeadline: deadline, draft: true, servicesAtRisk: ['Intensive care'] } });
      expect(draft.status).toBe(201);
      expect(draft.body).toEqual(expect.objectContaining({ status: 'draft', allowedActions: ['submit', 'withdraw'], submittedAt: null, recall: null, permission: expect.objectContaining({ reason: 'DRAFT' }) }));
      const id = draft.body.id;
      // Incomplete: the submission names what is missing.
      const incomplete = await t.request('POST', `${base}/derogations/${id}/submit`, { token: trust.admin, body: {} });
      expect(incomplete.status).toBe(400);
      expect(incomplete.body.details.map((d: { field: string }) => d.field)).toEqual(['staffNeeded', 'hours', 'mitigations']);

      const complete = await t.request('POST', `${base}/derogations`, { token: trust.admin, body: { walkoutId, staffNumbers: ['A1'], evidence: 'Night ITU cover', decisionDeadline: deadline, draft: true, ...evidence() } });
      const cid = complete.body.id;
      // The trust may not move its own request past submission, nor decide it.
      for (const [path, body] of [
        ['forward', {}],
        ['decision', { approved: true, note: 'self-approved' }],
        ['revoke', { note: 'x' }],
      ] as [string, unknown][]) {
        const refused = await t.request('POST', `${base}/derogations/${cid}/${path}`, { token: trust.admin, body });
        expect({ path, status: refused.status, code: refused.body.code }).toEqual({ path, status: 403, code: 'FORBIDDEN' });
      }
      // Out of order: 409 with the code, saying what is allowed.
      const early = await t.request('POST', `${base}/derogations/${cid}/forward`, { token: national, body: {} });
      expect(early.status).toBe(409);
      expect(early.body).toEqual(expect.objectContaining({ code: 'ILLEGAL_DEROGATION_TRANSITION', details: [{ message: 'The request is draft; allowed: submit, withdraw' }] }));

      const submitted = await t.request('POST', `${base}/derogations/${cid}/submit`, { token: trust.admin, body: { note: 'Signed off by the medical director' } });
      expect(submitted.status).toBe(200);
      expect(submitted.body).toEqual(expect.objectContaining({ status: 'submitted', submittedBy: expect.any(String), submittedAt: DURING_WALKOUT.toISOString() }));
      await forward(cid);
      const approved = await t.request('POST', `${base}/derogations/${cid}/decision`, { token: national, body: { approved: true, note: 'BMA agreed' } });
      expect(approved.body).toEqual(expect.objectContaining({ status: 'approved', recall: { status: 'started', recalled: 1, flagged: false }, allowedActions: ['revoke'] }));
      await t.dataSource.query(`UPDATE notification SET status = 'sent' WHERE subject_id = $1`, [cid]);

      const revoked = await t.request('POST', `${base}/derogations/${cid}/revoke`, { token: national, body: { note: 'Union withdrew agreement' } });
      expect(revoked.status).toBe(200);
      expect(revoked.body).toEqual(expect.objectContaining({ status: 'revoked', endedAt: DURING_WALKOUT.toISOString(), standDown: { told: 1, withdrawn: 0 }, allowedActions: [] }));
      expect(revoked.body.transitions.map((tr: { from: string | null; to: string; by: string | null; at: string }) => [tr.from, tr.to, tr.by !== null, tr.at])).toEqual([
        [null, 'draft', true, DURING_WALKOUT.toISOString()],
        ['draft', 'submitted', true, DURING_WALKOUT.toISOString()],
        ['submitted', 'pending', true, DURING_WALKOUT.toISOString()],
        ['pending', 'approved', true, DURING_WALKOUT.toISOString()],
        ['approved', 'revoked', true, DURING_WALKOUT.toISOString()],
      ]);
      const audit = await t.request('GET', `${base}/derogations/${cid}/audit`, { token: trust.viewer });
      expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(['derogation-requested', 'derogation-submitted', 'derogation-forwarded', 'derogation-approved', 'recall-started', 'derogation-revoked', 'recall-stood-down']),
      );
      // The transitions are append-only in the database too.
      await expect(t.dataSource.query(`UPDATE derogation_transition SET note = 'changed' WHERE derogation_id = $1`, [cid])).rejects.toThrow(/append-only/);
    });

    it('submits only for the staff groups the walkout names', async () => {
      const consultants = await t.request('POST', `${base}/derogations`, {
        token: trust.admin,
        body: { walkoutId, staffNumbers: ['C1'], evidence: 'x', decisionDeadline: deadline, ...evidence({ staffNeeded: [{ grade: 'consultant', specialty: 'emergency-medicine', count: 1 }] }) },
      });
      expect(consultants.status).toBe(422);
      expect(consultants.body.code).toBe('DEROGATION_STAFF_GROUP_NOT_ON_STRIKE');
      expect(consultants.body.details.map((d: { field: string }) => d.field)).toEqual(['staffNeeded[0].grade', 'staffNumbers']);
      const badEvidence = await t.request('POST', `${base}/derogations`, {
        token: trust.admin,
        body: { walkoutId, staffNumbers: ['A1'], evidence: 'x', decisionDeadline: deadline, ...evidence({ hours: { from: '2026-01-13T07:00:00Z', to: '2026-01-12T19:00:00Z' }, servicesAtRisk: [''] }) },
      });
      expect(badEvidence.status).toBe(400);
      expect(badEvidence.body.details.map((d: { field: string }) => d.field)).toEqual(['servicesAtRisk[0]', 'hours.to']);
    });

    it('withdrawing a failsafe request stands its recall down; harm after a decline is recorded and audited, on a declined request only', async () => {
      const failsafe = await t.request('POST', `${base}/derogations`, { token: trust.admin, body: { walkoutId, staffNumbers: ['R2'], evidence: 'Airport crash', decisionDeadline: deadline, failsafe: true, ...evidence() } });
      expect(failsafe.body.recall).toEqual({ status: 'started', recalled: 1, flagged: true });
      await t.dataSource.query(`UPDATE notification SET status = 'sent' WHERE subject_id = $1`, [failsafe.body.id]);
      const withdrawn = await t.request('POST', `${base}/derogations/${failsafe.body.id}/withdraw`, { token: trust.admin, body: { note: 'Casualties diverted' } });
      expect(withdrawn.body).toEqual(expect.objectContaining({ status: 'withdrawn', standDown: { told: 1, withdrawn: 0 } }));
      expect((await t.request('POST', `${base}/derogations/${failsafe.body.id}/withdraw`, { token: trust.admin, body: { note: 'again' } })).status).toBe(409);

      const pending = await t.request('POST', `${base}/derogations`, { token: trust.admin, body: { walkoutId, staffNumbers: ['A2'], evidence: 'x', decisionDeadline: deadline, ...evidence() } });
      const early = await t.request('POST', `${base}/derogations/${pending.body.id}/harm-report`, { token: trust.admin, body: { outcome: 'harm', note: 'x' } });
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('DEROGATION_NOT_DECLINED');
      await forward(pending.body.id);
      await t.request('POST', `${base}/derogations/${pending.body.id}/decision`, { token: national, body: { approved: false, note: 'Consultants can cover' } });
      const bad = await t.request('POST', `${base}/derogations/${pending.body.id}/harm-report`, { token: trust.admin, body: { outcome: 'maybe', note: 'x' } });
      expect(bad.status).toBe(400);
      expect(bad.body.details[0].field).toBe('outcome');
      const harm = await t.request('POST', `${base}/derogations/${pending.body.id}/harm-report`, { token: trust.admin, body: { outcome: 'near-miss', note: 'Delayed airway review at 03:00, no lasting harm' } });
      expect(harm.status).toBe(200);
      expect(harm.body.harm).toEqual({ outcome: 'near-miss', note: 'Delayed airway review at 03:00, no lasting harm', reportedAt: DURING_WALKOUT.toISOString(), reportedBy: expect.any(String) });
      const audit = await t.request('GET', `${base}/derogations/${pending.body.id}/audit`, { token: trust.viewer });
      expect(audit.body.items.at(-1)).toEqual(expect.objectContaining({ action: 'derogation-harm-reported', details: expect.objectContaining({ outcome: 'near-miss', previous: null }) }));
      expect((await t.request('POST', `${base}/derogations/${pending.body.id}/harm-report`, { token: trust.viewer, body: { outcome: 'harm', note: 'x' } })).status).toBe(403);
    });

    it('refuses invalid requests with 400 naming every problem', async () => {
      const both = await t.request('POST', `${base}/derogations`, { token: trust.admin, body: { walkoutId, staffNumbers: ['A1'], departmentId: trust.departmentIds[0], count: 1, evidence: ' ', decisionDeadline: '2026-01-01T00:00:00Z', draft: true } });
      expect(both.status).toBe(400);
      expect(both.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['decisionDeadline', 'evidence', 'staffNumbers']);
      const unknown = await t.request('POST', `${base}/derogations`, { token: trust.admin, body: { walkoutId, staffNumbers: ['A1', 'NOBODY'], evidence: 'x', decisionDeadline: deadline, ...evidence() } });
      expect(unknown.status).toBe(400);
      expect(unknown.body).toEqual(expect.objectContaining({ code: 'UNKNOWN_STAFF', details: [{ field: 'staffNumbers[1]', message: 'is not a staff member of this trust' }] }));
      const otherWalkout = await t.request('POST', `${base}/derogations`, {
        token: trust.admin,
        body: { walkoutId: '00000000-0000-4000-8000-000000000000', staffNumbers: ['A1'], evidence: 'x', decisionDeadline: deadline, ...evidence() },
      });
      expect(otherWalkout.status).toBe(400);
      expect(otherWalkout.body.details).toEqual([{ field: 'walkoutId', message: 'is not a walkout of this trust' }]);
      const otherDepartment = await t.request('POST', `${base}/derogations`, { token: trust.admin, body: { walkoutId, departmentId: other.departmentIds[0], count: 1, evidence: 'x', decisionDeadline: deadline, ...evidence() } });
      expect(otherDepartment.status).toBe(400);
      const noCount = await t.request('POST', `${base}/derogations`, { token: trust.admin, body: { walkoutId, departmentId: trust.departmentIds[0], evidence: 'x', decisionDeadline: deadline, ...evidence() } });
      expect(noCount.body.details).toEqual([{ field: 'count', message: expect.any(String) }]);
    });
  });
});
