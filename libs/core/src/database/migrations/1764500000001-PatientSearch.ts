import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finding a patient by name: a trigram index over "given family" (lower case), so a search for part
 * of a name is an index lookup, not a scan of every patient of every trust. The NHS-number lookup uses
 * the existing unique (trust_id, nhs_number) index; the list's keyset order gets its own index.
 */
export class PatientSearch1764500000001 implements MigrationInterface {
  name = 'PatientSearch1764500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE INDEX patient_name_trigram ON patient USING gin (lower(given_name || ' ' || family_name) gin_trgm_ops)`);
    await q.query(`CREATE INDEX patient_trust_name_order ON patient (trust_id, lower(family_name) COLLATE "C", lower(given_name) COLLATE "C", id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX patient_trust_name_order`);
    await q.query(`DROP INDEX patient_name_trigram`);
  }
}
