import type { ParticipationAnswer } from '@app/walkouts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IncidentState } from './engine/incident-state';
import { WideningStage } from './engine/recall-cohort';
import { Methane, RecallTx } from './major-incident.repository';

/** What a recall row belongs to: a major incident or a derogation. */
export type RecallReasonRef = { kind: 'incident'; id: string } | { kind: 'derogation'; id: string };

export interface WalkoutWindow {
  id: string;
  staffGroups: string[];
  /** Empty: every site of the trust. */
  siteIds: string[];
  startsAt: Date;
  endsAt: Date;
  calledOffAt: Date | null;
}

export interface RecallCandidate {
  id: string;
  grade: string;
  siteId: string | null;
  departmentId: string | null;
  mobile: string | null;
  email: string | null;
  givenName: string;
  staffNumber: string;
  participation: ParticipationAnswer | null;
}

export interface NewRecall {
  staffId: string;
  walkoutId: string;
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
}

export interface RecallMessageTarget {
  recallId: string;
  staffId: string;
  givenName: string;
  walkoutId: string;
}

export interface RecallLinkRecord {
  recallId: string;
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
}

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
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: RecallTx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Walkouts of the trust running at `now` (not called off) that cover at least one of `siteIds` — a
   * walkout naming no sites covers all of them.
   */
  async walkoutsInProgress(tx: RecallTx, trustId: string, siteIds: string[], now: Date): Promise<WalkoutWindow[]> {
    return tx.query(
      `SELECT w.id, w.staff_groups AS "staffGroups", w.starts_at AS "startsAt", w.ends_at AS "endsAt", w.called_off_at AS "calledOffAt",
              COALESCE((SELECT array_agg(ws.site_id ORDER BY ws.site_id) FROM walkout_site ws WHERE ws.walkout_id = w.id), '{}') AS "siteIds"
       FROM walkout w
       WHERE w.trust_id = $1 AND w.called_off_at IS NULL AND w.starts_at <= $3 AND w.ends_at > $3
         AND (NOT EXISTS (SELECT 1 FROM walkout_site ws WHERE ws.walkout_id = w.id)
              OR EXISTS (SELECT 1 FROM walkout_site ws WHERE ws.walkout_id = w.id AND ws.site_id = ANY($2::uuid[])))
       ORDER BY w.starts_at, w.id`,
      [trustId, siteIds, now],
    );
  }

  async findWalkout(trustId: string, walkoutId: string, tx?: RecallTx): Promise<WalkoutWindow | null> {
    const rows: WalkoutWindow[] = await (tx ?? this.dataSource).query(
      `SELECT w.id, w.staff_groups AS "staffGroups", w.starts_at AS "startsAt", w.ends_at AS "endsAt", w.called_off_at AS "calledOffAt",
              COALESCE((SELECT array_agg(ws.site_id ORDER BY ws.site_id) FROM walkout_site ws WHERE ws.walkout_id = w.id), '{}') AS "siteIds"
       FROM walkout w WHERE w.trust_id = $1 AND w.id = $2`,
      [trustId, walkoutId],
    );
    return rows[0] ?? null;
  }

  /** The trust's staff in the walkout's striking grades, with their answer for that walkout. */
  async cohortCandidates(tx: RecallTx, trustId: string, walkoutId: string, grades: string[]): Promise<RecallCandidate[]> {
    return tx.query(
      `SELECT s.id, s.grade, s.site_id AS "siteId", s.department_id AS "departmentId", s.mobile, s.email, s.given_name AS "givenName",
              s.staff_number AS "staffNumber", p.intends_to_strike AS participation
       FROM staff s
       LEFT JOIN walkout_participation p ON p.walkout_id = $2 AND p.trust_id = s.trust_id AND p.staff_id = s.id
       WHERE s.trust_id = $1 AND s.grade = ANY($3::text[])
       ORDER BY s.staff_number`,
      [trustId, walkoutId, grades],
    );
  }

  async staffByIds(tx: RecallTx, trustId: string, walkoutId: string, staffIds: string[]): Promise<RecallCandidate[]> {
    return tx.query(
      `SELECT s.id, s.grade, s.site_id AS "siteId", s.department_id AS "departmentId", s.mobile, s.email, s.given_name AS "givenName",
              s.staff_number AS "staffNumber", p.intends_to_strike AS participation
       FROM staff s
       LEFT JOIN walkout_participation p ON p.walkout_id = $2 AND p.trust_id = s.trust_id AND p.staff_id = s.id
       WHERE s.trust_id = $1 AND s.id = ANY($3::uuid[])
       ORDER BY s.staff_number`,
      [trustId, walkoutId, staffIds],
    );
  }

  async recalledStaffIds(tx: RecallTx, trustId: string, reason: RecallReasonRef): Promise<string[]> {
    const rows: { staffId: string }[] = await tx.query(`SELECT r.staff_id AS "staffId" FROM recall r WHERE r.trust_id = $1 AND ${reasonCondition(reason, '$2')}`, [trustId, reason.id]);
    return rows.map((row) => row.staffId);
  }

  /**
   * The recall rows and their first links in one statement for the whole cohort (recall rows, then a
   * link per row inserted, matched by staff id). Anyone already recalled for this reason is skipped by
   * the unique constraint, not duplicated, and gets no new link.
   */
  async insertRecalls(
    tx: RecallTx,
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
         SELECT * FROM unnest($4::uuid[], $5::uuid[], $8::text[]) AS u(walkout_id, staff_id, token_hash)
       ), inserted AS (
         INSERT INTO recall (trust_id, incident_id, derogation_id, walkout_id, staff_id, round, widening_stage)
         SELECT $1, $2, $3, walkout_id, staff_id, $6, $7 FROM input
         ON CONFLICT DO NOTHING
         RETURNING id, staff_id
       ), links AS (
         INSERT INTO recall_link (token_hash, trust_id, recall_id, issued_for)
         SELECT decode(input.token_hash, 'hex'), $1, inserted.id, 'recall' FROM inserted JOIN input ON input.staff_id = inserted.staff_id
       )
       SELECT id, staff_id AS "staffId" FROM inserted`,
      [trustId, incidentId, derogationId, recalls.map((r) => r.walkoutId), recalls.map((r) => r.staffId), round, stage, recalls.map((r) => r.tokenHash)],
    );
  }

  /** Further links for people already recalled (a reminder carries a fresh one; the first still works). */
  async insertLinks(tx: RecallTx, trustId: string, links: { recallId: string; hash: string }[], issuedFor: 'recall' | 'recall-reminder'): Promise<void> {
    if (!links.length) return;
    await tx.query(
      `INSERT INTO recall_link (token_hash, trust_id, recall_id, issued_for)
       SELECT decode(u.hash, 'hex'), $1, u.recall_id, $4 FROM unnest($2::text[], $3::uuid[]) AS u(hash, recall_id)`,
      [trustId, links.map((l) => l.hash), links.map((l) => l.recallId), issuedFor],
    );
  }

  /** The trust's name and the names of these sites, in the order given (unknown ids dropped). */
  async labels(tx: RecallTx, trustId: string, siteIds: string[]): Promise<{ trustName: string; siteNames: string[] }> {
    const [trust]: { name: string }[] = await tx.query(`SELECT name FROM trust WHERE id = $1`, [trustId]);
    const sites: { id: string; name: string }[] = siteIds.length ? await tx.query(`SELECT id, name FROM site WHERE trust_id = $1 AND id = ANY($2::uuid[])`, [trustId, siteIds]) : [];
    const byId = new Map(sites.map((s) => [s.id, s.name]));
    return { trustName: trust?.name ?? '', siteNames: siteIds.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])) };
  }

  async siteIdsOfTrust(tx: RecallTx, trustId: string): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(`SELECT id FROM site WHERE trust_id = $1 ORDER BY name, id`, [trustId]);
    return rows.map((r) => r.id);
  }

  /** Per recalled person: answer, reminders so far, and whether their first message is still on its way. */
  async escalationState(tx: RecallTx, trustId: string, incidentId: string): Promise<EscalationRecallRow[]> {
    return tx.query(
      `SELECT r.id, r.staff_id AS "staffId", s.given_name AS "givenName", r.walkout_id AS "walkoutId", r.attending,
              r.last_reminded_round AS "lastRemindedRound",
              COALESCE(n.status IN ('pending', 'queued', 'sending'), false) AS "awaitingFirstMessage"
       FROM recall r
       JOIN staff s ON s.trust_id = r.trust_id AND s.id = r.staff_id
       LEFT JOIN notification n ON n.trust_id = r.trust_id AND n.dedupe_key = 'recall-' || COALESCE(r.carried_from_recall_id, r.id)
       WHERE r.trust_id = $1 AND r.incident_id = $2
       ORDER BY r.created_at, r.id`,
      [trustId, incidentId],
    );
  }

  async markReminded(tx: RecallTx, trustId: string, recallIds: string[], round: number): Promise<void> {
    if (!recallIds.length) return;
    await tx.query(`UPDATE recall SET last_reminded_round = $3 WHERE trust_id = $1 AND id = ANY($2::uuid[])`, [trustId, recallIds, round]);
  }

  /**
   * Everyone recalled for this reason whose recall message was not withdrawn before it went out, except
   * those whose recall was carried into another incident still declared: they are still needed there,
   * and will be told when that one ends.
   */
  async messageTargetsForStandDown(tx: RecallTx, trustId: string, reason: RecallReasonRef): Promise<RecallMessageTarget[]> {
    return tx.query(
      `SELECT r.id AS "recallId", r.staff_id AS "staffId", s.given_name AS "givenName", r.walkout_id AS "walkoutId"
       FROM recall r
       JOIN staff s ON s.trust_id = r.trust_id AND s.id = r.staff_id
       LEFT JOIN notification n ON n.trust_id = r.trust_id AND n.dedupe_key = 'recall-' || COALESCE(r.carried_from_recall_id, r.id)
       WHERE r.trust_id = $1 AND ${reasonCondition(reason, '$2')} AND (n.status IS NULL OR n.status <> 'cancelled')
         AND r.id <> ALL($3::uuid[])
       ORDER BY r.created_at, r.id`,
      [trustId, reason.id, await this.stillNeededRecallIds(tx, trustId, reason)],
    );
  }

  /** People of this reason whose recall also stands for another incident that is still declared. */
  async stillNeededStaffIds(tx: RecallTx, trustId: string, reason: RecallReasonRef): Promise<string[]> {
    const rows: { staffId: string }[] = await tx.query(
      `SELECT DISTINCT r.staff_id AS "staffId" FROM recall r WHERE r.trust_id = $1 AND r.id = ANY($2::uuid[])`,
      [trustId, await this.stillNeededRecallIds(tx, trustId, reason)],
    );
    return rows.map((row) => row.staffId);
  }

  private async stillNeededRecallIds(tx: RecallTx, trustId: string, reason: RecallReasonRef): Promise<string[]> {
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
  async standingRecalls(tx: RecallTx, trustId: string, incidentId: string, siteIds: string[], staffIds: string[], withinMinutes: number): Promise<StandingRecall[]> {
    if (!staffIds.length || withinMinutes <= 0) return [];
    return tx.query(
      `WITH roots AS (
         SELECT DISTINCT ON (r.staff_id) r.staff_id, r.id
         FROM recall r
         JOIN major_incident i ON i.trust_id = r.trust_id AND i.id = r.incident_id
         JOIN notification n ON n.trust_id = r.trust_id AND n.dedupe_key = 'recall-' || r.id
         WHERE r.trust_id = $1 AND r.staff_id = ANY($2::uuid[]) AND r.incident_id <> $3 AND r.carried_from_recall_id IS NULL
           AND r.created_at >= now() - make_interval(mins => $5)
           AND n.status IN ('pending', 'queued', 'sending', 'sent', 'delivered')
           AND NOT EXISTS (
             SELECT 1 FROM unnest($4::uuid[]) AS wanted(site_id)
             WHERE NOT EXISTS (SELECT 1 FROM major_incident_site mis WHERE mis.incident_id = i.id AND mis.site_id = wanted.site_id))
         ORDER BY r.staff_id, r.created_at DESC
       ), chain AS (
         SELECT roots.staff_id, roots.id AS root_id, c.id AS recall_id, c.incident_id, c.attending, c.eta_minutes, c.responded_at,
                ci.state = 'declared' AS declared, sd.status AS stand_down_status
         FROM roots
         JOIN recall c ON c.trust_id = $1 AND (c.id = roots.id OR c.carried_from_recall_id = roots.id) AND c.incident_id <> $3
         JOIN major_incident ci ON ci.trust_id = c.trust_id AND ci.id = c.incident_id
         LEFT JOIN notification sd ON sd.trust_id = c.trust_id AND sd.dedupe_key = 'recall-stand-down-' || c.id
       )
       SELECT staff_id AS "staffId", root_id AS "rootRecallId",
              bool_or(declared) AS open,
              COALESCE(bool_or(stand_down_status NOT IN ('pending', 'queued', 'cancelled')), false) AS told,
              COALESCE(array_agg(incident_id) FILTER (WHERE stand_down_status IN ('pending', 'queued')), '{}') AS "unsentStandDownIncidentIds",
              (array_agg(attending ORDER BY responded_at DESC NULLS LAST))[1] AS attending,
              (array_agg(eta_minutes ORDER BY responded_at DESC NULLS LAST))[1] AS "etaMinutes",
              max(responded_at) AS "respondedAt"
       FROM chain GROUP BY staff_id, root_id`,
      [trustId, staffIds, incidentId, siteIds, withinMinutes],
    );
  }

  /** Recall rows with no link and no message of their own: the earlier recall's message and answer stand. */
  async insertCarriedRecalls(tx: RecallTx, trustId: string, incidentId: string, carried: CarriedRecall[], round: number, stage: WideningStage): Promise<number> {
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
  async lockLink(tx: RecallTx, tokenHash: string): Promise<RecallLinkRecord | null> {
    return this.readLink(tx, tokenHash, true);
  }

  private async readLink(tx: RecallTx, tokenHash: string, lock: boolean): Promise<RecallLinkRecord | null> {
    const rows: (Omit<RecallLinkRecord, 'reason' | 'open' | 'trustName' | 'siteNames' | 'description' | 'methane'> & {
      incidentId: string | null;
      derogationId: string | null;
      siteId: string | null;
    })[] = await tx.query(
      `SELECT r.id AS "recallId", r.trust_id AS "trustId", r.staff_id AS "staffId", s.given_name AS "givenName", s.site_id AS "siteId",
              r.attending, r.eta_minutes AS "etaMinutes", r.responded_at AS "respondedAt", r.incident_id AS "incidentId", r.derogation_id AS "derogationId"
       FROM recall_link l
       JOIN recall r ON r.trust_id = l.trust_id AND r.id = l.recall_id
       JOIN staff s ON s.trust_id = r.trust_id AND s.id = r.staff_id
       WHERE l.token_hash = decode($1, 'hex')${lock ? ' FOR UPDATE OF r' : ''}`,
      [tokenHash],
    );
    const row = rows[0];
    if (!row) return null;
    const { incidentId: linkedIncidentId, derogationId, siteId, ...rest } = row;
    let incidentId = linkedIncidentId;
    const [trust]: { name: string }[] = await tx.query(`SELECT name FROM trust WHERE id = $1`, [row.trustId]);

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
      const [incident]: { state: IncidentState; description: string; methane: Methane | null; siteNames: string[] }[] = await tx.query(
        `SELECT i.state, i.description, i.methane,
                COALESCE((SELECT array_agg(si.name ORDER BY si.name) FROM major_incident_site mis JOIN site si ON si.id = mis.site_id
                          WHERE mis.incident_id = i.id), '{}') AS "siteNames"
         FROM major_incident i WHERE i.trust_id = $1 AND i.id = $2`,
        [row.trustId, incidentId],
      );
      return { ...rest, reason: { kind: 'incident', id: incidentId }, open: incident.state === 'declared', trustName: trust.name, siteNames: incident.siteNames, description: incident.description, methane: incident.methane };
    }
    const [derogation]: { open: boolean; siteNames: string[] }[] = await tx.query(
      `SELECT (d.recall_ended_at IS NULL AND d.status <> 'rejected') AS open,
              COALESCE(
                (SELECT array_agg(si.name) FROM site si WHERE si.trust_id = d.trust_id AND si.id = $3),
                (SELECT array_agg(si.name) FROM department de JOIN site si ON si.id = de.site_id WHERE de.id = d.department_id),
                (SELECT array_agg(si.name ORDER BY si.name) FROM site si WHERE si.trust_id = d.trust_id),
                '{}') AS "siteNames"
       FROM derogation d WHERE d.trust_id = $1 AND d.id = $2`,
      [row.trustId, derogationId, siteId],
    );
    return { ...rest, reason: { kind: 'derogation', id: derogationId! }, open: derogation.open, trustName: trust.name, siteNames: derogation.siteNames, description: null, methane: null };
  }

  /**
   * Stores the answer, replacing any earlier one (people may change their mind): on a derogation's
   * recall, that recall; on a major incident's, every recall of the person sharing the message that
   * asked them (the first recall and those carried from it) whose incident is still declared — one
   * answer counts wherever that message stands, and a stood-down incident's record is left as it ended.
   */
  async recordAnswer(tx: RecallTx, trustId: string, recallId: string, answer: { attending: boolean; etaMinutes: number | null }, at: Date): Promise<{ recallId: string; reason: RecallReasonRef }[]> {
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
    return this.dataSource.query(
      `SELECT r.staff_id AS id, s.staff_number AS "staffNumber", s.given_name || ' ' || s.family_name AS name, s.grade,
              s.site_id AS "siteId", si.name AS "siteName", s.department_id AS "departmentId", d.name AS "departmentName",
              n.status AS "notificationStatus", r.attending, r.eta_minutes AS "etaMinutes", r.responded_at AS "respondedAt",
              root.incident_id AS "carriedFromIncidentId"
       FROM recall r
       JOIN staff s ON s.trust_id = r.trust_id AND s.id = r.staff_id
       LEFT JOIN site si ON si.id = s.site_id
       LEFT JOIN department d ON d.id = s.department_id
       LEFT JOIN recall root ON root.trust_id = r.trust_id AND root.id = r.carried_from_recall_id
       LEFT JOIN notification n ON n.trust_id = r.trust_id AND n.dedupe_key = 'recall-' || COALESCE(r.carried_from_recall_id, r.id)
       WHERE r.trust_id = $1 AND ${reasonCondition(reason, '$2')}
       ORDER BY s.staff_number`,
      [trustId, reason.id],
    );
  }
}
