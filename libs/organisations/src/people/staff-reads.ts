import { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';

/** A staff member as recall needs them: where they work and how they are reached. */
export interface StaffForRecall {
  id: string;
  staffNumber: string;
  givenName: string;
  grade: string;
  specialty: string;
  /** null = no fixed site (e.g. a trust-wide rota). */
  siteId: string | null;
  departmentId: string | null;
  mobile: string | null;
  email: string | null;
}

/** A staff member as a roll-call lists them: full name, grade, and the names of their site and department. */
export interface StaffWithPlace {
  id: string;
  staffNumber: string;
  name: string;
  grade: string;
  siteId: string | null;
  siteName: string | null;
  departmentId: string | null;
  departmentName: string | null;
}

const SELECT_STAFF = `SELECT s.id, s.staff_number AS "staffNumber", s.given_name AS "givenName", s.grade, s.specialty, s.site_id AS "siteId",
       s.department_id AS "departmentId", s.mobile, s.email
  FROM staff s`;

/**
 * The organisations lib's read port for staff: other libs read the `staff` table only through it,
 * inside their own transaction (the first argument). One statement for a whole set, by staff number.
 */
@Injectable()
export class StaffReads {
  /** The trust's staff in these grades. */
  inGrades(tx: UnitOfWork, trustId: string, grades: readonly string[]): Promise<StaffForRecall[]> {
    return tx.query(`${SELECT_STAFF} WHERE s.trust_id = $1 AND s.grade = ANY($2::text[]) ORDER BY s.staff_number`, [trustId, grades]);
  }

  /** These staff of the trust (ids of other trusts are absent). */
  byIds(tx: UnitOfWork, trustId: string, staffIds: readonly string[]): Promise<StaffForRecall[]> {
    return tx.query(`${SELECT_STAFF} WHERE s.trust_id = $1 AND s.id = ANY($2::uuid[]) ORDER BY s.staff_number`, [trustId, staffIds]);
  }

  /** These staff of the trust with where they work, by staff number. */
  withPlaces(tx: UnitOfWork, trustId: string, staffIds: readonly string[]): Promise<StaffWithPlace[]> {
    if (!staffIds.length) return Promise.resolve([]);
    return tx.query(
      `SELECT s.id, s.staff_number AS "staffNumber", s.given_name || ' ' || s.family_name AS name, s.grade,
              s.site_id AS "siteId", si.name AS "siteName", s.department_id AS "departmentId", d.name AS "departmentName"
       FROM staff s
       LEFT JOIN site si ON si.id = s.site_id
       LEFT JOIN department d ON d.id = s.department_id
       WHERE s.trust_id = $1 AND s.id = ANY($2::uuid[])
       ORDER BY s.staff_number`,
      [trustId, [...new Set(staffIds)]],
    );
  }

  /**
   * Locks these staff rows of the trust (by staff number, or ids), in id order so two transactions locking
   * overlapping sets cannot deadlock: cover's checks on a person's shifts serialise on it. FOR NO KEY
   * UPDATE rather than FOR UPDATE: it serialises those transactions just the same but does not block
   * unrelated inserts that merely reference the staff row (e.g. recall messages).
   */
  lockForUpdate(tx: UnitOfWork, trustId: string, which: { staffNumber: string } | { staffIds: readonly string[] }): Promise<StaffForRecall[]> {
    return 'staffNumber' in which
      ? tx.query(`${SELECT_STAFF} WHERE s.trust_id = $1 AND s.staff_number = $2 FOR NO KEY UPDATE OF s`, [trustId, which.staffNumber])
      : tx.query(`${SELECT_STAFF} WHERE s.trust_id = $1 AND s.id = ANY($2::uuid[]) ORDER BY s.id FOR NO KEY UPDATE OF s`, [trustId, [...new Set(which.staffIds)]]);
  }

  /** The id of the trust's staff member with this staff number, or null. */
  async idOfNumber(tx: UnitOfWork, trustId: string, staffNumber: string): Promise<string | null> {
    const [row]: { id: string }[] = await tx.query(`SELECT id FROM staff WHERE trust_id = $1 AND staff_number = $2`, [trustId, staffNumber]);
    return row?.id ?? null;
  }

  /** id → staff number and given name, for these staff of the trust (what a notice or a list says). */
  async namesOf(tx: UnitOfWork, trustId: string, staffIds: readonly string[]): Promise<Map<string, { staffNumber: string; givenName: string }>> {
    if (!staffIds.length) return new Map();
    const rows: { id: string; staffNumber: string; givenName: string }[] = await tx.query(
      `SELECT id, staff_number AS "staffNumber", given_name AS "givenName" FROM staff WHERE trust_id = $1 AND id = ANY($2::uuid[])`,
      [trustId, [...new Set(staffIds)]],
    );
    return new Map(rows.map(({ id, ...names }) => [id, names]));
  }

  /** id → staff number for these staff of the trust, the map in staff-number order. */
  async numbersOf(tx: UnitOfWork, trustId: string, staffIds: readonly string[]): Promise<Map<string, string>> {
    if (!staffIds.length) return new Map();
    const rows: { id: string; staffNumber: string }[] = await tx.query(`SELECT id, staff_number AS "staffNumber" FROM staff WHERE trust_id = $1 AND id = ANY($2::uuid[]) ORDER BY staff_number`, [trustId, [...new Set(staffIds)]]);
    return new Map(rows.map((row) => [row.id, row.staffNumber]));
  }
}
