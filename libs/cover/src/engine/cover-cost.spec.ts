import { computeHourlyCoverGaps } from './hourly-gaps';
import { london } from '@app/cover/testing';
import { rotaCost, shortfallPence } from './cover-cost';
import { RateCard } from './rate-card';

const flat: RateCard = {
  name: 'flat',
  bands: [
    { id: 'weekday', dayType: 'weekday', startsAt: '00:00', pencePerHour: { 'outside-london': 100, london: 100 } },
    { id: 'weekend', dayType: 'weekend', startsAt: '00:00', pencePerHour: { 'outside-london': 100, london: 100 } },
  ],
  nonResidentAvailabilityPencePerHour: { 'outside-london': 0, london: 0 },
  timeZone: 'Europe/London',
};

describe('rota cost', () => {
  it('prices each short consultant-hour in its band (BMA 2025: weekday day £188, evening £251, night £313)', () => {
    const window = { startsAt: london('2026-01-12T18:00'), endsAt: london('2026-01-12T23:30') };
    const gaps = computeHourlyCoverGaps(window, [{ departmentId: 'ed', ...window, minConsultants: 2 }], [{ departmentId: 'ed', startsAt: window.startsAt, endsAt: window.endsAt }]);
    // One consultant short for 18:00–19:00 (day), 19:00–23:00 (evening), 23:00–23:30 (night).
    expect(shortfallPence(gaps)).toBe(18_800 + 4 * 25_100 + 15_650);
    expect(shortfallPence(gaps, undefined, 'london')).toBe(20_100 + 4 * 26_800 + 16_700);
  });

  it('charges the extra hour of the autumn clock change and one hour fewer in spring', () => {
    const autumn = { startsAt: london('2026-10-24T07:00'), endsAt: london('2026-10-25T07:00') };
    const spring = { startsAt: london('2026-03-28T07:00'), endsAt: london('2026-03-29T07:00') };
    const cost = (window: typeof autumn) => shortfallPence(computeHourlyCoverGaps(window, [{ departmentId: 'ed', ...window, minConsultants: 1 }], []), flat);
    expect(cost(autumn)).toBe(25 * 100);
    expect(cost(spring)).toBe(23 * 100);
  });

  it('adds what is assigned to what the gaps would cost', () => {
    const window = { startsAt: london('2026-01-12T08:00'), endsAt: london('2026-01-12T10:00') };
    const gaps = computeHourlyCoverGaps(window, [{ departmentId: 'ed', ...window, minConsultants: 1 }], []);
    expect(rotaCost([1_000, 2_500], gaps, flat)).toEqual({ assignedPence: 3_500, shortfallPence: 200, projectedPence: 3_700 });
  });
});
