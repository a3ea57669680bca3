import { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotifyPurpose } from '../messages/notify-purpose';
import { NotificationSourceType, RecipientType } from '../notifications/notification-status';

export type ReceivedTextOutcome = 'pending' | 'answered' | 'unmatched' | 'no-match';

export interface StoredReceivedText {
  id: string;
  providerId: string;
  sendingService: string;
  trustId: string | null;
  fromNumber: string;
  content: string;
  receivedAt: Date;
  outcome: ReceivedTextOutcome;
}

export interface TextMatch {
  notificationId: string;
  trustId: string;
  sourceType: NotificationSourceType;
  sourceId: string;
  purpose: NotifyPurpose;
  recipientType: RecipientType;
  recipientId: string;
}

/** `received_text` and `received_text_cursor`, and the one read of `notification` a reply is matched by. */
@Injectable()
export class ReceivedTextRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores the text once per Notify id (a repeat changes nothing); returns its row either way. */
  async store(text: { providerId: string; sendingService: string; trustId: string | null; fromNumber: string; fromDigest: string; content: string; receivedAt: Date; arrivedVia: 'callback' | 'poll' }): Promise<{ id: string; outcome: ReceivedTextOutcome }> {
    const [row] = await this.dataSource.query(
      `WITH inserted AS (
         INSERT INTO received_text (provider_id, sending_service, trust_id, from_number, from_digest, content, received_at, arrived_via)
         VALUES ($1, $2, $3, $4, decode($5, 'hex'), $6, $7, $8)
         ON CONFLICT (provider_id) DO NOTHING RETURNING id, outcome
       ) SELECT id, outcome FROM inserted
         UNION ALL SELECT id, outcome FROM received_text WHERE provider_id = $1 AND NOT EXISTS (SELECT 1 FROM inserted)`,
      [text.providerId, text.sendingService, text.trustId, text.fromNumber, text.fromDigest, text.content, text.receivedAt, text.arrivedVia],
    );
    return row;
  }

  /** The text, locked for its handling: two deliveries of one text are handled one after the other. */
  async lockPending(tx: UnitOfWork, id: string): Promise<(StoredReceivedText & { fromDigest: string }) | null> {
    const [row] = await tx.query(
      `SELECT id, provider_id AS "providerId", sending_service AS "sendingService", trust_id AS "trustId", from_number AS "fromNumber",
              encode(from_digest, 'hex') AS "fromDigest", content, received_at AS "receivedAt", outcome
       FROM received_text WHERE id = $1 AND outcome = 'pending' FOR UPDATE`,
      [id],
    );
    return row ?? null;
  }

  /**
   * The most recent text this service sent the number before the reply came, among messages whose source
   * has a handler (of one trust when the service is a trust's own).
   */
  async latestTextTo(tx: UnitOfWork, sendingService: string, numberDigest: string, trustId: string | null, sourceTypes: readonly string[], before: Date): Promise<TextMatch | null> {
    if (!sourceTypes.length) return null;
    const [row] = await tx.query(
      `SELECT id AS "notificationId", trust_id AS "trustId", source_type AS "sourceType", source_id AS "sourceId", purpose,
              recipient_type AS "recipientType", COALESCE(patient_id, staff_id) AS "recipientId"
       FROM notification
       WHERE sending_service = $1 AND sent_to_digest = decode($2, 'hex') AND sent_at <= $5
         AND source_type = ANY($3::text[]) AND ($4::uuid IS NULL OR trust_id = $4)
       ORDER BY sent_at DESC, id DESC LIMIT 1`,
      [sendingService, numberDigest, sourceTypes, trustId, before],
    );
    return row ?? null;
  }

  async recordOutcome(
    tx: UnitOfWork,
    id: string,
    result: { outcome: Exclude<ReceivedTextOutcome, 'pending'>; reason: string | null; trustId: string | null; match: TextMatch | null },
  ): Promise<void> {
    await tx.query(
      `UPDATE received_text SET outcome = $2, outcome_reason = $3, trust_id = COALESCE($4, trust_id), notification_id = $5, source_type = $6, source_id = $7
       WHERE id = $1`,
      [id, result.outcome, result.reason, result.trustId, result.match?.notificationId ?? null, result.match?.sourceType ?? null, result.match?.sourceId ?? null],
    );
  }

  async cursorOf(sendingService: string): Promise<string | null> {
    const [row] = await this.dataSource.query(`SELECT newest_provider_id AS "newest" FROM received_text_cursor WHERE sending_service = $1`, [sendingService]);
    return row?.newest ?? null;
  }

  async saveCursor(sendingService: string, newestProviderId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO received_text_cursor (sending_service, newest_provider_id) VALUES ($1, $2)
       ON CONFLICT (sending_service) DO UPDATE SET newest_provider_id = EXCLUDED.newest_provider_id, updated_at = now()`,
      [sendingService, newestProviderId],
    );
  }

  /** Texts whose handling failed part-way (kept pending): handled again by the next poll. */
  async pendingIds(limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM received_text WHERE outcome = 'pending' AND created_at < now() - interval '1 minute' ORDER BY created_at LIMIT $1`, [limit]);
    return rows.map((row) => row.id);
  }
}
