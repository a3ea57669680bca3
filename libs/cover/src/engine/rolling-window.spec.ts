import { seededRandom } from '@app/cover/testing';
import { MergedTimeline, MsInterval, worstRollingWindow } from './rolling-window';

describe('worstRollingWindow', () => {
  it('returns the busiest window among those that touch the range', () => {
    const timeline = new MergedTimeline([
      { start: 0, end: 10 },
      { start: 20, end: 30 },
      { start: 100, end: 130 },
    ]);
    expect(worstRollingWindow(timeline, null, 0, 40, 50)).toEqual({ windowStart: 0, workedMs: 20 });
    expect(worstRollingWindow(timeline, null, 0, 120, 50).workedMs).toBe(30);
  });

  it('merges overlapping shifts so the same hour is never counted twice', () => {
    const timeline = new MergedTimeline([
      { start: 0, end: 10 },
      { start: 5, end: 15 },
      { start: 15, end: 20 },
    ]);
    expect(timeline.workedBetween(0, 100)).toBe(20);
  });

  it('agrees with a minute-by-minute brute force on random rotas', () => {
    const random = seededRandom(20260329);
    const window = 7 * 24 * 4; // in 15-minute units, so the brute force stays cheap
    for (let round = 0; round < 60; round++) {
      const shifts: MsInterval[] = [];
      for (let t = 0; t < 21 * 24 * 4; ) {
        const gap = Math.floor(random() * 24 * 4);
        const length = 1 + Math.floor(random() * 13 * 4);
        shifts.push({ start: t + gap, end: t + gap + length });
        t += gap + length + Math.floor(random() * 4);
      }
      const candidateIndex = Math.floor(random() * shifts.length);
      const candidate = shifts[candidateIndex];
      const others = shifts.filter((_, i) => i !== candidateIndex);

      const busy = new Uint8Array(30 * 24 * 4);
      for (const s of shifts) busy.fill(1, s.start, s.end);
      let bruteForce = 0;
      for (let w = candidate.start - window; w <= candidate.end; w++) {
        let worked = 0;
        for (let t = Math.max(0, w); t < w + window; t++) worked += busy[t];
        bruteForce = Math.max(bruteForce, worked);
      }

      const withCandidate = worstRollingWindow(new MergedTimeline(shifts), null, candidate.start - window, candidate.end, window);
      const asExtra = worstRollingWindow(new MergedTimeline(others), candidate, candidate.start - window, candidate.end, window);
      expect(withCandidate.workedMs).toBe(bruteForce);
      expect(asExtra.workedMs).toBe(bruteForce);
    }
  });
});
