import type { HoldReleaseReason } from '../rebooking.constants';

/**
 * What an answer to an offer changes in the slots' counters and the holds (docs/domain.md "Choice and
 * holds"), as plain data: the link repository writes it in one statement, the CHECK on the counters
 * standing behind it. Every hold still counting against its slot is released by a choice or a decline.
 */
export interface HeldAlternative {
  option: number;
  slotId: string;
  /** Still counts in its slot's held_count (not released yet, even if its time has run out). */
  active: boolean;
}

export type OfferAnswerKind = { kind: 'choose'; option: number } | { kind: 'decline' };

export interface SlotDelta {
  slotId: string;
  booked: number;
  held: number;
}

export interface Settlement {
  slotDeltas: SlotDelta[];
  releases: { option: number; reason: HoldReleaseReason }[];
  /** The appointment's slot after the answer (a chosen alternative's), or null when it keeps its own or is declined. */
  movesTo: string | null;
}

export function settleOffer(bestSlotId: string, alternatives: readonly HeldAlternative[], answer: OfferAnswerKind): Settlement {
  const deltas = new Map<string, SlotDelta>();
  const change = (slotId: string, booked: number, held: number) => {
    const delta = deltas.get(slotId) ?? { slotId, booked: 0, held: 0 };
    delta.booked += booked;
    delta.held += held;
    deltas.set(slotId, delta);
  };
  const releases: Settlement['releases'] = [];
  const chosen = answer.kind === 'choose' ? answer.option : null;
  for (const alternative of alternatives) {
    if (!alternative.active) continue;
    change(alternative.slotId, 0, -1);
    releases.push({ option: alternative.option, reason: answer.kind === 'decline' ? 'declined' : alternative.option === chosen ? 'chosen' : 'not-chosen' });
  }
  let movesTo: string | null = null;
  if (answer.kind === 'decline') change(bestSlotId, -1, 0);
  else if (chosen !== 0) {
    const target = alternatives.find((alternative) => alternative.option === chosen);
    if (!target) throw new RangeError(`The offer has no option ${chosen}`);
    change(bestSlotId, -1, 0);
    change(target.slotId, 1, 0);
    movesTo = target.slotId;
  }
  return { slotDeltas: [...deltas.values()].filter((d) => d.booked !== 0 || d.held !== 0), releases, movesTo };
}
