/**
 * `npm run bench:fhir`: FHIR R4 in and out at national size, next to the JSON API in the same run.
 *
 *   import   the national walkout dataset (bench/support/national-dataset.ts: 20 trusts, 122,500
 *            appointments with their patients and slots) as 20 transaction Bundles, one per trust, and
 *            the same rows through the JSON imports (patients, slots, appointments: 3 requests a trust)
 *            into a twin of each trust. Trust by trust, alternating which goes first, so drift in the
 *            machine's load falls on both.
 *   bundle   one Bundle of 10,000 appointments with their 10,000 slots and patients (the figure),
 *            new and then sent again (every entry an update), next to the same rows as JSON.
 *   export   a walkout postpones every appointment of both twins; then every cancelled appointment is
 *            read a page at a time: FHIR `Appointment?status=cancelled&_count=500` following the `next`
 *            links, next to the JSON list `appointments?status=cancelled&limit=500` following `nextCursor`.
 *
 * Over real HTTP (the app listening on a port, fetch with keep-alive; bodies serialised before the clock
 * starts, answers read to the end), real PostgreSQL and Redis. The clinicians of the dataset are staff of
 * both twins, with GMC numbers, so the Bundles carry Practitioners and the JSON rows staff numbers.
 *
 * BENCH_SCALE=0.02 runs the same shape small (every count × the scale), to check the script; the figures
 * of docs/benchmarks.md are BENCH_SCALE=1 (the default).
 */
import 'reflect-metadata';
import { Role } from '@app/core';
import { BundleSpec, transactionBundle } from '@app/fhir/testing';
import { validNhsNumber } from '../apps/api/test/support/fixtures';
import { listen } from '../apps/api/test/support/browser';
import { startTestApp, TestApp } from '../apps/api/test/support/test-app';
import { prepareTemplateDatabase } from '@app/core/testing';
import { writeBenchmarkSection } from './support/benchmark-report';
import { AppointmentImportRow, clinicianCodes, iso, nationalScenario, NOW, ScenarioTrust, SITES, SlotImportRow, TRUSTS, trustImportRows, WALKOUT_ENDS_AT, WALKOUT_STARTS_AT } from './support/national-dataset';

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON and FHIR answers */

const SCALE = Number(process.env.BENCH_SCALE ?? '1');
const BUNDLE_APPOINTMENTS = Math.max(100, Math.round(10_000 * SCALE));
const PAGE = 500;
const FHIR = 'application/fhir+json';
const WALKOUT = { union: 'BMA', staffGroups: ['resident-doctor'], mode: 'full-walkout', noticeReceivedAt: '2026-05-10T09:00:00Z', startsAt: iso(WALKOUT_STARTS_AT), endsAt: iso(WALKOUT_ENDS_AT) };

const n = (value: number) => value.toLocaleString('en-GB');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

interface Client {
  origin: string;
  send(method: 'GET' | 'POST', path: string, token: string, body?: string, contentType?: string): Promise<{ status: number; body: any; ms: number }>;
}

/** One request over HTTP; its time is from the request to the last byte of the answer. */
function client(origin: string): Client {
  return {
    origin,
    async send(method, path, token, body, contentType = 'application/json') {
      const started = process.hrtime.bigint();
      const response = await fetch(`${origin}${path}`, { method, headers: { authorization: token, ...(body !== undefined ? { 'content-type': contentType } : {}) }, body });
      const text = await response.text();
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 600)}`);
      return { status: response.status, body: JSON.parse(text), ms };
    },
  };
}

interface Twin {
  trustId: string;
  ods: string;
  admin: string;
  /** Synthetic site (T01S1) → this trust's site id. */
  siteIds: Map<string, string>;
  /** Synthetic site → its ODS site code. */
  siteCodes: Map<string, string>;
  walkoutId: string;
}

async function createTwin(t: TestApp, http: Client, national: string, ods: string, syntheticSites: string[], staff: Map<string, { gmcNumber: string; specialty: string }>): Promise<Twin> {
  const trust = await http.send('POST', '/api/v1/trusts', national, JSON.stringify({ odsCode: ods, name: `${ods} Hospitals NHS Foundation Trust` }));
  const trustId: string = trust.body.id;
  const admin = await t.bearer(Role.TrustAdmin, trustId);
  const siteIds = new Map<string, string>();
  const siteCodes = new Map<string, string>();
  for (const [index, synthetic] of syntheticSites.entries()) {
    const odsSiteCode = `${ods}S${index + 1}`;
    const site = await http.send('POST', `/api/v1/trusts/${trustId}/sites`, admin, JSON.stringify({ odsSiteCode, name: `${ods} Hospital ${index + 1}` }));
    siteIds.set(synthetic, site.body.id);
    siteCodes.set(synthetic, odsSiteCode);
  }
  if (staff.size) {
    const items = [...staff].map(([staffNumber, s]) => ({ staffNumber, gmcNumber: s.gmcNumber, givenName: 'Clin', familyName: `Ician ${staffNumber}`, grade: 'consultant', specialty: s.specialty }));
    await http.send('POST', `/api/v1/trusts/${trustId}/staff/import`, admin, JSON.stringify({ items }));
  }
  const walkout = await http.send('POST', `/api/v1/trusts/${trustId}/walkouts`, admin, JSON.stringify(WALKOUT));
  return { trustId, ods, admin, siteIds, siteCodes, walkoutId: walkout.body.id };
}

interface Rows {
  patients: { nhsNumber: string; givenName: string }[];
  /** Rows whose siteId is the synthetic site: each twin maps it to its own. */
  slots: SlotImportRow[];
  appointments: AppointmentImportRow[];
}

function jsonBodies(rows: Rows, twin: Twin): { patients: string; slots: string; appointments: string } {
  return {
    patients: JSON.stringify({ items: rows.patients.map((p) => ({ nhsNumber: p.nhsNumber, givenName: p.givenName, familyName: 'Ient', dateOfBirth: '1970-01-01', mobile: '07700900123' })) }),
    slots: JSON.stringify({ items: rows.slots.map((s) => ({ ...s, siteId: twin.siteIds.get(s.siteId)! })) }),
    appointments: JSON.stringify({ items: rows.appointments }),
  };
}

/** The same rows as a transaction Bundle: a Schedule per site, specialty and clinician gives the slots those. */
function fhirBundle(rows: Rows, twin: Twin, staff: Map<string, { gmcNumber: string }>): string {
  const schedules = new Map<string, NonNullable<BundleSpec['schedules']>[number]>();
  const slots = rows.slots.map((s) => {
    const odsSiteCode = twin.siteCodes.get(s.siteId)!;
    const gmcNumber = s.clinicianStaffNumber ? staff.get(s.clinicianStaffNumber)!.gmcNumber : undefined;
    const key = `${odsSiteCode}|${s.specialty}|${gmcNumber ?? ''}`;
    if (!schedules.has(key)) schedules.set(key, { key, odsSiteCode, specialty: s.specialty, ...(gmcNumber ? { gmcNumber } : {}) });
    return { ref: s.externalRef, schedule: key, kind: s.kind, start: s.startsAt, minutes: (Date.parse(s.endsAt) - Date.parse(s.startsAt)) / 60_000, ...(s.capacity ? { capacity: s.capacity } : {}) };
  });
  const spec: BundleSpec = {
    locations: [...twin.siteCodes.values()].map((odsSiteCode) => ({ odsSiteCode })),
    practitioners: [...staff.values()].map(({ gmcNumber }) => ({ gmcNumber })),
    patients: rows.patients.map((p) => ({ nhsNumber: p.nhsNumber, givenName: p.givenName, familyName: 'Ient', birthDate: '1970-01-01', mobile: '07700900123' })),
    schedules: [...schedules.values()],
    slots,
    appointments: rows.appointments.map((a) => ({
      ref: a.externalRef,
      nhsNumber: a.nhsNumber,
      slotRef: a.slotExternalRef,
      kind: a.kind,
      urgency: a.urgency as 'two-week-wait' | 'urgent' | 'routine',
      ...(a.surgicalPriority ? { surgicalPriority: a.surgicalPriority } : {}),
      referralDate: a.referralDate,
    })),
  };
  return JSON.stringify(transactionBundle(spec));
}

async function importJson(http: Client, twin: Twin, rows: Rows): Promise<number> {
  const bodies = jsonBodies(rows, twin);
  const base = `/api/v1/trusts/${twin.trustId}`;
  let ms = 0;
  ms += (await http.send('POST', `${base}/patients/import`, twin.admin, bodies.patients)).ms;
  ms += (await http.send('POST', `${base}/slots/import`, twin.admin, bodies.slots)).ms;
  ms += (await http.send('POST', `${base}/appointments/import`, twin.admin, bodies.appointments)).ms;
  return ms;
}

async function importFhir(http: Client, twin: Twin, rows: Rows, staff: Map<string, { gmcNumber: string }>): Promise<{ ms: number; statuses: Map<string, number> }> {
  const response = await http.send('POST', `/api/v1/trusts/${twin.trustId}/fhir/R4`, twin.admin, fhirBundle(rows, twin, staff), FHIR);
  const statuses = new Map<string, number>();
  for (const entry of response.body.entry) statuses.set(entry.response.status, (statuses.get(entry.response.status) ?? 0) + 1);
  return { ms: response.ms, statuses };
}

/** Staff numbers the rows use → a GMC number and specialty each (the first slot's). */
function staffOf(rows: Rows, gmcNumbers: Map<string, string>): Map<string, { gmcNumber: string; specialty: string }> {
  const staff = new Map<string, { gmcNumber: string; specialty: string }>();
  for (const slot of rows.slots) {
    if (!slot.clinicianStaffNumber || staff.has(slot.clinicianStaffNumber)) continue;
    const gmcNumber = gmcNumbers.get(slot.clinicianStaffNumber) ?? gmcNumbers.set(slot.clinicianStaffNumber, String(2_000_000 + gmcNumbers.size)).get(slot.clinicianStaffNumber)!;
    staff.set(slot.clinicianStaffNumber, { gmcNumber, specialty: slot.specialty });
  }
  return staff;
}

async function counts(t: TestApp, trustId: string): Promise<string> {
  const [row] = await t.dataSource.query(
    `SELECT (SELECT count(*) FROM patient WHERE trust_id = $1)::int AS patients, (SELECT count(*) FROM slot WHERE trust_id = $1)::int AS slots,
            (SELECT count(*) FROM slot WHERE trust_id = $1 AND clinician_staff_number IS NOT NULL)::int AS with_clinician,
            (SELECT coalesce(sum(capacity), 0) FROM slot WHERE trust_id = $1)::int AS places, (SELECT count(*) FROM appointment WHERE trust_id = $1)::int AS appointments`,
    [trustId],
  );
  return JSON.stringify(row);
}

/** Every cancelled appointment, FHIR: pages of `_count` following the `next` links. */
async function exportFhir(http: Client, twin: Twin): Promise<{ ms: number; pages: number; rows: number }> {
  let path: string | undefined = `/api/v1/trusts/${twin.trustId}/fhir/R4/Appointment?status=cancelled&_count=${PAGE}`;
  const result = { ms: 0, pages: 0, rows: 0 };
  while (path) {
    const page = await http.send('GET', path, twin.admin);
    result.ms += page.ms;
    result.pages++;
    result.rows += page.body.entry.length;
    const next: string | undefined = page.body.link.find((link: any) => link.relation === 'next')?.url;
    path = next ? new URL(next).pathname + new URL(next).search : undefined;
  }
  return result;
}

/** Every cancelled appointment, JSON: pages of `limit` following `nextCursor`. */
async function exportJson(http: Client, twin: Twin): Promise<{ ms: number; pages: number; rows: number }> {
  const first = `/api/v1/trusts/${twin.trustId}/appointments?status=cancelled&limit=${PAGE}`;
  let path: string | undefined = first;
  const result = { ms: 0, pages: 0, rows: 0 };
  while (path) {
    const page = await http.send('GET', path, twin.admin);
    result.ms += page.ms;
    result.pages++;
    result.rows += page.body.items.length;
    path = page.body.nextCursor ? `${first}&cursor=${encodeURIComponent(page.body.nextCursor)}` : undefined;
  }
  return result;
}

/** BUNDLE_APPOINTMENTS outpatient appointments at one site, each with its own slot and patient, 20 clinicians. */
function bundleRows(): Rows {
  // A fortnight after the walkout, so the walkout's postponement leaves them booked.
  const day = WALKOUT_ENDS_AT + 14 * 86_400_000;
  const patients = Array.from({ length: BUNDLE_APPOINTMENTS }, (_, k) => ({ nhsNumber: validNhsNumber(5_000_000 + k), givenName: `Pat${k}` }));
  const slots: SlotImportRow[] = patients.map((_, k) => {
    const startsAt = day + Math.floor(k / 400) * 86_400_000 + (k % 400) * 60_000;
    return { externalRef: `B-S-${k}`, siteId: 'B01S1', specialty: 'cardiology', kind: 'outpatient', clinicianStaffNumber: `BK${k % 20}`, startsAt: iso(startsAt), endsAt: iso(startsAt + 15 * 60_000) };
  });
  const appointments: AppointmentImportRow[] = patients.map((p, k) => ({ externalRef: `B-A-${k}`, nhsNumber: p.nhsNumber, slotExternalRef: `B-S-${k}`, kind: k % 2 ? 'outpatient-follow-up' : 'outpatient-new', urgency: 'routine', referralDate: '2026-01-05' }));
  return { patients, slots, appointments };
}

async function main(): Promise<void> {
  if (!(SCALE > 0 && SCALE <= 1)) throw new Error('BENCH_SCALE must be a number above 0 and at most 1');
  await prepareTemplateDatabase();
  const { byTrust } = nationalScenario(SCALE);
  const t = await startTestApp({ now: NOW, env: { DB_POOL_SIZE: '10' } });
  const http = client(await listen(t));
  const national = await t.bearer(Role.NationalAdmin);
  const gmcNumbers = new Map<string, string>();

  // ---- the dataset, and the twins that take it (not timed) ----
  const clinician = clinicianCodes();
  let nhsSeed = 1;
  const trusts: { code: string; rows: Rows; staff: Map<string, { gmcNumber: string; specialty: string }>; json: Twin; fhir: Twin }[] = [];
  for (const [code, data] of [...byTrust.entries()].sort() as [string, ScenarioTrust][]) {
    const patientIds = [...new Set(data.appointments.map((a) => a.patientId))];
    const nhsOf = new Map(patientIds.map((id) => [id, validNhsNumber(nhsSeed++)]));
    const syntheticSites = Array.from({ length: SITES }, (_, i) => `${code}S${i + 1}`);
    const identity = new Map(syntheticSites.map((site) => [site, site]));
    const { slots, appointments } = trustImportRows(data, identity, nhsOf, clinician);
    const rows: Rows = { patients: patientIds.map((id, k) => ({ nhsNumber: nhsOf.get(id)!, givenName: `Pat${k}` })), slots, appointments };
    const staff = staffOf(rows, gmcNumbers);
    const json = await createTwin(t, http, national, `J${code.slice(1)}`, syntheticSites, staff);
    const fhir = await createTwin(t, http, national, `F${code.slice(1)}`, syntheticSites, staff);
    trusts.push({ code, rows, staff, json, fhir });
  }
  const totals = {
    patients: trusts.reduce((sum, tr) => sum + tr.rows.patients.length, 0),
    slots: trusts.reduce((sum, tr) => sum + tr.rows.slots.length, 0),
    appointments: trusts.reduce((sum, tr) => sum + tr.rows.appointments.length, 0),
    practitioners: trusts.reduce((sum, tr) => sum + tr.staff.size, 0),
  };
  console.log('scenario', { scale: SCALE, trusts: TRUSTS, ...totals });

  // ---- import: one Bundle per trust vs the three JSON imports, trust by trust, alternating ----
  const imported = { json: 0, fhir: 0, statuses: new Map<string, number>() };
  for (const [index, trust] of trusts.entries()) {
    const runJson = async () => (imported.json += await importJson(http, trust.json, trust.rows));
    const runFhir = async () => {
      const result = await importFhir(http, trust.fhir, trust.rows, trust.staff);
      imported.fhir += result.ms;
      for (const [status, count] of result.statuses) imported.statuses.set(status, (imported.statuses.get(status) ?? 0) + count);
    };
    if (index % 2 === 0) await runJson().then(runFhir);
    else await runFhir().then(runJson);
    const [jsonCounts, fhirCounts] = [await counts(t, trust.json.trustId), await counts(t, trust.fhir.trustId)];
    if (jsonCounts !== fhirCounts) throw new Error(`${trust.code}: the twins differ after the import: JSON ${jsonCounts}, FHIR ${fhirCounts}`);
  }
  console.log('import', { jsonMs: imported.json, fhirMs: imported.fhir, statuses: Object.fromEntries(imported.statuses) });

  // ---- one 10,000-appointment Bundle, new then again (updates), next to the same rows as JSON ----
  const rows = bundleRows();
  const bundleStaff = staffOf(rows, gmcNumbers);
  const jsonTwin = await createTwin(t, http, national, 'JBK', ['B01S1'], bundleStaff);
  const fhirTwin = await createTwin(t, http, national, 'FBK', ['B01S1'], bundleStaff);
  const bundleBytes = Buffer.byteLength(fhirBundle(rows, fhirTwin, bundleStaff));
  const big = { jsonNew: await importJson(http, jsonTwin, rows), fhirNew: (await importFhir(http, fhirTwin, rows, bundleStaff)).ms, fhirAgain: 0, jsonAgain: 0, againStatuses: {} as Record<string, number> };
  const again = await importFhir(http, fhirTwin, rows, bundleStaff);
  big.fhirAgain = again.ms;
  big.againStatuses = Object.fromEntries(again.statuses);
  big.jsonAgain = await importJson(http, jsonTwin, rows);
  if ((await counts(t, jsonTwin.trustId)) !== (await counts(t, fhirTwin.trustId))) throw new Error('the 10,000-appointment twins differ');
  console.log('bundle', { appointments: BUNDLE_APPOINTMENTS, bytes: bundleBytes, ...big });

  // ---- a walkout postpones them all; then every cancelled appointment, a page at a time ----
  let postponed = 0;
  for (const trust of trusts) {
    for (const twin of [trust.json, trust.fhir]) {
      postponed += (await http.send('POST', `/api/v1/trusts/${twin.trustId}/walkouts/${twin.walkoutId}/postponements`, twin.admin, '{}')).body.postponed;
    }
  }
  const exported = { json: { ms: 0, pages: 0, rows: 0 }, fhir: { ms: 0, pages: 0, rows: 0 } };
  const add = (into: { ms: number; pages: number; rows: number }, from: { ms: number; pages: number; rows: number }) => {
    into.ms += from.ms;
    into.pages += from.pages;
    into.rows += from.rows;
  };
  for (const [index, trust] of trusts.entries()) {
    const runJson = async () => add(exported.json, await exportJson(http, trust.json));
    const runFhir = async () => add(exported.fhir, await exportFhir(http, trust.fhir));
    if (index % 2 === 0) await runJson().then(runFhir);
    else await runFhir().then(runJson);
  }
  if (exported.fhir.rows !== totals.appointments || exported.json.rows !== totals.appointments) {
    throw new Error(`export: ${exported.fhir.rows} FHIR and ${exported.json.rows} JSON rows, ${totals.appointments} appointments (${postponed} postponed over both twins)`);
  }
  console.log('export', { postponed, ...exported });
  await t.close();

  const figures = { scale: SCALE, totals, imported: { ...imported, statuses: Object.fromEntries(imported.statuses) }, big, bundleBytes, postponed, exported };
  console.log(JSON.stringify(figures, null, 2));
  const scaleNote = SCALE === 1 ? '' : `\n\n**BENCH_SCALE=${SCALE}: a check of the script at ${SCALE}× the national size, not the figures to quote.**`;
  const perSecond = (rows: number, ms: number) => n(Math.round(rows / (ms / 1000)));
  writeBenchmarkSection(
    'FHIR R4: transaction bundles in, paged export out (bench:fhir)',
    `The national walkout dataset (bench:national's): ${n(totals.appointments)} appointments of ${n(totals.patients)} patients in ${n(totals.slots)} slots,
across ${TRUSTS} trusts of ${SITES} sites, with ${n(totals.practitioners)} clinicians (staff with GMC numbers). Each trust's rows go in once as one FHIR
transaction Bundle (Location, Practitioner, Patient, Schedule, Slot, Appointment entries, conditional on identifiers) and once through the JSON
imports (patients, slots, appointments) into a twin trust, trust by trust and alternating which goes first; both twins end up with the same rows
(checked). Over real HTTP (the app on a port, fetch; bodies serialised beforehand, answers read to the end), real PostgreSQL and Redis.${scaleNote}

| step | FHIR | JSON API | FHIR ÷ JSON |
|---|---|---|---|
| import ${n(totals.appointments)} appointments with their patients and slots (${TRUSTS} Bundles · ${TRUSTS * 3} JSON requests) | ${seconds(imported.fhir)} (${perSecond(totals.appointments, imported.fhir)} appointments/s) | ${seconds(imported.json)} | ${ratio(imported.fhir, imported.json)} |
| one Bundle of ${n(BUNDLE_APPOINTMENTS)} appointments with their ${n(BUNDLE_APPOINTMENTS)} slots and patients (${(bundleBytes / 2 ** 20).toFixed(1)} MiB), new | **${seconds(big.fhirNew)}** | ${seconds(big.jsonNew)} | ${ratio(big.fhirNew, big.jsonNew)} |
| the same Bundle sent again (every entry an update) | ${seconds(big.fhirAgain)} | ${seconds(big.jsonAgain)} | ${ratio(big.fhirAgain, big.jsonAgain)} |
| after a walkout postpones all ${n(totals.appointments)}: every cancelled appointment, pages of ${PAGE} (${n(exported.fhir.pages)} FHIR searchset pages · ${n(exported.json.pages)} JSON pages) | ${seconds(exported.fhir.ms)} (${perSecond(exported.fhir.rows, exported.fhir.ms)} appointments/s) | ${seconds(exported.json.ms)} | ${ratio(exported.fhir.ms, exported.json.ms)} |

The FHIR import is the JSON imports behind a Bundle reader (docs/fhir.md): the difference is reading and resolving the Bundle and its larger body.
The export pages through \`Appointment?status=cancelled&_count=${PAGE}\` by its \`next\` links (keyset), each appointment with its patient's NHS number,
its site's ODS code and its clinician's GMC number looked up once a page.

Target (issue 15): a Bundle of 10,000 appointments with their slots and patients well under 10 s.`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
