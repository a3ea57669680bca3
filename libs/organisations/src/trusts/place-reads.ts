import { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';

/**
 * The organisations lib's read port for trusts, sites and departments: other libs read those tables
 * only through it, inside their own transaction (the first argument). One statement per call.
 */
@Injectable()
export class PlaceReads {
  async trustName(tx: UnitOfWork, trustId: string): Promise<string | null> {
    const [trust]: { name: string }[] = await tx.query(`SELECT name FROM trust WHERE id = $1`, [trustId]);
    return trust?.name ?? null;
  }

  /** The trust's sites in name order; only those among `siteIds` when given. */
  sitesByName(tx: UnitOfWork, trustId: string, siteIds?: readonly string[]): Promise<{ id: string; name: string }[]> {
    return siteIds
      ? tx.query(`SELECT id, name FROM site WHERE trust_id = $1 AND id = ANY($2::uuid[]) ORDER BY name, id`, [trustId, [...new Set(siteIds)]])
      : tx.query(`SELECT id, name FROM site WHERE trust_id = $1 ORDER BY name, id`, [trustId]);
  }

  /** The department's site, if the department belongs to this trust. */
  async siteOfDepartment(tx: UnitOfWork, trustId: string, departmentId: string): Promise<string | null> {
    return (await this.departmentSites(tx, trustId, [departmentId])).get(departmentId) ?? null;
  }

  /** department → its site, for this trust's departments among the given ids. */
  async departmentSites(tx: UnitOfWork, trustId: string, departmentIds: readonly string[]): Promise<Map<string, string>> {
    if (!departmentIds.length) return new Map();
    const rows: { id: string; siteId: string }[] = await tx.query(`SELECT id, site_id AS "siteId" FROM department WHERE trust_id = $1 AND id = ANY($2::uuid[])`, [trustId, [...new Set(departmentIds)]]);
    return new Map(rows.map((row) => [row.id, row.siteId]));
  }
}
