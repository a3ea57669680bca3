import { Role } from '@app/core';
import { EXTENSION, SYSTEM } from '@app/fhir';
import { fhirProblems } from '@app/fhir/testing';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { listen } from './support/browser';
import { startTestApp, TestApp } from './support/test-app';

/* eslint-disable @typescript-eslint/no-explicit-any -- FHIR JSON */

const DOC = join(__dirname, '..', '..', '..', 'docs', 'fhir.md');
const DOC_ORIGIN = 'http://localhost:3000';
const FHIR_CONTENT_TYPE = 'application/fhir+json; charset=utf-8';

/** Every ```sh block of docs/fhir.md, as written. */
function shellBlocks(): string[] {
  return [...readFileSync(DOC, 'utf8').matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
}

interface Answer {
  status: number;
  contentType: string;
  body: any;
}

/**
 * Runs a block with bash and the real curl, against the app on a port of its own: the only change to
 * the text is the origin. Each curl also writes its status and content type after its body, so one
 * run's output splits into one answer per curl.
 */
async function runBlock(block: string, origin: string, env: Record<string, string>): Promise<Answer[]> {
  const prelude = `set -euo pipefail\ncurl() { command curl --no-progress-meter -w '\\n@@answer %{http_code} %{content_type}\\n' "$@"; }\n`;
  const { stdout } = await promisify(execFile)('bash', ['-c', prelude + block.split(DOC_ORIGIN).join(origin)], { env: { ...process.env, ...env }, maxBuffer: 16 * 2 ** 20 });
  const answers: Answer[] = [];
  let body = '';
  for (const line of stdout.split('\n')) {
    const marker = /^@@answer (\d+) (.*)$/.exec(line);
    if (!marker) {
      body += `${line}\n`;
      continue;
    }
    answers.push({ status: Number(marker[1]), contentType: marker[2], body: JSON.parse(body) });
    body = '';
  }
  return answers;
}

/** docs/fhir.md's example: the bundle and the curl calls around it work as a reader would run them. */
describe('docs/fhir.md example, run verbatim (e2e)', () => {
  let t: TestApp;
  let origin: string;
  let env: Record<string, string>;
  const count = async (table: string) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE trust_id = $1`, [env.TRUST]))[0].n;

  beforeAll(async () => {
    t = await startTestApp();
    origin = await listen(t);
    // What the example assumes the reader has: a trust, its admin's token, the site RQM01 and a member of staff with GMC number 1234567.
    const national = await t.bearer(Role.NationalAdmin);
    const trust = await t.request('POST', '/api/v1/trusts', { token: national, body: { odsCode: 'RQM', name: 'Chelsea and Westminster Hospital NHS Foundation Trust' } });
    const admin = await t.bearer(Role.TrustAdmin, trust.body.id);
    const site = await t.request('POST', `/api/v1/trusts/${trust.body.id}/sites`, { token: admin, body: { odsSiteCode: 'RQM01', name: 'Chelsea and Westminster Hospital' } });
    const staff = await t.request('POST', `/api/v1/trusts/${trust.body.id}/staff/import`, {
      token: admin,
      body: { items: [{ staffNumber: 'CW-1', gmcNumber: '1234567', givenName: 'Cara', familyName: 'Consultant', grade: 'consultant', specialty: 'cardiology', siteId: site.body.id }] },
    });
    expect([trust.status, site.status, staff.status]).toEqual([201, 201, 200]);
    env = { TRUST: trust.body.id, TOKEN: admin.replace(/^Bearer /, '') };
  });
  afterAll(() => t.close());

  it('has one example block, of curl calls with the bundle in it, and no curl anywhere else', () => {
    // A curl in a block of another language would not be run here: every runnable example is a ```sh block.
    const others = [...readFileSync(DOC, 'utf8').matchAll(/```(\w*)\n([\s\S]*?)```/g)].filter((m) => m[1] !== 'sh' && m[2].includes('curl'));
    expect(others.map((m) => m[1])).toEqual([]);
    const blocks = shellBlocks();
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toContain('"type": "transaction"');
    expect(blocks[0]).toContain(DOC_ORIGIN);
  });

  it('imports the example bundle, reads it back as valid R4, and answers the same bundle sent again with updates only', async () => {
    const [block] = shellBlocks();
    const calls = block.match(/^curl /gm)?.length ?? 0;

    const first = await runBlock(block, origin, env);
    expect(first).toHaveLength(calls);
    for (const answer of first) {
      expect([answer.status, answer.contentType, answer.status === 200 ? "" : JSON.stringify(answer.body)]).toEqual([200, FHIR_CONTENT_TYPE, ""]);
      expect(fhirProblems(answer.body)).toEqual([]);
    }
    const [imported, byPatient, cancelled] = first;
    expect(imported.body.type).toBe('transaction-response');
    // Location, Practitioner, Patient, Schedule, Slot, Appointment.
    expect(imported.body.entry.map((e: any) => e.response.status)).toEqual(['200 OK', '200 OK', '201 Created', '200 OK', '201 Created', '201 Created']);
    expect([await count('patient'), await count('slot'), await count('appointment')]).toEqual([1, 1, 1]);

    const [appointment] = byPatient.body.entry.map((e: any) => e.resource);
    expect(byPatient.body.entry).toHaveLength(1);
    expect(appointment).toMatchObject({
      identifier: [{ system: SYSTEM.appointmentRef, value: 'APT-000123' }],
      status: 'booked',
      priority: 3,
      start: '2026-06-15T08:00:00.000Z',
      end: '2026-06-15T08:15:00.000Z',
      appointmentType: { coding: [{ system: SYSTEM.appointmentKind, code: 'outpatient-new' }] },
      specialty: [{ coding: [{ system: SYSTEM.specialty, code: 'cardiology' }] }],
    });
    expect(appointment.extension).toContainEqual({ url: EXTENSION.referralDate, valueDate: '2025-11-05' });
    expect(appointment.participant.map((p: any) => p.actor.identifier)).toEqual([
      { system: SYSTEM.nhsNumber, value: '9434765919' },
      { system: SYSTEM.odsSiteCode, value: 'RQM01' },
      { system: SYSTEM.gmcNumber, value: '1234567' },
    ]);
    expect(cancelled.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', entry: [] });

    const again = await runBlock(block, origin, env);
    expect(again.map((answer) => answer.status)).toEqual(Array(calls).fill(200));
    expect(again[0].body.entry.map((e: any) => e.response.status)).toEqual(Array(6).fill('200 OK'));
    expect(again[1].body.entry.map((e: any) => e.resource.id)).toEqual([appointment.id]);
    expect([await count('patient'), await count('slot'), await count('appointment')]).toEqual([1, 1, 1]);
  });

  it('lists the appointment among the postponed ones once a walkout postpones it', async () => {
    const token = `Bearer ${env.TOKEN}`;
    const walkout = await t.request('POST', `/api/v1/trusts/${env.TRUST}/walkouts`, {
      token,
      body: { union: 'BMA', staffGroups: ['resident-doctor'], mode: 'full-walkout', startsAt: '2026-06-15T07:00:00+01:00', endsAt: '2026-06-16T07:00:00+01:00', noticeReceivedAt: '2025-12-20T09:00:00+00:00' },
    });
    const postponed = await t.request('POST', `/api/v1/trusts/${env.TRUST}/walkouts/${walkout.body.id}/postponements`, { token, body: {} });
    expect(postponed.body.postponed).toBe(1);

    const [block] = shellBlocks();
    // The block's reads again, as written (each curl on one line once its continuations are joined).
    const reads = block.replace(/\\\n\s*/g, ' ').split('\n').filter((line) => line.startsWith('curl ') && !line.includes('--data-binary'));
    expect(reads).toHaveLength(2);
    const [byPatient, cancelled] = await runBlock(reads.join('\n'), origin, env);
    expect(byPatient.body.entry.map((e: any) => e.resource.status)).toEqual(['cancelled']);
    expect(cancelled.body.entry.map((e: any) => e.resource.identifier[0].value)).toEqual(['APT-000123']);
    expect(cancelled.body.entry[0].resource.cancelationReason.coding[0].code).toBe('industrial-action');
    for (const answer of [byPatient, cancelled]) expect(fhirProblems(answer.body)).toEqual([]);
  });
});
