import { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';

/** Where a department is, by name: what a notice or a calendar entry says. */
export interface DepartmentPlace {
  departmentName: string;
  siteName: string;
}

/**
 * The organisations lib's read port for trusts, sites and departments (docs/architecture.md, "One owner
 * per table"): other libs read those tables only through it, inside their own transaction (the first
 * argument). One statement per call, for a whole set of ids.
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

  async siteNames(tx: UnitOfWork, trustId: string, siteIds: readonly string[]): Promise<Map<string, string>> {
    if (!siteIds.length) return new Map();
    const rows: { id: string; name: string }[] = await tx.query(`SELECT id, name FROM site WHERE trust_id = $1 AND id = ANY($2::uuid[])`, [trustId, [...new Set(siteIds)]]);
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  async departmentPlaces(tx: UnitOfWork, trustId: string, departmentIds: readonly string[]): Promise<Map<string, DepartmentPlace>> {
    if (!departmentIds.length) return new Map();
    const rows: ({ id: string } & DepartmentPlace)[] = await tx.query(
      `SELECT d.id, d.name AS "departmentName", si.name AS "siteName"
       FROM department d JOIN site si ON si.id = d.site_id AND si.trust_id = d.trust_id
       WHERE d.trust_id = $1 AND d.id = ANY($2::uuid[])`,
      [trustId, [...new Set(departmentIds)]],
    );
    return new Map(rows.map(({ id, ...place }) => [id, place]));
  }
}
