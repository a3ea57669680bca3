import { AuthUser, Role, decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '@app/core';
import { Injectable } from '@nestjs/common';
import { DepartmentKind } from '../organisation.constants';
import { OrganisationError, OrganisationErrorCode } from '../organisations.errors';
import { DepartmentRecord, DepartmentWithSite, OrganisationRepository, SiteRecord, TrustRecord } from './organisation.repository';

@Injectable()
export class OrganisationService {
  constructor(private readonly repository: OrganisationRepository) {}

  async createTrust(odsCode: string, name: string): Promise<TrustRecord> {
    const outcome = await this.repository.insertTrust(odsCode, name);
    if (!outcome.ok) {
      throw new OrganisationError(OrganisationErrorCode.OdsCodeTaken, `A trust with ODS code ${odsCode} already exists`, [
        { field: 'odsCode', message: 'is already registered' },
      ]);
    }
    return outcome.row;
  }

  /** Trust users see their own trust only; national admins see all. */
  async listTrusts(user: AuthUser, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<TrustRecord>> {
    const after = decodeCursor(cursor, 1);
    const onlyTrust = user.role === Role.NationalAdmin ? null : user.trustId;
    const rows = await this.repository.listTrusts(after ? String(after[0]) : null, limit + 1, onlyTrust);
    return toPage(rows, limit, (t) => [t.odsCode], (t) => t);
  }

  async getTrust(trustId: string): Promise<TrustRecord> {
    const trust = await this.repository.findTrust(trustId);
    if (!trust) throw new OrganisationError(OrganisationErrorCode.TrustNotFound, 'Trust not found');
    return trust;
  }

  async createSite(trustId: string, odsSiteCode: string, name: string): Promise<SiteRecord> {
    await this.getTrust(trustId);
    const outcome = await this.repository.insertSite(trustId, odsSiteCode, name);
    if (!outcome.ok) {
      throw new OrganisationError(OrganisationErrorCode.OdsCodeTaken, `A site with ODS code ${odsSiteCode} already exists`, [
        { field: 'odsSiteCode', message: 'is already registered' },
      ]);
    }
    return outcome.row;
  }

  async listSites(trustId: string, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<SiteRecord>> {
    await this.getTrust(trustId);
    const after = decodeCursor(cursor, 1);
    const rows = await this.repository.listSites(trustId, after ? String(after[0]) : null, limit + 1);
    return toPage(rows, limit, (s) => [s.odsSiteCode], (s) => s);
  }

  async createDepartment(trustId: string, siteId: string, name: string, kind: DepartmentKind): Promise<DepartmentRecord> {
    await this.getTrust(trustId);
    if (!(await this.repository.findSite(trustId, siteId))) {
      // Another trust's site is indistinguishable from no site at all.
      throw new OrganisationError(OrganisationErrorCode.SiteNotFound, 'Site not found in this trust', [{ field: 'siteId', message: 'is not a site of this trust' }]);
    }
    const outcome = await this.repository.insertDepartment(trustId, siteId, name, kind);
    if (!outcome.ok) {
      throw new OrganisationError(OrganisationErrorCode.DepartmentNameTaken, 'This site already has a department with that name', [
        { field: 'name', message: 'is already used at this site' },
      ]);
    }
    return outcome.row;
  }

  async listDepartments(trustId: string, limit = DEFAULT_PAGE_SIZE, cursor?: string, siteId?: string): Promise<Page<DepartmentRecord>> {
    await this.getTrust(trustId);
    const after = decodeCursor(cursor, 2);
    const rows = await this.repository.listDepartments(trustId, after ? [String(after[0]), String(after[1])] : null, limit + 1, siteId);
    return toPage(rows, limit, (d) => [d.name, d.id], (d) => d);
  }

  /** These departments of the trust (every one when `ids` is absent) with their sites' names, by id. */
  departmentsWithSites(trustId: string, ids?: readonly string[]): Promise<DepartmentWithSite[]> {
    return this.repository.departmentsWithSites(trustId, ids);
  }

  /** For imports that place rows at sites and departments: this trust's sites among them, and department → site. */
  async placementsOfTrust(trustId: string, siteIds: string[], departmentIds: string[]): Promise<{ trustSites: Set<string>; departmentSites: Map<string, string> }> {
    const [trustSites, departmentSites] = await Promise.all([
      this.repository.siteIdsOfTrust(trustId, siteIds),
      this.repository.departmentSitesOfTrust(trustId, departmentIds),
    ]);
    return { trustSites, departmentSites };
  }

  /** The ids among these that are not sites of this trust (another trust's site counts as unknown). */
  async unknownSiteIds(trustId: string, siteIds: string[]): Promise<string[]> {
    const known = await this.repository.siteIdsOfTrust(trustId, siteIds);
    return siteIds.filter((id) => !known.has(id));
  }
}
