import { UnitOfWork } from '@app/core';
import { NotificationDeliveries, NotificationStatus, UNSENT_STATUSES } from '@app/notifications';
import { PlaceReads, StaffForRecall, StaffReads } from '@app/organisations';
import { ParticipationAnswer, WalkoutReads } from '@app/walkouts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IncidentState } from '../engine/incident-state';
import { CohortStaff, WideningStage } from '../engine/recall-cohort';
import { Methane } from '../incidents/major-incident.repository';

/** What a recall row belongs to: a major incident or a derogation. */
export type RecallReasonRef = { kind: 'incident'; id: string } | { kind: 'derogation'; id: string };

/** A person the cohort engine may recall, with what the message and the roll-call need. */
export interface RecallCandidate extends CohortStaff {
  givenName: string;
  specialty: string;
  staffNumber: string;
  participation: ParticipationAnswer | null;
}

export interface NewRecall {
  staffId: string;
  walkoutId: string;
  /** Fill count: the need the person is asked for. */
  needId?: string | null;
}

export interface EscalationRecallRow {
  id: string;
  staffId: string;
  givenName: string;
  walkoutId: string;
  attending: boolean | null;
  lastRemindedRound: number | null;
  /** The first recall message has not reached the provider yet. */
  awaitingFirstMessage: boolean;
  needId: string | null;
}

export interface RecallMessageTarget {
  recallId: string;
  staffId: string;
  givenName: string;
  walkoutId: string;
}

export interface RecallLinkRecord {
  recallId: string;
  /** Fill count: the need this recall asks for (its row is locked before the recall row when answering). */
  needId: string | null;
  trustId: string;
  staffId: string;
  givenName: string;
  attending: boolean | null;
  etaMinutes: number | null;
  respondedAt: Date | null;
  reason: RecallReasonRef;
  /** The incident is still declared / the derogation's recall has not been stood down (or the recall was carried into one still open). */
  open: boolean;
  trustName: string;
  siteNames: string[];
  description: string | null;
  methane: Methane | null;
  /** The incident is a drill: the page says so. */
  drill: boolean;
}

/**
 * A person's earlier major-incident recall that still stands for them: its message is on its way or
 * went out, and they have not been told it is over (the incident is still declared, or its stand-down
 * has not reached them yet).
 */
export interface StandingRecall {
  staffId: string;
  /** The recall row whose message they got (a recall carried from another is never the root). */
  rootRecallId: string;
  /** That recall, or one carried from it, is for an incident still declared. */
  open: boolean;
  /** A stand-down from one of those incidents has been handed to Notify: they were told it is over. */
  told: boolean;
  /** Incidents of the chain whose stand-down to this person is written but not yet handed to Notify. */
  unsentStandDownIncidentIds: string[];
  /** The chain's latest answer. */
  attending: boolean | null;
  etaMinutes: number | null;
  respondedAt: Date | null;
}

export interface CarriedRecall {
  staffId: string;
  walkoutId: string;
  rootRecallId: string;
  attending: boolean | null;
  etaMinutes: number | null;
  respondedAt: Date | null;
}

export interface RollCallRecord {
  id: string;
  staffNumber: string;
  name: string;
  grade: string;
  /** Set when no message was sent for this incident: the person's recall for that incident stands. */
  carriedFromIncidentId: string | null;
  siteId: string | null;
  siteName: string | null;
  departmentId: string | null;
  departmentName: string | null;
  /** Status of the first recall message; null if it was never written (should not happen). */
  notificationStatus: string | null;
  attending: boolean | null;
  etaMinutes: number | null;
  respondedAt: Date | null;
  needId: string | null;
}

/** A recall message in these states may still reach (or has reached) the person. */
const LIVE_RECALL_MESSAGE: ReadonlySet<NotificationStatus> = new Set(['pending', 'queued', 'sending', 'sent', 'delivered']);
/** A stand-down in these states has not been handed to Notify. */
const UNSENT_STAND_DOWN: ReadonlySet<NotificationStatus> = new Set(['pending', 'queued']);
const NOT_YET_TOLD: ReadonlySet<NotificationStatus> = new Set([...UNSENT_STAND_DOWN, 'cancelled']);

function reasonColumns(reason: RecallReasonRef): [string | null, string | null] {
  return reason.kind === 'incident' ? [reason.id, null] : [null, reason.id];
}

function reasonCondition(reason: RecallReasonRef, param: string): string {
  return reason.kind === 'incident' ? `r.incident_id = ${param}` : `r.derogation_id = ${param}`;
}

/**
 * Recall rows, their link tokens (hashes only), and the reads that feed the engine (cohort candidates,
 * escalation state, roll-call). Writes are set-based: one statement per batch, never a row at a time.
 */
@Injectable()
export class RecallRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: NotificationDeliveries,
    private readonly staff: StaffReads,
    private readonly walkouts: WalkoutReads,
    private readonly places: PlaceReads,
  ) {}


  /** The trust's staff in the walkout's striking grades, with their answer for that walkout. */
  async cohortCandidates(tx: UnitOfWork, trustId: string, walkoutId: string, grades: string[]): Promise<RecallCandidate[]> {
    return this.withParticipation(tx, trustId, walkoutId, await this.staff.inGrades(tx, trustId, grades));
  }

  async staffByIds(tx: UnitOfWork, trustId: string, walkoutId: string, staffIds: string[]): Promise<RecallCandidate[]> {
    return this.withParticipation(tx, trustId, walkoutId, await this.staff.byIds(tx, trustId, staffIds));
  }

  private async withParticipation(tx: UnitOfWork, trustId: string, walkoutId: string, staff: StaffForRecall[]): Promise<RecallCandidate[]> {
    const answers = await this.walkouts.participationOf(tx, trustId, walkoutId, staff.map((s) => s.id));
    return staff.map((s) => ({ ...s, participation: answers.get(s.id) ?? null }));
  }

  async recalledStaffIds(tx: UnitOfWork, trustId: string, reason: RecallReasonRef): Promise<string[]> {
    const rows: { staffId: string }[] = await tx.query(`SELECT r.staff_id AS "staffId" FROM recall r WHERE r.trust_id = $1 AND ${reasonCondition(reason, '$2')}`, [trustId, reason.id]);
    return rows.map((row) => row.staffId);
  }

  /**
   * The recall rows and their first links in one statement for the whole cohort (recall rows, then a
   * link per row inserted, matched by staff id). Anyone already recalled for this reason is skipped by
   * the unique constraint, not duplicated, and gets no new link.
   */
  async insertRecalls(
    tx: UnitOfWork,
    trustId: string,
    reason: RecallReasonRef,
    recalls: (NewRecall & { tokenHash: string })[],
    round: number,
    stage: WideningStage | null,
  ): Promise<{ id: string; staffId: string }[]> {
    if (!recalls.length) return [];
    const [incidentId, derogationId] = reasonColumns(reason);
    return tx.query(
      `WITH input AS (
         SELECT * FROM unnest($4::uuid[], $5::uuid[], $8::text[], $9::uuid[]) AS u(walkout_id, staff_id, token_hash, need_id)
       ), inserted AS (
         INSERT INTO recall (trust_id, incident_id, derogation_id, walkout_id, staff_id, round, widening_stage, need_id)
         SELECT $1, $2, $3, walkout_id, staff_id, $6, $7, need_id FROM input
         ON CONFLICT DO NOTHING
         RETURNING id, staff_id
       ), links AS (
         INSERT INTO recall_link (token_hash, trust_id, recall_id, issued_for)
         SELECT decode(input.token_hash, 'hex'), $1, inserted.id, 'recall' FROM inserted JOIN input ON input.staff_id = inserted.staff_id
       )
       SELECT id, staff_id AS "staffId" FROM inserted`,
      [trustId, incidentId, derogationId, recalls.map((r) => r.walkoutId), recalls.map((r) => r.staffId), round, stage, recalls.map((r) => r.tokenHash), recalls.map((r) => r.needId ?? null)],
    );
  }

  /** Further links for people already recalled (a reminder carries a fresh one; the first still works). */
  async insertLinks(tx: UnitOfWork, trustId: string, links: { recallId: string; hash: string }[], issuedFor: 'recall' | 'recall-reminder'): Promise<void> {
    if (!links.length) return;
    await tx.query(
      `INSERT INTO recall_link (token_hash, trust_id, recall_id, issued_for)
       SELECT decode(u.hash, 'hex'), $1, u.recall_id, $4 FROM unnest($2::text[], $3::uuid[]) AS u(hash, recall_id)`,
      [trustId, links.map((l) => l.hash), links.map((l) => l.recallId), issuedFor],
    );
  }

  /** The trust's name and the names of these sites, in the order given (unknown ids dropped). */
  async labels(tx: UnitOfWork, trustId: string, siteIds: string[]): Promise<{ trustName: string; siteNames: string[] }> {
    const trustName = await this.places.trustName(tx, trustId);
    const sites = siteIds.length ? await this.places.sitesByName(tx, trustId, siteIds) : [];
    const byId = new Map(sites.map((s) => [s.id, s.name]));
    return { trustName: trustName ?? '', siteNames: siteIds.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])) };
  }

  async siteIdsOfTrust(tx: UnitOfWork, trustId: string): Promise<string[]> {
    return (await this.places.sitesByName(tx, trustId)).map((site) => site.id);
  }

  /** Per recalled person: answer, reminders so far, and whether their first message is still on its way. */
  async escalationState(tx: UnitOfWork, trustId: string, incidentId: string): Promise<EscalationRecallRow[]> {
    const rows: (Omit<EscalationRecallRow, 'awaitingFirstMessage' | 'givenName'> & { firstRecallId: string })[] = await tx.query(
      `SELECT r.id, r.staff_id AS "staffId", r.walkout_id AS "walkoutId", r.attending, r.need_id AS "needId",
              r.last_reminded_round AS "lastRemindedRound", COALESCE(r.carried_from_recall_id, r.id) AS "firstRecallId"
       FROM recall r
       WHERE r.trust_id = $1 AND r.incident_id = $2
       ORDER BY r.created_at, r.id`,
      [trustId, incidentId],
    );
    const first = await this.firstMessageStatuses(tx, trustId, rows.map((row) => row.firstRecallId));
    const names = await this.givenNames(tx, trustId, rows.map((row) => row.staffId));
    return rows.flatMap(({ firstRecallId, ...row }) => {
      const status = first.get(firstRecallId);
      return names.has(row.staffId) ? [{ ...row, givenName: names.get(row.staffId)!, awaitingFirstMessage: status !== undefined && UNSENT_STATUSES.includes(status) }] : [];
    });
  }

  /** Recalled for this need and not answered (yet), whatever became of their message. */
  async unansweredOfNeed(tx: UnitOfWork, trustId: string, needId: string): Promise<{ recallId: string; staffId: string }[]> {
    return tx.query(`SELECT r.id AS "recallId", r.staff_id AS "staffId" FROM recall r WHERE r.trust_id = $1 AND r.need_id = $2 AND r.attending IS NULL ORDER BY r.created_at, r.id`, [trustId, needId]);
  }

  /** Of those, the ones whose recall message was not withdrawn before it went (they know they were asked). */
  async messagedUnansweredOfNeed(tx: UnitOfWork, trustId: string, needId: string): Promise<RecallMessageTarget[]> {
    const rows: { recallId: string; staffId: string; walkoutId: string }[] = await tx.query(
      `SELECT r.id AS "recallId", r.staff_id AS "staffId", r.walkout_id AS "walkoutId" FROM recall r
       WHERE r.trust_id = $1 AND r.need_id = $2 AND r.attending IS NULL ORDER BY r.created_at, r.id`,
      [trustId, needId],
    );
    const first = await this.firstMessageStatuses(tx, trustId, rows.map((row) => row.recallId));
    const names = await this.givenNames(tx, trustId, rows.map((row) => row.staffId));
    return rows.filter((row) => first.has(row.recallId) && first.get(row.recallId) !== 'cancelled' && names.has(row.staffId)).map((row) => ({ ...row, givenName: names.get(row.staffId)! }));
  }

  async markReminded(tx: UnitOfWork, trustId: string, recallIds: string[], round: number): Promise<void> {
    if (!recallIds.length) return;
    await tx.query(`UPDATE recall SET last_reminded_round = $3 WHERE trust_id = $1 AND id = ANY($2::uuid[])`, [trustId, recallIds, round]);
  }

  /**
   * Everyone recalled for this reason whose recall message was not withdrawn before it went out, except
   * those whose recall was carried into another incident still declared: they are still needed there,
   * and will be told when that one ends.
   */
  async messageTargetsForStandDown(tx: UnitOfWork, trustId: string, reason: RecallReasonRef): Promise<RecallMessageTarget[]> {
    const rows: (Omit<RecallMessageTarget, 'givenName'> & { firstRecallId: string })[] = await tx.query(
      `SELECT r.id AS "recallId", r.staff_id AS "staffId", r.walkout_id AS "walkoutId",
              COALESCE(r.carried_from_recall_id, r.id) AS "firstRecallId"
       FROM recall r
       WHERE r.trust_id = $1 AND ${reasonCondition(reason, '$2')}
         AND r.id <> ALL($3::uuid[])
       ORDER BY r.created_at, r.id`,
      [trustId, reason.id, await this.stillNeededRecallIds(tx, trustId, reason)],
    );
    const first = await this.firstMessageStatuses(tx, trustId, rows.map((row) => row.firstRecallId));
    const names = await this.givenNames(tx, trustId, rows.map((row) => row.staffId));
    return rows
      .filter((row) => first.get(row.firstRecallId) !== 'cancelled' && names.has(row.staffId))
      .map(({ firstRecallId: _first, ...target }) => ({ ...target, givenName: names.get(target.staffId)! }));
  }

  /** People of this reason whose recall also stands for another incident that is still declared. */
  async stillNeededStaffIds(tx: UnitOfWork, trustId: string, reason: RecallReasonRef): Promise<string[]> {
    const rows: { staffId: string }[] = await tx.query(
      `SELECT DISTINCT r.staff_id AS "staffId" FROM recall r WHERE r.trust_id = $1 AND r.id = ANY($2::uuid[])`,
      [trustId, await this.stillNeededRecallIds(tx, trustId, reason)],
    );
    return rows.map((row) => row.staffId);
  }

  private async stillNeededRecallIds(tx: UnitOfWork, trustId: string, reason: RecallReasonRef): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(
      `SELECT r.id FROM recall r
       WHERE r.trust_id = $1 AND ${reasonCondition(reason, '$2')}
         AND EXISTS (
           SELECT 1 FROM recall other
           JOIN major_incident i ON i.trust_id = other.trust_id AND i.id = other.incident_id
           WHERE other.trust_id = r.trust_id AND other.staff_id = r.staff_id AND other.id <> r.id AND i.state = 'declared'
             AND COALESCE(other.carried_from_recall_id, other.id) = COALESCE(r.carried_from_recall_id, r.id))`,
      [trustId, reason.id],
    );
    return rows.map((row) => row.id);
  }

  /**
   * For coalescing a new major-incident recall: each person's most recent recall message from another
   * incident of the trust, sent in the last `withinMinutes` (by the database clock, as `created_at`)
   * for every site of the new one and neither withdrawn nor failed — with what became of it since: the
   * incidents it was carried into (the "chain"), whether one of them is still declared, whether a
   * stand-down from the chain has reached the person, and the chain's latest answer.
   */
  async standingRecalls(tx: UnitOfWork, trustId: string, incidentId: string, siteIds: string[], staffIds: string[], withinMinutes: number): Promise<StandingRecall[]> {
    if (!staffIds.length || withinMinutes <= 0) return [];
    // Recalls that had a message of their own, newest first per person; the newest whose message is
    // still live (not withdrawn, not failed) is the person's root.
    const candidates: { staffId: string; id: string }[] = await tx.query(
      `SELECT r.staff_id AS "staffId", r.id
       FROM recall r
       JOIN major_incident i ON i.trust_id = r.trust_id AND i.id = r.incident_id
       WHERE r.trust_id = $1 AND r.staff_id = ANY($2::uuid[]) AND r.incident_id <> $3 AND r.carried_from_recall_id IS NULL
         AND r.created_at >= now() - make_interval(mins => $5)
         -- A drill's recall, and a fill-count recall (it counts for its own need), never stand for another incident.
         AND NOT i.drill AND r.need_id IS NULL
         AND NOT EXISTS (
           SELECT 1 FROM unnest($4::uuid[]) AS wanted(site_id)
           WHERE NOT EXISTS (SELECT 1 FROM major_incident_site mis WHERE mis.incident_id = i.id AND mis.site_id = wanted.site_id))
       ORDER BY r.staff_id, r.created_at DESC`,
      [trustId, staffIds, incidentId, siteIds, withinMinutes],
    );
    const first = await this.firstMessageStatuses(tx, trustId, candidates.map((c) => c.id));
    const roots = new Map<string, string>();
    for (const candidate of candidates) {
      const status = first.get(candidate.id);
      if (!roots.has(candidate.staffId) && status !== undefined && LIVE_RECALL_MESSAGE.has(status)) roots.set(candidate.staffId, candidate.id);
    }
    if (!roots.size) return [];
    // The chain: each root and the recalls carried from it into other incidents, with what became of them.
    const chain: { staffId: string; rootId: string; recallId: string; incidentId: string; declared: boolean; attending: boolean | null; etaMinutes: number | null; respondedAt: Date | null }[] = await tx.query(
      `SELECT roots.staff_id AS "staffId", roots.root_id AS "rootId", c.id AS "recallId", c.incident_id AS "incidentId",
              ci.state = 'declared' AS declared, c.attending, c.eta_minutes AS "etaMinutes", c.responded_at AS "respondedAt"
       FROM unnest($2::uuid[], $3::uuid[]) AS roots(staff_id, root_id)
       JOIN recall c ON c.trust_id = $1 AND (c.id = roots.root_id OR c.carried_from_recall_id = roots.root_id) AND c.incident_id <> $4
       JOIN major_incident ci ON ci.trust_id = c.trust_id AND ci.id = c.incident_id`,
      [trustId, [...roots.keys()], [...roots.values()], incidentId],
    );
    const standDowns = await this.deliveries.statusBySource(tx, trustId, 'recall', chain.map((c) => c.recallId), 'recall-stand-down');
    const byPerson = new Map<string, typeof chain>();
    for (const link of chain) byPerson.set(link.staffId, [...(byPerson.get(link.staffId) ?? []), link]);
    return [...byPerson.entries()].map(([staffId, links]) => {
      const latest = [...links].sort((x, y) => (y.respondedAt?.getTime() ?? -Infinity) - (x.respondedAt?.getTime() ?? -Infinity))[0];
      const answered = links.flatMap((link) => (link.respondedAt ? [link.respondedAt.getTime()] : []));
      return {
        staffId,
        rootRecallId: roots.get(staffId)!,
        open: links.some((link) => link.declared),
        told: links.some((link) => {
          const status = standDowns.get(link.recallId);
          return status !== undefined && !NOT_YET_TOLD.has(status);
        }),
        unsentStandDownIncidentIds: links.flatMap((link) => (UNSENT_STAND_DOWN.has(standDowns.get(link.recallId)!) ? [link.incidentId] : [])),
        attending: latest.attending,
        etaMinutes: latest.etaMinutes,
        respondedAt: answered.length ? new Date(Math.max(...answered)) : null,
      };
    });
  }

  /** Recall rows with no link and no message of their own: the earlier recall's message and answer stand. */
  async insertCarriedRecalls(tx: UnitOfWork, trustId: string, incidentId: string, carried: CarriedRecall[], round: number, stage: WideningStage): Promise<number> {
    if (!carried.length) return 0;
    const rows = await tx.query(
      `INSERT INTO recall (trust_id, incident_id, walkout_id, staff_id, round, widening_stage, carried_from_recall_id, attending, eta_minutes, responded_at)
       SELECT $1, $2, u.walkout_id, u.staff_id, $3, $4, u.root_id, u.attending, u.eta_minutes, u.responded_at
       FROM unnest($5::uuid[], $6::uuid[], $7::uuid[], $8::boolean[], $9::int[], $10::timestamptz[]) AS u(walkout_id, staff_id, root_id, attending, eta_minutes, responded_at)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [
        trustId,
        incidentId,
        round,
        stage,
        carried.map((c) => c.walkoutId),
        carried.map((c) => c.staffId),
        carried.map((c) => c.rootRecallId),
        carried.map((c) => c.attending),
        carried.map((c) => c.etaMinutes),
        carried.map((c) => c.respondedAt),
      ],
    );
    return rows.length;
  }

  async findLink(tokenHash: string): Promise<RecallLinkRecord | null> {
    return this.readLink(this.dataSource.manager, tokenHash, false);
  }

  /** The link's recall row locked for the answer: two answers from one person are applied one after the other. */
  async lockLink(tx: UnitOfWork, tokenHash: string): Promise<RecallLinkRecord | null> {
    return this.readLink(tx, tokenHash, true);
  }

  /**
   * The recall row locked for an answer by text: read through the recall's first link, so a reply to a
   * recall text is read exactly as that text's link would be (the incident it stands for now, open or not).
   */
  /** The fill-count need a recall was sent for, if any (fixed when the recall is written: no lock needed). */
  async needOfRecall(tx: UnitOfWork, trustId: string, recallId: string): Promise<string | null> {
    const [row]: { needId: string | null }[] = await tx.query(`SELECT need_id AS "needId" FROM recall WHERE trust_id = $1 AND id = $2`, [trustId, recallId]);
    return row?.needId ?? null;
  }

  async lockRecall(tx: UnitOfWork, trustId: string, recallId: string): Promise<RecallLinkRecord | null> {
    const [link]: { hash: string }[] = await tx.query(
      `SELECT encode(token_hash, 'hex') AS hash FROM recall_link WHERE trust_id = $1 AND recall_id = $2 ORDER BY created_at LIMIT 1`,
      [trustId, recallId],
    );
    return link ? this.readLink(tx, link.hash, true) : null;
  }

  private async readLink(tx: UnitOfWork, tokenHash: string, lock: boolean): Promise<RecallLinkRecord | null> {
    const links: (Omit<RecallLinkRecord, 'reason' | 'open' | 'trustName' | 'siteNames' | 'description' | 'methane' | 'givenName' | 'drill'> & {
      incidentId: string | null;
      derogationId: string | null;
    })[] = await tx.query(
      `SELECT r.id AS "recallId", r.trust_id AS "trustId", r.staff_id AS "staffId", r.need_id AS "needId",
              r.attending, r.eta_minutes AS "etaMinutes", r.responded_at AS "respondedAt", r.incident_id AS "incidentId", r.derogation_id AS "derogationId"
       FROM recall_link l
       JOIN recall r ON r.trust_id = l.trust_id AND r.id = l.recall_id
       WHERE l.token_hash = decode($1, 'hex')${lock ? ' FOR UPDATE OF r' : ''}`,
      [tokenHash],
    );
    const link = links[0];
    if (!link) return null;
    const [person] = await this.staff.byIds(tx, link.trustId, [link.staffId]);
    if (!person) return null;
    const row = { ...link, givenName: person.givenName };
    const siteId = person.siteId;
    const { incidentId: linkedIncidentId, derogationId, ...rest } = row;
    let incidentId = linkedIncidentId;
    const trust = { name: (await this.places.trustName(tx, row.trustId)) ?? '' };

    if (incidentId) {
      // A recall carried into a later incident keeps this link working while that incident is declared;
      // the page then shows the incident the person is needed for now.
      const [carried]: { incidentId: string }[] = await tx.query(
        `SELECT c.incident_id AS "incidentId" FROM recall c JOIN major_incident ci ON ci.trust_id = c.trust_id AND ci.id = c.incident_id
         WHERE c.trust_id = $1 AND c.carried_from_recall_id = $2 AND ci.state = 'declared'
           AND NOT EXISTS (SELECT 1 FROM major_incident own WHERE own.trust_id = $1 AND own.id = $3 AND own.state = 'declared')
         ORDER BY c.created_at DESC LIMIT 1`,
        [row.trustId, row.recallId, linkedIncidentId],
      );
      if (carried) incidentId = carried.incidentId;
      const [incident]: { state: IncidentState; description: string; methane: Methane | null; siteIds: string[]; drill: boolean }[] = await tx.query(
        `SELECT i.state, i.description, i.methane, i.drill,
                COALESCE((SELECT array_agg(mis.site_id) FROM major_incident_site mis WHERE mis.incident_id = i.id), '{}') AS "siteIds"
         FROM major_incident i WHERE i.trust_id = $1 AND i.id = $2`,
        [row.trustId, incidentId],
      );
      const siteNames = incident.siteIds.length ? (await this.places.sitesByName(tx, row.trustId, incident.siteIds)).map((site) => site.name) : [];
      return { ...rest, reason: { kind: 'incident', id: incidentId }, open: incident.state === 'declared', trustName: trust.name, siteNames, description: incident.description, methane: incident.methane, drill: incident.drill };
    }
    const [derogation]: { open: boolean; departmentId: string | null }[] = await tx.query(
      `SELECT (d.recall_ended_at IS NULL AND d.status NOT IN ('declined', 'withdrawn', 'revoked')) AS open, d.department_id AS "departmentId"
       FROM derogation d WHERE d.trust_id = $1 AND d.id = $2`,
      [row.trustId, derogationId],
    );
    // Where to report: the person's own site, else the department's, else every site of the trust.
    const sites = await this.places.sitesByName(tx, row.trustId);
    const nameOf = new Map(sites.map((site) => [site.id, site.name]));
    const departmentSite = derogation.departmentId ? await this.places.siteOfDepartment(tx, row.trustId, derogation.departmentId) : null;
    const own = [siteId, departmentSite].find((id) => id !== null && nameOf.has(id));
    const siteNames = own ? [nameOf.get(own)!] : sites.map((site) => site.name);
    return { ...rest, reason: { kind: 'derogation', id: derogationId! }, open: derogation.open, trustName: trust.name, siteNames, description: null, methane: null, drill: false };
  }

  /**
   * Stores the answer, replacing any earlier one (people may change their mind): on a derogation's
   * recall, that recall; on a major incident's, every recall of the person sharing the message that
   * asked them (the first recall and those carried from it) whose incident is still declared — one
   * answer counts wherever that message stands, and a stood-down incident's record is left as it ended.
   */
  async recordAnswer(tx: UnitOfWork, trustId: string, recallId: string, answer: { attending: boolean; etaMinutes: number | null }, at: Date): Promise<{ recallId: string; reason: RecallReasonRef }[]> {
    const rows: { id: string; incidentId: string | null; derogationId: string | null }[] = await tx.query(
      `WITH root AS (SELECT COALESCE(carried_from_recall_id, id) AS id FROM recall WHERE trust_id = $1 AND id = $2),
       answered AS (
         UPDATE recall r SET attending = $3, eta_minutes = $4, responded_at = $5, answer_count = r.answer_count + 1
         FROM root
         WHERE r.trust_id = $1 AND ((r.derogation_id IS NOT NULL AND r.id = $2) OR ((r.id = root.id OR r.carried_from_recall_id = root.id)
           AND EXISTS (SELECT 1 FROM major_incident i WHERE i.trust_id = r.trust_id AND i.id = r.incident_id AND i.state = 'declared')))
         RETURNING r.id, r.incident_id, r.derogation_id
       ) SELECT id, incident_id AS "incidentId", derogation_id AS "derogationId" FROM answered`,
      [trustId, recallId, answer.attending, answer.etaMinutes, at],
    );
    return rows.map((row) => ({ recallId: row.id, reason: row.incidentId ? { kind: 'incident', id: row.incidentId } : { kind: 'derogation', id: row.derogationId! } }));
  }

  async rollCall(trustId: string, reason: RecallReasonRef): Promise<RollCallRecord[]> {
    const db = this.dataSource.manager;
    const rows: { staffId: string; firstRecallId: string; attending: boolean | null; etaMinutes: number | null; respondedAt: Date | null; carriedFromIncidentId: string | null; needId: string | null }[] = await db.query(
      `SELECT r.staff_id AS "staffId", COALESCE(r.carried_from_recall_id, r.id) AS "firstRecallId", r.attending, r.eta_minutes AS "etaMinutes", r.need_id AS "needId",
              r.responded_at AS "respondedAt", root.incident_id AS "carriedFromIncidentId"
       FROM recall r
       LEFT JOIN recall root ON root.trust_id = r.trust_id AND root.id = r.carried_from_recall_id
       WHERE r.trust_id = $1 AND ${reasonCondition(reason, '$2')}`,
      [trustId, reason.id],
    );
    const [staff, first] = await Promise.all([
      this.staff.withPlaces(db, trustId, rows.map((row) => row.staffId)),
      this.firstMessageStatuses(db, trustId, rows.map((row) => row.firstRecallId)),
    ]);
    const recallOf = new Map(rows.map((row) => [row.staffId, row]));
    // In staff-number order, as the staff read returns them (one recall per person and reason).
    return staff.map((person) => {
      const { firstRecallId, attending, etaMinutes, respondedAt, carriedFromIncidentId, needId } = recallOf.get(person.id)!;
      return { ...person, carriedFromIncidentId, notificationStatus: first.get(firstRecallId) ?? null, attending, etaMinutes, respondedAt, needId };
    });
  }

  private async givenNames(tx: UnitOfWork, trustId: string, staffIds: string[]): Promise<Map<string, string>> {
    return new Map((await this.staff.byIds(tx, trustId, [...new Set(staffIds)])).map((person) => [person.id, person.givenName]));
  }

  /** Status of the first recall message of each of these recalls (the ones carried into others have none). */
  private firstMessageStatuses(tx: UnitOfWork, trustId: string, recallIds: string[]): Promise<Map<string, NotificationStatus>> {
    return this.deliveries.statusBySource(tx, trustId, 'recall', recallIds, 'recall');
  }
}
