import type { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ContactChannel, StaffGrade } from '../organisation.constants';

export interface StaffRow {
  staffNumber: string;
  givenName: string;
  familyName: string;
  grade: StaffGrade;
  specialty: string;
  siteId: string | null;
  departmentId: string | null;
  mobile: string | null;
  email: string | null;
  gmcNumber: string | null;
}

export interface PatientRow {
  nhsNumber: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  mobile: string | null;
  email: string | null;
  addressLines: string[] | null;
  postcode: string | null;
  preferredChannel: ContactChannel | null;
}

export interface UpsertCounts {
  created: number;
  updated: number;
}

export interface PatientRecord extends PatientRow {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A listed patient with the database's own sort key (lower() as PostgreSQL computes it), for the cursor. */
export interface ListedPatient extends PatientRecord {
  sortKey: [string, string];
}

export interface PatientListFilter {
  /** Normalised (10 digits). */
  nhsNumber?: string;
  /** Lower-case words; each must appear in "given family". */
  nameWords: string[];
  /** The sort key of the last row of the previous page: lower(family), lower(given), id. */
  after: [string, string, string] | null;
  limit: number;
}

export interface StaffRecord extends StaffRow {
  id: string;
  trustId: string;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Staff and patients, written in bulk: one multi-row statement per chunk (unnest of column arrays),
 * upserting on the natural key, inside the caller's transaction so an import is all-or-nothing.
 */
@Injectable()
export class PeopleRepository {
  /** Keeps each statement's parameter arrays comfortably sized; 10,000 rows is two statements. */
  static readonly CHUNK = 5_000;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}


  async upsertStaff(tx: UnitOfWork, trustId: string, rows: StaffRow[]): Promise<UpsertCounts> {
    const counts = { created: 0, updated: 0 };
    for (let start = 0; start < rows.length; start += PeopleRepository.CHUNK) {
      const chunk = rows.slice(start, start + PeopleRepository.CHUNK);
      const result: { inserted: boolean }[] = await tx.query(
        `INSERT INTO staff (trust_id, staff_number, given_name, family_name, grade, specialty, site_id, department_id, mobile, email, gmc_number)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::uuid[], $9::text[], $10::text[], $11::text[])
         ON CONFLICT (trust_id, staff_number) DO UPDATE SET
           given_name = EXCLUDED.given_name, family_name = EXCLUDED.family_name, grade = EXCLUDED.grade,
           specialty = EXCLUDED.specialty, site_id = EXCLUDED.site_id, department_id = EXCLUDED.department_id,
           mobile = EXCLUDED.mobile, email = EXCLUDED.email, gmc_number = EXCLUDED.gmc_number, updated_at = now()
         RETURNING (xmax = 0) AS inserted`,
        [
          trustId,
          chunk.map((r) => r.staffNumber),
          chunk.map((r) => r.givenName),
          chunk.map((r) => r.familyName),
          chunk.map((r) => r.grade),
          chunk.map((r) => r.specialty),
          chunk.map((r) => r.siteId),
          chunk.map((r) => r.departmentId),
          chunk.map((r) => r.mobile),
          chunk.map((r) => r.email),
          chunk.map((r) => r.gmcNumber),
        ],
      );
      tally(counts, result);
    }
    return counts;
  }

  async upsertPatients(tx: UnitOfWork, trustId: string, rows: PatientRow[]): Promise<UpsertCounts> {
    const counts = { created: 0, updated: 0 };
    for (let start = 0; start < rows.length; start += PeopleRepository.CHUNK) {
      const chunk = rows.slice(start, start + PeopleRepository.CHUNK);
      // text[][] cannot be ragged, so address lines travel as one JSON array per row.
      const result: { inserted: boolean }[] = await tx.query(
        `INSERT INTO patient (trust_id, nhs_number, given_name, family_name, date_of_birth, mobile, email, address_lines, postcode, preferred_channel)
         SELECT $1, u.nhs_number, u.given_name, u.family_name, u.date_of_birth, u.mobile, u.email,
                CASE WHEN u.address IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(u.address)) END,
                u.postcode, u.preferred_channel
         FROM unnest($2::text[], $3::text[], $4::text[], $5::date[], $6::text[], $7::text[], $8::jsonb[], $9::text[], $10::text[])
           AS u(nhs_number, given_name, family_name, date_of_birth, mobile, email, address, postcode, preferred_channel)
         ON CONFLICT (trust_id, nhs_number) DO UPDATE SET
           given_name = EXCLUDED.given_name, family_name = EXCLUDED.family_name, date_of_birth = EXCLUDED.date_of_birth,
           mobile = EXCLUDED.mobile, email = EXCLUDED.email, address_lines = EXCLUDED.address_lines,
           postcode = EXCLUDED.postcode, preferred_channel = EXCLUDED.preferred_channel, updated_at = now()
         RETURNING (xmax = 0) AS inserted`,
        [
          trustId,
          chunk.map((r) => r.nhsNumber),
          chunk.map((r) => r.givenName),
          chunk.map((r) => r.familyName),
          chunk.map((r) => r.dateOfBirth),
          chunk.map((r) => r.mobile),
          chunk.map((r) => r.email),
          chunk.map((r) => (r.addressLines ? JSON.stringify(r.addressLines) : null)),
          chunk.map((r) => r.postcode),
          chunk.map((r) => r.preferredChannel),
        ],
      );
      tally(counts, result);
    }
    return counts;
  }

  async listStaff(trustId: string, after: string | null, limit: number, filter: { grade?: string; siteId?: string }): Promise<StaffRecord[]> {
    const params: unknown[] = [trustId, limit];
    const where = ['trust_id = $1'];
    if (after !== null) where.push(`staff_number > $${params.push(after)}`);
    if (filter.grade) where.push(`grade = $${params.push(filter.grade)}`);
    if (filter.siteId) where.push(`site_id = $${params.push(filter.siteId)}`);
    return this.dataSource.query(
      `SELECT id, trust_id AS "trustId", staff_number AS "staffNumber", given_name AS "givenName", family_name AS "familyName",
              grade, specialty, site_id AS "siteId", department_id AS "departmentId", mobile, email, gmc_number AS "gmcNumber",
              created_at AS "createdAt", updated_at AS "updatedAt"
       FROM staff WHERE ${where.join(' AND ')} ORDER BY staff_number LIMIT $2`,
      params,
    );
  }

  /**
   * Patients of the trust in name order (C collation, as the keyset index is built). Name words match
   * anywhere in "given family" through the trigram index; the NHS number is an exact match.
   */
  async listPatients(trustId: string, filter: PatientListFilter): Promise<ListedPatient[]> {
    const params: unknown[] = [trustId, filter.limit];
    const where = ['trust_id = $1'];
    if (filter.nhsNumber) where.push(`nhs_number = $${params.push(filter.nhsNumber)}`);
    for (const word of filter.nameWords) where.push(`lower(given_name || ' ' || family_name) LIKE $${params.push(`%${escapeLike(word)}%`)}`);
    if (filter.after) {
      const [family, given, id] = filter.after.map((part) => params.push(part));
      where.push(`(lower(family_name) COLLATE "C", lower(given_name) COLLATE "C", id) > ($${family} COLLATE "C", $${given} COLLATE "C", $${id}::uuid)`);
    }
    return this.dataSource.query(
      `SELECT id, nhs_number AS "nhsNumber", given_name AS "givenName", family_name AS "familyName", date_of_birth::text AS "dateOfBirth",
              mobile, email, address_lines AS "addressLines", postcode, preferred_channel AS "preferredChannel",
              created_at AS "createdAt", updated_at AS "updatedAt", ARRAY[lower(family_name), lower(given_name)] AS "sortKey"
       FROM patient WHERE ${where.join(' AND ')}
       ORDER BY lower(family_name) COLLATE "C", lower(given_name) COLLATE "C", id LIMIT $2`,
      params,
    );
  }

  /** staffNumber → id for this trust's staff among the given numbers. */
  async staffIdsByNumber(trustId: string, staffNumbers: string[]): Promise<Map<string, string>> {
    if (!staffNumbers.length) return new Map();
    const rows: { id: string; staff_number: string }[] = await this.dataSource.query(
      `SELECT id, staff_number FROM staff WHERE trust_id = $1 AND staff_number = ANY($2::text[])`,
      [trustId, staffNumbers],
    );
    return new Map(rows.map((row) => [row.staff_number, row.id]));
  }

  /** id → contact details of this trust's patients among the given ids (others are left out). */
  async patientContacts(trustId: string, ids: string[]): Promise<Map<string, PatientContact>> {
    if (!ids.length) return new Map();
    const rows: PatientContact[] = await this.dataSource.query(
      `SELECT id, nhs_number AS "nhsNumber", given_name AS "givenName", family_name AS "familyName", mobile, email, preferred_channel AS "preferredChannel"
       FROM patient WHERE trust_id = $1 AND id = ANY($2::uuid[])`,
      [trustId, ids],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** nhsNumber → id for this trust's patients among the given (normalised) numbers, as `tx` sees them (with the patients it has just written). */
  async patientIdsByNhsNumber(tx: UnitOfWork, trustId: string, nhsNumbers: string[]): Promise<Map<string, string>> {
    if (!nhsNumbers.length) return new Map();
    const rows: { id: string; nhs_number: string }[] = await tx.query(
      `SELECT id, nhs_number FROM patient WHERE trust_id = $1 AND nhs_number = ANY($2::text[])`,
      [trustId, nhsNumbers],
    );
    return new Map(rows.map((row) => [row.nhs_number, row.id]));
  }
}

/** What the booking team and the call centre need to reach a patient. */
export interface PatientContact {
  id: string;
  nhsNumber: string;
  givenName: string;
  familyName: string;
  mobile: string | null;
  email: string | null;
  preferredChannel: ContactChannel | null;
}

/** A user's text inside a LIKE pattern matches itself only. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function tally(counts: UpsertCounts, result: { inserted: boolean }[]): void {
  for (const row of result) {
    if (row.inserted) counts.created++;
    else counts.updated++;
  }
}
