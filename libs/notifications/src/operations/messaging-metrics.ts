import { MetricsRegistry } from '@app/core';
import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';

/**
 * Events that leave no row behind (a refused command rolls its transaction back), so /metrics cannot
 * read them from PostgreSQL: counted in this process, on the process's one registry.
 */
@Injectable()
export class MessagingMetrics {
  readonly budgetRefusals: Counter<'trust_id' | 'budget' | 'period'>;

  constructor(registry: MetricsRegistry) {
    this.budgetRefusals = new Counter({
      name: 'strike_ops_message_budget_refusals_total',
      help: 'Commands refused because they would overflow a trust message budget (this API process)',
      labelNames: ['trust_id', 'budget', 'period'],
      registers: [registry],
    });
  }
}
