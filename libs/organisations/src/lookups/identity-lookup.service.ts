import { Injectable } from '@nestjs/common';
import { IdentityLookupRepository } from './identity-lookup.repository';

/**
 * A trust's sites, staff and patients by the national identifiers other systems send (ODS site code,
 * GMC number, NHS number) and back. Another trust's rows are never found: to the caller they are unknown.
 */
@Injectable()
export class IdentityLookupService {
  constructor(private readonly lookups: IdentityLookupRepository) {}

  /** ODS site code → site id, for this trust's sites among the codes. */
  siteIdsByOdsCode(trustId: string, codes: string[]): Promise<Map<string, string>> {
    return this.lookups.sitesByOdsCode(trustId, [...new Set(codes)]);
  }

  /** Site id → ODS site code. */
  odsCodesBySiteId(trustId: string, siteIds: string[]): Promise<Map<string, string>> {
    return this.lookups.siteCodesById(trustId, [...new Set(siteIds)]);
  }

  /** GMC number (7 digits) → staff number, for the trust's staff who have exactly that GMC number. */
  staffNumbersByGmcNumber(trustId: string, gmcNumbers: string[]): Promise<Map<string, string>> {
    return this.lookups.staffNumbersByGmcNumber(trustId, [...new Set(gmcNumbers)]);
  }

  /** Staff number → GMC number, for those of the trust's staff who have one. */
  gmcNumbersByStaffNumber(trustId: string, staffNumbers: string[]): Promise<Map<string, string>> {
    return this.lookups.gmcNumbersByStaffNumber(trustId, [...new Set(staffNumbers)]);
  }

  /** Patient id → NHS number (10 digits). */
  nhsNumbersByPatientId(trustId: string, patientIds: string[]): Promise<Map<string, string>> {
    return this.lookups.nhsNumbersByPatientId(trustId, [...new Set(patientIds)]);
  }
}
