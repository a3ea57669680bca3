import { Clock, ClockModule, ConfigModule, DatabaseModule, QueueModule, Role } from '@app/core';
import { Test } from '@nestjs/testing';
import { DEPARTMENT_KINDS } from '@app/organisations';
import { KEPT_DEPARTMENT_KINDS, keepReason, keepReasonSql, RebookingRunService, RebookingWorkerModule, RunRebookingHandler } from '@app/rebooking';
import { DataSource } from 'typeorm';
import { createTrust, TrustFixture, validNhsNumber, walkoutBody } from './support/fixtures';
import { heldCountersDrift, activityTallyDrift, slotCountersDrift } from './support/rebooking-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Postponement and rebooking against real PostgreSQL and Redis, driven through the services at volume
 * and under concurrency (set-based writes, idempotency, no double booking). Data is seeded with SQL so
 * thousands of rows take milliseconds.
 */

const WALKOUT = { startsAt: '2026-01-12T07:00:00Z', endsAt: '2026-01-14T07:00:00Z' };

async function seedPatients(dataSource: DataSource, trustId: string, count: number, seed: number): Promise<string[]> {
  const rows: { id: string }[] = await dataSource.query(
    `INSERT INTO patient (trust_id, nhs_number, given_name, family_name, date_of_birth, mobile)
     SELECT $1, nhs, 'Sam', 'Patient', '1970-01-01', '+447700900123' FROM unnest($2::text[]) WITH ORDINALITY AS u(nhs, n) ORDER BY n
     RETURNING id`,
    [trustId, Array.from({ length: count }, (_, n) => validNhsNumber(seed + n))],
  );
  return rows.map((row) => row.id);
}

/** `count` slots at the site, `minutes` apart from `firstAt`, of the given capacity; returns ids in time order. */
async function seedSlots(dataSource: DataSource, trustId: string, siteId: string, prefix: string, count: number, firstAt: string, capacity = 1, minutes = 15): Promise<string[]> {
  const rows: { id: string }[] = await dataSource.query(
    `INSERT INTO slot (trust_id, external_ref, site_id, specialty, kind, starts_at, ends_at, capacity)
     SELECT $1, $2 || n, $3, 'cardiology', 'outpatient', $4::timestamptz + (n * $5 || ' minutes')::interval,
            $4::timestamptz + ((n + 1) * $5 || ' minutes')::interval, $6
     FROM generate_series(0, $7 - 1) AS n ORDER BY n
     RETURNING id`,
    [trustId, prefix, siteId, firstAt, minutes, capacity, count],
  );
  return rows.map((row) => row.id);
}

/** One booked appointment per (patient, slot) pair, counters kept in step. */
async function seedAppointments(dataSource: DataSource, trustId: string, prefix: string, pairs: [patientId: string, slotId: string][]): Promise<void> {
  await dataSource.query(
    `WITH booked AS (
       INSERT INTO appointment (trust_id, external_ref, patient_id, slot_id, kind, urgency, referral_date)
       SELECT $1, $2 || n, p, s, 'outpatient-new', CASE WHEN n % 10 = 0 THEN 'urgent' ELSE 'routine' END, DATE '2025-09-01' + (n % 200)::int
       FROM unnest($3::uuid[], $4::uuid[]) WITH ORDINALITY AS u(p, s, n)
       RETURNING slot_id
     )
     UPDATE slot SET booked_count = booked_count + b.places FROM (SELECT slot_id, count(*)::int AS places FROM booked GROUP BY slot_id) b WHERE slot.id = b.slot_id`,
    [trustId, prefix, pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('postponement at volume (real PostgreSQL)', () => {
  let t: TestApp;
  let trust: TrustFixture;
  let base: string;
  let walkoutId: string;
  const APPOINTMENTS = 3_000;
  const PATIENTS = 2_000;

  beforeAll(async () => {
    t = await startTestApp({ now: new Date('2026-01-01T12:00:00Z') });
    trust = await createTrust(t, await t.bearer(Role.NationalAdmin), 'Volume');
    base = `/api/v1/trusts/${trust.trustId}`;
    const patients = await seedPatients(t.dataSource, trust.trustId, PATIENTS, 10_000);
    // 1,500 slots of capacity 2 in the walkout at each site: 3,000 places, every one booked.
    const slots = [
      ...(await seedSlots(t.dataSource, trust.trustId, trust.siteIds[0], 'S1-', 750, '2026-01-12T08:00:00Z', 2, 2)),
      ...(await seedSlots(t.dataSource, trust.trustId, trust.siteIds[1], 'S2-', 750, '2026-01-12T08:00:00Z', 2, 2)),
    ];
    await seedAppointments(
      t.dataSource,
      trust.trustId,
      'V-',
      Array.from({ length: APPOINTMENTS }, (_, n) => [patients[n % PATIENTS], slots[Math.floor(n / 2)]]),
    );
    walkoutId = (await t.request('POST', `${base}/walkouts`, { token: trust.admin, body: walkoutBody(WALKOUT) })).body.id;
  });
  afterAll(() => t.close());

  it('postpones thousands of appointments with one notice per patient, even when two requests race', async () => {
    const [first, second] = await Promise.all([
      t.request('POST', `${base}/walkouts/${walkoutId}/postponements`, { token: trust.admin, body: {} }),
      t.request('POST', `${base}/walkouts/${walkoutId}/postponements`, { token: trust.admin, body: {} }),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    // Whichever won did it all; the other found nothing left to postpone.
    expect(first.body.postponed + second.body.postponed).toBe(APPOINTMENTS);
    expect(first.body.noticesQueued + second.body.noticesQueued).toBe(PATIENTS);

    const [state] = await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
              count(*) FILTER (WHERE cancellation_count = 1)::int AS counted_once,
              (SELECT sum(booked_count)::int FROM slot WHERE trust_id = $1) AS places_held
       FROM appointment WHERE trust_id = $1`,
      [trust.trustId],
    );
    expect(state).toEqual({ cancelled: APPOINTMENTS, counted_once: APPOINTMENTS, places_held: 0 });
    expect(await slotCountersDrift(t)).toEqual([]);
    expect(await activityTallyDrift(t)).toEqual([]);

    const notices: { patient_id: string; appointments: number }[] = await t.dataSource.query(
      `SELECT patient_id, jsonb_array_length(personalisation->'appointments') AS appointments
       FROM notification WHERE trust_id = $1 AND purpose = 'walkout-postponement' AND walkout_id = $2`,
      [trust.trustId, walkoutId],
    );
    expect(notices).toHaveLength(PATIENTS);
    expect(notices.reduce((sum, n) => sum + n.appointments, 0)).toBe(APPOINTMENTS);
    // Patients 0–999 have two appointments, the rest one: each gets a single notice listing all of theirs.
    expect(notices.filter((n) => n.appointments === 2)).toHaveLength(APPOINTMENTS - PATIENTS);
  });

  it('applies the same keep policy in SQL as in code, for every department kind, urgency and priority', async () => {
    const kinds = [null, ...DEPARTMENT_KINDS];
    const urgencies = ['two-week-wait', 'urgent', 'routine'] as const;
    const priorities = [null, 'P1a', 'P1b', 'P2', 'P3', 'P4'] as const;
    const cases = kinds.flatMap((departmentKind) => urgencies.flatMap((urgency) => priorities.map((surgicalPriority) => ({ departmentKind, urgency, surgicalPriority }))));
    // One department id per kind (none for a slot without a department); the kept ids are those whose
    // kind the policy keeps, as organisations' DepartmentKinds port returns them.
    const departmentIdOf = (kind: string | null) => (kind === null ? null : `00000000-0000-4000-8000-${String((DEPARTMENT_KINDS as readonly string[]).indexOf(kind) + 1).padStart(12, '0')}`);
    const keptDepartmentIds = KEPT_DEPARTMENT_KINDS.map((kind) => departmentIdOf(kind));
    const rows: { reason: string | null }[] = await t.dataSource.query(
      `SELECT ${keepReasonSql('$4::uuid[]', 'a', 's')} AS reason
       FROM unnest($1::uuid[], $2::text[], $3::text[]) WITH ORDINALITY AS a(department_id, urgency, surgical_priority, n)
       CROSS JOIN LATERAL (SELECT a.department_id) AS s(department_id)
       ORDER BY a.n`,
      [cases.map((c) => departmentIdOf(c.departmentKind)), cases.map((c) => c.urgency), cases.map((c) => c.surgicalPriority), keptDepartmentIds],
    );
    expect(rows.map((row) => row.reason)).toEqual(cases.map((c) => keepReason(c)));
  });

  it('changes nothing on a third request', async () => {
    const again = await t.request('POST', `${base}/walkouts/${walkoutId}/postponements`, { token: trust.admin, body: {} });
    expect(again.body).toEqual(expect.objectContaining({ postponed: 0, noticesQueued: 0, alreadyPostponed: APPOINTMENTS }));
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM notification WHERE trust_id = $1`, [trust.trustId]);
    expect(count).toBe(PATIENTS);
  });
});

describe('concurrent rebooking runs (real PostgreSQL)', () => {
  let t: TestApp;
  let trust: TrustFixture;
  let base: string;
  let runs: RebookingRunService;
  const PER_WALKOUT = 600;
  const FREE_PLACES = 700;

  /** A walkout at one site with PER_WALKOUT postponed appointments; returns its id. */
  async function postponedWalkout(siteIndex: number, seed: number): Promise<string> {
    const patients = await seedPatients(t.dataSource, trust.trustId, PER_WALKOUT, seed);
    const slots = await seedSlots(t.dataSource, trust.trustId, trust.siteIds[siteIndex], `W${siteIndex}-`, PER_WALKOUT, '2026-01-12T08:00:00Z', 1, 3);
    await seedAppointments(t.dataSource, trust.trustId, `W${siteIndex}-`, patients.map((p, n) => [p, slots[n]]));
    const walkout = await t.request('POST', `${base}/walkouts`, { token: trust.admin, body: walkoutBody({ ...WALKOUT, siteIds: [trust.siteIds[siteIndex]], staffGroups: [siteIndex === 0 ? 'resident-doctor' : 'consultant'] }) });
    const postponed = await t.request('POST', `${base}/walkouts/${walkout.body.id}/postponements`, { token: trust.admin, body: {} });
    expect(postponed.body.postponed).toBe(PER_WALKOUT);
    return walkout.body.id;
  }

  const startRun = async (walkoutId: string): Promise<string> => {
    const response = await t.request('POST', `${base}/walkouts/${walkoutId}/rebooking-runs`, { token: trust.admin, body: { sameSiteOnly: false } });
    expect(response.status).toBe(202);
    return response.body.runId;
  };

  beforeAll(async () => {
    t = await startTestApp({ now: new Date('2026-01-01T12:00:00Z') });
    trust = await createTrust(t, await t.bearer(Role.NationalAdmin), 'Contended');
    base = `/api/v1/trusts/${trust.trustId}`;
    runs = t.app.get(RebookingRunService);
  });
  afterAll(() => t.close());

  it('never double books when two walkouts’ runs compete for the same slots at the same time', async () => {
    const [first, second] = [await postponedWalkout(0, 20_000), await postponedWalkout(1, 30_000)];
    // Free places after the walkout at site 1 only: fewer than the two queues together (1,200).
    await seedSlots(t.dataSource, trust.trustId, trust.siteIds[0], 'FREE-', FREE_PLACES / 2, '2026-01-15T08:00:00Z', 2, 5);
    const [runA, runB] = [await startRun(first), await startRun(second)];

    // Hold the free slots until both runs have loaded them and are waiting to write: both engines then
    // plan with every free place, and the one that gets the locks second must find its slots taken.
    const blocker = t.dataSource.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    await blocker.query(`SELECT id FROM slot WHERE trust_id = $1 AND external_ref LIKE 'FREE-%' FOR UPDATE`, [trust.trustId]);
    const both = Promise.all([runs.execute(runA), runs.execute(runB)]);
    await waitUntil(async () => {
      const [{ waiting }] = await t.dataSource.query(`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
      return waiting >= 2;
    });
    await blocker.commitTransaction();
    await blocker.release();
    await both;

    const [state] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM slot WHERE trust_id = $1 AND booked_count > capacity) AS overbooked,
              (SELECT coalesce(sum(booked_count), 0)::int FROM slot WHERE trust_id = $1 AND external_ref LIKE 'FREE-%') AS free_places_taken,
              (SELECT count(*)::int FROM appointment WHERE trust_id = $1 AND status = 'offered') AS offers,
              (SELECT count(*)::int FROM (SELECT rebooked_from_id FROM appointment WHERE rebooked_from_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1) d) AS rebooked_twice`,
      [trust.trustId],
    );
    // Both engines planned the same 600 earliest places; the run that wrote first got them all.
    expect(state).toEqual({ overbooked: 0, free_places_taken: PER_WALKOUT, offers: PER_WALKOUT, rebooked_twice: 0 });
    expect(await slotCountersDrift(t)).toEqual([]);
    expect(await activityTallyDrift(t)).toEqual([]);

    const figures = await Promise.all([runA, runB].map((id) => t.request('GET', `${base}/rebooking-runs/${id}`, { token: trust.viewer })));
    for (const run of figures) expect(run.body.status).toBe('succeeded');
    expect(figures[0].body.placed + figures[1].body.placed).toBe(PER_WALKOUT);
    expect(figures[0].body.placed + figures[0].body.unplaced).toBe(PER_WALKOUT);
    expect(figures[1].body.placed + figures[1].body.unplaced).toBe(PER_WALKOUT);
    // The run that locked second found every planned slot taken: cleanly left in its queue, no error.
    const takenConcurrently = figures.map((run) => run.body.unplacedByReason.SLOT_TAKEN_CONCURRENTLY).sort((a, b) => a - b);
    expect(takenConcurrently).toEqual([0, PER_WALKOUT]);
    const [{ offers }] = await t.dataSource.query(`SELECT count(*)::int AS offers FROM notification WHERE trust_id = $1 AND purpose = 'rebooking-offer'`, [trust.trustId]);
    expect(offers).toBe(PER_WALKOUT);
    const [{ links }] = await t.dataSource.query(`SELECT count(*)::int AS links FROM rebooking_link WHERE trust_id = $1`, [trust.trustId]);
    expect(links).toBe(PER_WALKOUT);
  });

  it('runs a queued run through the worker’s job handler', async () => {
    // The worker's own module graph (no HTTP), on the same test database and queue prefix.
    const worker = await Test.createTestingModule({
      imports: [ConfigModule, ClockModule, DatabaseModule.forRoot({ migrateOnStart: false }), QueueModule, RebookingWorkerModule],
    })
      .overrideProvider(Clock)
      .useValue(t.clock)
      .compile();
    await worker.init();
    try {
      const walkoutId = (await t.request('POST', `${base}/walkouts`, { token: trust.admin, body: walkoutBody({ ...WALKOUT, staffGroups: ['nurse'] }) })).body.id;
      const runId = await startRun(walkoutId);
      await worker.get(RunRebookingHandler).handle({ runId }, { jobId: `rebooking-${runId}`, attemptsMade: 0 });
      const run = (await t.request('GET', `${base}/rebooking-runs/${runId}`, { token: trust.viewer })).body;
      expect(run).toEqual(expect.objectContaining({ status: 'succeeded', considered: 0, placed: 0, unplaced: 0 }));
    } finally {
      await worker.close();
    }
  });

  it('books each appointment once when the same run’s job executes twice at the same time', async () => {
    // The losing walkout's queue gets more room (100 places left over + 300 new); run it twice at once.
    await seedSlots(t.dataSource, trust.trustId, trust.siteIds[0], 'MORE-', 300, '2026-01-20T08:00:00Z', 1, 5);
    const [loser] = await t.dataSource.query(
      `SELECT walkout_id AS id, count(*)::int AS waiting FROM appointment
       WHERE trust_id = $1 AND status IN ('cancelled', 'declined') AND rebooked_to_id IS NULL GROUP BY walkout_id`,
      [trust.trustId],
    );
    expect(loser.waiting).toBe(PER_WALKOUT);
    // The winner's offers hold the 100 places left over as alternatives (docs/domain.md "Choice and
    // holds"); once their hold has run out, both executions' sweeps release them (once) for this run.
    const [{ held }] = await t.dataSource.query(`SELECT sum(held_count)::int AS held FROM slot WHERE trust_id = $1`, [trust.trustId]);
    expect(held).toBe(FREE_PLACES - PER_WALKOUT);
    t.clock.set(new Date('2026-01-05T12:00:00Z'));
    const runId = await startRun(loser.id);

    await Promise.all([runs.execute(runId, { finalAttempt: false }), runs.execute(runId, { finalAttempt: false })]);
    t.clock.set(new Date('2026-01-01T12:00:00Z'));

    const run = (await t.request('GET', `${base}/rebooking-runs/${runId}`, { token: trust.viewer })).body;
    expect(run.status).toBe('succeeded');
    expect(run.placed).toBe(FREE_PLACES - PER_WALKOUT + 300);
    const [{ rebookedTwice }] = await t.dataSource.query(
      `SELECT count(*)::int AS "rebookedTwice" FROM (SELECT rebooked_from_id FROM appointment WHERE rebooked_from_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1) d`,
    );
    expect(rebookedTwice).toBe(0);
    expect(await slotCountersDrift(t)).toEqual([]);
    expect(await activityTallyDrift(t)).toEqual([]);
    expect(await heldCountersDrift(t)).toEqual([]);
  });
});
