/**
 * `npm run bench:console`: every console page's server time over HTTP with a national-sized dataset, next
 * to the JSON API's own time for the same data in the same run, and the cover heat map of 20 departments
 * × 120 hours rendered in Chromium.
 *
 * Data (BENCH_SCALE=1, the default): 20 trusts; 122,500 appointments in all (6,125 per trust, the national
 * benchmark's size) in a walkout that is postponed and rebooked through the real services; the first trust
 * also has 20 departments with cover requirements over a five-day (120-hour) walkout, 60 consultants with
 * shifts (the cover benchmark's shape), and a declared major incident recalling 200 striking staff (the
 * recall benchmark's cohort). BENCH_SCALE=0.05 runs the same shape small, to check the script.
 */
import 'reflect-metadata';
import { Role } from '@app/core';
import { RebookingRunService } from '@app/rebooking';
import { chromium } from 'playwright-core';
import { validNhsNumber } from '../apps/api/test/support/fixtures';
import { ConsoleUser, createConsoleUser, signInToConsole, SignedInSession } from '../apps/api/test/support/console-users';
import { listen } from '../apps/api/test/support/browser';
import { startTestApp, TestApp } from '../apps/api/test/support/test-app';
import { writeBenchmarkSection } from './support/benchmark-report';

const SCALE = Number(process.env.BENCH_SCALE ?? '1');
const TRUSTS = 20;
const APPOINTMENTS_PER_TRUST = Math.max(10, Math.round(6_125 * SCALE));
const DEPARTMENTS = 20;
const WALKOUT_HOURS = 120;
const CONSULTANTS = 60;
const RECALLED = Math.max(10, Math.round(200 * SCALE));
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? '40');
const IMPORT_CHUNK = 5_000;
/** During the five-day walkout (07:00 Mon 8 June 2026 → 07:00 Sat 13 June). */
const NOW = new Date('2026-06-09T12:00:00Z');
const WALKOUT = { startsAt: '2026-06-08T06:00:00+00:00', endsAt: '2026-06-13T06:00:00+00:00' };

const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(values.length * 0.95) - 1)];
const iso = (ms: number) => new Date(ms).toISOString();

async function ok(t: TestApp, method: 'POST' | 'PUT', url: string, token: string, body: unknown, expected: number): Promise<any> {
  const response = await t.request(method, url, { token, body });
  if (response.status !== expected) throw new Error(`${method} ${url}: ${response.status} ${response.text.slice(0, 300)}`);
  return response.body;
}

interface BenchTrust {
  trustId: string;
  admin: string;
  walkoutId: string;
  siteIds: string[];
  departmentIds: string[];
}

async function buildTrust(t: TestApp, national: string, index: number, withCover: boolean): Promise<BenchTrust> {
  const code = `B${String.fromCharCode(65 + Math.floor(index / 26))}${String.fromCharCode(65 + (index % 26))}`;
  const trust = await ok(t, 'POST', '/api/v1/trusts', national, { odsCode: code, name: `Bench Trust ${index + 1}` }, 201);
  const admin = await t.bearer(Role.TrustAdmin, trust.id);
  const base = `/api/v1/trusts/${trust.id}`;
  const siteIds: string[] = [];
  for (let s = 1; s <= 3; s++) siteIds.push((await ok(t, 'POST', `${base}/sites`, admin, { odsSiteCode: `${code}0${s}`, name: `Site ${s}` }, 201)).id);
  const departmentIds: string[] = [];
  for (let d = 0; d < (withCover ? DEPARTMENTS : 1); d++) {
    departmentIds.push((await ok(t, 'POST', `${base}/departments`, admin, { siteId: siteIds[d % 3], name: `Emergency Department ${d + 1}`, kind: 'emergency' }, 201)).id);
  }
  const walkoutStart = Date.parse(WALKOUT.startsAt);
  const patients = Array.from({ length: APPOINTMENTS_PER_TRUST }, (_, n) => validNhsNumber(index * 100_000 + n + 1));
  for (let from = 0; from < patients.length; from += IMPORT_CHUNK) {
    const chunk = patients.slice(from, from + IMPORT_CHUNK);
    await ok(t, 'POST', `${base}/patients/import`, admin, { items: chunk.map((nhsNumber, n) => ({ nhsNumber, givenName: `Pat${from + n}`, familyName: 'Bench', dateOfBirth: '1970-01-01', mobile: '07700900123' })) }, 200);
    const slots = chunk.flatMap((_, n) => {
      const k = from + n;
      return [
        { externalRef: `W-${k}`, siteId: siteIds[k % 3], specialty: 'cardiology', kind: 'outpatient', startsAt: iso(walkoutStart + 2 * 3_600_000 + (k % 400) * 15 * 60_000), endsAt: iso(walkoutStart + 2 * 3_600_000 + (k % 400) * 15 * 60_000 + 15 * 60_000), capacity: 1 },
        { externalRef: `F-${k}`, siteId: siteIds[k % 3], specialty: 'cardiology', kind: 'outpatient', startsAt: iso(walkoutStart + (6 + (k % 30)) * 86_400_000 + (k % 32) * 15 * 60_000), endsAt: iso(walkoutStart + (6 + (k % 30)) * 86_400_000 + (k % 32) * 15 * 60_000 + 15 * 60_000), capacity: 1 },
      ];
    });
    await ok(t, 'POST', `${base}/slots/import`, admin, { items: slots }, 200);
    await ok(t, 'POST', `${base}/appointments/import`, admin, { items: chunk.map((nhsNumber, n) => ({ externalRef: `A-${from + n}`, nhsNumber, slotExternalRef: `W-${from + n}`, kind: 'outpatient-new', urgency: 'routine', referralDate: '2025-11-01' })) }, 200);
  }
  const walkout = await ok(t, 'POST', `${base}/walkouts`, admin, { union: 'BMA', staffGroups: ['resident-doctor'], mode: 'full-walkout', ...WALKOUT, noticeReceivedAt: '2026-05-20T09:00:00+00:00' }, 201);
  await ok(t, 'POST', `${base}/walkouts/${walkout.id}/postponements`, admin, {}, 200);
  const run = await ok(t, 'POST', `${base}/walkouts/${walkout.id}/rebooking-runs`, admin, {}, 202);
  await t.app.get(RebookingRunService).execute(run.runId);
  return { trustId: trust.id, admin, walkoutId: walkout.id, siteIds, departmentIds };
}

async function addCoverAndRecall(t: TestApp, trust: BenchTrust): Promise<string> {
  const base = `/api/v1/trusts/${trust.trustId}`;
  const staff = [
    ...Array.from({ length: CONSULTANTS }, (_, n) => ({ staffNumber: `C${n}`, givenName: `Consultant${n}`, familyName: 'Bench', grade: 'consultant', specialty: 'emergency-medicine', siteId: trust.siteIds[(n % DEPARTMENTS) % 3], departmentId: trust.departmentIds[n % DEPARTMENTS], mobile: '07700900200' })),
    ...Array.from({ length: RECALLED }, (_, n) => ({ staffNumber: `R${n}`, givenName: `Resident${n}`, familyName: 'Bench', grade: 'resident-doctor', specialty: 'emergency-medicine', siteId: trust.siteIds[(n % DEPARTMENTS) % 3], departmentId: trust.departmentIds[n % DEPARTMENTS], mobile: `07700${String(900300 + n).padStart(6, '0')}` })),
  ];
  await ok(t, 'POST', `${base}/staff/import`, trust.admin, { items: staff }, 200);
  await ok(t, 'PUT', `${base}/walkouts/${trust.walkoutId}/participation`, trust.admin, { items: Array.from({ length: RECALLED }, (_, n) => ({ staffNumber: `R${n}`, intendsToStrike: 'yes' })) }, 200);
  const start = Date.parse(WALKOUT.startsAt);
  for (const departmentId of trust.departmentIds) {
    for (let day = 0; day < WALKOUT_HOURS / 24; day++) {
      await ok(t, 'POST', `${base}/walkouts/${trust.walkoutId}/cover-requirements`, trust.admin, { departmentId, startsAt: iso(start + day * 86_400_000 + 2 * 3_600_000), endsAt: iso(start + day * 86_400_000 + 14 * 3_600_000), minConsultants: 3 }, 201);
    }
  }
  await ok(t, 'POST', `${base}/walkouts/${trust.walkoutId}/cover-autofill?apply=true`, trust.admin, undefined, 200);
  const incident = await ok(t, 'POST', `${base}/major-incidents`, trust.admin, { level: 'major', state: 'declared', siteIds: trust.siteIds, description: 'Bench incident' }, 201);
  return incident.id;
}

async function measure(t: TestApp, url: string, headers: Record<string, string>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const response = await t.app.inject({ method: 'GET', url, headers });
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body.slice(0, 200)}`);
    const started = process.hrtime.bigint();
    await t.app.inject({ method: 'GET', url, headers });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times;
}

async function main(): Promise<void> {
  const t = await startTestApp({ now: NOW, env: { DB_POOL_SIZE: '10' } });
  try {
    const national = await t.bearer(Role.NationalAdmin);
    const trusts: BenchTrust[] = [];
    for (let i = 0; i < TRUSTS; i++) {
      trusts.push(await buildTrust(t, national, i, i === 0));
      process.stdout.write(`trust ${i + 1}/${TRUSTS} built\n`);
    }
    const first = trusts[0];
    const incidentId = await addCoverAndRecall(t, first);
    const adminUser: ConsoleUser = await createConsoleUser(t, Role.TrustAdmin, first.trustId);
    const nationalUser: ConsoleUser = await createConsoleUser(t, Role.NationalAdmin);
    const session: SignedInSession = await signInToConsole(t, adminUser);
    const nationalSession: SignedInSession = await signInToConsole(t, nationalUser);
    const cookie = { cookie: session.cookie, accept: 'text/html' };
    const bearer = { authorization: first.admin };
    const page = `/console/trusts/${first.trustId}`;
    const api = `/api/v1/trusts/${first.trustId}`;
    const w = first.walkoutId;
    const rows: [string, string, Record<string, string>, string | null][] = [
      ['Trust home', page, cookie, `${api}/walkouts`],
      ['Walkout', `${page}/walkouts/${w}`, cookie, `${api}/walkouts/${w}/impact`],
      ['Postponement preview', `${page}/walkouts/${w}/postpone`, cookie, null],
      ['Rebooking progress (live)', `${page}/walkouts/${w}/rebooking-progress`, cookie, `${api}/walkouts/${w}/rebooking-runs`],
      ['Patients to follow up', `${page}/walkouts/${w}/follow-up`, cookie, null],
      ['Cover (heat map)', `${page}/walkouts/${w}/cover`, cookie, `${api}/walkouts/${w}/cover-gaps`],
      ['Cover autofill preview', `${page}/walkouts/${w}/cover/autofill`, cookie, `${api}/walkouts/${w}/cover-autofill`],
      ['Messages', `${page}/messages?walkout=${w}`, cookie, `${api}/walkouts/${w}/notifications/estimate`],
      ['Major incident', `${page}/incidents/${incidentId}`, cookie, `${api}/major-incidents/${incidentId}/roll-call`],
      ['Roll-call board (live)', `${page}/incidents/${incidentId}/board`, cookie, `${api}/major-incidents/${incidentId}/roll-call`],
      ['National view', '/console/national', { cookie: nationalSession.cookie, accept: 'text/html' }, null],
    ];
    const lines = ['| Page | console p95 (ms) | JSON API p95 (ms), same data | API route |', '| --- | ---: | ---: | --- |'];
    for (const [name, url, headers, apiUrl] of rows) {
      const consoleTimes = await measure(t, url, headers);
      let apiP95 = '–';
      if (apiUrl) {
        const method = apiUrl.endsWith('cover-autofill') ? 'POST' : 'GET';
        const times: number[] = [];
        for (let i = 0; i < SAMPLES; i++) {
          const started = process.hrtime.bigint();
          const response = await t.app.inject({ method, url: apiUrl, headers: bearer });
          times.push(Number(process.hrtime.bigint() - started) / 1e6);
          if (response.statusCode >= 300) throw new Error(`${apiUrl}: ${response.statusCode}`);
        }
        apiP95 = p95(times).toFixed(1);
      }
      lines.push(`| ${name} | ${p95(consoleTimes).toFixed(1)} | ${apiP95} | ${apiUrl ? apiUrl.replace(first.trustId, ':trustId').replace(w, ':walkoutId').replace(incidentId, ':incidentId') : '–'} |`);
      process.stdout.write(`${lines[lines.length - 1]}\n`);
    }

    // The heat map in a real browser: from navigation start to the table laid out, at the laptop size.
    const baseUrl = await listen(t);
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.route('https://assets.nhs.uk/**', (route) => route.fulfill({ status: 200, body: '' }));
    const [name, value] = session.cookie.split('=');
    await context.addCookies([{ name, value, url: baseUrl }]);
    const tab = await context.newPage();
    const renders: number[] = [];
    for (let i = 0; i < 5; i++) {
      await tab.goto(`${baseUrl}${page}/walkouts/${w}/cover`, { waitUntil: 'load' });
      const cells = await tab.locator('.app-heat-map td').count();
      if (cells < DEPARTMENTS * WALKOUT_HOURS) throw new Error(`heat map has ${cells} cells`);
      renders.push(await tab.evaluate(() => {
        const nav = (globalThis as any).performance.getEntriesByType('navigation')[0];
        return nav.loadEventEnd - nav.startTime;
      }));
    }
    await browser.close();
    const heatMap = Math.max(...renders.slice(1));
    lines.push('', `Cover heat map, ${DEPARTMENTS} departments × ${WALKOUT_HOURS} hours in Chromium (navigation start to load, worst of 4 after a warm-up): ${heatMap.toFixed(0)} ms.`);
    process.stdout.write(`${lines[lines.length - 1]}\n`);
    const scale = SCALE === 1 ? '' : ` (BENCH_SCALE=${SCALE}: ${APPOINTMENTS_PER_TRUST * TRUSTS} appointments)`;
    writeBenchmarkSection(
      'Console pages',
      [
        `${TRUSTS} trusts, ${(APPOINTMENTS_PER_TRUST * TRUSTS).toLocaleString('en-GB')} appointments postponed and rebooked${scale}; the measured trust has ${DEPARTMENTS} departments with cover over ${WALKOUT_HOURS} hours, ${CONSULTANTS} consultants and a major incident recalling ${RECALLED}. Server time over HTTP (in-process inject, ${SAMPLES} requests each, signed in); target p95 < 150 ms.`,
        '',
        ...lines,
      ].join('\n'),
    );
  } finally {
    await t.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
