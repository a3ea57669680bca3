/**
 * Between the engine's run (on a snapshot) and the write, a concurrent run may have taken a slot or an
 * earlier execution of the same run may have rebooked an appointment. Once the chunk's appointments and
 * slots are locked, this decides which placements still stand — in the engine's order, so the most
 * urgent keep their slot when room has shrunk.
 */
export interface PlannedPlacement {
  appointmentId: string;
  slotId: string;
}

export interface PlacementFit<P extends PlannedPlacement> {
  accepted: P[];
  /** The appointment no longer waits for a date (rebooked meanwhile): nothing to do. */
  alreadyRebooked: P[];
  /** Its slot filled up meanwhile: the appointment stays in the queue for the next run. */
  slotTaken: P[];
}

export function fitPlacements<P extends PlannedPlacement>(placements: readonly P[], stillWaiting: ReadonlySet<string>, freePlaces: ReadonlyMap<string, number>): PlacementFit<P> {
  const free = new Map(freePlaces);
  const fit: PlacementFit<P> = { accepted: [], alreadyRebooked: [], slotTaken: [] };
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
  return fit;
}
