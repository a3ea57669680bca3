import { WalkoutService, WalkoutView } from '@app/walkouts';
import { CoverError, CoverErrorCode } from './cover.errors';
import { WalkoutScope } from './engine/assignment-rules';

/** The walkout a cover route names (404 when it is another trust's), and whether it may still change. */
export async function walkoutForCover(walkouts: WalkoutService, trustId: string, walkoutId: string, purpose: 'read' | 'write'): Promise<WalkoutView> {
  const walkout = await walkouts.get(trustId, walkoutId);
  if (purpose === 'write' && walkout.status === 'called-off') {
    throw new CoverError(CoverErrorCode.WalkoutCalledOff, 'This walkout has been called off; its cover rota can no longer change');
  }
  return walkout;
}

/** What the cover rules need to know about the walkout. */
export function walkoutScope(walkout: WalkoutView): WalkoutScope {
  return { startsAt: walkout.startsAt, endsAt: walkout.endsAt, staffGroups: walkout.staffGroups, siteIds: walkout.siteIds };
}
