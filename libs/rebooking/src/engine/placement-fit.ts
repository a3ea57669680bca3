/**
 * Between the engine's run (on a snapshot) and the write, a concurrent run may have taken a slot or an
 * earlier execution of the same run may have rebooked an appointment. Once the chunk's appointments and
 * slots are locked, this decides which placements still stand — in the engine's order, so the most
 * urgent keep their slot when room has shrunk.
 */
export interface PlannedPlacement {
  appointmentId: string;
  slotId: string;
  /** Alternatives to hold beside the best place (docs/domain.md "Choice and holds"), best first. */
  alternatives?: readonly { slotId: string }[];
}

export interface PlacementFit<P extends PlannedPlacement> {
  accepted: P[];
  /** The appointment no longer waits for a date (rebooked meanwhile): nothing to do. */
  alreadyRebooked: P[];
  /** Its slot filled up meanwhile: the appointment stays in the queue for the next run. */
  slotTaken: P[];
  /** Per accepted placement (same order): the alternatives that still have room; the others are dropped, the offer goes without them. */
  alternativeSlotIds: string[][];
}

export function fitPlacements<P extends PlannedPlacement>(placements: readonly P[], stillWaiting: ReadonlySet<string>, freePlaces: ReadonlyMap<string, number>): PlacementFit<P> {
  const free = new Map(freePlaces);
  const fit: PlacementFit<P> = { accepted: [], alreadyRebooked: [], slotTaken: [], alternativeSlotIds: [] };
  for (const placement of placements) {
    if (!stillWaiting.has(placement.appointmentId)) {
      fit.alreadyRebooked.push(placement);
      continue;
    }
    const places = free.get(placement.slotId) ?? 0;
    if (places <= 0) {
      fit.slotTaken.push(placement);
      continue;
    }
    free.set(placement.slotId, places - 1);
    fit.accepted.push(placement);
  }
  // Alternatives only from what every best place of the chunk left, as in the engine.
  for (const placement of fit.accepted) {
    const kept: string[] = [];
    for (const alternative of placement.alternatives ?? []) {
      const places = free.get(alternative.slotId) ?? 0;
      if (places <= 0) continue;
      free.set(alternative.slotId, places - 1);
      kept.push(alternative.slotId);
    }
    fit.alternativeSlotIds.push(kept);
  }
  return fit;
}
