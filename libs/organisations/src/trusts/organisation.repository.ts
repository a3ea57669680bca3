import { isPgError, PgErrorCode } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DepartmentKind } from '../organisation.constants';

export interface TrustRecord {
  id: string;
  odsCode: string;
  name: string;
  createdAt: Date;
}

export interface SiteRecord {
  id: string;
  trustId: string;
  odsSiteCode: string;
  name: string;
  createdAt: Date;
}

export interface DepartmentRecord {
  id: string;
  trustId: string;
  siteId: string;
  name: string;
  kind: DepartmentKind;
  createdAt: Date;
}

/** A department with its site's name: what cover's rota and rules show. */
export interface DepartmentWithSite {
  id: string;
  name: string;
  kind: DepartmentKind;
  siteId: string;
  siteName: string;
}

export type InsertOutcome<T> = { ok: true; row: T } | { ok: false; constraint: string };

const TRUST_COLUMNS = `id, ods_code AS "odsCode", name, created_at AS "createdAt"`;
const SITE_COLUMNS = `id, trust_id AS "trustId", ods_site_code AS "odsSiteCode", name, created_at AS "createdAt"`;
const DEPARTMENT_COLUMNS = `id, trust_id AS "trustId", site_id AS "siteId", name, kind, created_at AS "createdAt"`;

/** Trusts, sites and departments. Every read below the trust takes the trust id. */
@Injectable()
export class OrganisationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertTrust(odsCode: string, name: string): Promise<InsertOutcome<TrustRecord>> {
    return this.insertUnique<TrustRecord>(`INSERT INTO trust (ods_code, name) VALUES ($1, $2) RETURNING ${TRUST_COLUMNS}`, [odsCode, name]);
  }

  async findTrust(trustId: string): Promise<TrustRecord | null> {
    const rows: TrustRecord[] = await this.dataSource.query(`SELECT ${TRUST_COLUMNS} FROM trust WHERE id = $1`, [trustId]);
    return rows[0] ?? null;
  }

  listTrusts(afterOdsCode: string | null, limit: number, onlyTrustId: string | null): Promise<TrustRecord[]> {
    return this.dataSource.query(
      `SELECT ${TRUST_COLUMNS} FROM trust
       WHERE ($1::text IS NULL OR ods_code > $1) AND ($2::uuid IS NULL OR id = $2)
       ORDER BY ods_code LIMIT $3`,
      [afterOdsCode, onlyTrustId, limit],
    );
  }

  async insertSite(trustId: string, odsSiteCode: string, name: string): Promise<InsertOutcome<SiteRecord>> {
    return this.insertUnique<SiteRecord>(`INSERT INTO site (trust_id, ods_site_code, name) VALUES ($1, $2, $3) RETURNING ${SITE_COLUMNS}`, [trustId, odsSiteCode, name]);
  }

  listSites(trustId: string, afterOdsSiteCode: string | null, limit: number): Promise<SiteRecord[]> {
    return this.dataSource.query(
      `SELECT ${SITE_COLUMNS} FROM site WHERE trust_id = $1 AND ($2::text IS NULL OR ods_site_code > $2) ORDER BY ods_site_code LIMIT $3`,
      [trustId, afterOdsSiteCode, limit],
    );
  }

  async findSite(trustId: string, siteId: string): Promise<SiteRecord | null> {
    const rows: SiteRecord[] = await this.dataSource.query(`SELECT ${SITE_COLUMNS} FROM site WHERE trust_id = $1 AND id = $2`, [trustId, siteId]);
    return rows[0] ?? null;
  }

  async insertDepartment(trustId: string, siteId: string, name: string, kind: DepartmentKind): Promise<InsertOutcome<DepartmentRecord>> {
    return this.insertUnique<DepartmentRecord>(
      `INSERT INTO department (trust_id, site_id, name, kind) VALUES ($1, $2, $3, $4) RETURNING ${DEPARTMENT_COLUMNS}`,
      [trustId, siteId, name, kind],
    );
  }

  listDepartments(trustId: string, after: [string, string] | null, limit: number, siteId?: string): Promise<DepartmentRecord[]> {
    return this.dataSource.query(
      `SELECT ${DEPARTMENT_COLUMNS} FROM department
       WHERE trust_id = $1 AND ($2::uuid IS NULL OR site_id = $2) AND ($3::text IS NULL OR (name, id) > ($3::text, $4::uuid))
       ORDER BY name, id LIMIT $5`,
      [trustId, siteId ?? null, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }

  /** These departments of the trust (every one when `ids` is absent) with their sites' names, by id. */
  departmentsWithSites(trustId: string, ids?: readonly string[]): Promise<DepartmentWithSite[]> {
    return this.dataSource.query(
      `SELECT d.id, d.name, d.kind, d.site_id AS "siteId", si.name AS "siteName"
       FROM department d JOIN site si ON si.id = d.site_id AND si.trust_id = d.trust_id
       WHERE d.trust_id = $1 AND ($2::uuid[] IS NULL OR d.id = ANY($2::uuid[]))
       ORDER BY d.id`,
      [trustId, ids ? [...ids] : null],
    );
  }

  /** Which of these ids are this trust's sites / departments (department → its site), in one round trip each. */
  async siteIdsOfTrust(trustId: string, siteIds: string[]): Promise<Set<string>> {
    if (!siteIds.length) return new Set();
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM site WHERE trust_id = $1 AND id = ANY($2::uuid[])`, [trustId, siteIds]);
    return new Set(rows.map((row) => row.id));
  }

  async departmentSitesOfTrust(trustId: string, departmentIds: string[]): Promise<Map<string, string>> {
    if (!departmentIds.length) return new Map();
    const rows: { id: string; site_id: string }[] = await this.dataSource.query(
      `SELECT id, site_id FROM department WHERE trust_id = $1 AND id = ANY($2::uuid[])`,
      [trustId, departmentIds],
    );
    return new Map(rows.map((row) => [row.id, row.site_id]));
  }

  private async insertUnique<T>(sql: string, params: unknown[]): Promise<InsertOutcome<T>> {
    try {
      const rows: T[] = await this.dataSource.query(sql, params);
      return { ok: true, row: rows[0] };
    } catch (error) {
      if (isPgError(error, PgErrorCode.UniqueViolation)) {
        return { ok: false, constraint: (error as { driverError: { constraint: string } }).driverError.constraint };
      }
      throw error;
    }
  }
}
