import { isPgError, PgErrorCode, UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { BandPrice, OnCallKind, RateRegion, ShiftPrice } from '../engine/rate-card';
import { ShiftTimes } from '../engine/cover-rule-violation';
import { ConsentSource, ConsentState } from '../engine/cover-consent';
import { StaffForRecall, StaffReads } from '@app/organisations';
import { WalkoutReads, type ParticipationAnswer } from '@app/walkouts';

export type AssignmentSource = 'manual' | 'autofill';
/** Stored only on rows autofill made before consent was asked (the migration of issue 14). */
export type StoredConsentSource = ConsentSource | 'unconfirmed-autofill';

export interface CoverAssignmentRecord {
  id: string;
  trustId: string;
  walkoutId: string;
  departmentId: string;
  staffId: string;
  staffNumber: string;
  startsAt: Date;
  endsAt: Date;
  source: AssignmentSource;
  /** As stored: a `requested` row past its expiry is expired on read (effectiveConsentState). */
  consentState: ConsentState;
  consentSource: StoredConsentSource | null;
  consentRecordedAt: Date | null;
  availabilityId: string | null;
  requestId: string | null;
  requestExpiresAt: Date | null;
  respondedAt: Date | null;
  onCall: OnCallKind;
  plannedBreakStartsAt: Date | null;
  plannedBreakMinutes: number | null;
  exceededLimits: string[];
  exceedReason: string | null;
  compensatoryRestMinutes: number;
  rateRegion: RateRegion;
  pricePence: number;
  priceBands: BandPrice[];
  rateCard: string;
  sequence: number;
  createdAt: Date;
  updatedAt: Date;
  cancelledAt: Date | null;
  /** The consultant's calendar token seed and hash, to rebuild their link (null before their first shift). */
  calendarSeed: Buffer | null;
  calendarHash: Buffer | null;
}

export interface NewCoverAssignment {
  trustId: string;
  walkoutId: string;
  departmentId: string;
  staffId: string;
  startsAt: Date;
  endsAt: Date;
  source: AssignmentSource;
  consent:
    | { state: 'accepted'; source: ConsentSource; recordedBy: string | null; availabilityId?: string | null }
    | { state: 'requested'; requestId: string; expiresAt: Date };
  onCall: OnCallKind;
  plannedBreak: { startsAt: Date; minutes: number } | null;
  exceeded: { limits: string[]; reason: string; compensatoryRestMinutes: number } | null;
  rateRegion: RateRegion;
  price: ShiftPrice;
  rateCard: string;
  createdBy: string | null;
}

export interface CoverStaff {
  id: string;
  staffNumber: string;
  givenName: string;
  grade: string;
  specialty: string;
  siteId: string | null;
  /** Their answer for the walkout in question (for the walkout days of the shift, where known); null when never asked. */
  participation: ParticipationAnswer | null;
}

export interface StaffShift extends ShiftTimes {
  staffId: string;
  assignmentId: string;
  onCall: OnCallKind;
}

/** The walkout's live shifts as the gap grid sees them: accepted ones are assigned, unexpired requests are asked. */
export interface WalkoutShift {
  id: string;
  departmentId: string;
  staffId: string;
  startsAt: Date;
  endsAt: Date;
  pricePence: number;
  consentState: 'requested' | 'accepted';
}

/** A shift as its notice needs it, read in the transaction that creates or cancels the shift. */
export interface ShiftNoticeRow {
  assignmentId: string;
  walkoutId: string;
  staffId: string;
  givenName: string;
  startsAt: Date;
  endsAt: Date;
  departmentId: string;
}

/** What a shift notice needs: the shift, and where it is by name (from organisations' read port). */
export interface ShiftNoticeContext extends ShiftNoticeRow {
  departmentName: string;
  siteName: string;
  trustName: string;
}

export type InsertAssignmentsOutcome = { ok: true; ids: string[] } | { ok: false; reason: 'overlap' };

/** What a shift is now: `active` is assigned (accepted, not cancelled); the others are not. */
export const ASSIGNMENT_STATUSES = ['active', 'requested', 'declined', 'expired', 'cancelled'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export interface AssignmentListFilter {
  status?: AssignmentStatus;
  now: Date;
  departmentId?: string;
  after: [string, string] | null;
  limit: number;
}

const SELECT_ASSIGNMENT = `
  SELECT a.id, a.trust_id AS "trustId", a.walkout_id AS "walkoutId", a.department_id AS "departmentId", a.staff_id AS "staffId",
         a.starts_at AS "startsAt", a.ends_at AS "endsAt", a.source,
         a.consent_state AS "consentState", a.consent_source AS "consentSource", a.consent_recorded_at AS "consentRecordedAt",
         a.availability_id AS "availabilityId", a.request_id AS "requestId", a.request_expires_at AS "requestExpiresAt",
         a.responded_at AS "respondedAt", a.on_call AS "onCall", a.planned_break_starts_at AS "plannedBreakStartsAt",
         a.planned_break_minutes AS "plannedBreakMinutes", a.exceeded_limits AS "exceededLimits", a.exceed_reason AS "exceedReason",
         a.compensatory_rest_minutes AS "compensatoryRestMinutes", a.rate_region AS "rateRegion",
         a.price_pence AS "pricePence", a.price_by_band AS "priceBands",
         a.rate_card AS "rateCard", a.sequence, a.created_at AS "createdAt", a.updated_at AS "updatedAt", a.cancelled_at AS "cancelledAt",
         t.token_seed AS "calendarSeed", t.token_hash AS "calendarHash"
  FROM cover_assignment a
  LEFT JOIN cover_calendar_token t ON t.staff_id = a.staff_id AND t.trust_id = a.trust_id`;

/** Accepted, or asked and not expired at the instant in parameter $n. */
const liveAt = (n: number) => `(consent_state = 'accepted' OR (consent_state = 'requested' AND request_expires_at > $${n}))`;
const LIVE_AT_3 = liveAt(3);
const LIVE_AT_5 = liveAt(5);

/** A cover assignment as stored, before its person's staff number is added from organisations. */
type StoredAssignment = Omit<CoverAssignmentRecord, 'staffNumber'>;

function coverStaff(staff: StaffForRecall): Omit<CoverStaff, 'participation'> {
  return { id: staff.id, staffNumber: staff.staffNumber, givenName: staff.givenName, grade: staff.grade, specialty: staff.specialty, siteId: staff.siteId };
}

/**
 * Cover assignments, and the reads of staff that the cover rules need: the staff rows (and their locks,
 * inside the transaction that inserts a new shift) through organisations' `StaffReads`, each person's
 * answer for the walkout through walkouts' `WalkoutReads`, in the same transaction. Departments and place
 * names come from organisations too (`OrganisationService`, `PlaceReads`).
 */
@Injectable()
export class CoverAssignmentRepository {
  static readonly CHUNK = 5_000;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly walkouts: WalkoutReads,
    private readonly staff: StaffReads,
  ) {}

  /** Each stored assignment with its person's staff number (one read of organisations' port for the set). */
  private async withStaffNumbers(db: UnitOfWork, trustId: string, rows: StoredAssignment[]): Promise<CoverAssignmentRecord[]> {
    const numbers = await this.staff.numbersOf(db, trustId, rows.map((row) => row.staffId));
    return rows.map((row) => ({ ...row, staffNumber: numbers.get(row.staffId) ?? '' }));
  }

  /**
   * Each person's answer from walkouts' read port, in the same transaction as the lock: participation is
   * per walkout day, so a shift reads the days it touches (`during`), anything else the whole walkout.
   */
  private async withParticipation(tx: UnitOfWork, trustId: string, walkoutId: string, staff: Omit<CoverStaff, 'participation'>[], during?: ShiftTimes): Promise<CoverStaff[]> {
    const ids = staff.map((s) => s.id);
    const answers = await this.walkouts.participationDuring(tx, trustId, walkoutId, ids, during && { from: during.startsAt, to: during.endsAt });
    return staff.map((s) => ({ ...s, participation: answers.get(s.id) ?? null }));
  }


  async staffExists(trustId: string, staffNumber: string): Promise<boolean> {
    return (await this.staffIdByNumber(trustId, staffNumber)) !== null;
  }

  /** Staff numbers and given names of these people (organisations' port), in `db` or outside a transaction. */
  async staffNamesOf(db: UnitOfWork | null, trustId: string, staffIds: readonly string[]): Promise<Map<string, { staffNumber: string; givenName: string }>> {
    return this.staff.namesOf(db ?? this.dataSource.manager, trustId, staffIds);
  }

  async staffIdByNumber(trustId: string, staffNumber: string): Promise<string | null> {
    return this.staff.idOfNumber(this.dataSource.manager, trustId, staffNumber);
  }

  /**
   * Locks the person's row until the transaction ends (organisations' `StaffReads.lockForUpdate`), so two
   * requests rostering the same person run one after the other and the second sees the first's shift
   * (the 72 h rule cannot be beaten by racing).
   */
  async lockStaffByNumber(tx: UnitOfWork, trustId: string, walkoutId: string, staffNumber: string, during?: ShiftTimes): Promise<CoverStaff | null> {
    const rows = (await this.staff.lockForUpdate(tx, trustId, { staffNumber })).map(coverStaff);
    return (await this.withParticipation(tx, trustId, walkoutId, rows, during))[0] ?? null;
  }

  /** Locks in id order, so two transactions locking overlapping sets cannot deadlock. */
  async lockStaffByIds(tx: UnitOfWork, trustId: string, walkoutId: string, staffIds: string[]): Promise<CoverStaff[]> {
    if (!staffIds.length) return [];
    const rows = (await this.staff.lockForUpdate(tx, trustId, { staffIds })).map(coverStaff);
    return this.withParticipation(tx, trustId, walkoutId, rows);
  }

  /** Staff of these grades, with their answer for this walkout: autofill's candidates. */
  async staffOfGrades(trustId: string, walkoutId: string, grades: readonly string[]): Promise<CoverStaff[]> {
    const rows = (await this.staff.inGrades(this.dataSource.manager, trustId, grades)).map(coverStaff);
    return this.withParticipation(this.dataSource.manager, trustId, walkoutId, rows);
  }


  /**
   * Live shifts (accepted, or asked and not yet expired at `now`) of these people at any site and for any
   * walkout that touch [from, to), in the caller's transaction. A request holds the consultant's time
   * until it is answered, so two requests can never be accepted into an overlap.
   */
  async activeShiftsOf(tx: UnitOfWork, trustId: string, staffIds: string[], from: Date, to: Date, now: Date): Promise<StaffShift[]> {
    return this.selectActiveShifts(tx, trustId, staffIds, from, to, now);
  }

  /** The same, read outside any transaction (a plan that saves nothing). */
  async activeShiftsNow(trustId: string, staffIds: string[], from: Date, to: Date, now: Date): Promise<StaffShift[]> {
    return this.selectActiveShifts(this.dataSource, trustId, staffIds, from, to, now);
  }

  private async selectActiveShifts(db: Pick<UnitOfWork, 'query'>, trustId: string, staffIds: string[], from: Date, to: Date, now: Date): Promise<StaffShift[]> {
    if (!staffIds.length) return [];
    return db.query(
      `SELECT staff_id AS "staffId", id AS "assignmentId", starts_at AS "startsAt", ends_at AS "endsAt", on_call AS "onCall" FROM cover_assignment
       WHERE trust_id = $1 AND staff_id = ANY($2::uuid[]) AND cancelled_at IS NULL AND ${LIVE_AT_5}
         AND tstzrange(starts_at, ends_at) && tstzrange($3, $4)
       ORDER BY staff_id, starts_at`,
      [trustId, staffIds, from, to, now],
    );
  }

  /**
   * Stores the expiry of these people's requests that are past it, before a writer that holds their lock
   * reads their shifts: the exclusion constraint cannot know the time, so an expired request must stop
   * holding the consultant's time in the table itself. Returns the shifts that expired.
   */
  async expireDue(tx: UnitOfWork, trustId: string, staffIds: string[], now: Date): Promise<string[]> {
    if (!staffIds.length) return [];
    const rows: { id: string }[] = await tx.query(
      `WITH expired AS (
         UPDATE cover_assignment SET consent_state = 'expired', responded_at = request_expires_at, updated_at = now()
         WHERE trust_id = $1 AND staff_id = ANY($2::uuid[]) AND consent_state = 'requested' AND request_expires_at <= $3
         RETURNING id
       ) SELECT id FROM expired`,
      [trustId, staffIds, now],
    );
    return rows.map((row) => row.id);
  }

  /** Call-ins of these people's non-resident on-call periods touching [from, to): the hours that count as work. */
  async callInsOf(db: Pick<UnitOfWork, 'query'> | null, trustId: string, staffIds: string[], from: Date, to: Date): Promise<{ staffId: string; startsAt: Date; endsAt: Date }[]> {
    if (!staffIds.length) return [];
    return (db ?? this.dataSource).query(
      `SELECT a.staff_id AS "staffId", c.starts_at AS "startsAt", c.ends_at AS "endsAt"
       FROM cover_call_in c JOIN cover_assignment a ON a.id = c.assignment_id AND a.trust_id = c.trust_id
       WHERE c.trust_id = $1 AND a.staff_id = ANY($2::uuid[]) AND a.cancelled_at IS NULL AND a.consent_state = 'accepted'
         AND tstzrange(c.starts_at, c.ends_at) && tstzrange($3, $4)
       ORDER BY a.staff_id, c.starts_at`,
      [trustId, staffIds, from, to],
    );
  }

  /**
   * One multi-row INSERT for any number of shifts (autofill saves a whole rota at once). An overlap
   * that got past the rules (a writer that skipped the lock) is refused by the exclusion constraint
   * and reported, not thrown; the caller's transaction is then aborted and must end.
   */
  async insertMany(tx: UnitOfWork, rows: NewCoverAssignment[]): Promise<InsertAssignmentsOutcome> {
    const ids = rows.map(() => randomUUID());
    try {
      for (let start = 0; start < rows.length; start += CoverAssignmentRepository.CHUNK) {
        const chunk = rows.slice(start, start + CoverAssignmentRepository.CHUNK);
        const accepted = (r: NewCoverAssignment) => (r.consent.state === 'accepted' ? r.consent : null);
        const requested = (r: NewCoverAssignment) => (r.consent.state === 'requested' ? r.consent : null);
        await tx.query(
          `INSERT INTO cover_assignment (id, trust_id, walkout_id, department_id, staff_id, starts_at, ends_at, source,
             consent_state, consent_source, consent_recorded_at, consent_recorded_by, availability_id, request_id, request_expires_at,
             on_call, planned_break_starts_at, planned_break_minutes, exceeded_limits, exceed_reason, compensatory_rest_minutes,
             rate_region, price_pence, price_by_band, rate_card, created_by)
           SELECT id, trust_id, walkout_id, department_id, staff_id, starts_at, ends_at, source,
                  consent_state, consent_source, CASE WHEN consent_state = 'accepted' THEN now() END, consent_recorded_by, availability_id,
                  request_id, request_expires_at, on_call, planned_break_starts_at, planned_break_minutes,
                  COALESCE(string_to_array(NULLIF(exceeded_limits, ''), ','), '{}'), exceed_reason, compensatory_rest_minutes,
                  rate_region, price_pence, price_by_band, rate_card, created_by
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::timestamptz[], $7::timestamptz[], $8::text[],
                       $9::text[], $10::text[], $11::uuid[], $12::uuid[], $13::uuid[], $14::timestamptz[], $15::text[], $16::timestamptz[],
                       $17::int[], $18::text[], $19::text[], $20::int[], $21::text[], $22::int[], $23::jsonb[], $24::text[], $25::uuid[])
             AS r(id, trust_id, walkout_id, department_id, staff_id, starts_at, ends_at, source, consent_state, consent_source,
                  consent_recorded_by, availability_id, request_id, request_expires_at, on_call, planned_break_starts_at,
                  planned_break_minutes, exceeded_limits, exceed_reason, compensatory_rest_minutes, rate_region, price_pence,
                  price_by_band, rate_card, created_by)`,
          [
            ids.slice(start, start + chunk.length),
            chunk.map((r) => r.trustId),
            chunk.map((r) => r.walkoutId),
            chunk.map((r) => r.departmentId),
            chunk.map((r) => r.staffId),
            chunk.map((r) => r.startsAt),
            chunk.map((r) => r.endsAt),
            chunk.map((r) => r.source),
            chunk.map((r) => r.consent.state),
            chunk.map((r) => accepted(r)?.source ?? null),
            chunk.map((r) => accepted(r)?.recordedBy ?? null),
            chunk.map((r) => accepted(r)?.availabilityId ?? null),
            chunk.map((r) => requested(r)?.requestId ?? null),
            chunk.map((r) => requested(r)?.expiresAt ?? null),
            chunk.map((r) => r.onCall),
            chunk.map((r) => r.plannedBreak?.startsAt ?? null),
            chunk.map((r) => r.plannedBreak?.minutes ?? null),
            // A text[][] cannot be ragged, so each row's limits travel as one comma-joined string.
            chunk.map((r) => (r.exceeded?.limits ?? []).join(',')),
            chunk.map((r) => r.exceeded?.reason ?? null),
            chunk.map((r) => r.exceeded?.compensatoryRestMinutes ?? 0),
            chunk.map((r) => r.rateRegion),
            chunk.map((r) => r.price.totalPence),
            chunk.map((r) => JSON.stringify(r.price.bands)),
            chunk.map((r) => r.rateCard),
            chunk.map((r) => r.createdBy),
          ],
        );
      }
    } catch (error) {
      if (isPgError(error, PgErrorCode.ExclusionViolation, 'cover_assignment_no_overlap')) return { ok: false, reason: 'overlap' };
      throw error;
    }
    return { ok: true, ids };
  }

  /**
   * The consultant's answer to shifts of one request, in the caller's transaction: only shifts still asked
   * (requested, not cancelled, not past expiry at `now`) change, so an answer racing the expiry or a
   * second answer changes nothing twice. Row locks make the check and the change one step.
   */
  async answer(tx: UnitOfWork, trustId: string, requestId: string, assignmentIds: string[], accept: boolean, source: ConsentSource, now: Date): Promise<string[]> {
    if (!assignmentIds.length) return [];
    const rows: { id: string }[] = await tx.query(
      `WITH answered AS (
         UPDATE cover_assignment
         SET consent_state = CASE WHEN $5 THEN 'accepted' ELSE 'declined' END,
             consent_source = CASE WHEN $5 THEN $6 END,
             consent_recorded_at = CASE WHEN $5 THEN $7::timestamptz END,
             responded_at = $7, updated_at = now()
         WHERE trust_id = $1 AND request_id = $2 AND id = ANY($3::uuid[]) AND consent_state = 'requested'
           AND cancelled_at IS NULL AND request_expires_at > $4
         RETURNING id, starts_at
       ) SELECT id FROM answered ORDER BY starts_at, id`,
      [trustId, requestId, assignmentIds, now, accept, source, now],
    );
    return rows.map((row) => row.id);
  }

  /** Sets the price of a non-resident period again once its call-ins change (the hours called in are paid at the band rates). */
  async reprice(tx: UnitOfWork, trustId: string, assignmentId: string, price: ShiftPrice): Promise<void> {
    await tx.query(`UPDATE cover_assignment SET price_pence = $3, price_by_band = $4, updated_at = now() WHERE trust_id = $1 AND id = $2`, [
      trustId,
      assignmentId,
      price.totalPence,
      JSON.stringify(price.bands),
    ]);
  }

  /**
   * Cancels a live shift (accepted, or a request still standing); bumps SEQUENCE so subscribed calendars
   * apply the change. Returns the consent state it had, or null when there was nothing live to cancel.
   */
  async cancel(tx: UnitOfWork, trustId: string, walkoutId: string, assignmentId: string, cancelledBy: string | null): Promise<ConsentState | null> {
    const rows: { consentState: ConsentState }[] = await tx.query(
      `WITH cancelled AS (
         UPDATE cover_assignment SET cancelled_at = now(), cancelled_by = $4, sequence = sequence + 1, updated_at = now()
         WHERE trust_id = $1 AND walkout_id = $2 AND id = $3 AND cancelled_at IS NULL AND consent_state IN ('requested', 'accepted')
         RETURNING consent_state
       ) SELECT consent_state AS "consentState" FROM cancelled`,
      [trustId, walkoutId, assignmentId, cancelledBy],
    );
    return rows[0]?.consentState ?? null;
  }

  async findById(trustId: string, walkoutId: string, assignmentId: string): Promise<CoverAssignmentRecord | null> {
    return this.selectById(this.dataSource.manager, trustId, walkoutId, assignmentId);
  }

  /** The shift as the caller's transaction sees it. */
  async findInTransaction(tx: UnitOfWork, trustId: string, walkoutId: string, assignmentId: string): Promise<CoverAssignmentRecord | null> {
    return this.selectById(tx, trustId, walkoutId, assignmentId);
  }

  private async selectById(db: UnitOfWork, trustId: string, walkoutId: string, assignmentId: string): Promise<CoverAssignmentRecord | null> {
    const rows: StoredAssignment[] = await db.query(`${SELECT_ASSIGNMENT} WHERE a.trust_id = $1 AND a.walkout_id = $2 AND a.id = $3`, [trustId, walkoutId, assignmentId]);
    return (await this.withStaffNumbers(db, trustId, rows))[0] ?? null;
  }

  async findByIds(tx: UnitOfWork, trustId: string, ids: string[]): Promise<CoverAssignmentRecord[]> {
    if (!ids.length) return [];
    const rows: StoredAssignment[] = await tx.query(`${SELECT_ASSIGNMENT} WHERE a.trust_id = $1 AND a.id = ANY($2::uuid[]) ORDER BY a.starts_at, a.id`, [trustId, ids]);
    return this.withStaffNumbers(tx, trustId, rows);
  }

  async listPage(trustId: string, walkoutId: string, filter: AssignmentListFilter): Promise<CoverAssignmentRecord[]> {
    const params: unknown[] = [trustId, walkoutId, filter.limit];
    const where = ['a.trust_id = $1', 'a.walkout_id = $2'];
    // Only the two filters that depend on the time take it as a parameter (an unused one has no type).
    const now = () => `$${params.push(filter.now)}::timestamptz`;
    if (filter.status === 'active') where.push(`a.cancelled_at IS NULL AND a.consent_state = 'accepted'`);
    if (filter.status === 'requested') where.push(`a.cancelled_at IS NULL AND a.consent_state = 'requested' AND a.request_expires_at > ${now()}`);
    if (filter.status === 'expired') where.push(`a.cancelled_at IS NULL AND (a.consent_state = 'expired' OR (a.consent_state = 'requested' AND a.request_expires_at <= ${now()}))`);
    if (filter.status === 'declined') where.push(`a.cancelled_at IS NULL AND a.consent_state = 'declined'`);
    if (filter.status === 'cancelled') where.push('a.cancelled_at IS NOT NULL');
    if (filter.departmentId) where.push(`a.department_id = $${params.push(filter.departmentId)}`);
    if (filter.after) where.push(`(a.starts_at, a.id) > ($${params.push(filter.after[0])}::timestamptz, $${params.push(filter.after[1])}::uuid)`);
    const rows: StoredAssignment[] = await this.dataSource.query(`${SELECT_ASSIGNMENT} WHERE ${where.join(' AND ')} ORDER BY a.starts_at, a.id LIMIT $3`, params);
    return this.withStaffNumbers(this.dataSource.manager, trustId, rows);
  }

  /** The walkout's live shifts at `now` (accepted, and requests not yet answered or expired), for the gap grid and autofill. */
  async activeForWalkout(trustId: string, walkoutId: string, now: Date): Promise<WalkoutShift[]> {
    return this.dataSource.query(
      `SELECT id, department_id AS "departmentId", staff_id AS "staffId", starts_at AS "startsAt", ends_at AS "endsAt", price_pence AS "pricePence",
              consent_state AS "consentState"
       FROM cover_assignment WHERE trust_id = $1 AND walkout_id = $2 AND cancelled_at IS NULL AND ${LIVE_AT_3} ORDER BY starts_at, id`,
      [trustId, walkoutId, now],
    );
  }

  /**
   * Per consultant with accepted cover in the walkout: hours that count as work (resident shifts whole,
   * non-resident on-call only as called in), hours on call from home, and the compensatory rest owed for
   * limits exceeded by agreement (on shifts) or broken by call-ins.
   */
  async workingTimeOfWalkout(trustId: string, walkoutId: string): Promise<{ staffId: string; workedMinutes: number; onCallMinutes: number; compensatoryRestMinutes: number; exceededShifts: number }[]> {
    return this.dataSource.query(
      `WITH shifts AS (
         SELECT a.id, a.staff_id, a.on_call, a.compensatory_rest_minutes, cardinality(a.exceeded_limits) > 0 AS exceeded,
                extract(epoch FROM a.ends_at - a.starts_at) / 60 AS minutes
         FROM cover_assignment a
         WHERE a.trust_id = $1 AND a.walkout_id = $2 AND a.cancelled_at IS NULL AND a.consent_state = 'accepted'
       ), calls AS (
         SELECT c.assignment_id, sum(extract(epoch FROM c.ends_at - c.starts_at) / 60) AS minutes,
                sum(c.compensatory_rest_minutes) AS rest, bool_or(cardinality(c.exceeded_limits) > 0) AS exceeded
         FROM cover_call_in c WHERE c.trust_id = $1 AND c.assignment_id IN (SELECT id FROM shifts) GROUP BY c.assignment_id
       )
       SELECT s.staff_id AS "staffId",
              round(sum(CASE WHEN s.on_call = 'resident' THEN s.minutes ELSE COALESCE(c.minutes, 0) END))::int AS "workedMinutes",
              round(sum(CASE WHEN s.on_call = 'non-resident' THEN s.minutes ELSE 0 END))::int AS "onCallMinutes",
              (sum(s.compensatory_rest_minutes) + COALESCE(sum(c.rest), 0))::int AS "compensatoryRestMinutes",
              count(*) FILTER (WHERE s.exceeded OR COALESCE(c.exceeded, false))::int AS "exceededShifts"
       FROM shifts s LEFT JOIN calls c ON c.assignment_id = s.id
       GROUP BY s.staff_id`,
      [trustId, walkoutId],
    );
  }

  /** Shifts of the walkout consultants declined: autofill does not ask them again for those hours. */
  async declinedInWalkout(trustId: string, walkoutId: string): Promise<Map<string, ShiftTimes[]>> {
    const rows: { staffId: string; startsAt: Date; endsAt: Date }[] = await this.dataSource.query(
      `SELECT staff_id AS "staffId", starts_at AS "startsAt", ends_at AS "endsAt" FROM cover_assignment
       WHERE trust_id = $1 AND walkout_id = $2 AND consent_state = 'declined' ORDER BY staff_id, starts_at`,
      [trustId, walkoutId],
    );
    const byStaff = new Map<string, ShiftTimes[]>();
    for (const { staffId, ...shift } of rows) byStaff.set(staffId, [...(byStaff.get(staffId) ?? []), shift]);
    return byStaff;
  }

  /** Cancelled shifts of this consultant with exactly these times and department: a removal being undone. */
  async cancelledTwins(tx: UnitOfWork, trustId: string, shift: { staffId: string; departmentId: string; startsAt: Date; endsAt: Date }): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(
      `SELECT id FROM cover_assignment
       WHERE trust_id = $1 AND staff_id = $2 AND department_id = $3 AND starts_at = $4 AND ends_at = $5 AND cancelled_at IS NOT NULL
         AND consent_recorded_at IS NOT NULL`,
      [trustId, shift.staffId, shift.departmentId, shift.startsAt, shift.endsAt],
    );
    return rows.map((row) => row.id);
  }

  async noticeRows(tx: UnitOfWork, trustId: string, assignmentIds: string[]): Promise<ShiftNoticeRow[]> {
    if (!assignmentIds.length) return [];
    const rows: Omit<ShiftNoticeRow, 'givenName'>[] = await tx.query(
      `SELECT a.id AS "assignmentId", a.walkout_id AS "walkoutId", a.staff_id AS "staffId",
              a.starts_at AS "startsAt", a.ends_at AS "endsAt", a.department_id AS "departmentId"
       FROM cover_assignment a
       WHERE a.trust_id = $1 AND a.id = ANY($2::uuid[])
       ORDER BY a.starts_at, a.id`,
      [trustId, assignmentIds],
    );
    const names = await this.staff.namesOf(tx, trustId, rows.map((row) => row.staffId));
    return rows.map((row) => ({ ...row, givenName: names.get(row.staffId)?.givenName ?? '' }));
  }

}
