import { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RecallReasonRef } from '../recall/recall.repository';

/** Why the control room has to read a reply itself. */
export const UNMATCHED_REPLY_REASONS = ['unparseable', 'recall-closed', 'unknown-number'] as const;
export type UnmatchedReplyReason = (typeof UNMATCHED_REPLY_REASONS)[number];

export interface NewUnmatchedReply {
  trustId: string;
  reason: RecallReasonRef;
  recallId: string | null;
  staffId: string | null;
  receivedTextId: string;
  fromNumber: string;
  content: string;
  receivedAt: Date;
  why: UnmatchedReplyReason;
}

export interface UnmatchedReplyRecord {
  id: string;
  receivedAt: Date;
  fromNumber: string;
  content: string;
  reason: UnmatchedReplyReason;
  recallId: string | null;
  staffId: string | null;
}

/** `recall_unmatched_reply`: written once per received text and incident (a repeat changes nothing). */
@Injectable()
export class UnmatchedReplyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async add(tx: UnitOfWork, replies: NewUnmatchedReply[]): Promise<void> {
    if (!replies.length) return;
    await tx.query(
      `INSERT INTO recall_unmatched_reply (trust_id, incident_id, derogation_id, recall_id, staff_id, received_text_id, from_number, content, received_at, reason)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::timestamptz[], $10::text[])
       ON CONFLICT ON CONSTRAINT recall_unmatched_reply_once DO NOTHING`,
      [
        replies.map((r) => r.trustId),
        replies.map((r) => (r.reason.kind === 'incident' ? r.reason.id : null)),
        replies.map((r) => (r.reason.kind === 'derogation' ? r.reason.id : null)),
        replies.map((r) => r.recallId),
        replies.map((r) => r.staffId),
        replies.map((r) => r.receivedTextId),
        replies.map((r) => r.fromNumber),
        replies.map((r) => r.content),
        replies.map((r) => r.receivedAt),
        replies.map((r) => r.why),
      ],
    );
  }

  /** The trust's incidents still declared: where a text from a number we never texted is shown. */
  async declaredIncidentIds(tx: UnitOfWork, trustId: string): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(`SELECT id FROM major_incident WHERE trust_id = $1 AND state = 'declared'`, [trustId]);
    return rows.map((row) => row.id);
  }

  async incidentExists(trustId: string, incidentId: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM major_incident WHERE trust_id = $1 AND id = $2`, [trustId, incidentId]);
    return rows.length > 0;
  }

  /** Newest first; `after` is the last row of the previous page (received_at, id). */
  listForIncident(trustId: string, incidentId: string, after: [string, string] | null, limit: number): Promise<UnmatchedReplyRecord[]> {
    return this.dataSource.query(
      `SELECT id, received_at AS "receivedAt", from_number AS "fromNumber", content, reason, recall_id AS "recallId", staff_id AS "staffId"
       FROM recall_unmatched_reply
       WHERE trust_id = $1 AND incident_id = $2 AND ($3::timestamptz IS NULL OR (received_at, id) < ($3::timestamptz, $4::uuid))
       ORDER BY received_at DESC, id DESC LIMIT $5`,
      [trustId, incidentId, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }
}
