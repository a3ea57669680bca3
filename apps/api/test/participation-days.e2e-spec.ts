import { Role, Transactions } from '@app/core';
import { NotificationOutbox, ParticipationDeclarationOutbox } from '@app/notifications';
import { DeclarationService } from '@app/walkouts';
import { createTrust, TrustFixture, walkoutBody } from './support/fixtures';
import { createConsoleUser, signInToConsole } from './support/console-users';
import { startTestApp, TestApp } from './support/test-app';

/** Participation per walkout day, daily declarations, the per-day workforce sitrep and the absence export (real PostgreSQL and Redis). */
describe('participation per day and daily declarations (e2e)', () => {
  let t: TestApp;
  let trust: TrustFixture;
  let other: TrustFixture;
  let base: string;
  let walkoutId: string;
  let declarations: DeclarationService;
  let transactions: Transactions;

  beforeAll(async () => {
    t = await startTestApp({ now: new Date('2026-01-01T12:00:00Z') });
    const national = await t.bearer(Role.NationalAdmin);
    trust = await createTrust(t, national);
    other = await createTrust(t, national, 'Other Trust');
    base = `/api/v1/trusts/${trust.trustId}/walkouts`;
    const staff = [
      ['R1', 'resident-doctor', '07700900101'],
      ['R2', 'resident-doctor', '07700900102'],
      ['R3', 'resident-doctor', '07700900103'],
      ['C1', 'consultant', '07700900104'],
      ['N1', 'nurse', '07700900105'],
    ];
    const imported = await t.request('POST', `/api/v1/trusts/${trust.trustId}/staff/import`, {
      token: trust.admin,
      body: { items: staff.map(([staffNumber, grade, mobile]) => ({ staffNumber, givenName: `Given ${staffNumber}`, familyName: 'Family', grade, specialty: 'emergency-medicine', siteId: trust.siteIds[0], mobile })) },
    });
    expect(imported.status).toBe(200);
    // 07:00 → 07:00, two days: 12 and 13 January.
    walkoutId = (await t.request('POST', base, { token: trust.admin, body: walkoutBody() })).body.id;
    declarations = t.app.get(DeclarationService);
    transactions = t.app.get(Transactions);
    // What the worker's notifications module does at start-up.
    new ParticipationDeclarationOutbox(declarations, t.app.get(NotificationOutbox)).onModuleInit();
  });
  afterAll(() => t.close());

  const put = (items: unknown[]) => t.request('PUT', `${base}/${walkoutId}/participation`, { token: trust.admin, body: { items } });

  it('keeps the whole-walkout answer working: it applies to every day, and the counts answer as before', async () => {
    const response = await put([
      { staffNumber: 'R1', intendsToStrike: 'yes' },
      { staffNumber: 'R2', intendsToStrike: 'yes' },
    ]);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ yes: 2, no: 0, unknown: 0 });
    const days = await t.request('GET', `${base}/${walkoutId}/participation`, { token: trust.viewer });
    expect(days.body.days.map((d: { date: string; yes: number }) => [d.date, d.yes])).toEqual([
      ['2026-01-12', 2],
      ['2026-01-13', 2],
    ]);
  });

  it('takes an answer for one day, which wins over the whole-walkout answer for that day only', async () => {
    expect((await put([{ staffNumber: 'R2', intendsToStrike: 'no', day: '2026-01-13' }])).status).toBe(200);
    const days = (await t.request('GET', `${base}/${walkoutId}/participation`, { token: trust.viewer })).body.days;
    expect(days.map((d: { yes: number; no: number }) => [d.yes, d.no])).toEqual([
      [2, 0],
      [1, 1],
    ]);
  });

  it('refuses a day the walkout does not have, or the same person twice for a day, naming the field, saving nothing', async () => {
    const wrongDay = await put([{ staffNumber: 'R3', intendsToStrike: 'yes', day: '2026-01-14' }]);
    expect(wrongDay.status).toBe(400);
    expect(wrongDay.body.details).toEqual([{ field: 'items[0].day', message: 'is not a day of this walkout (2026-01-12, 2026-01-13)' }]);
    const badDate = await put([{ staffNumber: 'R3', intendsToStrike: 'yes', day: '13/01/2026' }]);
    expect(badDate.status).toBe(400);
    expect(badDate.body.details[0].field).toBe('items[0].day');
    const twice = await put([
      { staffNumber: 'R3', intendsToStrike: 'yes', day: '2026-01-12' },
      { staffNumber: 'R3', intendsToStrike: 'no', day: '2026-01-12' },
    ]);
    expect(twice.status).toBe(400);
  });

  it('counts the workforce sitrep per day for the named group only: consultants and nurses are not "unknown"', async () => {
    const sitrep = await t.request('GET', `${base}/${walkoutId}/sitrep`, { token: trust.viewer });
    expect(sitrep.status).toBe(200);
    expect(sitrep.body.workforce.staffGroups).toEqual(['resident-doctor']);
    expect(sitrep.body.workforce.days.map((d: { date: string; reportDueOn: string; groups: unknown[] }) => [d.date, d.reportDueOn, d.groups])).toEqual([
      ['2026-01-12', '2026-01-13', [{ staffGroup: 'resident-doctor', dueAtWork: 3, takingPart: 2, notTakingPart: 0, unknown: 1, percentTakingPart: 66.7 }]],
      ['2026-01-13', '2026-01-14', [{ staffGroup: 'resident-doctor', dueAtWork: 3, takingPart: 1, notTakingPart: 1, unknown: 1, percentTakingPart: 33.3 }]],
    ]);
  });

  it('sends each named-group member one declaration link the evening before each day, however often the job runs', async () => {
    t.clock.set(new Date('2026-01-11T17:59:00Z'));
    expect((await declarations.sendDue()).requested).toBe(0);
    t.clock.set(new Date('2026-01-11T18:00:00Z'));
    expect(await declarations.sendDue()).toEqual({ walkoutDays: 1, requested: 3 });
    expect((await declarations.sendDue()).requested).toBe(0);
    const messages: { staffId: string; sourceType: string; sourceId: string; deadline: Date }[] = await t.dataSource.query(
      `SELECT staff_id AS "staffId", source_type AS "sourceType", source_id AS "sourceId", deadline FROM notification WHERE trust_id = $1 AND purpose = 'participation-declaration'`,
      [trust.trustId],
    );
    expect(messages).toHaveLength(3);
    expect(new Set(messages.map((m) => m.sourceType))).toEqual(new Set(['participation-declaration']));
    expect(messages.every((m) => m.deadline.toISOString() === '2026-01-13T07:00:00.000Z')).toBe(true);
    const days = (await t.request('GET', `${base}/${walkoutId}/participation`, { token: trust.viewer })).body.days;
    expect(days.map((d: { declarationsSent: number }) => d.declarationsSent)).toEqual([3, 0]);
  });

  it('records the answer from the link as that day’s participation, and a text reply of NO through the named handler', async () => {
    // Tokens go out only inside the message: read one back from the outbox, as the recipient would.
    const rows: { linkToken: string; staffNumber: string; sourceId: string }[] = await t.dataSource.query(
      `SELECT n.personalisation->>'linkToken' AS "linkToken", s.staff_number AS "staffNumber", n.source_id AS "sourceId"
       FROM notification n JOIN staff s ON s.id = n.staff_id WHERE n.trust_id = $1 AND n.purpose = 'participation-declaration' ORDER BY s.staff_number`,
      [trust.trustId],
    );
    const r3 = rows.find((row) => row.staffNumber === 'R3')!;
    const page = await t.request('GET', `/d/${r3.linkToken}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Are you taking part in industrial action on Monday 12 January 2026?');
    const noAnswer = await t.request('POST', `/d/${r3.linkToken}/answer`, { body: {} });
    expect(noAnswer.status).toBe(400);
    expect(noAnswer.body.details).toEqual([{ field: 'answer', message: 'Select yes or no' }]);
    const answered = await t.request('POST', `/d/${r3.linkToken}/answer`, { body: { answer: 'yes' } });
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual({ day: '2026-01-12', answer: 'yes' });

    const r1 = rows.find((row) => row.staffNumber === 'R1')!;
    expect(await transactions.run((tx) => declarations.answerByTextReply(tx, r1.sourceId, 'maybe later'))).toEqual({ status: 'not-understood' });
    expect(await transactions.run((tx) => declarations.answerByTextReply(tx, r1.sourceId, 'No'))).toEqual({ status: 'recorded', answer: 'no' });

    const days = (await t.request('GET', `${base}/${walkoutId}/participation`, { token: trust.viewer })).body.days;
    expect(days[0]).toEqual(expect.objectContaining({ date: '2026-01-12', yes: 2, no: 1, declarationsSent: 3, declarationsAnswered: 2 }));
    // R1's "no" for the 12th leaves their whole-walkout "yes" for the 13th.
    expect(days[1]).toEqual(expect.objectContaining({ yes: 1, no: 1 }));
  });

  it('shows each day’s answers and declarations on the console’s walkout page', async () => {
    const session = await signInToConsole(t, await createConsoleUser(t, Role.TrustViewer, trust.trustId));
    const page = await t.app.inject({ method: 'GET', url: `/console/trusts/${trust.trustId}/walkouts/${walkoutId}`, headers: { cookie: session.cookie } });
    expect(page.statusCode).toBe(200);
    const row = page.body.slice(page.body.indexOf('>Monday 12 January 2026</th>'));
    // Taking part, working, not known, asked, answered.
    expect([...row.slice(0, row.indexOf('</tr>')).matchAll(/numeric">([^<]*)</g)].map((m) => m[1])).toEqual(['2', '1', '0', '3', '2']);
  });

  it('exports strike-day absences as CSV for rostering: staff number, date, hours, reason', async () => {
    const response = await t.request('GET', `${base}/${walkoutId}/absences`, { token: trust.viewer });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.text).toBe('staff_number,date,hours,reason\r\nR2,2026-01-12,24,industrial action\r\nR3,2026-01-12,24,industrial action\r\nR1,2026-01-13,24,industrial action\r\n');
  });

  it('closes the link once the day is over: not found, as an unknown token', async () => {
    const [{ linkToken }] = await t.dataSource.query(`SELECT personalisation->>'linkToken' AS "linkToken" FROM notification WHERE trust_id = $1 AND purpose = 'participation-declaration' LIMIT 1`, [trust.trustId]);
    t.clock.set(new Date('2026-01-13T07:00:00Z'));
    expect((await t.request('GET', `/d/${linkToken}`, { headers: { accept: 'application/json' } })).body.code).toBe('DECLARATION_LINK_NOT_FOUND');
    expect((await t.request('GET', `/d/${'A'.repeat(43)}`, { headers: { accept: 'text/html' } })).status).toBe(404);
    t.clock.set(new Date('2026-01-01T12:00:00Z'));
  });

  it('records community and mental-health cancellations per day, refusing a day the walkout does not have', async () => {
    const url = `${base}/${walkoutId}/activity-cancellations`;
    const saved = await t.request('PUT', url, { token: trust.admin, body: { items: [{ day: '2026-01-12', community: 14, mentalHealth: 3 }, { day: '2026-01-13', community: 9 }] } });
    expect(saved.status).toBe(200);
    expect(saved.body.items).toEqual([
      { day: '2026-01-12', community: 14, mentalHealth: 3 },
      { day: '2026-01-13', community: 9, mentalHealth: null },
    ]);
    const bad = await t.request('PUT', url, { token: trust.admin, body: { items: [{ day: '2026-01-20', community: 1 }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([{ field: 'items[0].day', message: 'is not a day of this walkout (2026-01-12, 2026-01-13)' }]);
    expect((await t.request('PUT', url, { token: trust.viewer, body: { items: [{ day: '2026-01-12', community: 1 }] } })).status).toBe(403);
    expect((await t.request('PUT', url, { token: trust.admin, body: { items: [{ day: '2026-01-12', community: -1 }] } })).status).toBe(400);
  });

  it('lets cover roster a consultant on a day they work but not on the day they declared they are taking part', async () => {
    expect((await put([{ staffNumber: 'C1', intendsToStrike: 'yes', day: '2026-01-13' }])).status).toBe(200);
    const shift = (day: string) => ({ staffNumber: 'C1', departmentId: trust.departmentIds[0], startsAt: `${day}T09:00:00Z`, endsAt: `${day}T17:00:00Z`, consentRecorded: true });
    const working = await t.request('POST', `${base}/${walkoutId}/cover-assignments`, { token: trust.admin, body: shift('2026-01-12') });
    expect(working.status).toBe(201);
    const striking = await t.request('POST', `${base}/${walkoutId}/cover-assignments`, { token: trust.admin, body: shift('2026-01-13') });
    expect(striking.status).toBe(422);
    expect(JSON.stringify(striking.body)).toContain('TAKING_PART_IN_WALKOUT');
  });

  it('answers 404 for another trust’s walkout on every new route that takes an id', async () => {
    const otherBase = `/api/v1/trusts/${other.trustId}/walkouts/${walkoutId}`;
    for (const [method, suffix, body] of [
      ['GET', '/participation', undefined],
      ['GET', '/absences', undefined],
      ['PUT', '/activity-cancellations', { items: [{ day: '2026-01-12', community: 1 }] }],
    ] as const) {
      const response = await t.request(method, `${otherBase}${suffix}`, { token: other.admin, body });
      expect([method, suffix, response.status, response.body.code]).toEqual([method, suffix, 404, 'WALKOUT_NOT_FOUND']);
    }
  });
});
