import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IncidentState } from './engine/incident-state';
import { Participation, WideningStage } from './engine/recall-cohort';
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
  participation: Participation | null;
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
  /** The incident is still declared / the derogation's recall has not been stood down. */
  open: boolean;
  trustName: string;
  siteNames: string[];
  description: string | null;
  methane: Methane | null;
}

export interface RollCallRecord {
  id: string;
  staffNumber: string;
  name: string;
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
       LEFT JOIN notification n ON n.trust_id = r.trust_id AND n.dedupe_key = 'recall-' || r.id
       WHERE r.trust_id = $1 AND r.incident_id = $2
       ORDER BY r.created_at, r.id`,
      [trustId, incidentId],
    );
  }

  async markReminded(tx: RecallTx, trustId: string, recallIds: string[], round: number): Promise<void> {
    if (!recallIds.length) return;
    await tx.query(`UPDATE recall SET last_reminded_round = $3 WHERE trust_id = $1 AND id = ANY($2::uuid[])`, [trustId, recallIds, round]);
  }

  /** Everyone recalled for this reason whose first message was not withdrawn before it went out. */
  async messageTargetsForStandDown(tx: RecallTx, trustId: string, reason: RecallReasonRef): Promise<RecallMessageTarget[]> {
    return tx.query(
      `SELECT r.id AS "recallId", r.staff_id AS "staffId", s.given_name AS "givenName", r.walkout_id AS "walkoutId"
       FROM recall r
       JOIN staff s ON s.trust_id = r.trust_id AND s.id = r.staff_id
       LEFT JOIN notification n ON n.trust_id = r.trust_id AND n.dedupe_key = 'recall-' || r.id
       WHERE r.trust_id = $1 AND ${reasonCondition(reason, '$2')} AND (n.status IS NULL OR n.status <> 'cancelled')
       ORDER BY r.created_at, r.id`,
      [trustId, reason.id],
    );
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
    const { incidentId, derogationId, siteId, ...rest } = row;
    const [trust]: { name: string }[] = await tx.query(`SELECT name FROM trust WHERE id = $1`, [row.trustId]);

    if (incidentId) {
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

  /** Stores the answer, replacing any earlier one (people may change their mind). */
  async recordAnswer(tx: RecallTx, trustId: string, recallId: string, answer: { attending: boolean; etaMinutes: number | null }, at: Date): Promise<void> {
    await tx.query(
      `UPDATE recall SET attending = $3, eta_minutes = $4, responded_at = $5, answer_count = answer_count + 1 WHERE trust_id = $1 AND id = $2`,
      [trustId, recallId, answer.attending, answer.etaMinutes, at],
    );
  }

  async rollCall(trustId: string, reason: RecallReasonRef): Promise<RollCallRecord[]> {
    return this.dataSource.query(
      `SELECT r.staff_id AS id, s.staff_number AS "staffNumber", s.given_name || ' ' || s.family_name AS name,
              s.site_id AS "siteId", si.name AS "siteName", s.department_id AS "departmentId", d.name AS "departmentName",
              n.status AS "notificationStatus", r.attending, r.eta_minutes AS "etaMinutes", r.responded_at AS "respondedAt"
       FROM recall r
       JOIN staff s ON s.trust_id = r.trust_id AND s.id = r.staff_id
       LEFT JOIN site si ON si.id = s.site_id
       LEFT JOIN department d ON d.id = s.department_id
       LEFT JOIN notification n ON n.trust_id = r.trust_id AND n.dedupe_key = 'recall-' || r.id
       WHERE r.trust_id = $1 AND ${reasonCondition(reason, '$2')}
       ORDER BY s.staff_number`,
      [trustId, reason.id],
    );
  }
}
