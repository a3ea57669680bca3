import { seededRandom } from '@app/cover/testing';
import { MsInterval } from './rolling-window';
import { checkWorkingTime } from './working-time';
import { WorkingTimeLedger } from './working-time-ledger';
import { DEFAULT_WORKING_TIME_LIMITS } from './working-time-limits';

const HOUR = 3_600_000;
const at = (hours: number) => Date.parse('2026-10-20T00:00Z') + hours * HOUR;
const asShift = (i: MsInterval) => ({ startsAt: new Date(i.start), endsAt: new Date(i.end) });

describe('WorkingTimeLedger', () => {
  it('answers how late a shift may end before the next booked shift, keeping 11 h of rest', () => {
    const ledger = new WorkingTimeLedger([{ start: at(30), end: at(40) }], DEFAULT_WORKING_TIME_LIMITS);
    expect(ledger.latestEndAllowedByRestAndOverlap(at(8))).toBe(at(19));
    expect(ledger.latestEndAllowedByRestAndOverlap(at(51))).toBe(Infinity);
    expect(ledger.latestEndAllowedByRestAndOverlap(at(50))).toBe(-Infinity);
    expect(ledger.latestEndAllowedByRestAndOverlap(at(35))).toBe(-Infinity);
  });

  it('takes newly added shifts into account', () => {
    const ledger = new WorkingTimeLedger([], DEFAULT_WORKING_TIME_LIMITS);
    expect(ledger.canTake({ start: at(20), end: at(30) })).toBe(true);
    ledger.add({ start: at(20), end: at(30) });
    expect(ledger.shiftCount).toBe(1);
    expect(ledger.canTake({ start: at(35), end: at(40) })).toBe(false);
    expect(ledger.canTake({ start: at(41), end: at(50) })).toBe(true);
  });

  it('agrees with checkWorkingTime on random rotas', () => {
    const random = seededRandom(72);
    let accepted = 0;
    const refusals = new Map<string, number>();
    for (let round = 0; round < 400; round++) {
      // Alternate sparse rotas with dense ones (12 h shifts, just over 11 h apart) where 72 h bites.
      const dense = round % 2 === 0;
      const existing: MsInterval[] = [];
      for (let t = 0; t < 24 * 14; ) {
        const start = t + (dense ? 0 : Math.floor(random() * 30));
        const end = start + (dense ? 10 + Math.floor(random() * 4) : 1 + Math.floor(random() * 13));
        existing.push({ start: at(start), end: at(end) });
        t = end + (dense ? 11 + Math.floor(random() * 26) : 8 + Math.floor(random() * 40));
      }
      const start = Math.floor(random() * 24 * 14);
      const candidate = { start: at(start), end: at(start + 1 + Math.floor(random() * 14)) };
      const ledger = new WorkingTimeLedger(existing, DEFAULT_WORKING_TIME_LIMITS);
      const violations = checkWorkingTime(asShift(candidate), existing.map(asShift)).violations;
      const expected = violations.length === 0;
      expect(ledger.canTake(candidate)).toBe(expected);
      for (const v of violations) refusals.set(v.code, (refusals.get(v.code) ?? 0) + 1);
      if (expected) accepted++;
    }
    // The comparison is only meaningful if acceptance and every kind of refusal occur often.
    expect(accepted).toBeGreaterThan(40);
    for (const code of ['OVERLAP', 'WORKING_TIME_REST', 'WORKING_TIME_WEEKLY_LIMIT', 'WORKING_TIME_SHIFT_TOO_LONG']) {
      expect(refusals.get(code) ?? 0).toBeGreaterThan(20);
    }
  });
});
