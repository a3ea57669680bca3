import { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BUDGET_PERIODS, BudgetPeriod, BudgetUsage, MessageBudgetName, periodStart } from './message-budget';

export interface BudgetUsageRow extends BudgetUsage {
  trustId: string;
  periodStart: Date;
}

/**
 * `message_budget_usage`: one counter row per trust, budget and period. Counting is an upsert in the
 * caller's transaction: its row lock makes a second command of the same trust and budget wait for the
 * first to commit or roll back, so two commands can never both fit into the last of a budget.
 */
@Injectable()
export class MessageBudgetRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Adds `counts` to the current hour and day of each budget; returns the counts after the addition. */
  async add(manager: UnitOfWork, trustId: string, counts: ReadonlyMap<MessageBudgetName, number>, now: Date): Promise<BudgetUsage[]> {
    const rows = [...counts.entries()]
      .filter(([, count]) => count > 0)
      .flatMap(([budget, count]) => BUDGET_PERIODS.map((period) => ({ budget, period, start: periodStart(period, now), count })))
      // Always the same order, so two transactions adding to the same budgets cannot deadlock.
      .sort((a, b) => (a.budget + a.period < b.budget + b.period ? -1 : 1));
    if (!rows.length) return [];
    return manager.query(
      `INSERT INTO message_budget_usage (trust_id, budget, period, period_start, used)
       SELECT $1, u.budget, u.period, u.period_start, u.used
       FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::int[]) WITH ORDINALITY AS u(budget, period, period_start, used, position)
       ORDER BY u.position
       ON CONFLICT (trust_id, budget, period, period_start) DO UPDATE SET used = message_budget_usage.used + EXCLUDED.used
       RETURNING budget, period, used`,
      [trustId, rows.map((r) => r.budget), rows.map((r) => r.period), rows.map((r) => r.start), rows.map((r) => r.count)],
    );
  }

  /** The current hour's and day's counts of one budget of one trust (0 where nothing was queued yet). */
  async current(trustId: string, budget: MessageBudgetName, now: Date): Promise<Record<BudgetPeriod, number>> {
    const rows: { period: BudgetPeriod; used: number }[] = await this.dataSource.query(
      `SELECT period, used FROM message_budget_usage
       WHERE trust_id = $1 AND budget = $2 AND ((period = 'hour' AND period_start = $3) OR (period = 'day' AND period_start = $4))`,
      [trustId, budget, periodStart('hour', now), periodStart('day', now)],
    );
    return { hour: rows.find((r) => r.period === 'hour')?.used ?? 0, day: rows.find((r) => r.period === 'day')?.used ?? 0 };
  }

  /** Every trust's counts in the current hour and day, for /metrics. */
  currentOfAllTrusts(now: Date): Promise<BudgetUsageRow[]> {
    return this.dataSource.query(
      `SELECT trust_id AS "trustId", budget, period, period_start AS "periodStart", used FROM message_budget_usage
       WHERE (period = 'hour' AND period_start = $1) OR (period = 'day' AND period_start = $2)
       ORDER BY trust_id, budget, period`,
      [periodStart('hour', now), periodStart('day', now)],
    );
  }

  /** Counters of periods long over; only the current ones are ever read. */
  async deleteBefore(before: Date): Promise<number> {
    const rows = await this.dataSource.query(`WITH gone AS (DELETE FROM message_budget_usage WHERE period_start < $1 RETURNING 1) SELECT count(*)::int AS n FROM gone`, [before]);
    return rows[0].n;
  }
}
