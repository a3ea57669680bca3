import { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IncidentLevel, IncidentState } from '../engine/incident-state';
import { WideningStage } from '../engine/recall-cohort';
import { IncidentNeed, NeedInput } from '../engine/fill-count';

export interface Methane {
  majorIncident: string | boolean;
  exactLocation: string;
  typeOfIncident: string;
  hazards: string;
  access: string;
  numberOfCasualties: string | number;
  emergencyServices: string;
}

export type EscalationEndedReason = 'TARGET_MET' | 'NO_TARGET' | 'MAX_ROUNDS_REACHED' | 'NOTHING_LEFT_TO_DO' | 'INCIDENT_ENDED';

export interface IncidentRecord {
  id: string;
  trustId: string;
  level: IncidentLevel;
  state: IncidentState;
  description: string;
  methane: Methane | null;
  siteIds: string[];
  departmentIds: string[];
  attendingTarget: number | null;
  escalateAfterSeconds: number;
  maxEscalationRounds: number;
  wideningStage: WideningStage;
  lastCompletedRound: number;
  nextEscalationAt: Date | null;
  escalationEndedReason: EscalationEndedReason | null;
  createdBy: string | null;
  createdAt: Date;
  declaredAt: Date | null;
  declaredBy: string | null;
  endedAt: Date | null;
  endedBy: string | null;
  recalledCount: number;
  /** An exercise: its messages say so, and it is kept out of every live figure. */
  drill: boolean;
  /** Recall by fill count: what the incident needs, in the order given (empty: one attending target). */
  needs: IncidentNeed[];
}

export interface NewIncident {
  trustId: string;
  level: IncidentLevel;
  state: 'standby' | 'declared';
  description: string;
  methane: Methane | null;
  siteIds: string[];
  departmentIds: string[];
  attendingTarget: number | null;
  escalateAfterSeconds: number;
  maxEscalationRounds: number;
  drill: boolean;
  needs: NeedInput[];
  createdBy: string | null;
  now: Date;
}

export interface DueEscalation {
  trustId: string;
  incidentId: string;
  round: number;
  nextEscalationAt: Date;
}

const SELECT_INCIDENT = `
  SELECT i.id, i.trust_id AS "trustId", i.level, i.state, i.description, i.methane,
         COALESCE((SELECT array_agg(s.site_id ORDER BY s.site_id) FROM major_incident_site s WHERE s.incident_id = i.id), '{}') AS "siteIds",
         COALESCE((SELECT array_agg(d.department_id ORDER BY d.department_id) FROM major_incident_department d WHERE d.incident_id = i.id), '{}') AS "departmentIds",
         i.attending_target AS "attendingTarget", i.escalate_after_seconds AS "escalateAfterSeconds",
         i.max_escalation_rounds AS "maxEscalationRounds", i.widening_stage AS "wideningStage",
         i.last_completed_round AS "lastCompletedRound", i.next_escalation_at AS "nextEscalationAt",
         i.escalation_ended_reason AS "escalationEndedReason", i.created_by AS "createdBy", i.created_at AS "createdAt",
         i.declared_at AS "declaredAt", i.declared_by AS "declaredBy", i.ended_at AS "endedAt", i.ended_by AS "endedBy",
         (SELECT count(*)::int FROM recall r WHERE r.trust_id = i.trust_id AND r.incident_id = i.id) AS "recalledCount",
         i.drill,
         COALESCE((SELECT json_agg(json_build_object('id', n.id, 'grade', n.grade, 'specialty', n.specialty, 'siteId', n.site_id, 'wanted', n.wanted,
                                                     'stage', n.widening_stage, 'filledAt', n.filled_at) ORDER BY n.position)
                   FROM major_incident_need n WHERE n.incident_id = i.id), '[]') AS needs
  FROM major_incident i`;

type IncidentRow = Omit<IncidentRecord, 'needs'> & { needs: (Omit<IncidentNeed, 'filledAt'> & { filledAt: string | null })[] };

/** json_agg gives times as text: back to Dates. */
function toIncident(row: IncidentRow): IncidentRecord {
  return { ...row, needs: row.needs.map((n) => ({ ...n, filledAt: n.filledAt === null ? null : new Date(n.filledAt) })) };
}

/**
 * Major incidents. State changes are guarded UPDATEs (`WHERE state = …`), so two concurrent declares
 * cannot both recall, and the escalation round moves only from the round the caller read.
 */
@Injectable()
export class MajorIncidentRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(tx: UnitOfWork, incident: NewIncident): Promise<string> {
    const [row]: { id: string }[] = await tx.query(
      `INSERT INTO major_incident (trust_id, level, state, description, methane, attending_target, escalate_after_seconds,
                                   max_escalation_rounds, created_by, created_at, declared_at, declared_by, drill)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $3 = 'declared' THEN $10::timestamptz END, CASE WHEN $3 = 'declared' THEN $9::uuid END, $11)
       RETURNING id`,
      [
        incident.trustId,
        incident.level,
        incident.state,
        incident.description,
        incident.methane === null ? null : JSON.stringify(incident.methane),
        incident.attendingTarget,
        incident.escalateAfterSeconds,
        incident.maxEscalationRounds,
        incident.createdBy,
        incident.now,
        incident.drill,
      ],
    );
    if (incident.needs.length) {
      await tx.query(
        `INSERT INTO major_incident_need (trust_id, incident_id, position, grade, specialty, site_id, wanted)
         SELECT $1, $2, u.ord - 1, u.grade, u.specialty, u.site_id, u.wanted
         FROM unnest($3::text[], $4::text[], $5::uuid[], $6::int[]) WITH ORDINALITY AS u(grade, specialty, site_id, wanted, ord)`,
        [incident.trustId, row.id, incident.needs.map((n) => n.grade), incident.needs.map((n) => n.specialty), incident.needs.map((n) => n.siteId), incident.needs.map((n) => n.count)],
      );
    }
    await tx.query(`INSERT INTO major_incident_site (incident_id, trust_id, site_id) SELECT $1, $2, unnest($3::uuid[])`, [row.id, incident.trustId, incident.siteIds]);
    if (incident.departmentIds.length) {
      await tx.query(`INSERT INTO major_incident_department (incident_id, trust_id, department_id) SELECT $1, $2, unnest($3::uuid[])`, [row.id, incident.trustId, incident.departmentIds]);
    }
    return row.id;
  }

  async findById(trustId: string, incidentId: string): Promise<IncidentRecord | null> {
    return this.byId(this.dataSource.manager, trustId, incidentId);
  }

  /** The incident as this transaction sees it (after its own writes). */
  async reload(tx: UnitOfWork, trustId: string, incidentId: string): Promise<IncidentRecord | null> {
    return this.byId(tx, trustId, incidentId);
  }

  private async byId(db: UnitOfWork, trustId: string, incidentId: string): Promise<IncidentRecord | null> {
    const rows: IncidentRow[] = await db.query(`${SELECT_INCIDENT} WHERE i.trust_id = $1 AND i.id = $2`, [trustId, incidentId]);
    return rows.length ? toIncident(rows[0]) : null;
  }

  /** Reads the incident and holds its row until the transaction ends: one escalation or state change at a time. */
  async lockById(tx: UnitOfWork, trustId: string, incidentId: string): Promise<IncidentRecord | null> {
    const locked = await tx.query(`SELECT id FROM major_incident WHERE trust_id = $1 AND id = $2 FOR UPDATE`, [trustId, incidentId]);
    return locked.length ? this.reload(tx, trustId, incidentId) : null;
  }

  /** Drills and live incidents are listed apart (`drill`), never mixed. */
  async list(trustId: string, filter: { state?: IncidentState; drill: boolean; after: [string, string] | null; limit: number }): Promise<IncidentRecord[]> {
    const params: unknown[] = [trustId, filter.limit];
    const where = ['i.trust_id = $1', `i.drill = $${params.push(filter.drill)}`];
    if (filter.state) where.push(`i.state = $${params.push(filter.state)}`);
    if (filter.after) {
      const createdAt = params.push(filter.after[0]);
      const id = params.push(filter.after[1]);
      where.push(`(i.created_at, i.id) < ($${createdAt}::timestamptz, $${id}::uuid)`);
    }
    const rows: IncidentRow[] = await this.dataSource.query(`${SELECT_INCIDENT} WHERE ${where.join(' AND ')} ORDER BY i.created_at DESC, i.id DESC LIMIT $2`, params);
    return rows.map(toIncident);
  }

  /** Every trust's live incidents still open (standby or declared), newest first: the national view. Drills are not in it. */
  async listOpenAcrossTrusts(): Promise<IncidentRecord[]> {
    const rows: IncidentRow[] = await this.dataSource.query(`${SELECT_INCIDENT} WHERE i.state IN ('standby', 'declared') AND NOT i.drill ORDER BY i.created_at DESC, i.id DESC`);
    return rows.map(toIncident);
  }

  /**
   * Holds the incident's need rows until the transaction ends. Every writer takes them before any
   * recall row (an answer: need, then its recall row; escalation: incident, needs, then recall rows),
   * so two answers filling the last place count one after the other, and nothing deadlocks.
   */
  async lockNeeds(tx: UnitOfWork, trustId: string, needIds: string[]): Promise<void> {
    if (!needIds.length) return;
    await tx.query(`SELECT id FROM major_incident_need WHERE trust_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`, [trustId, needIds]);
  }

  /** The need and how many of its recalled staff are attending now (call with the need locked). */
  async needState(tx: UnitOfWork, trustId: string, needId: string): Promise<{ id: string; incidentId: string; wanted: number; filledAt: Date | null; attending: number } | null> {
    const [row] = await tx.query(
      `SELECT n.id, n.incident_id AS "incidentId", n.wanted, n.filled_at AS "filledAt",
              (SELECT count(*)::int FROM recall r WHERE r.trust_id = n.trust_id AND r.need_id = n.id AND r.attending) AS attending
       FROM major_incident_need n WHERE n.trust_id = $1 AND n.id = $2`,
      [trustId, needId],
    );
    return row ?? null;
  }

  /** Once per need: false when it was already filled. */
  async markNeedFilled(tx: UnitOfWork, trustId: string, needId: string, at: Date): Promise<boolean> {
    const rows = await tx.query(
      `WITH updated AS (UPDATE major_incident_need SET filled_at = $3 WHERE trust_id = $1 AND id = $2 AND filled_at IS NULL RETURNING id) SELECT id FROM updated`,
      [trustId, needId, at],
    );
    return rows.length > 0;
  }

  async widenNeeds(tx: UnitOfWork, trustId: string, widen: { needId: string; widenTo: WideningStage }[]): Promise<void> {
    if (!widen.length) return;
    await tx.query(
      `UPDATE major_incident_need n SET widening_stage = u.stage FROM unnest($2::uuid[], $3::smallint[]) AS u(id, stage)
       WHERE n.trust_id = $1 AND n.id = u.id AND n.filled_at IS NULL AND n.widening_stage < u.stage`,
      [trustId, widen.map((w) => w.needId), widen.map((w) => w.widenTo)],
    );
  }

  /** Declared live incidents' recall answers by mode (live / drill): /metrics. */
  async recallFiguresOfAllTrusts(): Promise<{ drill: boolean; answer: 'attending' | 'unavailable' | 'no-response'; count: number }[]> {
    return this.dataSource.query(
      `SELECT i.drill, CASE WHEN r.attending THEN 'attending' WHEN NOT r.attending THEN 'unavailable' ELSE 'no-response' END AS answer, count(*)::int AS count
       FROM major_incident i JOIN recall r ON r.trust_id = i.trust_id AND r.incident_id = i.id
       WHERE i.state = 'declared' GROUP BY 1, 2 ORDER BY 1, 2`,
    );
  }

  /**
   * Moves the state only if it is still `from` (checked in the UPDATE itself). Declaring stamps who and
   * when; ending (stand-down, cancel) stamps who and when and stops escalation. False when nothing changed.
   */
  async transition(tx: UnitOfWork, trustId: string, incidentId: string, change: { from: IncidentState; to: IncidentState; at: Date; by: string | null }): Promise<boolean> {
    const ends = change.to === 'stood-down' || change.to === 'cancelled';
    const rows = await tx.query(
      `WITH updated AS (
         UPDATE major_incident SET state = $4,
           declared_at = CASE WHEN $4 = 'declared' THEN $5::timestamptz ELSE declared_at END,
           declared_by = CASE WHEN $4 = 'declared' THEN $6::uuid ELSE declared_by END,
           ended_at = CASE WHEN $7 THEN $5::timestamptz ELSE ended_at END,
           ended_by = CASE WHEN $7 THEN $6::uuid ELSE ended_by END,
           next_escalation_at = CASE WHEN $7 THEN NULL ELSE next_escalation_at END,
           escalation_ended_reason = CASE WHEN $7 AND escalation_ended_reason IS NULL AND declared_at IS NOT NULL THEN 'INCIDENT_ENDED' ELSE escalation_ended_reason END
         WHERE trust_id = $1 AND id = $2 AND state = $3 RETURNING id
       ) SELECT id FROM updated`,
      [trustId, incidentId, change.from, change.to, change.at, change.by, ends],
    );
    return rows.length > 0;
  }

  /** After the first recall: the target it settled on and when the first escalation check is due. */
  async planEscalation(tx: UnitOfWork, trustId: string, incidentId: string, plan: { attendingTarget: number | null; nextEscalationAt: Date | null }): Promise<void> {
    await tx.query(
      `UPDATE major_incident SET attending_target = $3, next_escalation_at = $4 WHERE trust_id = $1 AND id = $2 AND state = 'declared'`,
      [trustId, incidentId, plan.attendingTarget, plan.nextEscalationAt],
    );
  }

  /** Records an escalation round, only from the round the caller decided on: a second run changes nothing. */
  async completeRound(
    tx: UnitOfWork,
    trustId: string,
    incidentId: string,
    round: { from: number; to: number; wideningStage: WideningStage; nextEscalationAt: Date },
  ): Promise<boolean> {
    const rows = await tx.query(
      `WITH updated AS (
         UPDATE major_incident SET last_completed_round = $4, widening_stage = $5, next_escalation_at = $6
         WHERE trust_id = $1 AND id = $2 AND state = 'declared' AND last_completed_round = $3 RETURNING id
       ) SELECT id FROM updated`,
      [trustId, incidentId, round.from, round.to, round.wideningStage, round.nextEscalationAt],
    );
    return rows.length > 0;
  }

  /** The escalation chain has ended (target met, rounds used up…): once, for the round it ended at. */
  async endEscalation(tx: UnitOfWork, trustId: string, incidentId: string, round: number, reason: EscalationEndedReason): Promise<boolean> {
    const rows = await tx.query(
      `WITH updated AS (
         UPDATE major_incident SET next_escalation_at = NULL, escalation_ended_reason = $4
         WHERE trust_id = $1 AND id = $2 AND last_completed_round = $3 AND escalation_ended_reason IS NULL RETURNING id
       ) SELECT id FROM updated`,
      [trustId, incidentId, round, reason],
    );
    return rows.length > 0;
  }

  /**
   * Every declared incident still waiting for an escalation check, across trusts: the worker's sweeper
   * re-schedules any whose job was lost (Redis down when it was due to be queued). The one query here
   * that is not scoped to a trust, by its nature; it returns ids only.
   */
  async pendingEscalationsOfAllTrusts(limit: number): Promise<DueEscalation[]> {
    return this.dataSource.query(
      `SELECT trust_id AS "trustId", id AS "incidentId", last_completed_round AS round, next_escalation_at AS "nextEscalationAt"
       FROM major_incident WHERE next_escalation_at IS NOT NULL AND state = 'declared' ORDER BY next_escalation_at LIMIT $1`,
      [limit],
    );
  }
}
