import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

/**
 * The Prometheus registry of this process. Most figures are read from PostgreSQL and Redis when
 * /metrics is scraped (so every replica reports the same); events that leave no row behind — a
 * refused command rolls its transaction back — are counted here, per process.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();
  readonly budgetRefusals = new Counter({
    name: 'strike_ops_message_budget_refusals_total',
    help: 'Commands refused because they would overflow a trust message budget (this API process)',
    labelNames: ['trust_id', 'budget', 'period'],
    registers: [this.registry],
  });
}
