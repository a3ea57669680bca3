import { HourlyCoverGaps } from './hourly-gaps';
import { BMA_2025_RATE_CARD, priceShift, RateCard, RateRegion } from './rate-card';

export interface RotaCost {
  /** What the accepted assignments cost (each priced when it was made); requested shifts count only once accepted. */
  assignedPence: number;
  /** What closing every remaining gap would cost at the current card: each short consultant-hour priced in its band. */
  shortfallPence: number;
  /** assignedPence + shortfallPence: the rota's cost once complete. */
  projectedPence: number;
}

/**
 * Each short hour costs `shortfall` consultants for that hour at its band's rate; a partial first or last
 * bucket is priced for its real length, and the 25 h autumn day pays its extra night hour.
 */
export function shortfallPence(gaps: HourlyCoverGaps, card: RateCard = BMA_2025_RATE_CARD, region: RateRegion = 'outside-london'): number {
  const bucketPrice = new Map<number, number>();
  let total = 0;
  for (const department of gaps.items) {
    for (const hour of department.hours) {
      if (hour.shortfall <= 0) continue;
      const key = hour.from.getTime();
      let price = bucketPrice.get(key);
      if (price === undefined) {
        price = priceShift(hour.from, hour.to, card, { region }).totalPence;
        bucketPrice.set(key, price);
      }
      total += hour.shortfall * price;
    }
  }
  return total;
}

export function rotaCost(assignedPrices: readonly number[], gaps: HourlyCoverGaps, card: RateCard = BMA_2025_RATE_CARD, region: RateRegion = 'outside-london'): RotaCost {
  const assignedPence = assignedPrices.reduce((sum, pence) => sum + pence, 0);
  const shortfall = shortfallPence(gaps, card, region);
  return { assignedPence, shortfallPence: shortfall, projectedPence: assignedPence + shortfall };
}
