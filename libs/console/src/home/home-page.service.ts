import { Clock } from '@app/core';
import { WalkoutService } from '@app/walkouts';
import { Injectable } from '@nestjs/common';
import { walkoutSummary, WalkoutSummary } from '../engine/walkout-summary';

/** How far back the trust home lists past walkouts. */
const PAST_DAYS = 180;
const LIST_LIMIT = 200;

export interface TrustHomeView {
  inProgress: WalkoutSummary[];
  coming: WalkoutSummary[];
  past: WalkoutSummary[];
}

/** The trust home: its walkouts coming, in progress and past, through the walkout service as the API lists them. */
@Injectable()
export class HomePageService {
  constructor(
    private readonly walkouts: WalkoutService,
    private readonly clock: Clock,
  ) {}

  async trustHome(trustId: string): Promise<TrustHomeView> {
    const from = new Date(this.clock.now().getTime() - PAST_DAYS * 86_400_000);
    const page = await this.walkouts.list(trustId, { from, limit: LIST_LIMIT });
    const summaries = page.items.map(walkoutSummary);
    return {
      inProgress: summaries.filter((w) => w.rawStatus === 'in-progress'),
      coming: summaries.filter((w) => w.rawStatus === 'announced'),
      past: summaries.filter((w) => w.rawStatus === 'ended' || w.rawStatus === 'called-off').reverse(),
    };
  }
}
