import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotifyChannel } from '../messages/notify-purpose';
import { DailyRequestGroup, grantKey } from './notify-daily-limit';

export interface DailyUsageRow {
  sendingService: string;
  channel: NotifyChannel;
  used: number;
}

/**
 * `notify_daily_usage`: messages handed to each sending service per UTC day and channel. Every worker
 * process reserves from the same rows (a row lock per service and channel for the length of one
 * statement), so together they never exceed the limit. PostgreSQL rather than Redis: the count must
 * survive a Redis restart, or a service could send a second allowance in one day.
 */
@Injectable()
export class NotifyDailyUsageRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Grants up to `wanted` of each group, never beyond its limit; returns the grants by group. The day's
   * rows are made only when a group has none yet (its first send of the day): every other reservation
   * is the one UPDATE.
   */
  async reserve(day: string, groups: DailyRequestGroup[]): Promise<Map<string, number>> {
    if (!groups.length) return new Map();
    const granted = await this.grant(day, groups);
    const missing = groups.filter((g) => !granted.has(grantKey(g.sendingService, g.channel)));
    if (!missing.length) return granted;
    await this.dataSource.query(
      `INSERT INTO notify_daily_usage (sending_service, day, channel, used)
       SELECT u.service, $1::date, u.channel, 0 FROM unnest($2::text[], $3::text[]) AS u(service, channel)
       ON CONFLICT DO NOTHING`,
      [day, missing.map((g) => g.sendingService), missing.map((g) => g.channel)],
    );
    for (const [key, count] of await this.grant(day, missing)) granted.set(key, count);
    return granted;
  }

  /** The reservation itself, for the groups whose row for the day exists (the others are left out). */
  private async grant(day: string, groups: DailyRequestGroup[]): Promise<Map<string, number>> {
    const params = [day, groups.map((g) => g.sendingService), groups.map((g) => g.channel), groups.map((g) => g.wanted), groups.map((g) => g.limit)];
    const rows: { sendingService: string; channel: NotifyChannel; granted: number }[] = await this.dataSource.query(
      `WITH wanted AS (
         SELECT * FROM unnest($2::text[], $3::text[], $4::int[], $5::int[]) AS w(service, channel, wanted, lim)
       ), current AS (
         SELECT d.sending_service, d.channel, d.used FROM notify_daily_usage d
         JOIN wanted w ON w.service = d.sending_service AND w.channel = d.channel
         WHERE d.day = $1::date
         ORDER BY d.sending_service, d.channel
         FOR UPDATE OF d
       ), granted AS (
         UPDATE notify_daily_usage d SET used = c.used + LEAST(w.wanted, GREATEST(w.lim - c.used, 0))
         FROM current c JOIN wanted w ON w.service = c.sending_service AND w.channel = c.channel
         WHERE d.day = $1::date AND d.sending_service = c.sending_service AND d.channel = c.channel
         RETURNING d.sending_service, d.channel, d.used - c.used AS granted
       ) SELECT sending_service AS "sendingService", channel, granted FROM granted`,
      params,
    );
    return new Map(rows.map((row) => [grantKey(row.sendingService, row.channel), row.granted]));
  }

  /** Gives back reservations for messages Notify did not take (refused, or rate-limited before it counted them). */
  async release(day: string, sendingService: string, channel: NotifyChannel, count = 1): Promise<void> {
    await this.dataSource.query(
      `UPDATE notify_daily_usage SET used = GREATEST(used - $4, 0) WHERE sending_service = $1 AND day = $2::date AND channel = $3`,
      [sendingService, day, channel, count],
    );
  }

  /** Notify says the day's limit is reached (its count can include messages sent by other systems): believe it. */
  async markExhausted(day: string, sendingService: string, channel: NotifyChannel, limit: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO notify_daily_usage (sending_service, day, channel, used) VALUES ($1, $2::date, $3, $4)
       ON CONFLICT (sending_service, day, channel) DO UPDATE SET used = GREATEST(notify_daily_usage.used, EXCLUDED.used)`,
      [sendingService, day, channel, limit],
    );
  }

  usageOn(day: string): Promise<DailyUsageRow[]> {
    return this.dataSource.query(`SELECT sending_service AS "sendingService", channel, used FROM notify_daily_usage WHERE day = $1::date ORDER BY 1, 2`, [day]);
  }

  async deleteBefore(day: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM notify_daily_usage WHERE day < $1::date`, [day]);
  }
}
