import { Clock, UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { answerAcross, answerForDay } from '../engine/participation-days';
import { dayAt, daysTouching, walkoutDays } from '../engine/walkout-days';
import { ParticipationAnswer } from '../engine/walkout-rules';
import { ActivityCancellations, ParticipationRepository } from '../participation/participation.repository';

/** A walkout's times, striking groups and sites, as other libs need them to decide who is on strike. */
export interface WalkoutSpan {
  id: string;
  staffGroups: string[];
  startsAt: Date;
  endsAt: Date;
  calledOffAt: Date | null;
  /** The walkout's sites; empty means every site of the trust. */
  siteIds: string[];
}

const SELECT_SPAN = `SELECT w.id, w.staff_groups AS "staffGroups", w.starts_at AS "startsAt", w.ends_at AS "endsAt", w.called_off_at AS "calledOffAt",
       COALESCE((SELECT array_agg(ws.site_id ORDER BY ws.site_id) FROM walkout_site ws WHERE ws.walkout_id = w.id), '{}') AS "siteIds"
  FROM walkout w`;

/**
 * The walkouts lib's read port: other libs read `walkout` and `walkout_site` only through it, inside
 * their own transaction (the first argument). One statement per call, whatever the number of sites.
 */
@Injectable()
export class WalkoutReads {
  constructor(
    private readonly participation: ParticipationRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Walkouts of the trust running at `at` (not called off) that cover at least one of `siteIds` — a
   * walkout naming no sites covers all of them.
   */
  async inProgressAtSites(tx: UnitOfWork, trustId: string, siteIds: string[], at: Date): Promise<WalkoutSpan[]> {
    return tx.query(
      `${SELECT_SPAN}
       WHERE w.trust_id = $1 AND w.called_off_at IS NULL AND w.starts_at <= $3 AND w.ends_at > $3
         AND (NOT EXISTS (SELECT 1 FROM walkout_site ws WHERE ws.walkout_id = w.id)
              OR EXISTS (SELECT 1 FROM walkout_site ws WHERE ws.walkout_id = w.id AND ws.site_id = ANY($2::uuid[])))
       ORDER BY w.starts_at, w.id`,
      [trustId, siteIds, at],
    );
  }

  /** One walkout of the trust, or null when it is not one of the trust's. */
  async windowOf(tx: UnitOfWork, trustId: string, walkoutId: string): Promise<WalkoutSpan | null> {
    const rows: WalkoutSpan[] = await tx.query(`${SELECT_SPAN} WHERE w.trust_id = $1 AND w.id = $2`, [trustId, walkoutId]);
    return rows[0] ?? null;
  }

  /** These walkouts by id, across trusts (for sweepers that look after every trust); unknown ids are absent. */
  async windowsOf(tx: UnitOfWork, walkoutIds: readonly string[]): Promise<Map<string, WalkoutSpan>> {
    if (!walkoutIds.length) return new Map();
    const rows: WalkoutSpan[] = await tx.query(`${SELECT_SPAN} WHERE w.id = ANY($1::uuid[])`, [[...new Set(walkoutIds)]]);
    return new Map(rows.map((row) => [row.id, row]));
  }

  /**
   * Each of these staff's answer to "will you strike?" for the walkout day running at `at` (default: now),
   * or — before the walkout starts or after it ends — across all its days (answerAcross). Staff who gave
   * no answer are absent. Participation is per walkout day (docs/domain.md, "Participation").
   */
  async participationOf(tx: UnitOfWork, trustId: string, walkoutId: string, staffIds: readonly string[], at: Date = this.clock.now()): Promise<Map<string, ParticipationAnswer>> {
    const walkout = await this.windowOf(tx, trustId, walkoutId);
    if (!walkout || !staffIds.length) return new Map();
    const days = walkoutDays(walkout.startsAt, walkout.endsAt);
    const today = dayAt(days, at);
    return this.answersOver(tx, trustId, walkoutId, staffIds, (today ? [today] : days).map((d) => d.date));
  }

  /**
   * Staff taking part at this time: each one's answer over the walkout days that `during` touches (a
   * cover shift across 07:00 touches two; yes on either is yes). No span, or one outside the walkout,
   * reads the whole walkout. Staff who gave no answer are absent.
   */
  async participationDuring(tx: UnitOfWork, trustId: string, walkoutId: string, staffIds: readonly string[], during?: { from: Date; to: Date }): Promise<Map<string, ParticipationAnswer>> {
    const walkout = await this.windowOf(tx, trustId, walkoutId);
    if (!walkout || !staffIds.length) return new Map();
    const days = walkoutDays(walkout.startsAt, walkout.endsAt);
    const touched = during ? daysTouching(days, during.from, during.to) : [];
    return this.answersOver(tx, trustId, walkoutId, staffIds, (touched.length ? touched : days).map((d) => d.date));
  }

  /** Community and mental-health cancellations the trusts recorded, per walkout day, for these walkouts (any trusts). */
  async activityCancellationsOf(tx: UnitOfWork, walkoutIds: readonly string[]): Promise<ActivityCancellations[]> {
    if (!walkoutIds.length) return [];
    return tx.query(
      `SELECT walkout_id AS "walkoutId", to_char(day, 'YYYY-MM-DD') AS day, community, mental_health AS "mentalHealth"
       FROM walkout_activity_cancellation WHERE walkout_id = ANY($1::uuid[]) ORDER BY walkout_id, day`,
      [[...new Set(walkoutIds)]],
    );
  }

  private async answersOver(tx: UnitOfWork, trustId: string, walkoutId: string, staffIds: readonly string[], dates: string[]): Promise<Map<string, ParticipationAnswer>> {
    const answers = await this.participation.answersOf(tx, trustId, walkoutId, staffIds);
    const result = new Map<string, ParticipationAnswer>();
    for (const person of answers) {
      const answer = answerAcross(dates.map((date) => answerForDay(person.whole, person.days[date])));
      if (answer !== null) result.set(person.staffId, answer);
    }
    return result;
  }
}
