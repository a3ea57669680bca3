import { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';

/** A staff member as recall needs them: where they work and how they are reached. */
export interface StaffForRecall {
  id: string;
  staffNumber: string;
  givenName: string;
  grade: string;
  /** null = no fixed site (e.g. a trust-wide rota). */
  siteId: string | null;
  departmentId: string | null;
  mobile: string | null;
  email: string | null;
}

const SELECT_STAFF = `SELECT s.id, s.staff_number AS "staffNumber", s.given_name AS "givenName", s.grade, s.site_id AS "siteId",
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
}
