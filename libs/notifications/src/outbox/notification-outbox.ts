import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { laneOf } from '../notification-status';
import { NewNotification } from './new-notification';

/**
 * The one way features send messages (ARCHITECTURE rule 6): rows written with the caller's
 * EntityManager, so they commit or roll back with the change that caused them. If Redis is down the
 * change still commits; the relay queues the rows when it can.
 */
@Injectable()
export class NotificationOutbox {
  /** Returns how many were created (rows whose dedupe key already exists are skipped). */
  async createMany(manager: EntityManager, notifications: NewNotification[]): Promise<number> {
    let created = 0;
    const CHUNK = 5_000;
    for (let start = 0; start < notifications.length; start += CHUNK) {
      const chunk = notifications.slice(start, start + CHUNK);
      const rows: { id: string }[] = await manager.query(
        `INSERT INTO notification (trust_id, recipient_type, patient_id, staff_id, purpose, lane, personalisation, deadline, walkout_id, subject_id, dedupe_key)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::jsonb[], $8::timestamptz[], $9::uuid[], $10::uuid[], $11::text[])
         ON CONFLICT (trust_id, dedupe_key) DO NOTHING
         RETURNING id`,
        [
          chunk.map((n) => n.trustId),
          chunk.map((n) => n.recipient.type),
          chunk.map((n) => (n.recipient.type === 'patient' ? n.recipient.patientId : null)),
          chunk.map((n) => (n.recipient.type === 'staff' ? n.recipient.staffId : null)),
          chunk.map((n) => n.purpose),
          chunk.map((n) => laneOf(n.purpose)),
          chunk.map((n) => JSON.stringify(n.personalisation)),
          chunk.map((n) => n.deadline ?? null),
          chunk.map((n) => n.walkoutId ?? null),
          chunk.map((n) => n.subjectId ?? null),
          chunk.map((n) => n.dedupeKey ?? null),
        ],
      );
      created += rows.length;
    }
    return created;
  }

  /** Withdraws messages not yet handed to the provider (e.g. reminders after someone answered). */
  async cancelUnsent(manager: EntityManager, trustId: string, filter: { subjectId: string; staffIds?: string[]; purposes?: string[] }): Promise<number> {
    const rows: { id: string }[] = await manager.query(
      `WITH cancelled AS (
         UPDATE notification SET status = 'cancelled', completed_at = now()
         WHERE trust_id = $1 AND subject_id = $2 AND status IN ('pending', 'queued')
           AND ($3::uuid[] IS NULL OR staff_id = ANY($3::uuid[]))
           AND ($4::text[] IS NULL OR purpose = ANY($4::text[]))
         RETURNING id
       ) SELECT id FROM cancelled`,
      [trustId, filter.subjectId, filter.staffIds ?? null, filter.purposes ?? null],
    );
    return rows.length;
  }
}
