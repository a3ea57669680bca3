import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Set-based look-ups by the identifiers other systems use (ODS site codes, GMC numbers) and back, for
 * the interoperability routes (docs/fhir.md). Every read is of one trust's rows only.
 */
@Injectable()
export class IdentityLookupRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async sitesByOdsCode(trustId: string, codes: string[]): Promise<Map<string, string>> {
    if (!codes.length) return new Map();
    const rows: { id: string; ods_site_code: string }[] = await this.dataSource.query(
      `SELECT id, ods_site_code FROM site WHERE trust_id = $1 AND ods_site_code = ANY($2::text[])`,
      [trustId, codes],
    );
    return new Map(rows.map((row) => [row.ods_site_code, row.id]));
  }

  async siteCodesById(trustId: string, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows: { id: string; ods_site_code: string }[] = await this.dataSource.query(
      `SELECT id, ods_site_code FROM site WHERE trust_id = $1 AND id = ANY($2::uuid[])`,
      [trustId, ids],
    );
    return new Map(rows.map((row) => [row.id, row.ods_site_code]));
  }

  /** GMC number → staff number; a GMC number held by two of the trust's staff records resolves to neither. */
  async staffNumbersByGmcNumber(trustId: string, gmcNumbers: string[]): Promise<Map<string, string>> {
    if (!gmcNumbers.length) return new Map();
    const rows: { gmc_number: string; staff_number: string }[] = await this.dataSource.query(
      `SELECT gmc_number, min(staff_number) AS staff_number FROM staff
       WHERE trust_id = $1 AND gmc_number = ANY($2::text[]) GROUP BY gmc_number HAVING count(*) = 1`,
      [trustId, gmcNumbers],
    );
    return new Map(rows.map((row) => [row.gmc_number, row.staff_number]));
  }

  async gmcNumbersByStaffNumber(trustId: string, staffNumbers: string[]): Promise<Map<string, string>> {
    if (!staffNumbers.length) return new Map();
    const rows: { gmc_number: string; staff_number: string }[] = await this.dataSource.query(
      `SELECT staff_number, gmc_number FROM staff WHERE trust_id = $1 AND staff_number = ANY($2::text[]) AND gmc_number IS NOT NULL`,
      [trustId, staffNumbers],
    );
    return new Map(rows.map((row) => [row.staff_number, row.gmc_number]));
  }

  async nhsNumbersByPatientId(trustId: string, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows: { id: string; nhs_number: string }[] = await this.dataSource.query(
      `SELECT id, nhs_number FROM patient WHERE trust_id = $1 AND id = ANY($2::uuid[])`,
      [trustId, ids],
    );
    return new Map(rows.map((row) => [row.id, row.nhs_number]));
  }
}
