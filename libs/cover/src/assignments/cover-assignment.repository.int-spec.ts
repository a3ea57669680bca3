import { isPgError, PgErrorCode, Transactions } from '@app/core';
import { openTestDataSource } from '@app/core/testing';
import { randomUUID } from 'node:crypto';
import { StaffReads } from '@app/organisations';
import { walkoutReadsFor } from '@app/walkouts/testing';
import { DataSource } from 'typeorm';
import { NewCoverAssignment, CoverAssignmentRepository } from './cover-assignment.repository';
import { priceShift } from '../engine/rate-card';

/** The database keeps one person in one place at a time, whatever writers race or skip the rules. */
describe('cover assignment storage (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let repository: CoverAssignmentRepository;
  let transactions: Transactions;
  let trustId: string;
  let walkoutId: string;
  let departmentIds: string[];
  let staffSeq = 0;

  beforeAll(async () => {
    ({ dataSource, close } = await openTestDataSource());
    repository = new CoverAssignmentRepository(dataSource, walkoutReadsFor(dataSource), new StaffReads());
    transactions = new Transactions(dataSource);
    [{ id: trustId }] = await dataSource.query(`INSERT INTO trust (ods_code, name) VALUES ('RAL', 'Royal Free London') RETURNING id`);
    const sites: { id: string }[] = await dataSource.query(
      `INSERT INTO site (trust_id, ods_site_code, name) VALUES ($1, 'RAL01', 'Royal Free Hospital'), ($1, 'RAL26', 'Barnet Hospital') RETURNING id`,
      [trustId],
    );
    departmentIds = [];
    for (const site of sites) {
      const [{ id }] = await dataSource.query(`INSERT INTO department (trust_id, site_id, name, kind) VALUES ($1, $2, 'Emergency Department', 'emergency') RETURNING id`, [trustId, site.id]);
      departmentIds.push(id);
    }
    [{ id: walkoutId }] = await dataSource.query(
      `INSERT INTO walkout (trust_id, union_name, staff_groups, mode, starts_at, ends_at, notice_received_at)
       VALUES ($1, 'BMA', '{resident-doctor}', 'full-walkout', '2026-01-12T07:00Z', '2026-01-17T07:00Z', '2025-12-01T00:00Z') RETURNING id`,
      [trustId],
    );
  });
  afterAll(() => close());

  async function newConsultant(): Promise<string> {
    const [{ id }] = await dataSource.query(
      `INSERT INTO staff (trust_id, staff_number, given_name, family_name, grade, specialty) VALUES ($1, $2, 'Ada', 'Okafor', 'consultant', 'emergency-medicine') RETURNING id`,
      [trustId, `C${++staffSeq}`],
    );
    return id;
  }

  function shift(staffId: string, startsAt: string, endsAt: string, departmentId = departmentIds[0]): NewCoverAssignment {
    const start = new Date(startsAt);
    const end = new Date(endsAt);
    return {
      trustId,
      walkoutId,
      departmentId,
      staffId,
      startsAt: start,
      endsAt: end,
      source: 'manual',
      consent: { state: 'accepted', source: 'manual', recordedBy: null },
      onCall: 'resident',
      plannedBreak: null,
      exceeded: null,
      rateRegion: 'outside-london',
      price: end > start ? priceShift(start, end) : priceShift(end, start),
      rateCard: 'BMA 2025',
      createdBy: null,
    };
  }

  const insertAlone = (row: NewCoverAssignment) => transactions.run((tx) => repository.insertMany(tx, [row]));
  const activeCount = async (staffId: string) =>
    Number((await dataSource.query(`SELECT count(*) AS n FROM cover_assignment WHERE staff_id = $1 AND cancelled_at IS NULL`, [staffId]))[0].n);

  it('lets exactly one of ten concurrent overlapping shifts for one consultant in, at two sites, without any lock', async () => {
    const staffId = await newConsultant();
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, n) => insertAlone(shift(staffId, `2026-01-12T${String(8 + (n % 3)).padStart(2, '0')}:00Z`, '2026-01-12T20:00Z', departmentIds[n % 2]))),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok)).toEqual(Array.from({ length: 9 }, () => ({ ok: false, reason: 'overlap' })));
    expect(await activeCount(staffId)).toBe(1);
  });

  it('refuses an overlapping row inside a multi-row insert and saves none of that insert', async () => {
    const staffId = await newConsultant();
    const outcome = await insertAlone(shift(staffId, '2026-01-13T08:00Z', '2026-01-13T20:00Z')).then(() =>
      transactions.run((tx) =>
        repository.insertMany(tx, [shift(staffId, '2026-01-15T08:00Z', '2026-01-15T20:00Z'), shift(staffId, '2026-01-13T19:00Z', '2026-01-13T23:00Z', departmentIds[1])]),
      ),
    );
    expect(outcome).toEqual({ ok: false, reason: 'overlap' });
    expect(await activeCount(staffId)).toBe(1);
  });

  it('allows back-to-back shifts, other people at the same time, and a new shift where a cancelled one was', async () => {
    const staffId = await newConsultant();
    const first = await insertAlone(shift(staffId, '2026-01-14T08:00Z', '2026-01-14T20:00Z'));
    expect((await insertAlone(shift(staffId, '2026-01-14T20:00Z', '2026-01-14T22:00Z'))).ok).toBe(true);
    expect((await insertAlone(shift(await newConsultant(), '2026-01-14T08:00Z', '2026-01-14T20:00Z'))).ok).toBe(true);
    if (!first.ok) throw new Error('first insert failed');
    expect(await transactions.run((m) => repository.cancel(m, trustId, walkoutId, first.ids[0], null))).toBe('accepted');
    expect((await insertAlone(shift(staffId, '2026-01-14T09:00Z', '2026-01-14T19:00Z'))).ok).toBe(true);
  });

  it('bumps SEQUENCE on cancellation and cancels only once', async () => {
    const staffId = await newConsultant();
    const outcome = await insertAlone(shift(staffId, '2026-01-15T08:00Z', '2026-01-15T20:00Z'));
    if (!outcome.ok) throw new Error('insert failed');
    const [id] = outcome.ids;
    expect(await transactions.run((m) => repository.cancel(m, trustId, walkoutId, id, null))).toBe('accepted');
    expect(await transactions.run((m) => repository.cancel(m, trustId, walkoutId, id, null))).toBeNull();
    const record = await repository.findById(trustId, walkoutId, id);
    expect(record?.sequence).toBe(1);
    expect(record?.cancelledAt).toBeInstanceOf(Date);
  });

  it('does not find or cancel a shift through another trust', async () => {
    const staffId = await newConsultant();
    const outcome = await insertAlone(shift(staffId, '2026-01-16T08:00Z', '2026-01-16T20:00Z'));
    if (!outcome.ok) throw new Error('insert failed');
    const [{ id: otherTrust }] = await dataSource.query(`INSERT INTO trust (ods_code, name) VALUES ('RYJ', 'Imperial') RETURNING id`);
    expect(await repository.findById(otherTrust, walkoutId, outcome.ids[0])).toBeNull();
    expect(await transactions.run((m) => repository.cancel(m, otherTrust, walkoutId, outcome.ids[0], null))).toBeNull();
  });

  it('refuses in the database a shift over 13 hours, one ending before it starts, and a department of another trust', async () => {
    const staffId = await newConsultant();
    const refused = (row: NewCoverAssignment) => insertAlone(row).then(() => null, (error: unknown) => error);
    expect(isPgError(await refused(shift(staffId, '2026-01-12T07:00Z', '2026-01-12T20:01Z')), PgErrorCode.CheckViolation, 'cover_assignment_length')).toBe(true);
    expect(isPgError(await refused(shift(staffId, '2026-01-12T20:00Z', '2026-01-12T08:00Z')), PgErrorCode.CheckViolation)).toBe(true);
    const [{ id: otherTrust }] = await dataSource.query(`INSERT INTO trust (ods_code, name) VALUES ('RT3', 'Royal Brompton') RETURNING id`);
    const [{ id: otherSite }] = await dataSource.query(`INSERT INTO site (trust_id, ods_site_code, name) VALUES ($1, 'RT301', 'Harefield') RETURNING id`, [otherTrust]);
    const [{ id: otherDepartment }] = await dataSource.query(`INSERT INTO department (trust_id, site_id, name, kind) VALUES ($1, $2, 'ICU', 'intensive-care') RETURNING id`, [otherTrust, otherSite]);
    expect(isPgError(await refused(shift(staffId, '2026-01-12T08:00Z', '2026-01-12T12:00Z', otherDepartment)), PgErrorCode.ForeignKeyViolation, 'cover_assignment_department_same_trust')).toBe(true);
  });

  async function newRequest(staffId: string): Promise<string> {
    const id = randomUUID();
    await dataSource.query(`INSERT INTO cover_request (id, trust_id, walkout_id, staff_id, token_hash) VALUES ($1, $2, $3, $4, $5)`, [id, trustId, walkoutId, staffId, 'a'.repeat(48) + id.replace(/-/g, '').slice(0, 16)]);
    return id;
  }
  const requested = (row: NewCoverAssignment, requestId: string, expiresAt = '2026-01-12T00:00Z'): NewCoverAssignment => ({ ...row, source: 'autofill', consent: { state: 'requested', requestId, expiresAt: new Date(expiresAt) } });

  it('lets a standing request hold the consultant’s time, until its expiry is stored', async () => {
    const staffId = await newConsultant();
    const requestId = await newRequest(staffId);
    expect((await insertAlone(requested(shift(staffId, '2026-01-13T08:00Z', '2026-01-13T20:00Z'), requestId))).ok).toBe(true);
    // Asked elsewhere for the same hours: refused, so the consultant can never accept into an overlap.
    expect(await insertAlone(shift(staffId, '2026-01-13T12:00Z', '2026-01-13T22:00Z', departmentIds[1]))).toEqual({ ok: false, reason: 'overlap' });
    // Past its expiry the writer that holds the person's lock stores it, and the hours are free again.
    expect(await transactions.run((tx) => repository.expireDue(tx, trustId, [staffId], new Date('2026-01-11T23:59Z')))).toEqual([]);
    expect(await transactions.run((tx) => repository.expireDue(tx, trustId, [staffId], new Date('2026-01-12T00:00Z')))).toHaveLength(1);
    expect((await insertAlone(shift(staffId, '2026-01-13T12:00Z', '2026-01-13T22:00Z', departmentIds[1]))).ok).toBe(true);
    const [row] = await dataSource.query(`SELECT consent_state, consent_recorded_at, responded_at FROM cover_assignment WHERE request_id = $1`, [requestId]);
    expect(row).toEqual({ consent_state: 'expired', consent_recorded_at: null, responded_at: new Date('2026-01-12T00:00Z') });
  });

  it('answers a request only while it stands: once, and never after its expiry', async () => {
    const staffId = await newConsultant();
    const requestId = await newRequest(staffId);
    const outcome = await insertAlone(requested(shift(staffId, '2026-01-14T08:00Z', '2026-01-14T20:00Z'), requestId, '2026-01-13T12:00Z'));
    if (!outcome.ok) throw new Error('insert failed');
    const answer = (accept: boolean, at: string) => transactions.run((tx) => repository.answer(tx, trustId, requestId, outcome.ids, accept, 'link', new Date(at)));
    expect(await answer(true, '2026-01-13T12:00Z')).toEqual([]);
    expect(await answer(true, '2026-01-13T11:59Z')).toEqual(outcome.ids);
    expect(await answer(false, '2026-01-13T11:59Z')).toEqual([]);
    const record = await repository.findById(trustId, walkoutId, outcome.ids[0]);
    expect(record).toEqual(expect.objectContaining({ consentState: 'accepted', consentSource: 'link', consentRecordedAt: new Date('2026-01-13T11:59Z') }));
  });

  it('refuses in the database consent without its source, exceeding a limit without a reason, and a break outside the shift; allows 24 h of non-resident on-call', async () => {
    const staffId = await newConsultant();
    const refused = (row: NewCoverAssignment) => insertAlone(row).then(() => null, (error: unknown) => error);
    const base = shift(staffId, '2026-01-15T08:00Z', '2026-01-15T20:00Z');
    expect(isPgError(await refused({ ...base, exceeded: { limits: ['WORKING_TIME_REST'], reason: '', compensatoryRestMinutes: 60 } }), PgErrorCode.CheckViolation, 'cover_assignment_exceed_has_reason')).toBe(true);
    expect(isPgError(await refused({ ...base, plannedBreak: { startsAt: new Date('2026-01-15T19:50Z'), minutes: 20 } }), PgErrorCode.CheckViolation, 'cover_assignment_break_inside')).toBe(true);
    await expect(dataSource.query(`UPDATE cover_assignment SET consent_source = NULL WHERE staff_id = ANY($1::uuid[])`, [[staffId]])).resolves.toBeDefined();
    expect((await insertAlone({ ...base, exceeded: { limits: ['WORKING_TIME_REST'], reason: 'Agreed by phone: no one else in scope', compensatoryRestMinutes: 60 } })).ok).toBe(true);
    const error = await dataSource.query(`UPDATE cover_assignment SET consent_source = NULL WHERE staff_id = $1`, [staffId]).catch((e: unknown) => e);
    expect(isPgError(error, PgErrorCode.CheckViolation, 'cover_assignment_consent_whole')).toBe(true);
    const onCall = { ...shift(staffId, '2026-01-16T07:00Z', '2026-01-17T07:00Z'), onCall: 'non-resident' as const };
    expect((await insertAlone(onCall)).ok).toBe(true);
    expect(isPgError(await refused({ ...shift(staffId, '2026-01-18T07:00Z', '2026-01-19T07:01Z'), onCall: 'non-resident' }), PgErrorCode.CheckViolation, 'cover_assignment_length')).toBe(true);
  });

  it('makes concurrent requests for one person wait for each other while the row lock is held', async () => {
    const staffId = await newConsultant();
    const [{ staff_number: staffNumber }] = await dataSource.query(`SELECT staff_number FROM staff WHERE id = $1`, [staffId]);
    const order: string[] = [];
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstLocked!: () => void;
    const locked = new Promise<void>((resolve) => (firstLocked = resolve));
    const first = transactions.run(async (m) => {
      await repository.lockStaffByNumber(m, trustId, walkoutId, staffNumber);
      firstLocked();
      await firstHolds;
      order.push('first done');
    });
    await locked;
    const second = transactions.run(async (m) => {
      await repository.lockStaffByNumber(m, trustId, walkoutId, staffNumber);
      order.push('second locked');
    });
    // Wait until PostgreSQL shows the second transaction waiting for the first one's lock (not a fixed sleep).
    for (let waited = 0; ; waited++) {
      const [{ blocked }] = await dataSource.query(`SELECT count(*)::int AS blocked FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
      if (blocked > 0) break;
      if (waited > 600) throw new Error('the second transaction never waited for the lock');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(order).toEqual([]);
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first done', 'second locked']);
  });
});
