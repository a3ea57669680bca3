import { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IncidentLevel, IncidentState } from '../engine/incident-state';
import { WideningStage } from '../engine/recall-cohort';

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
         (SELECT count(*)::int FROM recall r WHERE r.trust_id = i.trust_id AND r.incident_id = i.id) AS "recalledCount"
  FROM major_incident i`;

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
                                   max_escalation_rounds, created_by, created_at, declared_at, declared_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $3 = 'declared' THEN $10::timestamptz END, CASE WHEN $3 = 'declared' THEN $9::uuid END)
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
      ],
    );
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
    const rows: IncidentRecord[] = await db.query(`${SELECT_INCIDENT} WHERE i.trust_id = $1 AND i.id = $2`, [trustId, incidentId]);
    return rows[0] ?? null;
  }

  /** Reads the incident and holds its row until the transaction ends: one escalation or state change at a time. */
  async lockById(tx: UnitOfWork, trustId: string, incidentId: string): Promise<IncidentRecord | null> {
    const locked = await tx.query(`SELECT id FROM major_incident WHERE trust_id = $1 AND id = $2 FOR UPDATE`, [trustId, incidentId]);
    return locked.length ? this.reload(tx, trustId, incidentId) : null;
  }

  async list(trustId: string, filter: { state?: IncidentState; after: [string, string] | null; limit: number }): Promise<IncidentRecord[]> {
    const params: unknown[] = [trustId, filter.limit];
    const where = ['i.trust_id = $1'];
    if (filter.state) where.push(`i.state = $${params.push(filter.state)}`);
    if (filter.after) {
      const createdAt = params.push(filter.after[0]);
      const id = params.push(filter.after[1]);
      where.push(`(i.created_at, i.id) < ($${createdAt}::timestamptz, $${id}::uuid)`);
    }
    return this.dataSource.query(`${SELECT_INCIDENT} WHERE ${where.join(' AND ')} ORDER BY i.created_at DESC, i.id DESC LIMIT $2`, params);
  }

  /** Every trust's incidents still open (standby or declared), newest first: the national view. */
  async listOpenAcrossTrusts(): Promise<IncidentRecord[]> {
    return this.dataSource.query(`${SELECT_INCIDENT} WHERE i.state IN ('standby', 'declared') ORDER BY i.created_at DESC, i.id DESC`);
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
