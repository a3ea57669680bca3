import type { UnitOfWork } from '@app/core';
import { WalkoutChange, WalkoutChangeCheck, WalkoutError, WalkoutErrorCode, WalkoutService } from '@app/walkouts';
import type { WalkoutWarning } from '@app/walkouts';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { PostponementRepository } from './postponement.repository';
import { RebookingRunRepository } from '../runs/rebooking-run.repository';

/**
 * What a walkout's edit means for booked activity. Decided so: nothing a patient has been told is
 * undone or moved silently.
 * - A rebooking run queued or running reads the walkout's times: the edit waits for it (409).
 * - Appointments postponed under the old times that the new ones no longer cover stay postponed (their
 *   patients were told) and the next rebooking run offers them dates as usual: a warning counts them.
 * - New dates (offers, confirmed) that now fall inside the walkout: a warning counts them; postponing
 *   again cancels and re-queues them with a notice, like any booking in the window.
 * - Bookings newly inside the window need nothing here: the impact shows them and the next
 *   postponement takes them.
 */
@Injectable()
export class RebookingWalkoutChangeCheck implements WalkoutChangeCheck, OnModuleInit {
  constructor(
    private readonly walkouts: WalkoutService,
    private readonly postponements: PostponementRepository,
    private readonly runs: RebookingRunRepository,
  ) {}

  onModuleInit(): void {
    this.walkouts.registerChangeCheck(this);
  }

  async checkChange(tx: UnitOfWork, change: WalkoutChange): Promise<WalkoutWarning[]> {
    const activeRunId = await this.runs.activeRunId(tx, change.trustId, change.walkoutId);
    if (activeRunId) {
      throw new WalkoutError(WalkoutErrorCode.ChangeBlocked, 'A rebooking run of this walkout is queued or running: change the walkout once it has finished', [], {
        conflict: { runId: activeRunId },
      });
    }
    const window = { walkoutId: change.walkoutId, ...change.after };
    const { postponedOutside, rebookedInside } = await this.postponements.changeFootprint(tx, change.trustId, window);
    const warnings: WalkoutWarning[] = [];
    if (postponedOutside > 0) {
      warnings.push({
        code: 'POSTPONED_OUTSIDE_WALKOUT',
        count: postponedOutside,
        message: `${postponedOutside} appointment(s) postponed under the old times are outside the new ones: they stay postponed (their patients were told) and the next rebooking run offers them new dates`,
      });
    }
    if (rebookedInside > 0) {
      warnings.push({
        code: 'REBOOKED_INTO_WALKOUT',
        count: rebookedInside,
        message: `${rebookedInside} new date(s) already offered or confirmed now fall inside the walkout: postpone again to cancel them (with a notice) and rebook them after it`,
      });
    }
    return warnings;
  }
}
