import type { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';

/** Where a department is, by name: what a notice or a calendar entry says. */
export interface DepartmentPlace {
  departmentName: string;
  siteName: string;
}

/**
 * Read port on the `trust`, `site` and `department` tables for other libs' notices, pages and calendars
 * (docs/architecture.md, "Each table has one owner"): names for a whole set of ids in one query, inside
 * the caller's transaction.
 */
@Injectable()
export class PlaceNames {
  async siteNamesOf(tx: UnitOfWork, trustId: string, siteIds: readonly string[]): Promise<Map<string, string>> {
    if (!siteIds.length) return new Map();
    const rows: { id: string; name: string }[] = await tx.query(`SELECT id, name FROM site WHERE trust_id = $1 AND id = ANY($2::uuid[])`, [trustId, [...new Set(siteIds)]]);
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  async departmentPlacesOf(tx: UnitOfWork, trustId: string, departmentIds: readonly string[]): Promise<Map<string, DepartmentPlace>> {
    if (!departmentIds.length) return new Map();
    const rows: ({ id: string } & DepartmentPlace)[] = await tx.query(
      `SELECT d.id, d.name AS "departmentName", si.name AS "siteName"
       FROM department d JOIN site si ON si.id = d.site_id AND si.trust_id = d.trust_id
       WHERE d.trust_id = $1 AND d.id = ANY($2::uuid[])`,
      [trustId, [...new Set(departmentIds)]],
    );
    return new Map(rows.map(({ id, ...place }) => [id, place]));
  }

  async trustNameOf(tx: UnitOfWork, trustId: string): Promise<string | null> {
    const rows: { name: string }[] = await tx.query(`SELECT name FROM trust WHERE id = $1`, [trustId]);
    return rows[0]?.name ?? null;
  }
}
