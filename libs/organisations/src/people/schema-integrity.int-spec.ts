import { isPgError, PgErrorCode, Transactions } from '@app/core';
import { openTestDataSource } from '@app/core/testing';
import { DataSource } from 'typeorm';
import { PeopleRepository } from './people.repository';

/** The database itself refuses what the API refuses, so no other writer can store bad rows. */
describe('organisation schema integrity (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let trustA: string;
  let trustB: string;
  let siteOfB: string;

  beforeAll(async () => {
    ({ dataSource, close } = await openTestDataSource());
    [{ id: trustA }] = await dataSource.query(`INSERT INTO trust (ods_code, name) VALUES ('RQM', 'A') RETURNING id`);
    [{ id: trustB }] = await dataSource.query(`INSERT INTO trust (ods_code, name) VALUES ('RYJ', 'B') RETURNING id`);
    [{ id: siteOfB }] = await dataSource.query(`INSERT INTO site (trust_id, ods_site_code, name) VALUES ($1, 'RYJ01', 'St Mary''s') RETURNING id`, [trustB]);
  });
  afterAll(() => close());

  async function expectRefused(sql: string, params: unknown[], code: string, constraint?: string): Promise<void> {
    const error = await dataSource.query(sql, params).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    expect(isPgError(error, code, constraint)).toBe(true);
  }

  it('refuses an NHS number whose modulus-11 check digit is wrong, and accepts a valid one', async () => {
    await expectRefused(
      `INSERT INTO patient (trust_id, nhs_number, given_name, family_name, date_of_birth) VALUES ($1, '9434765918', 'a', 'b', '1970-01-01')`,
      [trustA],
      PgErrorCode.CheckViolation,
      'patient_nhs_number_valid',
    );
    await expectRefused(
      `INSERT INTO patient (trust_id, nhs_number, given_name, family_name, date_of_birth) VALUES ($1, '94347659AB', 'a', 'b', '1970-01-01')`,
      [trustA],
      PgErrorCode.CheckViolation,
    );
    await dataSource.query(`INSERT INTO patient (trust_id, nhs_number, given_name, family_name, date_of_birth) VALUES ($1, '9434765919', 'a', 'b', '1970-01-01')`, [trustA]);
  });

  it("refuses a department or staff member of trust A placed at trust B's site", async () => {
    await expectRefused(`INSERT INTO department (trust_id, site_id, name, kind) VALUES ($1, $2, 'ED', 'emergency')`, [trustA, siteOfB], PgErrorCode.ForeignKeyViolation, 'department_site_same_trust');
    await expectRefused(
      `INSERT INTO staff (trust_id, staff_number, given_name, family_name, grade, specialty, site_id) VALUES ($1, 'X1', 'a', 'b', 'consultant', 'anaesthetics', $2)`,
      [trustA, siteOfB],
      PgErrorCode.ForeignKeyViolation,
      'staff_site_same_trust',
    );
  });

  it('refuses malformed ODS codes, unknown grades and a walkout that ends before it starts', async () => {
    await expectRefused(`INSERT INTO trust (ods_code, name) VALUES ('rq', 'x')`, [], PgErrorCode.CheckViolation, 'trust_ods_code_format');
    await expectRefused(`INSERT INTO trust (ods_code, name) VALUES ('RQM', 'again')`, [], PgErrorCode.UniqueViolation, 'trust_ods_code_unique');
    await expectRefused(
      `INSERT INTO staff (trust_id, staff_number, given_name, family_name, grade, specialty) VALUES ($1, 'X2', 'a', 'b', 'surgeon', 'general-surgery')`,
      [trustA],
      PgErrorCode.CheckViolation,
      'staff_grade_known',
    );
    await expectRefused(
      `INSERT INTO walkout (trust_id, union_name, staff_groups, mode, starts_at, ends_at, notice_received_at) VALUES ($1, 'BMA', '{resident-doctor}', 'full-walkout', '2026-01-02', '2026-01-01', '2025-12-01')`,
      [trustA],
      PgErrorCode.CheckViolation,
      'walkout_ends_after_start',
    );
  });

  it('upserts staff in bulk: counts created and updated, and rolls back the whole batch on a bad row', async () => {
    const people = new PeopleRepository(dataSource);
    const transactions = new Transactions(dataSource);
    const row = (n: number) => ({
      staffNumber: `N${n}`,
      givenName: 'a',
      familyName: 'b',
      grade: 'nurse' as const,
      specialty: 'nursing',
      siteId: null,
      departmentId: null,
      mobile: null,
      email: null,
      gmcNumber: null,
    });
    const rows = Array.from({ length: 12_000 }, (_, n) => row(n));
    expect(await transactions.run((m) => people.upsertStaff(m, trustA, rows))).toEqual({ created: 12_000, updated: 0 });
    expect(await transactions.run((m) => people.upsertStaff(m, trustA, rows.slice(0, 10)))).toEqual({ created: 0, updated: 10 });

    // The second chunk fails (bad GMC number), so the first chunk's inserts must be undone too.
    const batch = Array.from({ length: 6_000 }, (_, n) => row(100_000 + n));
    batch[5_500] = { ...batch[5_500], gmcNumber: 'bad' as never };
    await expect(transactions.run((m) => people.upsertStaff(m, trustA, batch))).rejects.toThrow();
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM staff WHERE trust_id = $1`, [trustA]);
    expect(count).toBe(12_000);
  });
});
