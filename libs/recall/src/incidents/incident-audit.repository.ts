import { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RecallReasonRef } from '../recall/recall.repository';

export const AUDIT_ACTIONS = [
  'incident-created',
  'incident-declared',
  'incident-stood-down',
  'incident-cancelled',
  'recall-started',
  'recall-not-started',
  'recall-deferred',
  'recall-response',
  'escalation',
  'escalation-stopped',
  'recall-stood-down',
  'derogation-requested',
  'derogation-approved',
  /** Written before the derogation process of issue 14 (decisions are now `derogation-declined`). */
  'derogation-rejected',
  'derogation-submitted',
  'derogation-forwarded',
  'derogation-declined',
  'derogation-withdrawn',
  'derogation-revoked',
  'derogation-harm-reported',
  /** A fill-count need reached its number: the rest of its group were told to stand by. */
  'need-filled',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditActor = { type: 'user'; userId: string } | { type: 'staff'; staffId: string } | { type: 'system' };

export interface AuditEntry {
  subject: RecallReasonRef;
  at: Date;
  actor: AuditActor;
  action: AuditAction;
  /** Ids, counts and codes only: never names or contact details. */
  details: Record<string, unknown>;
}

export interface AuditRecord {
  id: string;
  at: Date;
  recordedAt: Date;
  actorType: AuditActor['type'];
  actorUserId: string | null;
  actorStaffId: string | null;
  action: AuditAction;
  details: Record<string, unknown>;
}

/**
 * The append-only audit log of incidents and derogations. There is no update or delete here, and the
 * database refuses them anyway (triggers in the migration).
 */
@Injectable()
export class IncidentAuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async append(tx: UnitOfWork, trustId: string, entries: AuditEntry[]): Promise<void> {
    if (!entries.length) return;
    await tx.query(
      `INSERT INTO incident_audit (trust_id, incident_id, derogation_id, at, actor_type, actor_user_id, actor_staff_id, action, details)
       SELECT $1, * FROM unnest($2::uuid[], $3::uuid[], $4::timestamptz[], $5::text[], $6::uuid[], $7::uuid[], $8::text[], $9::jsonb[])`,
      [
        trustId,
        entries.map((e) => (e.subject.kind === 'incident' ? e.subject.id : null)),
        entries.map((e) => (e.subject.kind === 'derogation' ? e.subject.id : null)),
        entries.map((e) => e.at),
        entries.map((e) => e.actor.type),
        entries.map((e) => (e.actor.type === 'user' ? e.actor.userId : null)),
        entries.map((e) => (e.actor.type === 'staff' ? e.actor.staffId : null)),
        entries.map((e) => e.action),
        entries.map((e) => JSON.stringify(e.details)),
      ],
    );
  }

  /** Oldest first: the log reads as the story of the incident. */
  async list(trustId: string, subject: RecallReasonRef, after: string | null, limit: number): Promise<AuditRecord[]> {
    const column = subject.kind === 'incident' ? 'incident_id' : 'derogation_id';
    return this.dataSource.query(
      `SELECT id::text AS id, at, recorded_at AS "recordedAt", actor_type AS "actorType", actor_user_id AS "actorUserId",
              actor_staff_id AS "actorStaffId", action, details
       FROM incident_audit
       WHERE trust_id = $1 AND ${column} = $2 AND ($3::bigint IS NULL OR id > $3::bigint)
       ORDER BY incident_audit.id LIMIT $4`,
      [trustId, subject.id, after, limit],
    );
  }
}
