import { fitPlacements } from './placement-fit';

describe('fitting placements after the locks are taken', () => {
  const p = (appointmentId: string, slotId: string) => ({ appointmentId, slotId });

  it('keeps placements in engine order while their slot has room', () => {
    const fit = fitPlacements([p('a1', 's1'), p('a2', 's1'), p('a3', 's2')], new Set(['a1', 'a2', 'a3']), new Map([['s1', 1], ['s2', 1]]));
    expect(fit.accepted).toEqual([p('a1', 's1'), p('a3', 's2')]);
    expect(fit.slotTaken).toEqual([p('a2', 's1')]);
    expect(fit.alreadyRebooked).toEqual([]);
  });

  it('skips appointments rebooked meanwhile without using their slot', () => {
    const fit = fitPlacements([p('a1', 's1'), p('a2', 's1')], new Set(['a2']), new Map([['s1', 1]]));
    expect(fit.alreadyRebooked).toEqual([p('a1', 's1')]);
    expect(fit.accepted).toEqual([p('a2', 's1')]);
  });

  it('treats a slot missing from the lock (gone) as full', () => {
    expect(fitPlacements([p('a1', 's9')], new Set(['a1']), new Map()).slotTaken).toEqual([p('a1', 's9')]);
  });

  it('keeps the alternatives that still have room once every best place is served, and drops the rest', () => {
    const a1 = { appointmentId: 'a1', slotId: 's1', alternatives: [{ slotId: 's2' }, { slotId: 's3' }] };
    const a2 = { appointmentId: 'a2', slotId: 's2', alternatives: [{ slotId: 's3' }] };
    const fit = fitPlacements([a1, a2], new Set(['a1', 'a2']), new Map([['s1', 1], ['s2', 1], ['s3', 1]]));
    expect(fit.accepted).toEqual([a1, a2]);
    // s2 is a2's best place, so a1 cannot hold it; s3 goes to a1, the first in order.
    expect(fit.alternativeSlotIds).toEqual([['s3'], []]);
  });
});
