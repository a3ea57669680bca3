import { assignToNeeds, IncidentNeed, inNeedGroup, isNeedFilled, needBoard, needsEscalationFigures, NeedPerson, validateNeeds, widenNeeds } from './fill-count';

const GRADES = ['consultant', 'sas', 'resident-doctor', 'nurse', 'other'];
const SITE_A = 'aaaaaaaa-0000-4000-8000-000000000001';
const SITE_B = 'aaaaaaaa-0000-4000-8000-000000000002';
const SITE_C = 'aaaaaaaa-0000-4000-8000-000000000003';

function need(overrides: Partial<IncidentNeed> = {}): IncidentNeed {
  return { id: 'n1', grade: 'resident-doctor', specialty: 'anaesthetics', siteId: null, wanted: 2, stage: 0, filledAt: null, ...overrides };
}
function person(id: string, overrides: Partial<NeedPerson> = {}): NeedPerson {
  return { id, grade: 'resident-doctor', specialty: 'anaesthetics', siteId: SITE_A, ...overrides };
}

describe('validateNeeds', () => {
  it('accepts needs by grade and specialty, with an optional site among the incident’s', () => {
    expect(
      validateNeeds(
        [
          { grade: 'resident-doctor', specialty: 'anaesthetics', count: 2 },
          { grade: 'consultant', specialty: 'trauma-orthopaedics', count: 1, siteId: SITE_B.toUpperCase() },
        ],
        [SITE_A, SITE_B],
        GRADES,
      ),
    ).toEqual({
      ok: true,
      value: [
        { grade: 'resident-doctor', specialty: 'anaesthetics', count: 2, siteId: null },
        { grade: 'consultant', specialty: 'trauma-orthopaedics', count: 1, siteId: SITE_B },
      ],
    });
    expect(validateNeeds(undefined, [SITE_A], GRADES)).toEqual({ ok: true, value: [] });
  });

  it('names every bad field, a site outside the incident and a repeated need', () => {
    const result = validateNeeds(
      [
        { grade: 'registrar', specialty: 'Anaesthetics', count: 0, siteId: SITE_C },
        { grade: 'consultant', specialty: 'cardiology', count: 1 },
        { grade: 'consultant', specialty: 'cardiology', count: 3 },
        'two anaesthetists',
      ],
      [SITE_A],
      GRADES,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.details.map((d) => d.field)).toEqual(['needs[0].grade', 'needs[0].specialty', 'needs[0].count', 'needs[0].siteId', 'needs[2]', 'needs[3]']);
    expect(validateNeeds([], [SITE_A], GRADES)).toMatchObject({ ok: false, details: [{ field: 'needs' }] });
  });
});

describe('inNeedGroup', () => {
  const atB = need({ siteId: SITE_B });
  it('asks the need’s own site first, then the incident’s sites, then the trust', () => {
    const incidentSites = [SITE_A, SITE_B];
    expect(inNeedGroup(person('p', { siteId: SITE_B }), atB, incidentSites, 0)).toBe(true);
    expect(inNeedGroup(person('p', { siteId: SITE_A }), atB, incidentSites, 0)).toBe(false);
    expect(inNeedGroup(person('p', { siteId: SITE_A }), atB, incidentSites, 1)).toBe(true);
    expect(inNeedGroup(person('p', { siteId: SITE_C }), atB, incidentSites, 1)).toBe(false);
    expect(inNeedGroup(person('p', { siteId: SITE_C }), atB, incidentSites, 2)).toBe(true);
    expect(inNeedGroup(person('p', { siteId: null }), atB, incidentSites, 1)).toBe(false);
    expect(inNeedGroup(person('p', { siteId: null }), atB, incidentSites, 2)).toBe(true);
  });

  it('never asks the wrong grade or specialty, however wide', () => {
    expect(inNeedGroup(person('p', { specialty: 'cardiology' }), need(), [SITE_A], 2)).toBe(false);
    expect(inNeedGroup(person('p', { grade: 'consultant' }), need(), [SITE_A], 2)).toBe(false);
  });

  it('without a site of its own, a need starts at the incident’s sites', () => {
    expect(inNeedGroup(person('p', { siteId: SITE_A }), need(), [SITE_A], 0)).toBe(true);
    expect(inNeedGroup(person('p', { siteId: SITE_B }), need(), [SITE_A], 0)).toBe(false);
  });
});

describe('assignToNeeds', () => {
  it('gives each person to the first open need whose group holds them, skipping those already recalled and filled needs', () => {
    const needs = [
      need({ id: 'ana', wanted: 1 }),
      need({ id: 'filled', specialty: 'cardiology', filledAt: new Date() }),
      need({ id: 'to', grade: 'consultant', specialty: 'trauma-orthopaedics', wanted: 1 }),
    ];
    const people = [
      person('a1'),
      person('a2'),
      person('c1', { specialty: 'cardiology' }),
      person('t1', { grade: 'consultant', specialty: 'trauma-orthopaedics' }),
      person('t2', { grade: 'consultant', specialty: 'trauma-orthopaedics', siteId: SITE_C }),
      person('a0'),
    ];
    // Everyone in the group is asked, not only `wanted` of them: the first to say yes fill it.
    expect(assignToNeeds(people, needs, [SITE_A], ['a0'])).toEqual([
      { staffId: 'a1', needId: 'ana' },
      { staffId: 'a2', needId: 'ana' },
      { staffId: 't1', needId: 'to' },
    ]);
  });
});

describe('filling and widening', () => {
  it('fills a need at its number', () => {
    expect(isNeedFilled({ wanted: 2 }, 1)).toBe(false);
    expect(isNeedFilled({ wanted: 2 }, 2)).toBe(true);
    expect(isNeedFilled({ wanted: 2 }, 3)).toBe(true);
  });

  it('widens only unfilled needs, one group at a time, and stops at the trust', () => {
    const needs = [need({ id: 'a', stage: 0 }), need({ id: 'b', stage: 1 }), need({ id: 'c', stage: 2 }), need({ id: 'd', filledAt: new Date() })];
    expect(widenNeeds(needs)).toEqual([
      { needId: 'a', widenTo: 1 },
      { needId: 'b', widenTo: 2 },
    ]);
  });

  it('counts each need up to its number for the escalation decision, and widens from the narrowest unfilled need', () => {
    const needs = [need({ id: 'a', wanted: 2, stage: 1 }), need({ id: 'b', wanted: 1, stage: 0, filledAt: new Date() }), need({ id: 'c', wanted: 3, stage: 2 })];
    expect(needsEscalationFigures(needs, new Map([['a', 5], ['c', 1]]))).toEqual({ target: 6, attending: 2 + 1 + 1, stage: 1 });
    expect(needsEscalationFigures([need({ filledAt: new Date() })], new Map())).toEqual({ target: 2, attending: 2, stage: 2 });
  });
});

describe('needBoard', () => {
  it('shows each need: wanted, attending, and the first and last expected arrivals', () => {
    const at = new Date('2026-01-12T10:00:00Z');
    const board = needBoard(
      [need({ id: 'a', wanted: 2 }), need({ id: 'b', wanted: 1, grade: 'consultant', specialty: 'trauma-orthopaedics', siteId: SITE_B })],
      [
        { needId: 'a', attending: true, etaMinutes: 40, respondedAt: at },
        { needId: 'a', attending: true, etaMinutes: 15, respondedAt: new Date('2026-01-12T10:10:00Z') },
        { needId: 'a', attending: true, etaMinutes: null, respondedAt: at },
        { needId: 'a', attending: false, etaMinutes: null, respondedAt: at },
        { needId: 'a', attending: null, etaMinutes: null, respondedAt: null },
        { needId: null, attending: true, etaMinutes: 5, respondedAt: at },
      ],
    );
    expect(board[0]).toEqual(
      expect.objectContaining({ needId: 'a', wanted: 2, recalled: 5, attending: 3, unavailable: 1, noResponse: 1, firstEta: new Date('2026-01-12T10:25:00Z'), lastEta: new Date('2026-01-12T10:40:00Z') }),
    );
    expect(board[1]).toEqual(expect.objectContaining({ needId: 'b', recalled: 0, attending: 0, firstEta: null, lastEta: null, siteId: SITE_B }));
  });
});
