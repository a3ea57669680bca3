import { london, shift } from '@app/cover/testing';
import { checkWorkingTime, isBreakRequired } from './working-time';
import { DEFAULT_WORKING_TIME_LIMITS } from './working-time-limits';

const codes = (result: ReturnType<typeof checkWorkingTime>) => result.violations.map((v) => v.code);

describe('checkWorkingTime', () => {
  it('accepts a 12 h day shift for someone with no other shifts', () => {
    const result = checkWorkingTime(shift('2026-06-01T08:00', '2026-06-01T20:00'), []);
    expect(result.violations).toEqual([]);
  });

  describe('range', () => {
    it('refuses a shift that ends when it starts', () => {
      expect(codes(checkWorkingTime(shift('2026-06-01T08:00', '2026-06-01T08:00'), []))).toEqual(['INVALID_RANGE']);
    });

    it('refuses a shift that ends before it starts', () => {
      expect(codes(checkWorkingTime(shift('2026-06-01T20:00', '2026-06-01T08:00'), []))).toEqual(['INVALID_RANGE']);
    });
  });

  describe('shift length', () => {
    it('refuses a shift of 13 h 1 min but accepts exactly 13 h', () => {
      expect(codes(checkWorkingTime(shift('2026-06-01T07:00', '2026-06-01T20:00'), []))).toEqual([]);
      const tooLong = checkWorkingTime(shift('2026-06-01T07:00', '2026-06-01T20:01'), []);
      expect(codes(tooLong)).toEqual(['WORKING_TIME_SHIFT_TOO_LONG']);
      expect(tooLong.violations[0].message).toContain('13 h 1 min');
    });

    it('measures a 20:00 → 08:00 night over the autumn clock change as 13 h, and accepts it', () => {
      const night = shift('2026-10-24T20:00', '2026-10-25T08:00');
      expect(night.endsAt.getTime() - night.startsAt.getTime()).toBe(13 * 3_600_000);
      expect(codes(checkWorkingTime(night, []))).toEqual([]);
    });

    it('refuses a 20:00 → 09:00 night over the autumn clock change (14 h elapsed, 13 h on the wall clock)', () => {
      expect(codes(checkWorkingTime(shift('2026-10-24T20:00', '2026-10-25T09:00'), []))).toEqual([
        'WORKING_TIME_SHIFT_TOO_LONG',
      ]);
    });

    it('accepts a 19:00 → 09:00 night over the spring clock change (13 h elapsed, 14 h on the wall clock)', () => {
      expect(codes(checkWorkingTime(shift('2026-03-28T19:00', '2026-03-29T09:00'), []))).toEqual([]);
    });

    it('uses configured limits', () => {
      const limits = { ...DEFAULT_WORKING_TIME_LIMITS, maxShiftHours: 10 };
      expect(codes(checkWorkingTime(shift('2026-06-01T08:00', '2026-06-01T18:00'), [], limits))).toEqual([]);
      expect(codes(checkWorkingTime(shift('2026-06-01T08:00', '2026-06-01T19:00'), [], limits))).toEqual([
        'WORKING_TIME_SHIFT_TOO_LONG',
      ]);
    });
  });

  describe('rest between shifts', () => {
    const previous = shift('2026-06-01T08:00', '2026-06-01T20:00');

    it('accepts exactly 11 h of rest after the previous shift', () => {
      expect(codes(checkWorkingTime(shift('2026-06-02T07:00', '2026-06-02T15:00'), [previous]))).toEqual([]);
    });

    it('refuses 10 h 59 min of rest after the previous shift and points at it', () => {
      const result = checkWorkingTime(shift('2026-06-02T06:59', '2026-06-02T15:00'), [previous]);
      expect(codes(result)).toEqual(['WORKING_TIME_REST']);
      expect(result.violations[0].conflictingShift).toEqual(previous);
      expect(result.violations[0].message).toContain('10 h 59 min');
    });

    it('refuses less than 11 h of rest before the next shift but accepts exactly 11 h', () => {
      const next = shift('2026-06-02T08:00', '2026-06-02T20:00');
      expect(codes(checkWorkingTime(shift('2026-06-01T12:00', '2026-06-01T21:00'), [next]))).toEqual([]);
      const result = checkWorkingTime(shift('2026-06-01T12:00', '2026-06-01T21:01'), [next]);
      expect(codes(result)).toEqual(['WORKING_TIME_REST']);
      expect(result.violations[0].conflictingShift).toEqual(next);
    });

    it('measures rest in elapsed time across the autumn clock change', () => {
      // 22:00 BST to 08:00 GMT is 11 h elapsed although the wall clock says 10 h.
      const night = shift('2026-10-24T12:00', '2026-10-24T22:00');
      expect(codes(checkWorkingTime(shift('2026-10-25T08:00', '2026-10-25T16:00'), [night]))).toEqual([]);
    });

    it('reports both sides when the shift is squeezed between two shifts', () => {
      const result = checkWorkingTime(shift('2026-06-02T00:00', '2026-06-02T06:00'), [
        previous,
        shift('2026-06-02T10:00', '2026-06-02T18:00'),
      ]);
      expect(codes(result)).toEqual(['WORKING_TIME_REST', 'WORKING_TIME_REST']);
    });
  });

  describe('overlap', () => {
    it('refuses a shift that overlaps another shift of the same person at any site', () => {
      const elsewhere = shift('2026-06-01T14:00', '2026-06-01T22:00');
      const result = checkWorkingTime(shift('2026-06-01T08:00', '2026-06-01T15:00'), [elsewhere]);
      expect(codes(result)).toContain('OVERLAP');
      expect(result.violations.find((v) => v.code === 'OVERLAP')?.conflictingShift).toEqual(elsewhere);
    });

    it('treats back-to-back shifts as a rest problem, not an overlap', () => {
      const result = checkWorkingTime(shift('2026-06-01T14:00', '2026-06-01T20:00'), [
        shift('2026-06-01T08:00', '2026-06-01T14:00'),
      ]);
      expect(codes(result)).toEqual(['WORKING_TIME_REST']);
    });

    it('ignores stored shifts whose end is not after their start', () => {
      const broken = { startsAt: london('2026-06-01T12:00'), endsAt: london('2026-06-01T10:00') };
      expect(codes(checkWorkingTime(shift('2026-06-01T08:00', '2026-06-01T20:00'), [broken]))).toEqual([]);
    });
  });

  describe('72 h in any 7 days', () => {
    // Twelve-hour days 08:00-20:00 with 12 h rest between them.
    const days = (dates: string[]) => dates.map((d) => shift(`${d}T08:00`, `${d}T20:00`));

    it('accepts exactly 72 h in 7 days', () => {
      const existing = days(['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05']);
      expect(codes(checkWorkingTime(shift('2026-06-06T08:00', '2026-06-06T20:00'), existing))).toEqual([]);
    });

    it('refuses a 73rd hour inside a rolling window that straddles two calendar weeks', () => {
      // Thu-Tue: 48 h in one Monday-Sunday week and 24 h in the next, 72 h over six consecutive days.
      const existing = days(['2026-06-04', '2026-06-05', '2026-06-06', '2026-06-07', '2026-06-08', '2026-06-09']);
      const result = checkWorkingTime(shift('2026-06-10T08:00', '2026-06-10T09:00'), existing);
      expect(codes(result)).toEqual(['WORKING_TIME_WEEKLY_LIMIT']);
      expect(result.violations[0].message).toContain('73 h');
      expect(result.violations[0].message).toContain('Thu 4 Jun 2026 08:00 BST');
    });

    it('accepts the same hour once the busiest window has rolled past', () => {
      const existing = days(['2026-06-04', '2026-06-05', '2026-06-06', '2026-06-07', '2026-06-08', '2026-06-09']);
      // 7 days after Thu 08:00 is Thu 08:00; the window from Thu 20:00 holds 60 h + 1 h.
      expect(codes(checkWorkingTime(shift('2026-06-11T08:00', '2026-06-11T09:00'), existing))).toEqual([]);
    });

    it('counts shifts after the candidate as well as before it', () => {
      const existing = days(['2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05', '2026-06-06', '2026-06-07']);
      expect(codes(checkWorkingTime(shift('2026-06-01T08:00', '2026-06-01T20:00'), existing))).toEqual([
        'WORKING_TIME_WEEKLY_LIMIT',
      ]);
    });

    it('judges the shift by the busiest window that contains any part of it', () => {
      // 66 h already worked: Mon-Fri 08:00-20:00 and Sat 08:00-14:00.
      const existing = [
        ...days(['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05']),
        shift('2026-06-06T08:00', '2026-06-06T14:00'),
      ];
      // Busiest window from Mon 1 Jun 08:00: 66 h + 3 h of the candidate before Mon 8 Jun 08:00 = 69 h.
      expect(codes(checkWorkingTime(shift('2026-06-08T05:00', '2026-06-08T12:00'), existing))).toEqual([]);
      // From Mon 1 Jun 08:00: 66 h + 7 h (01:00-08:00) = 73 h.
      expect(codes(checkWorkingTime(shift('2026-06-08T01:00', '2026-06-08T11:00'), existing))).toEqual([
        'WORKING_TIME_WEEKLY_LIMIT',
      ]);
    });

    it('does not blame the candidate for an earlier week that was already over the limit', () => {
      const overworkedWeek = days([
        '2026-06-01',
        '2026-06-02',
        '2026-06-03',
        '2026-06-04',
        '2026-06-05',
        '2026-06-06',
        '2026-06-07',
      ]);
      expect(codes(checkWorkingTime(shift('2026-06-14T20:00', '2026-06-15T06:00'), overworkedWeek))).toEqual([]);
    });

    it('uses a configurable limit and window', () => {
      const limits = { ...DEFAULT_WORKING_TIME_LIMITS, maxHoursInRollingWindow: 48, rollingWindowDays: 4 };
      const existing = days(['2026-06-01', '2026-06-02', '2026-06-03']);
      expect(codes(checkWorkingTime(shift('2026-06-04T08:00', '2026-06-04T20:00'), existing, limits))).toEqual([]);
      expect(codes(checkWorkingTime(shift('2026-06-04T08:00', '2026-06-04T20:01'), existing, limits))).toEqual([
        'WORKING_TIME_WEEKLY_LIMIT',
      ]);
    });
  });

  describe('break flag', () => {
    it('flags a 20-minute break past 6 h without refusing the shift', () => {
      const result = checkWorkingTime(shift('2026-06-01T08:00', '2026-06-01T14:01'), []);
      expect(result).toEqual({ violations: [], breakRequired: true, breakMinutes: 20 });
    });

    it('does not flag a break for exactly 6 h', () => {
      expect(isBreakRequired(shift('2026-06-01T08:00', '2026-06-01T14:00'))).toBe(false);
      expect(checkWorkingTime(shift('2026-06-01T08:00', '2026-06-01T14:00'), []).breakRequired).toBe(false);
    });
  });

  it('reports every broken rule at once', () => {
    const result = checkWorkingTime(shift('2026-06-01T06:00', '2026-06-01T20:00'), [
      shift('2026-06-01T19:00', '2026-06-01T23:00'),
      shift('2026-06-01T00:00', '2026-06-01T04:00'),
    ]);
    expect(codes(result).sort()).toEqual(['OVERLAP', 'WORKING_TIME_REST', 'WORKING_TIME_SHIFT_TOO_LONG']);
  });
});
