import { isPgError, PgErrorCode } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DepartmentEntity } from '../entities/department.entity';
import { SiteEntity } from '../entities/site.entity';
import { TrustEntity } from '../entities/trust.entity';
import { DepartmentKind } from '../organisation.constants';

export type InsertOutcome<T> = { ok: true; row: T } | { ok: false; constraint: string };

/** Trusts, sites and departments. Every read below the trust takes the trust id. */
@Injectable()
export class OrganisationRepository {
  constructor(
    @InjectRepository(TrustEntity) private readonly trusts: Repository<TrustEntity>,
    @InjectRepository(SiteEntity) private readonly sites: Repository<SiteEntity>,
    @InjectRepository(DepartmentEntity) private readonly departments: Repository<DepartmentEntity>,
  ) {}

  async insertTrust(odsCode: string, name: string): Promise<InsertOutcome<TrustEntity>> {
    return this.insertUnique(() => this.trusts.save(this.trusts.create({ odsCode, name })));
  }

  findTrust(trustId: string): Promise<TrustEntity | null> {
    return this.trusts.findOne({ where: { id: trustId } });
  }

  listTrusts(afterOdsCode: string | null, limit: number, onlyTrustId: string | null): Promise<TrustEntity[]> {
    const query = this.trusts.createQueryBuilder('t').orderBy('t.ods_code').limit(limit);
    if (afterOdsCode !== null) query.andWhere('t.ods_code > :after', { after: afterOdsCode });
    if (onlyTrustId !== null) query.andWhere('t.id = :onlyTrustId', { onlyTrustId });
    return query.getMany();
  }

  async insertSite(trustId: string, odsSiteCode: string, name: string): Promise<InsertOutcome<SiteEntity>> {
    return this.insertUnique(() => this.sites.save(this.sites.create({ trustId, odsSiteCode, name })));
  }

  listSites(trustId: string, afterOdsSiteCode: string | null, limit: number): Promise<SiteEntity[]> {
    const query = this.sites.createQueryBuilder('s').where('s.trust_id = :trustId', { trustId }).orderBy('s.ods_site_code').limit(limit);
    if (afterOdsSiteCode !== null) query.andWhere('s.ods_site_code > :after', { after: afterOdsSiteCode });
    return query.getMany();
  }

  findSite(trustId: string, siteId: string): Promise<SiteEntity | null> {
    return this.sites.findOne({ where: { id: siteId, trustId } });
  }

  async insertDepartment(trustId: string, siteId: string, name: string, kind: DepartmentKind): Promise<InsertOutcome<DepartmentEntity>> {
    return this.insertUnique(() => this.departments.save(this.departments.create({ trustId, siteId, name, kind })));
  }

  listDepartments(trustId: string, after: [string, string] | null, limit: number, siteId?: string): Promise<DepartmentEntity[]> {
    const query = this.departments
      .createQueryBuilder('d')
      .where('d.trust_id = :trustId', { trustId })
      .orderBy('d.name')
      .addOrderBy('d.id')
      .limit(limit);
    if (siteId) query.andWhere('d.site_id = :siteId', { siteId });
    if (after) query.andWhere('(d.name, d.id) > (:name, :id)', { name: after[0], id: after[1] });
    return query.getMany();
  }

  /** Which of these ids are this trust's sites / departments (department → its site), in one round trip each. */
  async siteIdsOfTrust(trustId: string, siteIds: string[]): Promise<Set<string>> {
    if (!siteIds.length) return new Set();
    const rows: { id: string }[] = await this.sites.query(`SELECT id FROM site WHERE trust_id = $1 AND id = ANY($2::uuid[])`, [trustId, siteIds]);
    return new Set(rows.map((row) => row.id));
  }

  async departmentSitesOfTrust(trustId: string, departmentIds: string[]): Promise<Map<string, string>> {
    if (!departmentIds.length) return new Map();
    const rows: { id: string; site_id: string }[] = await this.departments.query(
      `SELECT id, site_id FROM department WHERE trust_id = $1 AND id = ANY($2::uuid[])`,
      [trustId, departmentIds],
    );
    return new Map(rows.map((row) => [row.id, row.site_id]));
  }

  private async insertUnique<T>(insert: () => Promise<T>): Promise<InsertOutcome<T>> {
    try {
      return { ok: true, row: await insert() };
    } catch (error) {
      if (isPgError(error, PgErrorCode.UniqueViolation)) {
        return { ok: false, constraint: (error as { driverError: { constraint: string } }).driverError.constraint };
      }
      throw error;
    }
  }
}
