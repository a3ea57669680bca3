/**
 * `npm run bench:national`: a national walkout end to end (docs/domain.md "Who uses it and why": 110,000 outpatient appointments and
 * 12,500 operations), 20 trusts of 3 sites, through the real API and the real rebooking run:
 *
 *   import   patients, slots (each appointment's own slot in the walkout + the free places of the six
 *            weeks after it) and appointments, through HTTP (validation, all-or-nothing, upsert);
 *   impact   GET …/impact per trust;
 *   postpone POST …/postponements per trust (cancel, free slots, one outbox notice per patient);
 *   rebook   POST …/rebooking-runs per trust, each run executed as the worker does (two at a time, the
 *            worker's `work` concurrency): engine + set-based writes + offer links + outbox offers, each
 *            offer holding its best place and up to two alternatives (docs/domain.md "Choice and holds");
 *   answer   a patient response mix through the real choice path (the offer page's forms, POST /r/:token/…,
 *            several at a time): 60% book the best date, 15% choose an alternative, 10% decline every date,
 *            5% ask to be called, 10% never answer; then the holds run out (the clock moves past
 *            REBOOKING_HOLD_HOURS) and a second run per trust sweeps them and offers the released places
 *            and the decliners' new dates;
 *
 * Floors measured in the same run, on a second database holding the same rows: a raw COPY of the same
 * patients, slots and appointments (import floor), and for postpone + rebook + notices the same writes with
 * no logic at all — per trust, a set-based UPDATE cancelling its appointments, COPY of its postponement
 * notices, COPY of its offered rows, their held alternatives, links and offer notices, and set-based UPDATEs
 * of the chains and both slot counters; each trust in its own transaction, RUN_CONCURRENCY at a time on
 * their own connections, as the service's postponements and runs go.
 *
 * BENCH_SCALE (default 1) shrinks every count (same shape, same 20 trusts) to check the script quickly;
 * below 1 the figures are printed, not written to docs/benchmarks.md.
 *
 * Data: the national walkout dataset of bench/support/national-dataset.ts (the engine benchmark's synthetic
 * national walkout, seeded, adjusted so all 122,500 are postponed as the target asks).
 */
import 'reflect-metadata';
import { DAY_MS, Role } from '@app/core';
import { assignRebookings, RebookingRunService } from '@app/rebooking';
import { createTestDatabase, dropTestDatabase, prepareTemplateDatabase } from '@app/core/testing';
import { buildSyntheticRebookingInput, compareWithOptimal } from '@app/rebooking/testing';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { validNhsNumber } from '../apps/api/test/support/fixtures';
import { startTestApp, TestApp } from '../apps/api/test/support/test-app';
import { timed, writeBenchmarkSection } from './support/benchmark-report';
import { AppointmentImportRow, clinicianCodes, iso, nationalScenario, NEXT_WALKOUT_STARTS_AT, NOW, SEED, SITES, SlotImportRow, TRUSTS, trustImportRows, WALKOUT_ENDS_AT, WALKOUT_STARTS_AT } from './support/national-dataset';

const RUN_CONCURRENCY = 2;
const SCALE = Number(process.env.BENCH_SCALE ?? '1');
/** Patients answering at once: many phones, one API process. */
const ANSWER_CONCURRENCY = Number(process.env.BENCH_ANSWER_CONCURRENCY ?? "8");
/** The response mix, in per cent of offers: the rest never answer and their holds expire. */
const MIX = { best: 60, alternative: 15, decline: 10, call: 5 };
const HOLD_HOURS = 72;

const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface TrustData {
  code: string;
  trustId: string;
  siteIds: Map<string, string>;
  admin: string;
  patients: { nhsNumber: string; syntheticId: string }[];
  slots: SlotImportRow[];
  appointments: AppointmentImportRow[];
  walkoutId: string;
}

async function main(): Promise<void> {
  await prepareTemplateDatabase();
  // Cloned now, while the template is known to be current: the floor runs at the end.
  const floorDatabase = await createTestDatabase();
  if (!Number.isFinite(SCALE) || SCALE <= 0 || SCALE > 1) throw new Error(`BENCH_SCALE must be in (0, 1], got ${process.env.BENCH_SCALE}`);
  const { input, byTrust } = nationalScenario(SCALE);
  const clinician = clinicianCodes();
  const t = await startTestApp({ now: NOW, env: { DB_POOL_SIZE: '10' } });
  const national = await t.bearer(Role.NationalAdmin);

  // ---- set up trusts, sites and the walkouts (not timed) ----
  let nhsSeed = 1;
  const trusts: TrustData[] = [];
  for (const [code, data] of [...byTrust.entries()].sort()) {
    const ods = `N${code.slice(1)}`;
    const trust = await t.request('POST', '/api/v1/trusts', { token: national, body: { odsCode: ods, name: `${code} Hospitals NHS Foundation Trust` } });
    const trustId: string = trust.body.id;
    const admin = await t.bearer(Role.TrustAdmin, trustId);
    const siteIds = new Map<string, string>();
    for (let n = 1; n <= SITES; n++) {
      const site = await t.request('POST', `/api/v1/trusts/${trustId}/sites`, { token: admin, body: { odsSiteCode: `${ods}S${n}`, name: `${code} Hospital ${n}` } });
      siteIds.set(`${code}S${n}`, site.body.id);
    }
    const patientIds = [...new Set(data.appointments.map((a) => a.patientId))];
    const nhsOf = new Map(patientIds.map((id) => [id, validNhsNumber(nhsSeed++)]));
    const { slots, appointments } = trustImportRows(data, siteIds, nhsOf, clinician);
    const walkout = { union: 'BMA', staffGroups: ['resident-doctor'], mode: 'full-walkout', noticeReceivedAt: '2026-05-10T09:00:00Z' };
    const walkoutId = (await t.request('POST', `/api/v1/trusts/${trustId}/walkouts`, { token: admin, body: { ...walkout, startsAt: iso(WALKOUT_STARTS_AT), endsAt: iso(WALKOUT_ENDS_AT) } })).body.id;
    await t.request('POST', `/api/v1/trusts/${trustId}/walkouts`, { token: admin, body: { ...walkout, startsAt: iso(NEXT_WALKOUT_STARTS_AT), endsAt: iso(NEXT_WALKOUT_STARTS_AT + 2 * DAY_MS) } });
    trusts.push({ code, trustId, siteIds, admin, patients: patientIds.map((id) => ({ syntheticId: id, nhsNumber: nhsOf.get(id)! })), slots, appointments, walkoutId });
  }
  const totals = {
    patients: trusts.reduce((n, tr) => n + tr.patients.length, 0),
    slots: trusts.reduce((n, tr) => n + tr.slots.length, 0),
    appointments: trusts.reduce((n, tr) => n + tr.appointments.length, 0),
  };
  console.log('scenario', totals);

  // ---- import through HTTP ----
  const expectOk = (label: string, response: { status: number; text: string }) => {
    if (response.status >= 300) throw new Error(`${label}: ${response.status} ${response.text.slice(0, 500)}`);
  };
  const importTimes = { patients: 0, slots: 0, appointments: 0 };
  for (const trust of trusts) {
    const base = `/api/v1/trusts/${trust.trustId}`;
    const patientsBody = { items: trust.patients.map((p, n) => ({ nhsNumber: p.nhsNumber, givenName: `Pat${n}`, familyName: 'Ient', dateOfBirth: '1970-01-01', mobile: '07700900123' })) };
    importTimes.patients += (await timed(async () => expectOk('patients', await t.request('POST', `${base}/patients/import`, { token: trust.admin, body: patientsBody })))).ms;
    importTimes.slots += (await timed(async () => expectOk('slots', await t.request('POST', `${base}/slots/import`, { token: trust.admin, body: { items: trust.slots } })))).ms;
    importTimes.appointments += (await timed(async () => expectOk('appointments', await t.request('POST', `${base}/appointments/import`, { token: trust.admin, body: { items: trust.appointments } })))).ms;
  }
  console.log('import', importTimes);

  // ---- impact ----
  const impact = await timed(async () => {
    let toPostpone = 0;
    for (const trust of trusts) {
      const response = await t.request('GET', `/api/v1/trusts/${trust.trustId}/walkouts/${trust.walkoutId}/impact`, { token: trust.admin });
      expectOk('impact', response);
      toPostpone += response.body.totals.toPostpone;
    }
    return toPostpone;
  });
  console.log('impact', impact);

  // ---- postpone + rebook + queue notices (the target) ----
  const runs = t.app.get(RebookingRunService);
  const postpone = await timed(async () => {
    let postponed = 0;
    await inParallel(trusts, RUN_CONCURRENCY, async (trust) => {
      const response = await t.request('POST', `/api/v1/trusts/${trust.trustId}/walkouts/${trust.walkoutId}/postponements`, { token: trust.admin, body: {} });
      expectOk('postpone', response);
      postponed += response.body.postponed;
    });
    return postponed;
  });
  console.log('postpone', postpone);
  const rebook = await timed(async () => {
    const runIds = new Map<string, string>();
    for (const trust of trusts) {
      const response = await t.request('POST', `/api/v1/trusts/${trust.trustId}/walkouts/${trust.walkoutId}/rebooking-runs`, { token: trust.admin, body: {} });
      expectOk('run', response);
      runIds.set(trust.trustId, response.body.runId);
    }
    await inParallel(trusts, RUN_CONCURRENCY, (trust) => runs.execute(runIds.get(trust.trustId)!));
    return runIds;
  });
  const [outcome] = await t.dataSource.query(
    `SELECT sum(placed)::int AS placed, sum(unplaced)::int AS unplaced, sum(within_14_days)::int AS within, sum(breaches_28_day)::int AS breaches,
            count(*) FILTER (WHERE status <> 'succeeded')::int AS not_succeeded
     FROM rebooking_run`,
  );
  const [outbox] = await t.dataSource.query(
    `SELECT count(*) FILTER (WHERE purpose = 'walkout-postponement')::int AS postponement, count(*) FILTER (WHERE purpose = 'rebooking-offer')::int AS offers FROM notification`,
  );
  const countersOff = async (): Promise<{ slots: number }> =>
    (
      await t.dataSource.query(
        `SELECT count(*)::int AS slots FROM slot s
         WHERE s.booked_count <> (SELECT count(*) FROM appointment a WHERE a.slot_id = s.id AND a.status IN ('booked', 'offered', 'confirmed'))
            OR s.held_count <> (SELECT count(*) FROM rebooking_hold h WHERE h.slot_id = s.id AND h.released_at IS NULL)
            OR s.booked_count + s.held_count > s.capacity`,
      )
    )[0];
  const drift = await countersOff();
  const [held] = await t.dataSource.query(
    `SELECT count(*)::int AS holds, count(DISTINCT appointment_id)::int AS offers_with_alternatives FROM rebooking_hold`,
  );
  console.log('rebook', { ms: rebook.ms, outcome, outbox, drift, held });

  // Placements and their holds, by external reference, for the floor to write the same rows.
  const placements: { trust: string; source: string; slot: string; days: number }[] = await t.dataSource.query(
    `SELECT a.trust_id AS trust, src.external_ref AS source, s.external_ref AS slot, a.days_after_walkout AS days
     FROM appointment a JOIN appointment src ON src.id = a.rebooked_from_id JOIN slot s ON s.id = a.slot_id WHERE a.status = 'offered'`,
  );
  const holds: { trust: string; source: string; option: number; slot: string; days: number }[] = await t.dataSource.query(
    `SELECT a.trust_id AS trust, src.external_ref AS source, h.option, s.external_ref AS slot, h.days_after_walkout AS days
     FROM rebooking_hold h JOIN appointment a ON a.id = h.appointment_id JOIN appointment src ON src.id = a.rebooked_from_id JOIN slot s ON s.id = h.slot_id`,
  );

  // ---- patients answer: the response mix through the offer page's forms ----
  const mix = await answerMix(t, ANSWER_CONCURRENCY);
  console.log('answers', mix);
  // The holds run out; a second run per trust sweeps them and offers the released places.
  t.clock.set(new Date(NOW.getTime() + (HOLD_HOURS + 1) * 3_600_000));
  const second = await timed(async () => {
    const runIds = new Map<string, string>();
    for (const trust of trusts) {
      const response = await t.request('POST', `/api/v1/trusts/${trust.trustId}/walkouts/${trust.walkoutId}/rebooking-runs`, { token: trust.admin, body: {} });
      expectOk('second run', response);
      runIds.set(trust.trustId, response.body.runId);
    }
    await inParallel(trusts, RUN_CONCURRENCY, (trust) => runs.execute(runIds.get(trust.trustId)!));
    return runIds;
  });
  const firstRunAnswers = { accepted: 0, choseAlternative: 0, declined: 0, askedToBeCalled: 0, expired: 0, awaiting: 0 };
  let secondPlaced = 0;
  for (const trust of trusts) {
    const page = await t.request('GET', `/api/v1/trusts/${trust.trustId}/walkouts/${trust.walkoutId}/rebooking-runs`, { token: trust.admin });
    expectOk('runs', page);
    const [latest, first] = page.body.items as { placed: number; answers: typeof firstRunAnswers }[];
    secondPlaced += latest.placed;
    for (const key of Object.keys(firstRunAnswers) as (keyof typeof firstRunAnswers)[]) firstRunAnswers[key] += first.answers[key];
  }
  const [released] = await t.dataSource.query(`SELECT count(*) FILTER (WHERE release_reason = 'expired')::int AS expired, count(*) FILTER (WHERE released_at IS NULL)::int AS still_held FROM rebooking_hold`);
  const driftAfter = await countersOff();
  console.log('second run', { ms: second.ms, secondPlaced, firstRunAnswers, released, driftAfter });
  await t.close();

  // ---- the engine alone on the same input, and the greedy-vs-optimal check ----
  const engine = await timed(async () => assignRebookings(input).summary);
  const trustSized = buildSyntheticRebookingInput({
    seed: SEED, trusts: 1, sitesPerTrust: 3, outpatientSpecialties: ['cardiology', 'dermatology', 'ophthalmology'], theatreSpecialties: ['orthopaedics'],
    outpatientAppointments: 220, theatreAppointments: 30, outpatientSlots: 260, theatreSlots: 40, walkoutEndsAt: WALKOUT_ENDS_AT, sameSiteOnly: true,
  });
  const quality = compareWithOptimal(trustSized);

  // ---- floors on a second database: the same rows, raw ----
  const floor = await rawFloor(floorDatabase, trusts, placements, holds);
  console.log('floor', floor);

  const target = postpone.ms + rebook.ms;
  const floorWrite = floor.postponeMs + floor.rebookMs;
  const importMs = importTimes.patients + importTimes.slots + importTimes.appointments;
  const n = (value: number) => value.toLocaleString('en-GB');
  const figures = {
    totals,
    importTimes,
    impactMs: impact.ms,
    postponeMs: postpone.ms,
    rebookMs: rebook.ms,
    target,
    floor,
    outcome,
    outbox,
    drift,
    engine: { ms: engine.ms, summary: engine.result },
    quality,
    held,
    mix,
    second: { ms: second.ms, placed: secondPlaced, firstRunAnswers, released, driftAfter },
  };
  console.log(JSON.stringify(figures, null, 2));
  if (SCALE !== 1) {
    console.log(`BENCH_SCALE=${SCALE}: docs/benchmarks.md not written (a full-scale run writes it)`);
    return;
  }
  const pct = (value: number) => `${round((100 * value) / Math.max(1, outcome.placed), 1)}%`;
  writeBenchmarkSection(
    'National walkout: import, impact, postpone, rebook (bench:national)',
    `${n(totals.appointments)} appointments (${n(input.appointments.filter((a) => a.kind === 'outpatient').length)} outpatient, ${n(input.appointments.filter((a) => a.kind === 'theatre').length)} procedures) of ${n(totals.patients)} patients across ${TRUSTS} trusts (${SITES} sites each),
${n(totals.slots)} slots (each appointment's slot in the two-day walkout, and ${n(input.slots.length)} slots with ${n(input.slots.reduce((s, x) => s + x.capacity, 0))} free places over the six weeks after it),
the next walkout of the series as a blackout. Everything goes through the API in-process (Fastify inject, real PostgreSQL and Redis),
and each rebooking run is executed as the worker does, ${RUN_CONCURRENCY} at a time. The floors are the same rows and writes done raw on a second
database in the same run (COPY and set-based UPDATE, no validation, no logic), each trust in its own transaction, ${RUN_CONCURRENCY} at a time as the service's.

| step | this service | raw floor | ratio |
|---|---|---|---|
| import ${n(totals.patients)} patients, ${n(totals.slots)} slots, ${n(totals.appointments)} appointments (${TRUSTS * 3} HTTP requests) | ${seconds(importMs)} | ${seconds(floor.copyMs)} (COPY) | ${(importMs / floor.copyMs).toFixed(1)}× |
| impact, ${TRUSTS} walkouts (one aggregate query each) | ${seconds(impact.ms)} | | |
| postpone ${n(postpone.result)} + ${n(outbox.postponement)} notices in the outbox | ${seconds(postpone.ms)} | ${seconds(floor.postponeMs)} | ${(postpone.ms / floor.postponeMs).toFixed(1)}× |
| rebook: ${TRUSTS} runs, ${n(outcome.placed)} offers holding ${n(outcome.placed + held.holds)} places (${n(held.holds)} alternatives) + links + ${n(outbox.offers)} notices | ${seconds(rebook.ms)} | ${seconds(floor.rebookMs)} | ${(rebook.ms / floor.rebookMs).toFixed(1)}× |
| **postpone + rebook + queue notices** | **${seconds(target)}** | **${seconds(floorWrite)}** | **${(target / floorWrite).toFixed(1)}×** |

Outcome: ${n(outcome.placed)} placed (${round((100 * outcome.placed) / totals.appointments, 1)}%), ${n(outcome.unplaced)} unplaced, ${n(outcome.within)} within 14 days
(${round((100 * outcome.within) / Math.max(1, outcome.placed), 1)}% of placed), ${n(outcome.breaches)} past 28 days; slot counters off: ${drift.slots}; runs not succeeded: ${outcome.not_succeeded}.
The engine alone on the same input places ${n(engine.result.placed)} in ${engine.ms.toFixed(0)} ms (the runs place per trust from the database; the same rules, so the same count
unless a run's clock-based window differs). Greedy vs exact optimum on a trust-sized instance (${trustSized.appointments.length} appointments, ${trustSized.slots.length} slots):
cost ratio ${quality.ratio.toFixed(3)}, placed ${quality.greedyPlaced} vs ${quality.optimalPlaced}.

**Patients choose (issue 14).** Each offer holds its best place and up to two alternatives on other days, taken only from places no
best date needed: ${n(held.offers_with_alternatives)} of the ${n(outcome.placed)} offers (${pct(held.offers_with_alternatives)}) hold at least one alternative, ${n(held.holds)} alternatives in all.
A response mix then goes through the real choice path (the offer page's forms, ${ANSWER_CONCURRENCY} at a time) in ${seconds(mix.ms)}
(${n(Math.round(mix.answered / (mix.ms / 1000)))} answers/s): ${MIX.best}% book the best date, ${MIX.alternative}% an alternative (where the offer has one; otherwise the best date),
${MIX.decline}% decline every date, ${MIX.call}% ask to be called, the rest never answer. After the hold (${HOLD_HOURS} h) a second run per trust sweeps the
expired holds and offers the released places: ${seconds(second.ms)}, ${n(secondPlaced)} new offers.

| answers to the first runs' offers (the runs' \`answers\`) | offers | share |
|---|---|---|
| accepted (best date) | ${n(firstRunAnswers.accepted)} | ${pct(firstRunAnswers.accepted)} |
| chose an alternative | ${n(firstRunAnswers.choseAlternative)} | ${pct(firstRunAnswers.choseAlternative)} |
| declined every date | ${n(firstRunAnswers.declined)} | ${pct(firstRunAnswers.declined)} |
| asked to be called | ${n(firstRunAnswers.askedToBeCalled)} | ${pct(firstRunAnswers.askedToBeCalled)} |
| expired (no answer in ${HOLD_HOURS} h; best date kept, alternatives released) | ${n(firstRunAnswers.expired)} | ${pct(firstRunAnswers.expired)} |

Holds released on expiry: ${n(released.expired)}; still held after the second runs: ${n(released.still_held)}; slot counters off (booked, held, capacity) after
the runs: ${drift.slots}, after the answers and the second runs: ${driftAfter.slots}.

Target (issue 4): postpone + rebook + queue notices for all 122,500 in under 30 s, within 3× the raw floor; issue 14: the same with holds of
three places per offer (the floor writes the same holds).`,
  );
}

/**
 * The response mix through the offer page's forms: each offer's patient (in a fixed pseudo-random order,
 * so the shares are spread over trusts, priorities and dates) books the best date, an alternative, declines,
 * asks to be called, or never answers, `concurrency` at a time. Every answer must be a 200: a held place
 * is the patient's, so no choice in the mix can be refused.
 */
async function answerMix(t: TestApp, concurrency: number): Promise<{ ms: number; answered: number; byKind: Record<string, number> }> {
  const offers: { token: string; alternatives: number }[] = await t.dataSource.query(
    `SELECT n.personalisation->>'linkToken' AS token, (SELECT count(*)::int FROM rebooking_hold h WHERE h.appointment_id = a.id) AS alternatives
     FROM notification n JOIN appointment a ON a.id = n.subject_id
     WHERE n.purpose = 'rebooking-offer' AND a.status = 'offered' ORDER BY md5(a.id::text)`,
  );
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const byKind: Record<string, number> = { best: 0, alternative: 0, decline: 0, call: 0, none: 0 };
  const answers = offers.map((offer, n) => {
    const share = (n * 100) / offers.length;
    const kind = share < MIX.best ? 'best' : share < MIX.best + MIX.alternative ? 'alternative' : share < MIX.best + MIX.alternative + MIX.decline ? 'decline' : share < MIX.best + MIX.alternative + MIX.decline + MIX.call ? 'call' : 'none';
    return { offer, kind: kind === 'alternative' && offer.alternatives === 0 ? 'best' : kind };
  });
  const timing = await timed(async () => {
    await inParallel(answers, concurrency, async ({ offer, kind }) => {
      byKind[kind] += 1;
      if (kind === 'none') return;
      const path = `/r/${offer.token}/${kind === 'decline' ? 'decline' : kind === 'call' ? 'call' : 'choose'}`;
      const body = kind === 'best' ? 'option=0' : kind === 'alternative' ? 'option=1' : '';
      const response = await t.request('POST', path, { headers: form, body });
      if (response.status !== 200) throw new Error(`answer ${kind}: ${response.status} ${response.text.slice(0, 300)}`);
    });
  });
  return { ms: timing.ms, answered: answers.filter((a) => a.kind !== 'none').length, byKind };
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

const copyText = (value: unknown): string => {
  if (value === null || value === undefined) return '\\N';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
};

async function copyRows(client: Client, sql: string, rows: unknown[][]): Promise<void> {
  async function* lines() {
    for (let i = 0; i < rows.length; i += 1000) yield rows.slice(i, i + 1000).map((row) => row.map(copyText).join('\t') + '\n').join('');
  }
  await pipeline(Readable.from(lines()), client.query(copyFrom(sql)));
}

/** The same rows written raw: COPY for the import, then postpone + rebook + notices with no logic. */
async function rawFloor(
  database: { name: string; url: string },
  trusts: TrustData[],
  placements: { trust: string; source: string; slot: string; days: number }[],
  holds: { trust: string; source: string; option: number; slot: string; days: number }[],
): Promise<{ copyMs: number; postponeMs: number; rebookMs: number }> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    // Ids are made here so the later steps can refer to rows without reading them back.
    const ids = new Map<string, { trustId: string; sites: Map<string, string>; patients: Map<string, string>; slots: Map<string, string>; appointments: Map<string, { id: string; patient: string; slot: string; kind: string; urgency: string; priority: string | null; referral: string }>; walkoutId: string }>();
    let ods = 0;
    for (const trust of trusts) {
      const trustId = randomUUID();
      const code = `R${String(++ods).padStart(2, '0')}`;
      await client.query(`INSERT INTO trust (id, ods_code, name) VALUES ($1, $2, $3)`, [trustId, code, trust.code]);
      const sites = new Map<string, string>();
      for (const [, realSite] of trust.siteIds) {
        const id = randomUUID();
        sites.set(realSite, id);
        await client.query(`INSERT INTO site (id, trust_id, ods_site_code, name) VALUES ($1, $2, $3, $4)`, [id, trustId, `${code}S${sites.size}`, 'Site']);
      }
      const walkoutId = randomUUID();
      await client.query(
        `INSERT INTO walkout (id, trust_id, union_name, staff_groups, mode, starts_at, ends_at, notice_received_at) VALUES ($1, $2, 'BMA', '{resident-doctor}', 'full-walkout', $3, $4, $5)`,
        [walkoutId, trustId, new Date(WALKOUT_STARTS_AT), new Date(WALKOUT_ENDS_AT), new Date('2026-05-10T09:00:00Z')],
      );
      ids.set(trust.trustId, { trustId, sites, patients: new Map(), slots: new Map(), appointments: new Map(), walkoutId });
    }

    const patientRows: unknown[][] = [];
    const slotRows: unknown[][] = [];
    const appointmentRows: unknown[][] = [];
    for (const trust of trusts) {
      const mine = ids.get(trust.trustId)!;
      for (const p of trust.patients) {
        const id = randomUUID();
        mine.patients.set(p.nhsNumber, id);
        patientRows.push([id, mine.trustId, p.nhsNumber, 'Pat', 'Ient', '1970-01-01', '+447700900123']);
      }
      for (const s of trust.slots as { externalRef: string; siteId: string; specialty: string; kind: string; clinicianStaffNumber?: string; startsAt: string; endsAt: string; capacity?: number }[]) {
        const id = randomUUID();
        mine.slots.set(s.externalRef, id);
        slotRows.push([id, mine.trustId, s.externalRef, mine.sites.get(s.siteId), s.specialty, s.kind, s.clinicianStaffNumber ?? null, s.startsAt, s.endsAt, s.capacity ?? 1, s.externalRef.startsWith('O-') ? 1 : 0]);
      }
      for (const a of trust.appointments as { externalRef: string; nhsNumber: string; slotExternalRef: string; kind: string; urgency: string; surgicalPriority?: string; referralDate: string }[]) {
        const row = { id: randomUUID(), patient: mine.patients.get(a.nhsNumber)!, slot: mine.slots.get(a.slotExternalRef)!, kind: a.kind, urgency: a.urgency, priority: a.surgicalPriority ?? null, referral: a.referralDate };
        mine.appointments.set(a.externalRef, row);
        appointmentRows.push([row.id, mine.trustId, a.externalRef, row.patient, row.slot, row.kind, row.urgency, row.priority, row.referral]);
      }
    }
    const copy = await timed(async () => {
      await copyRows(client, `COPY patient (id, trust_id, nhs_number, given_name, family_name, date_of_birth, mobile) FROM STDIN`, patientRows);
      await copyRows(client, `COPY slot (id, trust_id, external_ref, site_id, specialty, kind, clinician_staff_number, starts_at, ends_at, capacity, booked_count) FROM STDIN`, slotRows);
      await copyRows(client, `COPY appointment (id, trust_id, external_ref, patient_id, slot_id, kind, urgency, surgical_priority, referral_date) FROM STDIN`, appointmentRows);
    });

    // Notices prepared before timing: the floor writes them, it does not compose them. Every row is kept by
    // trust: the floor writes each trust in its own transaction, RUN_CONCURRENCY at a time on their own
    // connections, as the service postpones and rebooks (one transaction on one connection would leave a core idle).
    const now = new Date();
    const postponementNotices = new Map<string, unknown[][]>();
    for (const trust of trusts) {
      const mine = ids.get(trust.trustId)!;
      const byPatient = new Map<string, unknown[]>();
      for (const [, a] of mine.appointments) {
        const list = byPatient.get(a.patient) ?? byPatient.set(a.patient, []).get(a.patient)!;
        list.push({ startsAt: iso(WALKOUT_STARTS_AT), description: 'Cardiology outpatient appointment', place: 'Site' });
      }
      const notices = postponementNotices.set(mine.trustId, []).get(mine.trustId)!;
      for (const [patient, appointments] of byPatient) {
        notices.push([mine.trustId, 'patient', patient, 'walkout-postponement', 'notice', JSON.stringify({ givenName: 'Pat', trustName: trust.code, appointments }), now, mine.walkoutId, `postponement:${mine.walkoutId}:${patient}`]);
      }
    }
    const lanes = await Promise.all(
      Array.from({ length: RUN_CONCURRENCY }, async () => {
        const lane = new Client({ connectionString: database.url });
        await lane.connect();
        return lane;
      }),
    );
    const floorTrustIds = [...ids.values()].map((mine) => mine.trustId);
    /** Each trust in its own transaction, RUN_CONCURRENCY trusts at a time, each on a connection of its own while it runs. */
    const perTrust = (work: (lane: Client, trustId: string) => Promise<void>) => {
      const free = [...lanes];
      return inParallel(floorTrustIds, RUN_CONCURRENCY, async (trustId) => {
        const lane = free.pop()!;
        try {
          await lane.query('BEGIN');
          await work(lane, trustId);
          await lane.query('COMMIT');
        } finally {
          free.push(lane);
        }
      });
    };
    const postpone = await timed(() =>
      perTrust(async (lane, trustId) => {
        await lane.query(
          `UPDATE appointment SET status = 'cancelled', cancellation_count = cancellation_count + 1, walkout_id = w.id, postponed_at = now()
           FROM walkout w WHERE w.trust_id = $1 AND appointment.trust_id = $1 AND appointment.status = 'booked'`,
          [trustId],
        );
        await lane.query(`UPDATE slot SET booked_count = 0 WHERE trust_id = $1 AND booked_count > 0`, [trustId]);
        await copyRows(lane, `COPY notification (trust_id, recipient_type, patient_id, purpose, lane, personalisation, deadline, walkout_id, dedupe_key) FROM STDIN`, postponementNotices.get(trustId)!);
      }),
    );

    type TrustRows = { offers: unknown[][]; links: unknown[][]; notices: unknown[][]; chains: [string, string][]; holds: unknown[][] };
    const rowsOf = new Map<string, TrustRows>(floorTrustIds.map((trustId) => [trustId, { offers: [], links: [], notices: [], chains: [], holds: [] }]));
    const offerIdOf = new Map<string, string>();
    const holdExpiresAt = new Date(now.getTime() + HOLD_HOURS * 3_600_000);
    const trustOf = new Map(trusts.map((trust) => [trust.trustId, ids.get(trust.trustId)!]));
    for (const p of placements) {
      const mine = trustOf.get(p.trust)!;
      const source = mine.appointments.get(p.source)!;
      const id = randomUUID();
      offerIdOf.set(`${p.trust}:${p.source}`, id);
      const slot = mine.slots.get(p.slot)!;
      const rows = rowsOf.get(mine.trustId)!;
      rows.offers.push([id, mine.trustId, source.patient, slot, source.kind, source.urgency, source.priority, source.referral, 'offered', 1, mine.walkoutId, source.id, p.days, now, holdExpiresAt]);
      const token = randomUUID();
      rows.links.push([`\\x${createHash('sha256').update(token).digest('hex')}`, mine.trustId, id, new Date(WALKOUT_ENDS_AT + 7 * DAY_MS)]);
      rows.notices.push([mine.trustId, 'patient', source.patient, 'rebooking-offer', 'notice', JSON.stringify({ givenName: 'Pat', trustName: 'T', appointment: { startsAt: iso(WALKOUT_ENDS_AT), description: 'Cardiology outpatient appointment', place: 'Site' }, linkToken: token, shortNotice: true }), now, mine.walkoutId, id, `rebooking-offer:${id}`]);
      rows.chains.push([source.id, id]);
    }
    for (const h of holds) {
      const mine = trustOf.get(h.trust)!;
      rowsOf.get(mine.trustId)!.holds.push([offerIdOf.get(`${h.trust}:${h.source}`), mine.trustId, h.option, mine.slots.get(h.slot), h.days, holdExpiresAt]);
    }
    const rebook = await timed(() =>
      perTrust(async (lane, trustId) => {
        const rows = rowsOf.get(trustId)!;
        await copyRows(
          lane,
          `COPY appointment (id, trust_id, patient_id, slot_id, kind, urgency, surgical_priority, referral_date, status, cancellation_count, walkout_id, rebooked_from_id, days_after_walkout, offered_at, hold_expires_at) FROM STDIN`,
          rows.offers,
        );
        await copyRows(lane, `COPY rebooking_hold (appointment_id, trust_id, option, slot_id, days_after_walkout, expires_at) FROM STDIN`, rows.holds);
        await lane.query(`UPDATE appointment a SET rebooked_to_id = c.new_id FROM unnest($1::uuid[], $2::uuid[]) AS c(source_id, new_id) WHERE a.id = c.source_id`, [rows.chains.map((c) => c[0]), rows.chains.map((c) => c[1])]);
        await lane.query(
          `UPDATE slot s SET booked_count = s.booked_count + h.booked, held_count = s.held_count + h.held
           FROM (SELECT slot_id, sum(booked)::int AS booked, sum(held)::int AS held
                 FROM (SELECT slot_id, 1 AS booked, 0 AS held FROM appointment WHERE trust_id = $1 AND status = 'offered' UNION ALL SELECT slot_id, 0, 1 FROM rebooking_hold WHERE trust_id = $1) p GROUP BY slot_id) h
           WHERE s.id = h.slot_id`,
          [trustId],
        );
        await copyRows(lane, `COPY rebooking_link (token_hash, trust_id, appointment_id, expires_at) FROM STDIN`, rows.links);
        await copyRows(lane, `COPY notification (trust_id, recipient_type, patient_id, purpose, lane, personalisation, deadline, walkout_id, subject_id, dedupe_key) FROM STDIN`, rows.notices);
      }),
    );
    await Promise.all(lanes.map((lane) => lane.end()));
    return { copyMs: copy.ms, postponeMs: postpone.ms, rebookMs: rebook.ms };
  } finally {
    await client.end();
    await dropTestDatabase(database.name);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
