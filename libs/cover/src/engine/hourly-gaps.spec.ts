import { london } from '@app/cover/testing';
import { CoverAssignmentPeriod, CoverRequirementPeriod, computeHourlyCoverGaps } from './hourly-gaps';

const window = (from: string, to: string) => ({ startsAt: london(from), endsAt: london(to) });
const requirement = (from: string, to: string, minConsultants: number, departmentId = 'ed'): CoverRequirementPeriod => ({
  departmentId,
  startsAt: london(from),
  endsAt: london(to),
  minConsultants,
});
const assignment = (from: string, to: string, departmentId = 'ed'): CoverAssignmentPeriod => ({
  departmentId,
  startsAt: london(from),
  endsAt: london(to),
});
const iso = (d: Date) => d.toISOString();

describe('computeHourlyCoverGaps', () => {
  it('gives 23 hourly buckets for a 07:00 → 07:00 walkout day over the spring clock change', () => {
    const gaps = computeHourlyCoverGaps(
      window('2026-03-28T07:00', '2026-03-29T07:00'),
      [requirement('2026-03-28T07:00', '2026-03-29T07:00', 1)],
      [],
    );
    const hours = gaps.items[0].hours;
    expect(hours).toHaveLength(23);
    // 00:00 GMT is followed directly by 02:00 BST.
    expect(iso(hours[17].from)).toBe('2026-03-29T00:00:00.000Z');
    expect(iso(hours[18].from)).toBe('2026-03-29T01:00:00.000Z');
    expect(gaps.totals.requiredHours).toBe(23);
  });

  it('gives 25 hourly buckets over the autumn clock change, with the repeated 01:00 hour twice', () => {
    const gaps = computeHourlyCoverGaps(
      window('2026-10-24T07:00', '2026-10-25T07:00'),
      [requirement('2026-10-24T07:00', '2026-10-25T07:00', 2)],
      [],
    );
    const hours = gaps.items[0].hours;
    expect(hours).toHaveLength(25);
    // 01:00 BST (00:00 UTC) and 01:00 GMT (01:00 UTC) are separate buckets.
    expect(iso(hours[18].from)).toBe('2026-10-25T00:00:00.000Z');
    expect(iso(hours[19].from)).toBe('2026-10-25T01:00:00.000Z');
    expect(iso(hours[24].to)).toBe('2026-10-25T07:00:00.000Z');
    expect(gaps.totals).toEqual({ requiredHours: 50, assignedHours: 0, coveredHours: 0, shortfallHours: 50 });
  });

  it('uses partial first and last buckets when the walkout is not on the hour', () => {
    const gaps = computeHourlyCoverGaps(
      window('2026-06-01T07:30', '2026-06-01T10:15'),
      [requirement('2026-06-01T07:00', '2026-06-01T12:00', 1)],
      [],
    );
    expect(gaps.items[0].hours.map((h) => [iso(h.from), iso(h.to)])).toEqual([
      ['2026-06-01T06:30:00.000Z', '2026-06-01T07:00:00.000Z'],
      ['2026-06-01T07:00:00.000Z', '2026-06-01T08:00:00.000Z'],
      ['2026-06-01T08:00:00.000Z', '2026-06-01T09:00:00.000Z'],
      ['2026-06-01T09:00:00.000Z', '2026-06-01T09:15:00.000Z'],
    ]);
    expect(gaps.totals.requiredHours).toBe(2.75);
  });

  it('takes the larger of overlapping requirements for the same department instead of adding them', () => {
    const gaps = computeHourlyCoverGaps(
      window('2026-06-01T08:00', '2026-06-01T22:00'),
      [requirement('2026-06-01T08:00', '2026-06-01T20:00', 3), requirement('2026-06-01T18:00', '2026-06-01T22:00', 4)],
      [],
    );
    const required = gaps.items[0].hours.map((h) => h.required);
    expect(required).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4]);
  });

  it('requires cover for the whole hour when a requirement covers part of it', () => {
    const gaps = computeHourlyCoverGaps(
      window('2026-06-01T08:00', '2026-06-01T11:00'),
      [requirement('2026-06-01T08:30', '2026-06-01T09:15', 2)],
      [],
    );
    expect(gaps.items[0].hours.map((h) => h.required)).toEqual([2, 2, 0]);
  });

  it('does not count a consultant who covers only half an hour as covering the hour', () => {
    const gaps = computeHourlyCoverGaps(
      window('2026-06-01T08:00', '2026-06-01T10:00'),
      [requirement('2026-06-01T08:00', '2026-06-01T10:00', 1)],
      [assignment('2026-06-01T08:00', '2026-06-01T08:30'), assignment('2026-06-01T09:00', '2026-06-01T10:00')],
    );
    expect(gaps.items[0].hours.map((h) => [h.assigned, h.shortfall])).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('counts a handover at the same instant as continuous cover', () => {
    const gaps = computeHourlyCoverGaps(
      window('2026-06-01T08:00', '2026-06-01T09:00'),
      [requirement('2026-06-01T08:00', '2026-06-01T09:00', 1)],
      [assignment('2026-06-01T07:00', '2026-06-01T08:30'), assignment('2026-06-01T08:30', '2026-06-01T12:00')],
    );
    expect(gaps.items[0].hours[0].assigned).toBe(1);
  });

  it('uses the fewest consultants present at any moment of the hour', () => {
    const gaps = computeHourlyCoverGaps(
      window('2026-06-01T08:00', '2026-06-01T09:00'),
      [requirement('2026-06-01T08:00', '2026-06-01T09:00', 3)],
      [
        assignment('2026-06-01T08:00', '2026-06-01T09:00'),
        assignment('2026-06-01T08:00', '2026-06-01T09:00'),
        assignment('2026-06-01T08:00', '2026-06-01T08:45'),
        assignment('2026-06-01T08:15', '2026-06-01T09:00'),
      ],
    );
    // 3 until 08:15, 4 until 08:45, then 3: the hour is covered by 3.
    expect(gaps.items[0].hours[0]).toMatchObject({ required: 3, assigned: 3, shortfall: 0 });
  });

  it('never reports a negative shortfall and counts extra assigned hours separately', () => {
    const gaps = computeHourlyCoverGaps(
      window('2026-06-01T08:00', '2026-06-01T10:00'),
      [requirement('2026-06-01T08:00', '2026-06-01T10:00', 1)],
      [assignment('2026-06-01T08:00', '2026-06-01T10:00'), assignment('2026-06-01T08:00', '2026-06-01T09:00')],
    );
    expect(gaps.items[0].hours.map((h) => h.shortfall)).toEqual([0, 0]);
    expect(gaps.totals).toEqual({ requiredHours: 2, assignedHours: 3, coveredHours: 2, shortfallHours: 0 });
  });

  it('lists every department with a requirement or an assignment, by id, with its own totals', () => {
    const gaps = computeHourlyCoverGaps(
      window('2026-06-01T08:00', '2026-06-01T10:00'),
      [requirement('2026-06-01T08:00', '2026-06-01T10:00', 2, 'icu'), requirement('2026-06-01T08:00', '2026-06-01T09:00', 1, 'ed')],
      [assignment('2026-06-01T08:00', '2026-06-01T10:00', 'theatres'), assignment('2026-06-01T06:00', '2026-06-01T07:00', 'ed')],
    );
    expect(gaps.items.map((i) => [i.departmentId, i.totals.requiredHours, i.totals.assignedHours])).toEqual([
      ['ed', 1, 0],
      ['icu', 4, 0],
      ['theatres', 0, 2],
    ]);
    expect(gaps.totals).toEqual({ requiredHours: 5, assignedHours: 2, coveredHours: 0, shortfallHours: 5 });
  });

  it('returns nothing for an empty window', () => {
    const gaps = computeHourlyCoverGaps(
      window('2026-06-01T08:00', '2026-06-01T08:00'),
      [requirement('2026-06-01T08:00', '2026-06-01T10:00', 1)],
      [],
    );
    expect(gaps.items[0].hours).toEqual([]);
    expect(gaps.totals.requiredHours).toBe(0);
  });
});
