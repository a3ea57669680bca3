import { london, shift } from '@app/cover/testing';
import { planBreak } from './break-plan';
import { DEFAULT_WORKING_TIME_LIMITS } from './working-time-limits';

describe('planBreak', () => {
  it('plans the 20-minute break in the middle of a shift longer than 6 h, on a five-minute mark', () => {
    expect(planBreak(shift('2026-06-01T08:00', '2026-06-01T20:00'), DEFAULT_WORKING_TIME_LIMITS)).toEqual({
      ok: true,
      plannedBreak: { startsAt: london('2026-06-01T13:50'), endsAt: london('2026-06-01T14:10'), minutes: 20 },
    });
    // 6 h 1 min: (361 - 20) / 2 = 170.5 min, down to 170.
    expect(planBreak(shift('2026-06-01T08:00', '2026-06-01T14:01'), DEFAULT_WORKING_TIME_LIMITS)).toEqual({
      ok: true,
      plannedBreak: { startsAt: london('2026-06-01T10:50'), endsAt: london('2026-06-01T11:10'), minutes: 20 },
    });
  });

  it('plans no break for a shift of exactly 6 h, and refuses one asked for', () => {
    expect(planBreak(shift('2026-06-01T08:00', '2026-06-01T14:00'), DEFAULT_WORKING_TIME_LIMITS)).toEqual({ ok: true, plannedBreak: null });
    expect(planBreak(shift('2026-06-01T08:00', '2026-06-01T14:00'), DEFAULT_WORKING_TIME_LIMITS, london('2026-06-01T10:00'))).toEqual({ ok: false, message: expect.stringMatching(/needs no planned break/) });
  });

  it('takes the planner’s time when the whole break lies within the shift', () => {
    const night = shift('2026-06-01T20:00', '2026-06-02T08:00');
    expect(planBreak(night, DEFAULT_WORKING_TIME_LIMITS, london('2026-06-02T03:00'))).toEqual({ ok: true, plannedBreak: { startsAt: london('2026-06-02T03:00'), endsAt: london('2026-06-02T03:20'), minutes: 20 } });
    expect(planBreak(night, DEFAULT_WORKING_TIME_LIMITS, london('2026-06-02T07:50'))).toEqual({ ok: false, message: expect.stringMatching(/must lie within the shift/) });
    expect(planBreak(night, DEFAULT_WORKING_TIME_LIMITS, london('2026-06-01T19:59'))).toEqual({ ok: false, message: expect.stringMatching(/must lie within the shift/) });
  });
});
