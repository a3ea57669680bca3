/**
 * `npm run bench:imports`: 10,000 staff and 10,000 patients through the whole HTTP stack (validation,
 * all-or-nothing transaction, upsert), next to a raw COPY of the same rows into the same tables in the
 * same run. Uses its own throwaway database.
 */
import 'reflect-metadata';
import { Role } from '@app/core';
import { createTestDatabase, dropTestDatabase, prepareTemplateDatabase } from '@app/core/testing';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { median, timed, writeBenchmarkSection } from './support/benchmark-report';
import { startTestApp } from '../apps/api/test/support/test-app';
import { validNhsNumber } from '../apps/api/test/support/fixtures';

const ROWS = 10_000;
const RUNS = 3;

async function main(): Promise<void> {
  await prepareTemplateDatabase();
  const t = await startTestApp();
  const national = await t.bearer(Role.NationalAdmin);
  const trust = await t.request('POST', '/api/v1/trusts', { token: national, body: { odsCode: 'BEN', name: 'Bench Trust' } });
  const trustId: string = trust.body.id;
  const admin = await t.bearer(Role.TrustAdmin, trustId);

  const staff = (run: number) =>
    Array.from({ length: ROWS }, (_, n) => ({ staffNumber: `B${run}-${n}`, givenName: 'Alex', familyName: `Doctor${n}`, grade: 'resident-doctor', specialty: 'acute-medicine', mobile: '07700900123', email: `d${n}@bench.nhs.uk` }));
  const patients = (run: number) =>
    Array.from({ length: ROWS }, (_, n) => ({ nhsNumber: validNhsNumber(run * 1_000_000 + n), givenName: 'Sam', familyName: `Patient${n}`, dateOfBirth: '1970-01-01', mobile: '07700900123', address: { lines: ['1 High Street', 'London'], postcode: 'SW1A 1AA' } }));

  const staffMs: number[] = [];
  const patientMs: number[] = [];
  const reimportMs: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const staffBody = { items: staff(run) };
    staffMs.push((await timed(() => t.request('POST', `/api/v1/trusts/${trustId}/staff/import`, { token: admin, body: staffBody }))).ms);
    reimportMs.push((await timed(() => t.request('POST', `/api/v1/trusts/${trustId}/staff/import`, { token: admin, body: staffBody }))).ms);
    const patientBody = { items: patients(run) };
    patientMs.push((await timed(() => t.request('POST', `/api/v1/trusts/${trustId}/patients/import`, { token: admin, body: patientBody }))).ms);
  }

  // Raw floor: COPY of the same number of rows into the same tables, no validation, no HTTP.
  const database = await createTestDatabase();
  const client = new Client({ connectionString: database.url });
  await client.connect();
  const [{ id: rawTrust }] = (await client.query(`INSERT INTO trust (ods_code, name) VALUES ('RAW', 'Raw') RETURNING id`)).rows;
  const copyStaffMs: number[] = [];
  const copyPatientMs: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const staffLines = staff(run).map((s) => [rawTrust, s.staffNumber, s.givenName, s.familyName, s.grade, s.specialty, '+447700900123', s.email].join('\t') + '\n');
    copyStaffMs.push(
      (await timed(() => pipeline(Readable.from(staffLines), client.query(copyFrom(`COPY staff (trust_id, staff_number, given_name, family_name, grade, specialty, mobile, email) FROM STDIN`))))).ms,
    );
    const patientLines = patients(run).map((p) => [rawTrust, p.nhsNumber, p.givenName, p.familyName, p.dateOfBirth, '+447700900123', '{"1 High Street","London"}', 'SW1A 1AA'].join('\t') + '\n');
    copyPatientMs.push(
      (
        await timed(() =>
          pipeline(Readable.from(patientLines), client.query(copyFrom(`COPY patient (trust_id, nhs_number, given_name, family_name, date_of_birth, mobile, address_lines, postcode) FROM STDIN`))),
        )
      ).ms,
    );
  }
  await client.end();
  await dropTestDatabase(database.name);
  await t.close();

  const figures = {
    staffImportMs: median(staffMs),
    staffReimportMs: median(reimportMs),
    patientImportMs: median(patientMs),
    rawCopyStaffMs: median(copyStaffMs),
    rawCopyPatientMs: median(copyPatientMs),
  };
  console.log(JSON.stringify(figures, null, 2));
  const row = (label: string, ms: number, raw: number) => `| ${label} | ${ms.toFixed(0)} ms | ${raw.toFixed(0)} ms | ${(ms / raw).toFixed(1)}× |`;
  writeBenchmarkSection(
    'Bulk imports (bench:imports)',
    `${ROWS.toLocaleString('en-GB')} rows per request, median of ${RUNS} runs, through the full HTTP stack (JSON parse, per-row validation,
cross-row checks, one transaction, multi-row upsert), against a raw \`COPY\` of the same rows (no validation) as the floor.

| import | API, end to end | raw COPY | ratio |
|---|---|---|---|
${row('10,000 staff (new)', figures.staffImportMs, figures.rawCopyStaffMs)}
${row('10,000 staff (re-import, all updates)', figures.staffReimportMs, figures.rawCopyStaffMs)}
${row('10,000 patients (new)', figures.patientImportMs, figures.rawCopyPatientMs)}

Target (issue: foundation): 10,000 rows in one request well under 5 s.`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
