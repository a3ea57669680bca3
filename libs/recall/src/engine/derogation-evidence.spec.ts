import { validateDerogationEvidence } from './derogation-evidence';

const grades = ['consultant', 'sas', 'resident-doctor', 'nurse', 'other'];
const mitigations = {
  electivesCancelled: { tried: true, note: '14 lists stood down' },
  premiumRatesOffered: { tried: true, note: 'BMA rate card offered to all consultants' },
  bankAndAgencyApproached: { tried: true, note: 'No anaesthetists available' },
  consultantsRedeployed: { tried: true, note: 'Two moved from theatres' },
  mutualAidAsked: { tried: false, note: 'Neighbouring trusts are also on strike' },
};
const complete = {
  servicesAtRisk: ['Intensive care', 'Emergency theatres'],
  staffNeeded: [{ grade: 'resident-doctor', specialty: 'anaesthetics', count: 2 }],
  hours: { from: '2026-01-12T19:00:00Z', to: '2026-01-13T07:00:00+00:00' },
  mitigations,
};

describe('validateDerogationEvidence', () => {
  it('accepts the whole evidence NHS England asks for', () => {
    const result = validateDerogationEvidence(complete, { requireComplete: true, grades });
    expect(result).toEqual({
      ok: true,
      value: {
        servicesAtRisk: ['Intensive care', 'Emergency theatres'],
        staffNeeded: [{ grade: 'resident-doctor', specialty: 'anaesthetics', count: 2, siteId: null }],
        hours: { from: new Date('2026-01-12T19:00:00Z'), to: new Date('2026-01-13T07:00:00Z') },
        mitigations,
      },
    });
  });

  it('lets a draft leave parts out, but a submission names every missing field', () => {
    expect(validateDerogationEvidence({}, { requireComplete: false, grades })).toEqual({ ok: true, value: { servicesAtRisk: null, staffNeeded: null, hours: null, mitigations: null } });
    const result = validateDerogationEvidence({ mitigations: { electivesCancelled: mitigations.electivesCancelled } }, { requireComplete: true, grades });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.details.map((d) => d.field)).toEqual([
      'servicesAtRisk',
      'staffNeeded',
      'hours',
      'mitigations.premiumRatesOffered',
      'mitigations.bankAndAgencyApproached',
      'mitigations.consultantsRedeployed',
      'mitigations.mutualAidAsked',
    ]);
  });

  it('names each bad field by its path', () => {
    const result = validateDerogationEvidence(
      {
        servicesAtRisk: ['ICU', ''],
        staffNeeded: [{ grade: 'registrar', specialty: 'Anaesthetics', count: 0, siteId: 'x' }],
        hours: { from: '2026-01-13T07:00:00Z', to: '2026-01-12T19:00:00Z' },
        mitigations: { ...mitigations, mutualAidAsked: { tried: 'no', note: ' ' }, prayer: { tried: true, note: 'x' } },
      },
      { requireComplete: true, grades },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.details.map((d) => d.field)).toEqual([
      'servicesAtRisk[1]',
      'staffNeeded[0].grade',
      'staffNeeded[0].specialty',
      'staffNeeded[0].count',
      'staffNeeded[0].siteId',
      'hours.to',
      'mitigations.prayer',
      'mitigations.mutualAidAsked.tried',
      'mitigations.mutualAidAsked.note',
    ]);
  });

  it('refuses times without an offset and wrong shapes', () => {
    const result = validateDerogationEvidence({ servicesAtRisk: 'ICU', staffNeeded: [], hours: { from: '2026-01-12T19:00', to: 5 }, mitigations: [] }, { requireComplete: false, grades });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.details.map((d) => d.field)).toEqual(['servicesAtRisk', 'staffNeeded', 'hours.from', 'hours.to', 'mitigations']);
  });
});
