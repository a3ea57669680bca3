import type { WalkoutStatus } from '@app/walkouts';
import {
  CohortStaff,
  SelectRecallCohortInput,
  hasUsableContact,
  selectRecallCohort,
} from './recall-cohort';

// Two affected sites' worth of trust: site A (ED, theatres, maternity) hit by the incident, site B not.
function staff(id: string, overrides: Partial<CohortStaff> = {}): CohortStaff {
  return {
    id,
    grade: 'resident-doctor',
    siteId: 'site-a',
    departmentId: 'ed-a',
    mobile: '07700 900123',
    email: null,
    ...overrides,
  };
}

function input(overrides: Partial<SelectRecallCohortInput> = {}): SelectRecallCohortInput {
  return {
    walkout: { status: 'in-progress', staffGroups: ['resident-doctor'], siteIds: null },
    incident: { siteIds: ['site-a'], departmentIds: ['ed-a'] },
    staff: [],
    participation: new Map(),
    wideningStage: 0,
    ...overrides,
  };
}

describe('selectRecallCohort', () => {
  it('recalls a striking resident doctor in the incident department', () => {
    const result = selectRecallCohort(input({ staff: [staff('s1')] }));
    expect(result).toEqual({ cohort: ['s1'], excluded: [], blocked: null });
  });

  it.each<WalkoutStatus>(['announced', 'ended', 'called-off'])(
    'recalls nobody when the walkout is %s, and says why',
    (status) => {
      const result = selectRecallCohort(
        input({ walkout: { status, staffGroups: ['resident-doctor'], siteIds: null }, staff: [staff('s1')] }),
      );
      expect(result).toEqual({ cohort: [], excluded: [], blocked: 'WALKOUT_NOT_IN_PROGRESS' });
    },
  );

  it('leaves out consultants and nurses, who are not on strike', () => {
    const result = selectRecallCohort(
      input({ staff: [staff('cons', { grade: 'consultant' }), staff('nurse', { grade: 'nurse' }), staff('rd')] }),
    );
    expect(result.cohort).toEqual(['rd']);
    expect(result.excluded).toEqual([
      { id: 'cons', reason: 'NOT_STRIKING_GROUP' },
      { id: 'nurse', reason: 'NOT_STRIKING_GROUP' },
    ]);
  });

  it('recalls every striking group the walkout names', () => {
    const result = selectRecallCohort(
      input({
        walkout: { status: 'in-progress', staffGroups: ['resident-doctor', 'consultant'], siteIds: null },
        staff: [staff('cons', { grade: 'consultant' }), staff('rd')],
      }),
    );
    expect(result.cohort).toEqual(['cons', 'rd']);
  });

  it('leaves out staff who said they will work, but recalls those who said yes or did not answer', () => {
    const result = selectRecallCohort(
      input({
        staff: [staff('yes'), staff('no'), staff('unknown'), staff('absent')],
        participation: new Map([
          ['yes', 'yes'],
          ['no', 'no'],
          ['unknown', 'unknown'],
        ]),
      }),
    );
    expect(result.cohort).toEqual(['yes', 'unknown', 'absent']);
    expect(result.excluded).toEqual([{ id: 'no', reason: 'DECLARED_WORKING' }]);
  });

  it('accepts participation as a plain object and reads only its own keys', () => {
    // An inherited value is not a participation record (e.g. ids such as "constructor").
    const participation = Object.assign(Object.create({ inherited: 'no' }) as Record<string, 'no'>, { no: 'no' });
    const result = selectRecallCohort(
      input({
        staff: [staff('no'), staff('constructor'), staff('toString'), staff('inherited')],
        participation,
      }),
    );
    expect(result.cohort).toEqual(['constructor', 'toString', 'inherited']);
    expect(result.excluded).toEqual([{ id: 'no', reason: 'DECLARED_WORKING' }]);
  });

  it('reports striking staff it cannot reach so someone can phone them', () => {
    const result = selectRecallCohort(
      input({
        staff: [
          staff('none', { mobile: null, email: null }),
          staff('blank', { mobile: '  ', email: '' }),
          staff('junk', { mobile: 'n/a', email: 'none' }),
          staff('emailOnly', { mobile: null, email: 'dr.jones@nhs.net' }),
        ],
      }),
    );
    expect(result.cohort).toEqual(['emailOnly']);
    expect(result.excluded).toEqual([
      { id: 'none', reason: 'NO_CONTACT' },
      { id: 'blank', reason: 'NO_CONTACT' },
      { id: 'junk', reason: 'NO_CONTACT' },
    ]);
  });

  it('does not report unreachable staff who would not have been recalled anyway as NO_CONTACT', () => {
    const result = selectRecallCohort(
      input({ staff: [staff('far', { siteId: 'site-b', departmentId: 'ed-b', mobile: null })] }),
    );
    expect(result.excluded).toEqual([{ id: 'far', reason: 'OUTSIDE_SCOPE' }]);
  });

  it('never recalls the same person twice', () => {
    const result = selectRecallCohort(
      input({ staff: [staff('s1'), staff('s2')], alreadyRecalledIds: ['s1'] }),
    );
    expect(result.cohort).toEqual(['s2']);
    expect(result.excluded).toEqual([{ id: 's1', reason: 'ALREADY_RECALLED' }]);
  });

  it('lists a person appearing twice in the staff input only once', () => {
    const result = selectRecallCohort(input({ staff: [staff('s1'), staff('s1')] }));
    expect(result.cohort).toEqual(['s1']);
  });

  describe('widening', () => {
    const trust = [
      staff('ed-a'),
      staff('theatres-a', { departmentId: 'theatres-a' }),
      staff('nodept-a', { departmentId: null }),
      staff('ed-b', { siteId: 'site-b', departmentId: 'ed-b' }),
      staff('nosite', { siteId: null, departmentId: null }),
    ];

    it('starts with the incident departments at the affected sites', () => {
      const result = selectRecallCohort(input({ staff: trust, wideningStage: 0 }));
      expect(result.cohort).toEqual(['ed-a']);
      expect(result.excluded.map((e) => e.reason)).toEqual([
        'OUTSIDE_SCOPE',
        'OUTSIDE_SCOPE',
        'OUTSIDE_SCOPE',
        'OUTSIDE_SCOPE',
      ]);
    });

    it('starts with every department at the affected sites when the incident names none', () => {
      for (const departmentIds of [undefined, null, []]) {
        const result = selectRecallCohort(
          input({ staff: trust, incident: { siteIds: ['site-a'], departmentIds }, wideningStage: 0 }),
        );
        expect(result.cohort).toEqual(['ed-a', 'theatres-a', 'nodept-a']);
      }
    });

    it('widens to the other departments of the affected sites at stage 1', () => {
      const result = selectRecallCohort(input({ staff: trust, wideningStage: 1 }));
      expect(result.cohort).toEqual(['ed-a', 'theatres-a', 'nodept-a']);
    });

    it('widens to the other sites of the trust, including staff with no fixed site, at stage 2', () => {
      const result = selectRecallCohort(input({ staff: trust, wideningStage: 2 }));
      expect(result.cohort).toEqual(['ed-a', 'theatres-a', 'nodept-a', 'ed-b', 'nosite']);
    });

    it('adds only the newly reached staff when widening after an earlier round', () => {
      const result = selectRecallCohort(
        input({ staff: trust, wideningStage: 1, alreadyRecalledIds: new Set(['ed-a']) }),
      );
      expect(result.cohort).toEqual(['theatres-a', 'nodept-a']);
    });

    it('recalls from every affected site when the incident spans two', () => {
      const result = selectRecallCohort(
        input({ staff: trust, incident: { siteIds: ['site-a', 'site-b'], departmentIds: ['ed-a', 'ed-b'] } }),
      );
      expect(result.cohort).toEqual(['ed-a', 'ed-b']);
    });
  });

  describe('walkouts limited to named workplaces', () => {
    const walkout = { status: 'in-progress' as const, staffGroups: ['resident-doctor'], siteIds: ['site-a'] };

    it('does not recall staff at sites the strike notice does not name, even at the widest stage', () => {
      const result = selectRecallCohort(
        input({
          walkout,
          staff: [staff('a'), staff('b', { siteId: 'site-b', departmentId: 'ed-b' }), staff('nosite', { siteId: null })],
          wideningStage: 2,
        }),
      );
      expect(result.cohort).toEqual(['a']);
      expect(result.excluded).toEqual([
        { id: 'b', reason: 'SITE_NOT_IN_WALKOUT' },
        { id: 'nosite', reason: 'SITE_NOT_IN_WALKOUT' },
      ]);
    });
  });
});

describe('hasUsableContact', () => {
  it.each([
    ['07700 900123', null, true],
    ['+44 7700 900123', null, true],
    ['(07700) 900-123', null, true],
    ['0770090', null, false],
    ['call switchboard', null, false],
    [null, 'a@b.nhs.uk', true],
    [null, ' a@b.nhs.uk ', true],
    [null, 'a@b', false],
    [null, 'not an email', false],
    ['', '', false],
  ])('mobile %p / email %p usable: %p', (mobile, email, expected) => {
    expect(hasUsableContact({ mobile, email })).toBe(expected);
  });
});
