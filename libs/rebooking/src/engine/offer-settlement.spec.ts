import { settleOffer } from './offer-settlement';

const alternatives = [
  { option: 1, slotId: 's1', active: true },
  { option: 2, slotId: 's2', active: true },
];
const byslot = (deltas: { slotId: string; booked: number; held: number }[]) => Object.fromEntries(deltas.map((d) => [d.slotId, [d.booked, d.held]]));

describe('settling an answer to an offer', () => {
  it('keeps the best place and releases both holds when the best date is chosen', () => {
    const settled = settleOffer('best', alternatives, { kind: 'choose', option: 0 });
    expect(byslot(settled.slotDeltas)).toEqual({ s1: [0, -1], s2: [0, -1] });
    expect(settled.releases).toEqual([{ option: 1, reason: 'not-chosen' }, { option: 2, reason: 'not-chosen' }]);
    expect(settled.movesTo).toBeNull();
  });

  it('moves the booking into a chosen alternative: its hold becomes the booking, the best place and the other hold are released', () => {
    const settled = settleOffer('best', alternatives, { kind: 'choose', option: 2 });
    expect(byslot(settled.slotDeltas)).toEqual({ best: [-1, 0], s1: [0, -1], s2: [1, -1] });
    expect(settled.releases).toEqual([{ option: 1, reason: 'not-chosen' }, { option: 2, reason: 'chosen' }]);
    expect(settled.movesTo).toBe('s2');
  });

  it('books a released alternative as a new place (the counter’s CHECK decides if there is room)', () => {
    const settled = settleOffer('best', [{ option: 1, slotId: 's1', active: false }], { kind: 'choose', option: 1 });
    expect(byslot(settled.slotDeltas)).toEqual({ best: [-1, 0], s1: [1, 0] });
    expect(settled.releases).toEqual([]);
  });

  it('releases everything on a decline', () => {
    const settled = settleOffer('best', [...alternatives, { option: 3, slotId: 's3', active: false }], { kind: 'decline' });
    expect(byslot(settled.slotDeltas)).toEqual({ best: [-1, 0], s1: [0, -1], s2: [0, -1] });
    expect(settled.releases.map((r) => r.reason)).toEqual(['declined', 'declined']);
  });

  it('refuses an option the offer does not have', () => {
    expect(() => settleOffer('best', alternatives, { kind: 'choose', option: 3 })).toThrow(RangeError);
  });
});
