import { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { NotifyPurpose } from '../messages/notify-purpose';
import { NotificationSourceType, NotificationStatus } from './notification-status';

/**
 * The notifications lib's read port: other libs learn what became of the messages their records
 * caused (`source_type`/`source_id`) through it, inside their own transaction (the first argument),
 * and never read the `notification` table themselves. One statement for a whole set of sources.
 */
@Injectable()
export class NotificationDeliveries {
  /**
   * The status of each source's message of `purpose` (source id → status); a source without such a
   * message is absent. For purposes sent once per source (a recall, a stand-down).
   */
  async statusBySource(tx: UnitOfWork, trustId: string, sourceType: NotificationSourceType, sourceIds: readonly string[], purpose: NotifyPurpose): Promise<Map<string, NotificationStatus>> {
    if (!sourceIds.length) return new Map();
    const rows: { sourceId: string; status: NotificationStatus }[] = await tx.query(
      `SELECT source_id AS "sourceId", status FROM notification
       WHERE trust_id = $1 AND source_type = $2 AND source_id = ANY($3::uuid[]) AND purpose = $4`,
      [trustId, sourceType, [...new Set(sourceIds)], purpose],
    );
    return new Map(rows.map((row) => [row.sourceId, row.status]));
  }
}
