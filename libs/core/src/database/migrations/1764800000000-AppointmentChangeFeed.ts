import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The appointment change feed (the FHIR Appointment search, docs/fhir.md) pages a trust's appointments
 * in (updated_at, id) order, often from a `_lastUpdated` bound: one index serves the seek and the order.
 */
export class AppointmentChangeFeed1764800000000 implements MigrationInterface {
  name = 'AppointmentChangeFeed1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX appointment_trust_updated ON appointment (trust_id, updated_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX appointment_trust_updated`);
  }
}
