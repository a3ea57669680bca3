import { walkoutReadsFor } from '@app/walkouts/testing';
import { Clock, FixedClock, loadConfig, MetricsRegistry, Transactions } from '@app/core';
import { openTestDataSource } from '@app/core/testing';
import { NotificationOutbox } from '@app/notifications';
import { MessageBudgetRepository, MessagingMetrics } from '@app/notifications/testing';
import { OrganisationService, PlaceReads, StaffReads } from '@app/organisations';
import { WalkoutService, WalkoutView } from '@app/walkouts';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CoverAssignmentRepository } from '../assignments/cover-assignment.repository';
import { CoverAssignmentService } from '../assignments/cover-assignment.service';
import { ShiftNoticeContexts } from '../assignments/shift-notice-contexts';
import { CoverAvailabilityRepository } from '../availability/cover-availability.repository';
import { CoverCalendarRepository } from '../calendar/cover-calendar.repository';
import { CoverCalendarService } from '../calendar/cover-calendar.service';
import { loadCoverSettings } from '../cover-settings';
import { CoverTrustSettingsRepository } from '../trust-settings/cover-trust-settings.repository';
import { CoverRequestRepository } from './cover-request.repository';
import { CoverRequestService } from './cover-request.service';

/**
 * Consent under concurrency, on real PostgreSQL: a consultant's answer racing the expiry of the request,
 * two answers racing each other, and a text reply. Whatever the interleaving, a shift ends in exactly one
 * state, the answer the consultant is shown is that state, and only an accepted shift gets a booking.
 */
describe('cover requests: answers against expiry (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let repository: CoverAssignmentRepository;
  let transactions: Transactions;
  let trustId: string;
  let departmentId: string;
  let walkout: WalkoutView;
  let assignAt: FixedClock;
  let assignments: CoverAssignmentService;
  let requestsAt: (clock: Clock) => CoverRequestService;
  let staffSeq = 0;
  const EXPIRY_HOURS = 24;
  const ASKED_AT = new Date('2026-01-05T12:00Z');
  const EXPIRES_AT = new Date('2026-01-06T12:00Z');

  beforeAll(async () => {
    Logger.overrideLogger(false);
    ({ dataSource, close } = await openTestDataSource());
    [{ id: trustId }] = await dataSource.query(`INSERT INTO trust (ods_code, name) VALUES ('RWY', 'Calderdale and Huddersfield') RETURNING id`);
    const [{ id: siteId }] = await dataSource.query(`INSERT INTO site (trust_id, ods_site_code, name) VALUES ($1, 'RWY01', 'Huddersfield Royal Infirmary') RETURNING id`, [trustId]);
    [{ id: departmentId }] = await dataSource.query(`INSERT INTO department (trust_id, site_id, name, kind) VALUES ($1, $2, 'ED', 'emergency') RETURNING id`, [trustId, siteId]);
    const [row] = await dataSource.query(
      `INSERT INTO walkout (trust_id, union_name, staff_groups, mode, starts_at, ends_at, notice_received_at)
       VALUES ($1, 'BMA', '{resident-doctor}', 'full-walkout', '2026-01-12T07:00Z', '2026-01-17T07:00Z', '2025-12-01T00:00Z') RETURNING id`,
      [trustId],
    );
    walkout = {
      id: row.id, trustId, unionName: 'BMA', staffGroups: ['resident-doctor'], mode: 'full-walkout', startsAt: new Date('2026-01-12T07:00Z'), endsAt: new Date('2026-01-17T07:00Z'),
      noticeReceivedAt: new Date('2025-12-01T00:00Z'), calledOffAt: null, callOffReason: null, createdAt: new Date(), siteIds: [], status: 'announced', noticeDays: 42, warnings: [],
    };
    const config = loadConfig({ NODE_ENV: 'test', COVER_REQUEST_EXPIRY_HOURS: String(EXPIRY_HOURS) });
    const settings = loadCoverSettings(config);
    repository = new CoverAssignmentRepository(dataSource, walkoutReadsFor(dataSource), new StaffReads());
    transactions = new Transactions(dataSource);
    const calendars = new CoverCalendarService(new CoverCalendarRepository(dataSource), transactions, new PlaceReads(), settings);
    const contexts = new ShiftNoticeContexts(repository, new PlaceReads());
    const outbox = (clock: Clock) => new NotificationOutbox(new MessageBudgetRepository(dataSource), new MessagingMetrics(new MetricsRegistry()), clock, config);
    requestsAt = (clock) => new CoverRequestService(new CoverRequestRepository(dataSource), repository, transactions, calendars, contexts, new PlaceReads(), outbox(clock), settings, clock);
    assignAt = new FixedClock(ASKED_AT);
    const organisations = {
      departmentsWithSites: (trust: string, ids: string[]) =>
        dataSource.query(`SELECT d.id, d.name, d.kind, d.site_id AS "siteId" FROM department d WHERE d.trust_id = $1 AND d.id = ANY($2::uuid[])`, [trust, ids]),
    } as unknown as OrganisationService;
    assignments = new CoverAssignmentService(
      repository, transactions, calendars, { get: async () => walkout } as unknown as WalkoutService, organisations, contexts, outbox(assignAt),
      new CoverAvailabilityRepository(dataSource), new CoverTrustSettingsRepository(dataSource), requestsAt(assignAt), settings, assignAt,
    );
  });
  afterAll(() => close());

  /** A consultant asked for one shift; returns their link token, read from the message that asks them. */
  async function askOne(day = 12): Promise<{ token: string; assignmentId: string; staffId: string }> {
    const staffNumber = `Q${++staffSeq}`;
    const [{ id: staffId }] = await dataSource.query(
      `INSERT INTO staff (trust_id, staff_number, given_name, family_name, grade, specialty) VALUES ($1, $2, 'Ada', 'Okafor', 'consultant', 'emergency-medicine') RETURNING id`,
      [trustId, staffNumber],
    );
    const shift = await assignments.assign(
      trustId,
      walkout.id,
      { staffNumber, departmentId, startsAt: new Date(`2026-01-${day}T08:00Z`), endsAt: new Date(`2026-01-${day}T20:00Z`), consentRecorded: false, requestConsent: true },
      null,
    );
    expect(shift).toEqual(expect.objectContaining({ status: 'requested', requestExpiresAt: EXPIRES_AT, consentRecordedAt: null }));
    const [{ personalisation }] = await dataSource.query(`SELECT personalisation FROM notification WHERE purpose = 'cover-request' AND subject_id = $1`, [shift.requestId]);
    return { token: personalisation.linkToken, assignmentId: shift.id, staffId };
  }

  const stateOf = async (assignmentId: string) => (await dataSource.query(`SELECT consent_state FROM cover_assignment WHERE id = $1`, [assignmentId]))[0].consent_state;
  const bookings = async (assignmentId: string) => (await dataSource.query(`SELECT count(*)::int AS n FROM notification WHERE purpose = 'cover-shift' AND subject_id = $1`, [assignmentId]))[0].n;

  it('settles an accept racing the expiry in exactly one state, shows the consultant that state, and books only what was accepted', async () => {
    const justBefore = requestsAt(new FixedClock(new Date(EXPIRES_AT.getTime() - 1)));
    const outcomes: string[] = [];
    for (let round = 0; round < 12; round++) {
      const { token, assignmentId, staffId } = await askOne(12 + (round % 5));
      const [answered] = await Promise.all([
        justBefore.respond(token, { accept: true }, 'json'),
        transactions.run((tx) => repository.expireDue(tx, trustId, [staffId], EXPIRES_AT)),
      ]);
      const stored = await stateOf(assignmentId);
      expect(['accepted', 'expired']).toContain(stored);
      expect(answered.shifts.map((s) => s.state)).toEqual([stored]);
      expect(await bookings(assignmentId)).toBe(stored === 'accepted' ? 1 : 0);
      outcomes.push(stored);
    }
    expect(outcomes).toHaveLength(12);
  });

  it('refuses an answer that arrives after the expiry, stored or not: the shift is not booked and the gap stays open', async () => {
    const { token, assignmentId } = await askOne();
    const after = requestsAt(new FixedClock(EXPIRES_AT));
    const answered = await after.respond(token, { accept: true }, 'json');
    expect(answered.shifts.map((s) => s.state)).toEqual(['expired']);
    expect(await stateOf(assignmentId)).toBe('requested'); // expired on read; stored by the next writer that locks the consultant
    expect(await bookings(assignmentId)).toBe(0);
  });

  it('lets one of two racing answers (accept and decline) win, and the other change nothing', async () => {
    const inTime = requestsAt(new FixedClock(ASKED_AT));
    for (let round = 0; round < 6; round++) {
      const { token, assignmentId } = await askOne(12 + (round % 5));
      const [a, b] = await Promise.all([inTime.respond(token, { accept: true }, 'json'), inTime.respond(token, { accept: false }, 'json')]);
      const stored = await stateOf(assignmentId);
      expect(['accepted', 'declined']).toContain(stored);
      // Both answers are shown the outcome: the second saw the first's and changed nothing.
      expect([a.shifts[0].state, b.shifts[0].state]).toEqual([stored, stored]);
      expect(await bookings(assignmentId)).toBe(stored === 'accepted' ? 1 : 0);
    }
  });

  it('takes a YES by text for every shift the latest request asks, and does not guess at anything else', async () => {
    const { assignmentId, staffId } = await askOne();
    const service = requestsAt(new FixedClock(ASKED_AT));
    expect(await transactions.run((tx) => service.answerByTextReply(tx, { trustId, staffId, text: 'maybe later' }))).toEqual({ matched: false, reason: 'unparseable', detail: expect.any(String) });
    expect(await transactions.run((tx) => service.answerByTextReply(tx, { trustId, staffId, text: 'Yes please' }))).toEqual({ matched: true, requestId: expect.any(String), accept: true, answered: [assignmentId] });
    expect(await stateOf(assignmentId)).toBe('accepted');
    const [{ consent_source }] = await dataSource.query(`SELECT consent_source FROM cover_assignment WHERE id = $1`, [assignmentId]);
    expect(consent_source).toBe('text-reply');
    expect(await transactions.run((tx) => service.answerByTextReply(tx, { trustId, staffId, text: 'NO' }))).toEqual({ matched: false, reason: 'no-open-request', detail: expect.any(String) });
    expect(await stateOf(assignmentId)).toBe('accepted');
  });
});
