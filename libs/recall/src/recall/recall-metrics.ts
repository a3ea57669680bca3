import { Clock, MetricsRegistry } from '@app/core';
import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DerogationRepository } from '../derogations/derogation.repository';
import { MajorIncidentRepository } from '../incidents/major-incident.repository';

/**
 * Recall's figures on /metrics, read from PostgreSQL at scrape time (every API replica says the same):
 * derogation requests undecided past their deadline, per trust, and the answers of declared incidents'
 * recalls — live and drill under separate `mode` labels, so an exercise never adds to a live figure.
 */
@Injectable()
export class RecallMetrics {
  constructor(registry: MetricsRegistry, derogations: DerogationRepository, incidents: MajorIncidentRepository, clock: Clock) {
    const registers = [registry];
    new Gauge({
      name: 'strike_ops_derogations_overdue',
      help: 'Derogation requests submitted or pending past their decision deadline, per trust',
      labelNames: ['trust_id'],
      registers,
      async collect() {
        this.reset();
        for (const row of await derogations.overdueCountsOfAllTrusts(clock.now())) this.set({ trust_id: row.trustId }, row.count);
      },
    });
    new Gauge({
      name: 'strike_ops_recall_staff',
      help: 'Staff recalled for declared major incidents, by answer; mode="drill" counts exercises apart from live recalls',
      labelNames: ['mode', 'answer'],
      registers,
      async collect() {
        this.reset();
        for (const mode of ['live', 'drill']) for (const answer of ['attending', 'unavailable', 'no-response']) this.set({ mode, answer }, 0);
        for (const row of await incidents.recallFiguresOfAllTrusts()) this.set({ mode: row.drill ? 'drill' : 'live', answer: row.answer }, row.count);
      },
    });
  }
}
