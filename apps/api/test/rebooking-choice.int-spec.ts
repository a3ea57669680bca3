import { Role } from '@app/core';
import { RebookingRunService } from '@app/rebooking';
import { DataSource } from 'typeorm';
import { createTrust, TrustFixture, validNhsNumber, walkoutBody } from './support/fixtures';
import { heldCountersDrift, activityTallyDrift, slotCountersDrift } from './support/rebooking-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Patients choosing their new date (docs/domain.md "Choice and holds") against real PostgreSQL and Redis:
 * offers holding a best place and two alternatives, choices through the offer page's forms, declines,
 * call requests, holds running out and their places going to the next run, and concurrent choices of
 * the same places. Rows are seeded with SQL; everything after goes through the API and the run service.
 */

const WALKOUT = { startsAt: '2026-01-12T07:00:00Z', endsAt: '2026-01-14T07:00:00Z' };
const NOW = new Date('2026-01-01T12:00:00Z');
const HOLD_ENDS = new Date('2026-01-04T12:00:00Z');
const form = { 'content-type': 'application/x-www-form-urlencoded' };

interface Scenario {
  t: TestApp;
  trust: TrustFixture;
  base: string;
  walkoutId: string;
  /** Patient index → the id of their postponed appointment. */
  postponed: string[];
}

/**
 * A walkout that postponed one outpatient appointment per patient (patient 0 the most urgent, then by
 * referral date), and free slots after it: `free` as [external ref, ISO start, capacity].
 */
async function scenario(t: TestApp, name: string, patients: number, free: [string, string, number][]): Promise<Scenario> {
  const trust = await createTrust(t, await t.bearer(Role.NationalAdmin), name);
  const base = `/api/v1/trusts/${trust.trustId}`;
  const ds: DataSource = t.dataSource;
  const patientIds: string[] = (
    await ds.query(
      `INSERT INTO patient (trust_id, nhs_number, given_name, family_name, date_of_birth, mobile)
       SELECT $1, nhs, 'Pat' || n, 'Ient', '1970-01-01', '+447700900123' FROM unnest($2::text[]) WITH ORDINALITY AS u(nhs, n) ORDER BY n RETURNING id`,
      [trust.trustId, Array.from({ length: patients }, (_, n) => validNhsNumber(70_000 + n + patients * name.length * 100))],
    )
  ).map((row: { id: string }) => row.id);
  const inWalkout: string[] = (
    await ds.query(
      `INSERT INTO slot (trust_id, external_ref, site_id, specialty, kind, starts_at, ends_at, booked_count)
       SELECT $1, 'W-' || n, $2, 'cardiology', 'outpatient', $3::timestamptz + n * interval '15 minutes', $3::timestamptz + (n + 1) * interval '15 minutes', 1
       FROM generate_series(0, $4 - 1) AS n ORDER BY n RETURNING id`,
      [trust.trustId, trust.siteIds[0], '2026-01-12T09:00:00Z', patients],
    )
  ).map((row: { id: string }) => row.id);
  await ds.query(
    `INSERT INTO appointment (trust_id, external_ref, patient_id, slot_id, kind, urgency, referral_date)
     SELECT $1, 'A-' || n, p, s, 'outpatient-new', CASE WHEN n = 1 THEN 'urgent' ELSE 'routine' END, DATE '2025-06-01' + n::int
     FROM unnest($2::uuid[], $3::uuid[]) WITH ORDINALITY AS u(p, s, n)`,
    [trust.trustId, patientIds, inWalkout],
  );
  await ds.query(
    `INSERT INTO slot (trust_id, external_ref, site_id, specialty, kind, starts_at, ends_at, capacity)
     SELECT $1, ref, $2, 'cardiology', 'outpatient', at, at + interval '15 minutes', cap FROM unnest($3::text[], $4::timestamptz[], $5::int[]) AS f(ref, at, cap)`,
    [trust.trustId, trust.siteIds[0], free.map((f) => f[0]), free.map((f) => f[1]), free.map((f) => f[2])],
  );
  const walkoutId = (await t.request('POST', `${base}/walkouts`, { token: trust.admin, body: walkoutBody(WALKOUT) })).body.id;
  expect((await t.request('POST', `${base}/walkouts/${walkoutId}/postponements`, { token: trust.admin, body: {} })).body.postponed).toBe(patients);
  const postponed: string[] = [];
  for (let n = 1; n <= patients; n++) postponed.push((await ds.query(`SELECT id FROM appointment WHERE trust_id = $1 AND external_ref = $2`, [trust.trustId, `A-${n}`]))[0].id);
  return { t, trust, base, walkoutId, postponed };
}

async function run(s: Scenario): Promise<Record<string, any>> {
  const started = await s.t.request('POST', `${s.base}/walkouts/${s.walkoutId}/rebooking-runs`, { token: s.trust.admin, body: {} });
  expect(started.status).toBe(202);
  await s.t.app.get(RebookingRunService).execute(started.body.runId);
  return (await s.t.request('GET', `${s.base}/rebooking-runs/${started.body.runId}`, { token: s.trust.viewer })).body;
}

/** The link token of the latest offer of patient n (from the queued offer notice). */
async function tokenOf(s: Scenario, n: number): Promise<string> {
  const [row] = await s.t.dataSource.query(
    `SELECT n.personalisation->>'linkToken' AS token FROM notification n JOIN appointment a ON a.id = n.subject_id
     WHERE n.purpose = 'rebooking-offer' AND a.patient_id = (SELECT patient_id FROM appointment WHERE id = $1) ORDER BY n.created_at DESC, a.offered_at DESC LIMIT 1`,
    [s.postponed[n]],
  );
  return row.token;
}

/** Patient n's latest row: where it stands and which slot (by external ref) it holds. */
async function latest(s: Scenario, n: number): Promise<{ status: string; slot: string; chosen_option: number | null; holds: string[] }> {
  const [row] = await s.t.dataSource.query(
    `WITH RECURSIVE chain AS (SELECT id, rebooked_to_id FROM appointment WHERE id = $1 UNION ALL SELECT a.id, a.rebooked_to_id FROM appointment a JOIN chain c ON a.id = c.rebooked_to_id)
     SELECT a.status, s.external_ref AS slot, a.chosen_option,
            coalesce((SELECT array_agg(hs.external_ref ORDER BY h.option) FROM rebooking_hold h JOIN slot hs ON hs.id = h.slot_id WHERE h.appointment_id = a.id AND h.released_at IS NULL), '{}') AS holds
     FROM chain c JOIN appointment a ON a.id = c.id JOIN slot s ON s.id = a.slot_id WHERE c.rebooked_to_id IS NULL`,
    [s.postponed[n]],
  );
  return row;
}

const choose = (s: Scenario, token: string, option: number | string) => s.t.request('POST', `/r/${token}/choose`, { headers: form, body: `option=${option}` });

async function expectCountersExact(t: TestApp): Promise<void> {
  expect(await slotCountersDrift(t)).toEqual([]);
    expect(await activityTallyDrift(t)).toEqual([]);
  expect(await heldCountersDrift(t)).toEqual([]);
}

describe('patients choosing their new date (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: NOW });
  });
  afterAll(() => t.close());
  afterEach(() => t.clock.set(NOW));

  it('offers the best date and holds two others on other days, counted against the slots', async () => {
    const s = await scenario(t, 'Holds', 2, [
      ['D15', '2026-01-15T09:00:00Z', 2],
      ['D16', '2026-01-16T09:00:00Z', 1],
      ['D19', '2026-01-19T09:00:00Z', 1],
      ['D20', '2026-01-20T09:00:00Z', 1],
    ]);
    const outcome = await run(s);
    expect(outcome).toEqual(expect.objectContaining({ placed: 2, alternativesHeld: 3, answers: { accepted: 0, choseAlternative: 0, declined: 0, askedToBeCalled: 0, expired: 0, awaiting: 2 } }));
    // The urgent patient gets the first pick of the spare places; the other one what is left.
    expect(await latest(s, 0)).toEqual({ status: 'offered', slot: 'D15', chosen_option: null, holds: ['D16', 'D19'] });
    expect(await latest(s, 1)).toEqual({ status: 'offered', slot: 'D15', chosen_option: null, holds: ['D20'] });
    const [slots] = await t.dataSource.query(`SELECT sum(booked_count)::int AS booked, sum(held_count)::int AS held FROM slot WHERE trust_id = $1 AND external_ref LIKE 'D%'`, [s.trust.trustId]);
    expect(slots).toEqual({ booked: 2, held: 3 });
    // The held places are not free to anyone else: the slot list and the FHIR feed see them as taken.
    const listed = await t.request('GET', `${s.base}/slots?hasCapacity=true&from=2026-01-14T00:00:00Z`, { token: s.trust.viewer });
    expect(listed.body.items.map((slot: { externalRef: string }) => slot.externalRef)).toEqual([]);
    const [notice] = await t.dataSource.query(`SELECT personalisation->>'respondBy' AS "respondBy" FROM notification WHERE trust_id = $1 AND purpose = 'rebooking-offer' ORDER BY created_at LIMIT 1`, [s.trust.trustId]);
    expect(notice.respondBy).toBe(HOLD_ENDS.toISOString());

    const page = await t.request('GET', `/r/${await tokenOf(s, 0)}`);
    expect(page.status).toBe(200);
    expect(page.text.match(/name="option" type="radio"/g)).toHaveLength(3);
    for (const text of ['Thursday 15 January 2026, 9am to 9:15am', 'Friday 16 January 2026', 'Monday 19 January 2026', 'Sunday 4 January 2026 at midday']) expect(page.text).toContain(text);
    await expectCountersExact(t);
  });

  it('moves the booking into a chosen alternative, releases the other places and queues the confirmation of that date', async () => {
    const s = await scenario(t, 'Choose', 1, [
      ['D15', '2026-01-15T09:00:00Z', 1],
      ['D16', '2026-01-16T09:00:00Z', 1],
      ['D19', '2026-01-19T09:00:00Z', 1],
    ]);
    await run(s);
    const token = await tokenOf(s, 0);
    const chosen = await choose(s, token, 2);
    expect(chosen.status).toBe(200);
    expect(chosen.text).toContain('Appointment confirmed');
    expect(chosen.text).toContain('Monday 19 January 2026');
    expect(await latest(s, 0)).toEqual({ status: 'confirmed', slot: 'D19', chosen_option: 2, holds: [] });
    const slots = await t.dataSource.query(`SELECT external_ref, booked_count, held_count FROM slot WHERE trust_id = $1 AND external_ref LIKE 'D%' ORDER BY 1`, [s.trust.trustId]);
    expect(slots).toEqual([
      { external_ref: 'D15', booked_count: 0, held_count: 0 },
      { external_ref: 'D16', booked_count: 0, held_count: 0 },
      { external_ref: 'D19', booked_count: 1, held_count: 0 },
    ]);
    const [notice] = await t.dataSource.query(`SELECT personalisation->'appointment'->>'startsAt' AS "startsAt" FROM notification WHERE trust_id = $1 AND purpose = 'rebooking-confirmed'`, [s.trust.trustId]);
    expect(notice.startsAt).toBe('2026-01-19T09:00:00.000Z');
    const [offer] = await t.dataSource.query(`SELECT days_after_walkout FROM appointment WHERE trust_id = $1 AND status = 'confirmed'`, [s.trust.trustId]);
    expect(offer.days_after_walkout).toBe(5);
    const runs = await t.request('GET', `${s.base}/walkouts/${s.walkoutId}/rebooking-runs`, { token: s.trust.viewer });
    expect(runs.body.items[0].answers).toEqual({ accepted: 0, choseAlternative: 1, declined: 0, askedToBeCalled: 0, expired: 0, awaiting: 0 });
    await expectCountersExact(t);
  });

  it('answers a form without a date, or with one the offer does not have, with the page and a 400, changing nothing', async () => {
    const s = await scenario(t, 'Nonsense', 1, [['D15', '2026-01-15T09:00:00Z', 1], ['D16', '2026-01-16T09:00:00Z', 1]]);
    await run(s);
    const token = await tokenOf(s, 0);
    for (const body of ['', 'option=7', 'option=', 'other=1', 'option=2']) {
      const response = await t.request('POST', `/r/${token}/choose`, { headers: form, body });
      expect(response.status).toBe(400);
      expect(response.text).toContain('There is a problem');
    }
    expect(await latest(s, 0)).toEqual({ status: 'offered', slot: 'D15', chosen_option: null, holds: ['D16'] });
    expect((await choose(s, 'A'.repeat(43), 0)).status).toBe(404);
    await expectCountersExact(t);
  });

  it('records a decline of dates with reasonable notice as such, releases every place, and the next run offers others', async () => {
    const s = await scenario(t, 'Decline', 1, [
      ['D15', '2026-01-15T09:00:00Z', 1],
      ['D23', '2026-01-23T09:00:00Z', 1],
      ['D26', '2026-01-26T09:00:00Z', 1],
      ['D27', '2026-01-27T09:00:00Z', 1],
    ]);
    await run(s);
    const declined = await t.request('POST', `/r/${await tokenOf(s, 0)}/decline`, { headers: form, body: '' });
    expect(declined.status).toBe(200);
    // 23 January is more than 3 weeks after the offer (1 January): reasonable notice.
    expect(declined.text).toContain('recorded that you turned down a date with reasonable notice');
    const [row] = await t.dataSource.query(`SELECT declined_without_penalty, penalised_decline_count FROM appointment WHERE trust_id = $1 AND status = 'declined'`, [s.trust.trustId]);
    expect(row).toEqual({ declined_without_penalty: false, penalised_decline_count: 1 });
    const [slots] = await t.dataSource.query(`SELECT sum(booked_count)::int AS booked, sum(held_count)::int AS held FROM slot WHERE trust_id = $1 AND external_ref LIKE 'D%'`, [s.trust.trustId]);
    expect(slots).toEqual({ booked: 0, held: 0 });
    await run(s);
    // Not the dates just declined: the one left.
    expect(await latest(s, 0)).toEqual(expect.objectContaining({ status: 'offered', slot: 'D27' }));
    await expectCountersExact(t);
  });

  it('records a call request for the booking team and keeps the dates held', async () => {
    const s = await scenario(t, 'Call', 1, [['D15', '2026-01-15T09:00:00Z', 1], ['D16', '2026-01-16T09:00:00Z', 1]]);
    const outcome = await run(s);
    const token = await tokenOf(s, 0);
    const called = await t.request('POST', `/r/${token}/call`, { headers: form, body: '' });
    expect(called.status).toBe(200);
    expect(called.text).toContain('We will call you');
    expect(await latest(s, 0)).toEqual({ status: 'offered', slot: 'D15', chosen_option: null, holds: ['D16'] });
    const [row] = await t.dataSource.query(`SELECT call_requested_at FROM appointment WHERE trust_id = $1 AND status = 'offered'`, [s.trust.trustId]);
    expect(row.call_requested_at).toEqual(NOW);
    expect((await t.request('GET', `${s.base}/rebooking-runs/${outcome.id}`, { token: s.trust.viewer })).body.answers).toEqual(expect.objectContaining({ askedToBeCalled: 1, awaiting: 0 }));
    expect((await t.request('GET', `/r/${token}`)).text).toContain('You have asked us to call you');
    // The patient may still choose; the choice then counts.
    expect((await choose(s, token, 1)).status).toBe(200);
    expect((await t.request('GET', `${s.base}/rebooking-runs/${outcome.id}`, { token: s.trust.viewer })).body.answers).toEqual(expect.objectContaining({ askedToBeCalled: 0, choseAlternative: 1 }));
    await expectCountersExact(t);
  });

  it('releases held places when the hold runs out; the next run offers them in priority order; the best date stays booked', async () => {
    const s = await scenario(t, 'Expiry', 2, [
      ['D15', '2026-01-15T09:00:00Z', 1],
      ['D16', '2026-01-16T09:00:00Z', 1],
      ['D19', '2026-01-19T09:00:00Z', 1],
    ]);
    const first = await run(s);
    expect(await latest(s, 0)).toEqual(expect.objectContaining({ slot: 'D15', holds: ['D19'] }));
    expect(await latest(s, 1)).toEqual(expect.objectContaining({ slot: 'D16', holds: [] }));
    // Patient 1 turns down D16 (it is short notice: no penalty) and waits for another date; D19 is still held for patient 0.
    await t.request('POST', `/r/${await tokenOf(s, 1)}/decline`, { headers: form, body: '' });
    expect((await run(s)).placed).toBe(0);

    t.clock.set(new Date(HOLD_ENDS.getTime() + 60_000));
    expect((await t.request('GET', `${s.base}/rebooking-runs/${first.id}`, { token: s.trust.viewer })).body.answers).toEqual(expect.objectContaining({ expired: 1, declined: 1 }));
    const third = await run(s);
    expect(third.placed).toBe(1);
    expect(await latest(s, 1)).toEqual(expect.objectContaining({ status: 'offered', slot: 'D19' }));
    expect(await latest(s, 0)).toEqual({ status: 'offered', slot: 'D15', chosen_option: null, holds: [] });
    const [hold] = await t.dataSource.query(`SELECT release_reason FROM rebooking_hold h JOIN appointment a ON a.id = h.appointment_id WHERE a.trust_id = $1 AND a.rebooking_run_id = $2`, [s.trust.trustId, first.id]);
    expect(hold.release_reason).toBe('expired');
    // Patient 0's page now offers the booked date only; choosing the released one that patient 1 now holds is refused.
    const token = await tokenOf(s, 0);
    const refused = await choose(s, token, 1);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('that date has just been taken');
    expect((await choose(s, token, 0)).status).toBe(200);
    await expectCountersExact(t);
  });

  it('gives the same last place to exactly one of two patients choosing it at once; the other keeps their booked date', async () => {
    const s = await scenario(t, 'Last place', 2, [
      ['D15', '2026-01-15T09:00:00Z', 2],
      ['D16', '2026-01-16T09:00:00Z', 2],
    ]);
    await run(s);
    expect([await latest(s, 0), await latest(s, 1)].map((r) => r.holds)).toEqual([['D16'], ['D16']]);
    // Both holds run out and a run releases them; the trust's own system then books one of D16's two places.
    t.clock.set(new Date(HOLD_ENDS.getTime() + 60_000));
    await run(s);
    await t.dataSource.query(
      `WITH booked AS (
         INSERT INTO appointment (trust_id, external_ref, patient_id, slot_id, kind, urgency, referral_date)
         SELECT $1, 'OTHER', (SELECT id FROM patient WHERE trust_id = $1 LIMIT 1), id, 'outpatient-new', 'routine', DATE '2025-09-01' FROM slot WHERE trust_id = $1 AND external_ref = 'D16'
         RETURNING slot_id
       ) UPDATE slot SET booked_count = booked_count + 1 FROM booked WHERE slot.id = booked.slot_id`,
      [s.trust.trustId],
    );
    const [a, b] = [await tokenOf(s, 0), await tokenOf(s, 1)];
    const answers = await Promise.all([choose(s, a, 1), choose(s, b, 1)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 400]);
    const loser = answers.findIndex((r) => r.status === 400);
    expect(answers[loser].text).toContain('that date has just been taken');
    // The loser's booked date remains, and can still be confirmed.
    expect(await latest(s, loser)).toEqual({ status: 'offered', slot: 'D15', chosen_option: null, holds: [] });
    expect(await latest(s, 1 - loser)).toEqual({ status: 'confirmed', slot: 'D16', chosen_option: 1, holds: [] });
    expect((await choose(s, [a, b][loser], 0)).status).toBe(200);
    const [d16] = await t.dataSource.query(`SELECT booked_count, held_count, capacity FROM slot WHERE trust_id = $1 AND external_ref = 'D16'`, [s.trust.trustId]);
    expect(d16).toEqual({ booked_count: 2, held_count: 0, capacity: 2 });
    await expectCountersExact(t);
  });

  it('lets both patients holding a slot’s last two places take them at once, and never a third', async () => {
    const s = await scenario(t, 'Two holds', 3, [
      ['D15', '2026-01-15T09:00:00Z', 3],
      ['D16', '2026-01-16T09:00:00Z', 2],
    ]);
    await run(s);
    const holds = [await latest(s, 0), await latest(s, 1), await latest(s, 2)].map((r) => r.holds);
    expect(holds).toEqual([['D16'], ['D16'], []]);
    const tokens = [await tokenOf(s, 0), await tokenOf(s, 1), await tokenOf(s, 2)];
    const answers = await Promise.all([choose(s, tokens[0], 1), choose(s, tokens[1], 1), choose(s, tokens[2], 1)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 400]);
    const [d16] = await t.dataSource.query(`SELECT booked_count, held_count FROM slot WHERE trust_id = $1 AND external_ref = 'D16'`, [s.trust.trustId]);
    expect(d16).toEqual({ booked_count: 2, held_count: 0 });
    await expectCountersExact(t);
  });

  it('takes one answer when a patient chooses two dates at once (two tabs); the other says which date is booked', async () => {
    const s = await scenario(t, 'Two tabs', 1, [
      ['D15', '2026-01-15T09:00:00Z', 1],
      ['D16', '2026-01-16T09:00:00Z', 1],
      ['D19', '2026-01-19T09:00:00Z', 1],
    ]);
    await run(s);
    const token = await tokenOf(s, 0);
    const answers = await Promise.all([choose(s, token, 1), choose(s, token, 2), t.request('POST', `/r/${token}/decline`, { headers: form, body: '' })]);
    const won = await latest(s, 0);
    expect(['confirmed', 'declined']).toContain(won.status);
    const successes = answers.filter((r) => r.status === 200 && !r.text.includes('already chosen'));
    expect(successes).toHaveLength(1);
    if (won.status === 'confirmed') {
      const other = answers.find((r, i) => i < 2 && r !== successes[0])!;
      expect(other.status).toBe(200);
      expect(other.text).toContain('You had already chosen this date');
      expect(other.text).toContain(won.slot === 'D16' ? 'Friday 16 January 2026' : 'Monday 19 January 2026');
    }
    const [{ confirmations }] = await t.dataSource.query(`SELECT count(*)::int AS confirmations FROM notification WHERE trust_id = $1 AND purpose = 'rebooking-confirmed'`, [s.trust.trustId]);
    expect(confirmations).toBe(won.status === 'confirmed' ? 1 : 0);
    await expectCountersExact(t);
  });

  it('keeps every counter exact while a run writes offers and patients choose at the same time', async () => {
    const free: [string, string, number][] = Array.from({ length: 40 }, (_, n) => [`F${n}`, new Date(Date.UTC(2026, 0, 15 + (n % 20), 9 + Math.floor(n / 20))).toISOString(), 2]);
    const s = await scenario(t, 'Busy', 30, free);
    await run(s);
    // Half decline (back in the queue) while the rest choose an alternative and a new run rebooks the decliners.
    const tokens = await Promise.all(s.postponed.map((_, n) => tokenOf(s, n)));
    await Promise.all(tokens.map((token, n) => (n % 2 === 0 ? t.request('POST', `/r/${token}/decline`, { headers: form, body: '' }) : Promise.resolve())));
    const started = await t.request('POST', `${s.base}/walkouts/${s.walkoutId}/rebooking-runs`, { token: s.trust.admin, body: {} });
    await Promise.all([t.app.get(RebookingRunService).execute(started.body.runId), ...tokens.map((token, n) => (n % 2 === 1 ? choose(s, token, 1) : Promise.resolve()))]);
    const [state] = await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed, count(*) FILTER (WHERE status = 'offered')::int AS offered FROM appointment WHERE trust_id = $1 AND rebooked_to_id IS NULL AND rebooked_from_id IS NOT NULL`,
      [s.trust.trustId],
    );
    expect(state.confirmed + state.offered).toBe(30);
    await expectCountersExact(t);
  });
});
