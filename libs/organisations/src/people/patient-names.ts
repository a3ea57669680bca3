import type { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';

/**
 * Read port on the `patient` table for other libs' notices and pages (docs/architecture.md, "Each table
 * has one owner"): the given names of a set of this trust's patients, in one query, inside the caller's
 * transaction.
 */
@Injectable()
export class PatientNames {
  async givenNamesOf(tx: UnitOfWork, trustId: string, patientIds: readonly string[]): Promise<Map<string, string>> {
    if (!patientIds.length) return new Map();
    const rows: { id: string; givenName: string }[] = await tx.query(`SELECT id, given_name AS "givenName" FROM patient WHERE trust_id = $1 AND id = ANY($2::uuid[])`, [
      trustId,
      [...new Set(patientIds)],
    ]);
    return new Map(rows.map((row) => [row.id, row.givenName]));
  }
}
