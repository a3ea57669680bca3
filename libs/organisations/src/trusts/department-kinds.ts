import type { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import type { DepartmentKind } from '../organisation.constants';

/**
 * Read port on the `department` table for rules keyed on a department's kind (docs/architecture.md, "Each
 * table has one owner"): e.g. rebooking's keep policy asks once for the ids of a trust's critical
 * departments and passes them to its set-based statements as an array.
 */
@Injectable()
export class DepartmentKinds {
  async departmentIdsOfKinds(tx: UnitOfWork, trustId: string, kinds: readonly DepartmentKind[]): Promise<string[]> {
    if (!kinds.length) return [];
    const rows: { id: string }[] = await tx.query(`SELECT id FROM department WHERE trust_id = $1 AND kind = ANY($2::text[]) ORDER BY id`, [trustId, [...kinds]]);
    return rows.map((row) => row.id);
  }
}
