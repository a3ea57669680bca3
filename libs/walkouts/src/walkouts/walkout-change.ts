import type { UnitOfWork } from '@app/core';
import { WalkoutWarning } from '../engine/walkout-rules';

/** The parts of a walkout an edit can change (before it starts). Empty siteIds: every site of the trust. */
export interface WalkoutWindowShape {
  startsAt: Date;
  endsAt: Date;
  staffGroups: string[];
  siteIds: string[];
}

export interface WalkoutChange {
  trustId: string;
  walkoutId: string;
  before: WalkoutWindowShape;
  after: WalkoutWindowShape;
}

/**
 * What another lib has already done under a walkout's old shape (postponed appointments, rebooking
 * runs, …), checked when the walkout is edited. It runs inside the edit's transaction, with the walkout
 * row locked: to refuse the edit throw `WalkoutError(WalkoutErrorCode.ChangeBlocked)` with what blocks it in
 * `conflict` (so the edit's answers stay in the walkouts' own vocabulary); return warnings for what the edit leaves behind.
 * Registered with `WalkoutService.registerChangeCheck()` from the owning module's `onModuleInit`, so
 * walkouts never imports the libs that build on it.
 */
export interface WalkoutChangeCheck {
  checkChange(tx: UnitOfWork, change: WalkoutChange): Promise<WalkoutWarning[]>;
}
