import { AllExceptionsFilter, Clock, loadConfig, Transactions, UnitOfWork } from '@app/core';
import { openTestDataSource } from '@app/core/testing';
import { walkoutReadsFor } from '@app/walkouts/testing';
import { NotificationOutbox } from '@app/notifications';
import { MessageBudgetRepository } from '@app/notifications/testing';
import { MetricsRegistry } from '@app/core';
import { MessagingMetrics } from '@app/notifications/testing';
import { OrganisationService, PlaceReads, StaffReads } from '@app/organisations';
import { WalkoutService, WalkoutView } from '@app/walkouts';
import { ShiftNoticeContexts } from './shift-notice-contexts';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CoverAssignmentRepository, CoverStaff, StaffShift } from './cover-assignment.repository';
import { CoverAssignmentService } from './cover-assignment.service';
import { CoverCalendarRepository } from '../calendar/cover-calendar.repository';
import { CoverCalendarService } from '../calendar/cover-calendar.service';
import { loadCoverSettings } from '../cover-settings';
import { CoverError } from '../cover.errors';
import { CoverAvailabilityRepository } from '../availability/cover-availability.repository';
import { CoverRequestRepository } from '../requests/cover-request.repository';
import { CoverRequestService } from '../requests/cover-request.service';
import { CoverTrustSettingsRepository } from '../trust-settings/cover-trust-settings.repository';

/**
 * The last line of defence on its own: a writer that skips the row lock and sees none of the person's
 * shifts (as a buggy or future code path might) still cannot store overlapping shifts, and the
 * constraint's 23P01 reaches the client as 409 SHIFT_OVERLAP, never a 500.
 */
class CarelessRepository extends CoverAssignmentRepository {
  override async lockStaffByNumber(tx: UnitOfWork, trustId: string, walkoutId: string, staffNumber: string): Promise<CoverStaff | null> {
    const rows: CoverStaff[] = await tx.query(
      `SELECT id, staff_number AS "staffNumber", given_name AS "givenName", grade, specialty, site_id AS "siteId", NULL AS participation
       FROM staff WHERE trust_id = $1 AND staff_number = $2`,
      [trustId, staffNumber],
    );
    return rows[0] ?? null;
  }
  override async activeShiftsOf(): Promise<StaffShift[]> {
    return [];
  }
  override async expireDue(): Promise<string[]> {
    return [];
  }
}

describe('cover assignment service against the exclusion constraint (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let service: CoverAssignmentService;
  let trustId: string;
  let walkout: WalkoutView;
  let departmentId: string;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    ({ dataSource, close } = await openTestDataSource());
    [{ id: trustId }] = await dataSource.query(`INSERT INTO trust (ods_code, name) VALUES ('R1K', 'London North West') RETURNING id`);
    const [{ id: siteId }] = await dataSource.query(`INSERT INTO site (trust_id, ods_site_code, name) VALUES ($1, 'R1K01', 'Northwick Park') RETURNING id`, [trustId]);
    [{ id: departmentId }] = await dataSource.query(`INSERT INTO department (trust_id, site_id, name, kind) VALUES ($1, $2, 'ED', 'emergency') RETURNING id`, [trustId, siteId]);
    await dataSource.query(`INSERT INTO staff (trust_id, staff_number, given_name, family_name, grade, specialty, site_id) VALUES ($1, 'C1', 'Ada', 'O', 'consultant', 'emergency-medicine', $2)`, [trustId, siteId]);
    const [row] = await dataSource.query(
      `INSERT INTO walkout (trust_id, union_name, staff_groups, mode, starts_at, ends_at, notice_received_at)
       VALUES ($1, 'BMA', '{resident-doctor}', 'full-walkout', '2026-01-12T07:00Z', '2026-01-14T07:00Z', '2025-12-01T00:00Z') RETURNING id`,
      [trustId],
    );
    walkout = {
      id: row.id,
      trustId,
      unionName: 'BMA',
      staffGroups: ['resident-doctor'],
      mode: 'full-walkout',
      startsAt: new Date('2026-01-12T07:00Z'),
      endsAt: new Date('2026-01-14T07:00Z'),
      noticeReceivedAt: new Date('2025-12-01T00:00Z'),
      calledOffAt: null,
      callOffReason: null,
      createdAt: new Date(),
      siteIds: [],
      status: 'announced',
      noticeDays: 42,
      warnings: [],
    };
    const config = loadConfig({ NODE_ENV: 'test' });
    const settings = loadCoverSettings(config);
    const walkouts = { get: async () => walkout } as unknown as WalkoutService;
    const outbox = new NotificationOutbox(new MessageBudgetRepository(dataSource), new MessagingMetrics(new MetricsRegistry()), new Clock(), config);
    const repository = new CarelessRepository(dataSource, walkoutReadsFor(dataSource), new StaffReads());
    const transactions = new Transactions(dataSource);
    const calendars = new CoverCalendarService(new CoverCalendarRepository(dataSource), transactions, new PlaceReads(), settings);
    // The department as organisations answers for it (the rules are not what this spec is about).
    const organisations = {
      departmentsWithSites: (trust: string, ids: string[]) =>
        dataSource.query(
          `SELECT d.id, d.name, d.kind, d.site_id AS "siteId", si.name AS "siteName" FROM department d JOIN site si ON si.id = d.site_id WHERE d.trust_id = $1 AND d.id = ANY($2::uuid[])`,
          [trust, ids],
        ),
    } as unknown as OrganisationService;
    const contexts = new ShiftNoticeContexts(repository, new PlaceReads());
    const requests = new CoverRequestService(new CoverRequestRepository(dataSource), repository, transactions, calendars, contexts, new PlaceReads(), outbox, settings, new Clock());
    service = new CoverAssignmentService(
      repository,
      transactions,
      calendars,
      walkouts,
      organisations,
      contexts,
      outbox,
      new CoverAvailabilityRepository(dataSource),
      new CoverTrustSettingsRepository(dataSource),
      requests,
      settings,
      new Clock(),
    );
  });
  afterAll(() => close());

  it('lets one of ten concurrent overlapping requests win and answers the rest 409 SHIFT_OVERLAP', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, n) =>
        service.assign(trustId, walkout.id, { staffNumber: 'C1', departmentId, startsAt: new Date(`2026-01-12T${String(8 + (n % 5)).padStart(2, '0')}:00Z`), endsAt: new Date('2026-01-12T20:00Z'), consentRecorded: true }, null),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => o.reason);
    expect(refused).toHaveLength(9);
    for (const error of refused) {
      expect(error).toBeInstanceOf(CoverError);
      expect(new AllExceptionsFilter().toBody(error)).toEqual(expect.objectContaining({ statusCode: 409, code: 'SHIFT_OVERLAP' }));
    }
    const [{ shifts, notices }] = await dataSource.query(
      `SELECT (SELECT count(*)::int FROM cover_assignment WHERE trust_id = $1) AS shifts,
              (SELECT count(*)::int FROM notification WHERE trust_id = $1 AND purpose = 'cover-shift') AS notices`,
      [trustId],
    );
    // The losers' transactions rolled back whole: no orphan notice or calendar token work survives them.
    expect({ shifts, notices }).toEqual({ shifts: 1, notices: 1 });
  });
});
