import { Clock } from '@app/core';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DerogationRepository } from '../derogations/derogation.repository';
import { MajorIncidentRepository } from '../incidents/major-incident.repository';
import { RecallScheduler } from '../recall/recall-scheduler';

const SWEEP_MS = 30_000;
const BATCH = 500;

/**
 * Makes sure every stored "next check due" has its delayed job. The API queues the job after its
 * transaction commits; if Redis was down at that moment the job is missing, and this puts it back.
 * Adding a job whose id already exists does nothing, and the handlers re-check the stored state, so
 * sweeping an incident whose job is fine is harmless.
 */
@Injectable()
export class RecallSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RecallSweeper');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly incidents: MajorIncidentRepository,
    private readonly derogations: DerogationRepository,
    private readonly scheduler: RecallScheduler,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.trigger(), SWEEP_MS);
    this.trigger();
  }

  private trigger(): void {
    if (this.running) return;
    this.running = this.sweep()
      .catch((error) => this.logger.warn({ msg: 'recall sweep failed; will retry', error: (error as Error).message }))
      .finally(() => (this.running = null));
  }

  async sweep(): Promise<void> {
    const now = this.clock.now();
    for (const due of await this.incidents.pendingEscalationsOfAllTrusts(BATCH)) {
      await this.scheduler.ensureEscalation(due.trustId, due.incidentId, due.round, due.nextEscalationAt.getTime() - now.getTime());
    }
    for (const pending of await this.derogations.pendingRecallsOfAllTrusts(now, BATCH)) {
      await this.scheduler.ensureDerogationRecall(pending.trustId, pending.derogationId, pending.walkoutStartsAt.getTime() - now.getTime());
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
