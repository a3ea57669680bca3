import type { DepartmentKind } from '@app/organisations';
import { DateTime } from 'luxon';
import { CoverAssignmentPeriod, CoverRequirementPeriod, computeHourlyCoverGaps } from './hourly-gaps';
import { london, seededRandom, shift } from '@app/cover/testing';
import { checkWorkingTime } from './working-time';
import { checkScopeOfPractice } from './scope-of-practice';
import {
  AutofillCandidate,
  AutofillDepartment,
  CoverAutofillInput,
  CoverAutofillResult,
  proposeCover,
} from './autofill';

const ED: AutofillDepartment = { id: 'ed', kind: 'emergency', siteId: 'site-a' };

function consultant(staffNumber: string, overrides: Partial<AutofillCandidate> = {}): AutofillCandidate {
  return {
    staffId: `staff-${staffNumber}`,
    staffNumber,
    grade: 'consultant',
    specialty: 'emergency-medicine',
    siteId: 'site-a',
    existingShifts: [],
    eligible: true,
    ...overrides,
  };
}

function requirement(from: string, to: string, minConsultants: number, departmentId = 'ed'): CoverRequirementPeriod {
  return { departmentId, startsAt: london(from), endsAt: london(to), minConsultants };
}

function scenario(from: string, to: string, overrides: Partial<CoverAutofillInput>): CoverAutofillInput {
  return {
    window: { startsAt: london(from), endsAt: london(to) },
    departments: [ED],
    requirements: [requirement(from, to, 1)],
    existingAssignments: [],
    candidates: [],
    ...overrides,
  };
}

const local = (d: Date) => DateTime.fromJSDate(d, { zone: 'Europe/London' }).toFormat('dd HH:mm');
const rota = (result: CoverAutofillResult) =>
  result.proposals.map((p) => `${p.staffNumber} ${p.departmentId} ${local(p.startsAt)} → ${local(p.endsAt)}`);
const gaps = (result: CoverAutofillResult) =>
  result.remainingGaps.map((g) => `${g.departmentId} ${local(g.from)} → ${local(g.to)} short ${g.shortfall} ${g.reason}`);

describe('proposeCover', () => {
  it('covers an ED day requirement with one 12 h shift and flags its break', () => {
    const result = proposeCover(
      scenario('2026-06-01T08:00', '2026-06-01T20:00', { candidates: [consultant('C001')] }),
    );
    expect(rota(result)).toEqual(['C001 ed 01 08:00 → 01 20:00']);
    expect(result.proposals[0]).toMatchObject({ staffId: 'staff-C001', breakRequired: true, availabilityWindowId: null });
    // The break is planned, not only flagged: 20 minutes in the middle of the shift.
    expect(result.proposals[0].plannedBreak).toEqual({ startsAt: london('2026-06-01T13:50'), endsAt: london('2026-06-01T14:10'), minutes: 20 });
    expect(result.remainingGaps).toEqual([]);
  });

  it('does not ask a consultant again for hours they declined', () => {
    const result = proposeCover(
      scenario('2026-06-01T08:00', '2026-06-01T20:00', {
        candidates: [consultant('C001', { declined: [shift('2026-06-01T12:00', '2026-06-01T14:00')] }), consultant('C002')],
      }),
    );
    expect(rota(result)).toEqual(['C001 ed 01 08:00 → 01 12:00', 'C002 ed 01 12:00 → 01 20:00']);
  });

  it('asks first whoever declared themselves available, keeping their shift inside their window', () => {
    const result = proposeCover(
      scenario('2026-06-01T08:00', '2026-06-01T20:00', {
        candidates: [consultant('C001'), consultant('C002', { availability: [{ id: 'w1', ...shift('2026-06-01T07:00', '2026-06-01T16:00') }] })],
      }),
    );
    // C002 would come second by staff number; their window puts them first, until it closes at 16:00.
    expect(rota(result)).toEqual(['C002 ed 01 08:00 → 01 16:00', 'C001 ed 01 16:00 → 01 20:00']);
    expect(result.proposals.map((p) => p.availabilityWindowId)).toEqual(['w1', null]);
    expect(result.proposals[1].plannedBreak).toBeNull();
  });

  it('splits a 07:00 → 07:00 walkout day into two 12 h shifts for different consultants', () => {
    const result = proposeCover(
      scenario('2026-06-01T07:00', '2026-06-02T07:00', { candidates: [consultant('C002'), consultant('C001')] }),
    );
    expect(rota(result)).toEqual(['C001 ed 01 07:00 → 01 19:00', 'C002 ed 01 19:00 → 02 07:00']);
  });

  it('gives a lone consultant exactly 11 h of rest before returning and reports the hours nobody can cover', () => {
    const result = proposeCover(
      scenario('2026-06-01T07:00', '2026-06-02T07:00', { candidates: [consultant('C001')] }),
    );
    expect(rota(result)).toEqual(['C001 ed 01 07:00 → 01 19:00', 'C001 ed 02 06:00 → 02 07:00']);
    expect(gaps(result)).toEqual(['ed 01 19:00 → 02 06:00 short 1 WORKING_TIME_LIMITS']);
  });

  it('never proposes a striking consultant, a resident doctor or a specialty outside the department scope', () => {
    const result = proposeCover(
      scenario('2026-06-01T08:00', '2026-06-01T20:00', {
        candidates: [
          consultant('C001', { eligible: false }),
          consultant('C002', { grade: 'resident-doctor' }),
          consultant('C003', { specialty: 'dermatology' }),
        ],
      }),
    );
    expect(result.proposals).toEqual([]);
    expect(gaps(result)).toEqual(['ed 01 08:00 → 01 20:00 short 1 NO_ELIGIBLE_CONSULTANT']);
  });

  it('leaves an unclassified "other" department to a human rather than guessing who is in scope', () => {
    const result = proposeCover(
      scenario('2026-06-01T08:00', '2026-06-01T20:00', {
        departments: [{ id: 'ed', kind: 'other', siteId: 'site-a' }],
        candidates: [consultant('C001')],
      }),
    );
    expect(result.proposals).toEqual([]);
    expect(gaps(result)).toEqual(['ed 01 08:00 → 01 20:00 short 1 NO_ELIGIBLE_CONSULTANT']);
  });

  it('gives the next shift to the consultant with the fewest cover hours, even when the other is free', () => {
    const result = proposeCover(
      scenario('2026-06-01T07:00', '2026-06-03T07:00', {
        requirements: [requirement('2026-06-01T07:00', '2026-06-01T19:00', 1), requirement('2026-06-02T07:00', '2026-06-02T19:00', 1)],
        candidates: [consultant('C001'), consultant('C002')],
      }),
    );
    expect(rota(result)).toEqual(['C001 ed 01 07:00 → 01 19:00', 'C002 ed 02 07:00 → 02 19:00']);
  });

  it('counts existing cover assignments in the walkout towards fairness', () => {
    const result = proposeCover(
      scenario('2026-06-01T07:00', '2026-06-03T07:00', {
        requirements: [requirement('2026-06-02T07:00', '2026-06-02T19:00', 1)],
        existingAssignments: [
          { departmentId: 'amu', staffId: 'staff-C001', startsAt: london('2026-06-01T07:00'), endsAt: london('2026-06-01T10:00') },
        ],
        candidates: [consultant('C001'), consultant('C002')],
      }),
    );
    expect(rota(result)).toEqual(['C002 ed 02 07:00 → 02 19:00']);
  });

  it('prefers an on-site consultant to an off-site one with the same hours', () => {
    const result = proposeCover(
      scenario('2026-06-01T08:00', '2026-06-01T20:00', {
        candidates: [consultant('C001', { siteId: 'site-b' }), consultant('C002', { siteId: 'site-a' })],
      }),
    );
    expect(rota(result)).toEqual(['C002 ed 01 08:00 → 01 20:00']);
  });

  it('lets the department with the largest shortfall pick first when consultants are scarce', () => {
    const amu: AutofillDepartment = { id: 'amu', kind: 'acute-medicine', siteId: 'site-a' };
    const result = proposeCover(
      scenario('2026-06-01T08:00', '2026-06-01T20:00', {
        departments: [ED, amu],
        requirements: [
          requirement('2026-06-01T08:00', '2026-06-01T20:00', 1, 'ed'),
          requirement('2026-06-01T08:00', '2026-06-01T20:00', 2, 'amu'),
        ],
        candidates: [consultant('C001', { specialty: 'acute-medicine' })],
      }),
    );
    expect(rota(result)).toEqual(['C001 amu 01 08:00 → 01 20:00']);
    expect(gaps(result)).toEqual([
      'amu 01 08:00 → 01 20:00 short 1 WORKING_TIME_LIMITS',
      'ed 01 08:00 → 01 20:00 short 1 WORKING_TIME_LIMITS',
    ]);
  });

  it('shortens a shift to keep a consultant within 72 h in 7 days and hands the rest to the next', () => {
    const busyWeek = [
      shift('2026-05-26T14:00', '2026-05-26T20:00'),
      ...['27', '28', '29', '30', '31'].map((d) => shift(`2026-05-${d}T08:00`, `2026-05-${d}T20:00`)),
    ];
    const result = proposeCover(
      scenario('2026-06-01T08:00', '2026-06-01T20:00', {
        candidates: [consultant('C001', { existingShifts: busyWeek }), consultant('C002')],
      }),
    );
    // 66 h worked since Tue 14:00, so only 6 more hours fit in the window ending Mon 14:00.
    expect(rota(result)).toEqual(['C001 ed 01 08:00 → 01 14:00', 'C002 ed 01 14:00 → 01 20:00']);
  });

  it('does not overlap or cut the rest before a shift the consultant works at another site', () => {
    const result = proposeCover(
      scenario('2026-06-01T08:00', '2026-06-01T20:00', {
        candidates: [
          consultant('C001', { existingShifts: [shift('2026-06-02T06:00', '2026-06-02T14:00')] }),
          consultant('C002', { siteId: 'site-b', existingShifts: [shift('2026-06-01T14:00', '2026-06-01T22:00')] }),
        ],
      }),
    );
    // C001 must stop by 19:00 to rest 11 h before 06:00; C002 is busy elsewhere from 14:00.
    expect(rota(result)).toEqual(['C001 ed 01 08:00 → 01 19:00']);
    expect(gaps(result)).toEqual(['ed 01 19:00 → 01 20:00 short 1 WORKING_TIME_LIMITS']);
  });

  it('keeps shifts to 12 h of real time over the autumn clock change', () => {
    const result = proposeCover(
      scenario('2026-10-24T07:00', '2026-10-25T07:00', {
        candidates: [consultant('C001'), consultant('C002'), consultant('C003')],
      }),
    );
    // 19:00 BST → 07:00 GMT is 13 h, so the night ends at 06:00 and a third consultant covers the last hour.
    expect(rota(result)).toEqual([
      'C001 ed 24 07:00 → 24 19:00',
      'C002 ed 24 19:00 → 25 06:00',
      'C003 ed 25 06:00 → 25 07:00',
    ]);
    for (const p of result.proposals) expect(p.endsAt.getTime() - p.startsAt.getTime()).toBeLessThanOrEqual(12 * 3_600_000);
  });

  it('covers the 11 h night over the spring clock change with one shift', () => {
    const result = proposeCover(
      scenario('2026-03-28T07:00', '2026-03-29T07:00', { candidates: [consultant('C001'), consultant('C002')] }),
    );
    expect(rota(result)).toEqual(['C001 ed 28 07:00 → 28 19:00', 'C002 ed 28 19:00 → 29 07:00']);
  });

  it('ends shifts on granularity boundaries counted from the requirement start', () => {
    const base = scenario('2026-06-01T08:00', '2026-06-01T20:00', { candidates: [consultant('C001'), consultant('C002')] });
    expect(rota(proposeCover({ ...base, options: { maxShiftHours: 10 } }))).toEqual([
      'C001 ed 01 08:00 → 01 18:00',
      'C002 ed 01 18:00 → 01 20:00',
    ]);
    expect(rota(proposeCover({ ...base, options: { maxShiftHours: 10, shiftGranularityHours: 4 } }))).toEqual([
      'C001 ed 01 08:00 → 01 16:00',
      'C002 ed 01 16:00 → 01 20:00',
    ]);
  });

  it('keeps 07:00/19:00 shifts with a 12 h granularity', () => {
    const result = proposeCover(
      scenario('2026-06-01T07:00', '2026-06-03T07:00', {
        candidates: ['C001', 'C002', 'C003', 'C004'].map((n) => consultant(n)),
        options: { shiftGranularityHours: 12 },
      }),
    );
    expect(result.proposals.map((p) => local(p.startsAt).slice(3))).toEqual(['07:00', '19:00', '07:00', '19:00']);
  });

  it('only adds what existing assignments leave short, and never double-books the assigned consultant', () => {
    const result = proposeCover(
      scenario('2026-06-01T08:00', '2026-06-01T20:00', {
        requirements: [requirement('2026-06-01T08:00', '2026-06-01T20:00', 2)],
        existingAssignments: [
          { departmentId: 'ed', staffId: 'staff-C001', startsAt: london('2026-06-01T08:00'), endsAt: london('2026-06-01T20:00') },
        ],
        candidates: [consultant('C001'), consultant('C002')],
      }),
    );
    expect(rota(result)).toEqual(['C002 ed 01 08:00 → 01 20:00']);
  });

  it('reports requirements for a department it was not given', () => {
    const result = proposeCover(
      scenario('2026-06-01T08:00', '2026-06-01T10:00', {
        requirements: [requirement('2026-06-01T08:00', '2026-06-01T10:00', 2, 'ghost')],
        candidates: [consultant('C001')],
      }),
    );
    expect(result.proposals).toEqual([]);
    expect(gaps(result)).toEqual(['ghost 01 08:00 → 01 10:00 short 2 UNKNOWN_DEPARTMENT']);
  });

  it('refuses options that cannot make a rota', () => {
    const base = scenario('2026-06-01T08:00', '2026-06-01T20:00', { candidates: [consultant('C001')] });
    expect(() => proposeCover({ ...base, options: { maxShiftHours: 0.5 } })).toThrow(RangeError);
    expect(() => proposeCover({ ...base, options: { shiftGranularityHours: 1.5 } })).toThrow(RangeError);
  });

  it('falls back to the default for an option passed as undefined', () => {
    const base = scenario('2026-06-01T08:00', '2026-06-01T20:00', { candidates: [consultant('C001')] });
    expect(rota(proposeCover({ ...base, options: { maxShiftHours: undefined } }))).toEqual(['C001 ed 01 08:00 → 01 20:00']);
  });

  it('gives the same rota whatever order the consultants arrive in', () => {
    const candidates = ['C005', 'C003', 'C001', 'C004', 'C002'].map((n) => consultant(n));
    const input = scenario('2026-06-01T07:00', '2026-06-04T07:00', {
      requirements: [requirement('2026-06-01T07:00', '2026-06-04T07:00', 2)],
      candidates,
    });
    const first = proposeCover(input);
    const reversed = proposeCover({ ...input, candidates: [...candidates].reverse() });
    expect(reversed).toEqual(first);
  });

  describe('on a random trust', () => {
    const kinds: DepartmentKind[] = ['emergency', 'maternity', 'intensive-care', 'neonatal', 'acute-medicine', 'theatres'];
    const specialties = [
      'emergency-medicine',
      'acute-medicine',
      'anaesthetics',
      'obstetrics-gynaecology',
      'intensive-care-medicine',
      'paediatrics',
      'general-surgery',
      'cardiology',
      'dermatology',
    ];

    function randomTrust(seed: number): CoverAutofillInput {
      const random = seededRandom(seed);
      const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
      const start = london('2026-10-23T07:00');
      const end = london('2026-10-26T07:00');
      const departments = kinds.map((kind, i) => ({ id: `dept-${i}`, kind, siteId: pick(['site-a', 'site-b']) }));
      const requirements: CoverRequirementPeriod[] = departments.flatMap((d) => [
        { departmentId: d.id, startsAt: start, endsAt: end, minConsultants: 1 + Math.floor(random() * 2) },
        {
          departmentId: d.id,
          startsAt: london('2026-10-24T08:00'),
          endsAt: london('2026-10-24T20:00'),
          minConsultants: 2 + Math.floor(random() * 2),
        },
      ]);
      const candidates = Array.from({ length: 45 }, (_, i) => {
        const existingShifts = [];
        for (let day = -8; day < 4; day++) {
          if (random() < 0.45) {
            const from = start.getTime() + day * 86_400_000 + Math.floor(random() * 24) * 3_600_000;
            existingShifts.push({ startsAt: new Date(from), endsAt: new Date(from + (4 + Math.floor(random() * 9)) * 3_600_000) });
          }
        }
        return consultant(`S${String(i).padStart(3, '0')}`, {
          specialty: pick(specialties),
          grade: pick(['consultant', 'consultant', 'sas', 'resident-doctor']),
          siteId: pick(['site-a', 'site-b']),
          eligible: random() < 0.85,
          existingShifts,
        });
      });
      const existingAssignments: CoverAssignmentPeriod[] = [
        { departmentId: 'dept-0', staffId: candidates[0].staffId, startsAt: london('2026-10-23T07:00'), endsAt: london('2026-10-23T15:00') },
      ];
      return { window: { startsAt: start, endsAt: end }, departments, requirements, existingAssignments, candidates };
    }

    it.each([1, 2, 3, 4, 5])('makes only proposals that pass every rule on their own (seed %i)', (seed) => {
      const input = randomTrust(seed);
      const result = proposeCover(input);
      expect(result.proposals.length).toBeGreaterThan(0);
      const byStaff = new Map(input.candidates.map((c) => [c.staffId, c]));
      const kindOf = new Map(input.departments.map((d) => [d.id, d.kind]));
      for (const proposal of result.proposals) {
        const person = byStaff.get(proposal.staffId)!;
        expect(person.eligible).toBe(true);
        expect(checkScopeOfPractice(person, kindOf.get(proposal.departmentId)!)).toBeNull();
        const otherShifts = [
          ...person.existingShifts,
          ...input.existingAssignments.filter((a) => a.staffId === person.staffId),
          ...result.proposals.filter((p) => p.staffId === person.staffId && p !== proposal),
        ];
        expect(checkWorkingTime(proposal, otherShifts).violations).toEqual([]);
        expect(proposal.endsAt.getTime() - proposal.startsAt.getTime()).toBeLessThanOrEqual(12 * 3_600_000);
      }
    });

    it.each([1, 2, 3])('leaves exactly the gaps it reports, and never assigns more than required (seed %i)', (seed) => {
      const input = randomTrust(seed);
      const result = proposeCover(input);
      const after = computeHourlyCoverGaps(input.window, input.requirements, [
        ...input.existingAssignments,
        ...result.proposals,
      ]);
      const before = computeHourlyCoverGaps(input.window, input.requirements, input.existingAssignments);
      const reported = new Map<string, number>();
      for (const gap of result.remainingGaps) {
        for (const item of after.items.filter((i) => i.departmentId === gap.departmentId)) {
          for (const hour of item.hours) {
            if (hour.from >= gap.from && hour.to <= gap.to) {
              reported.set(`${gap.departmentId}/${hour.from.toISOString()}`, gap.shortfall);
            }
          }
        }
      }
      for (const item of after.items) {
        const beforeItem = before.items.find((i) => i.departmentId === item.departmentId)!;
        item.hours.forEach((hour, i) => {
          expect(reported.get(`${item.departmentId}/${hour.from.toISOString()}`) ?? 0).toBe(hour.shortfall);
          expect(hour.assigned).toBeLessThanOrEqual(Math.max(hour.required, beforeItem.hours[i].assigned));
        });
      }
      expect(after.totals.shortfallHours).toBeLessThan(before.totals.shortfallHours);
    });
  });
});
