import { DEPARTMENT_KINDS, DepartmentKind } from '@app/organisations';
import {
  allowedSpecialtiesFor,
  checkScopeOfPractice,
} from './scope-of-practice';

describe('checkScopeOfPractice', () => {
  it('accepts an emergency-medicine consultant in an emergency department', () => {
    expect(checkScopeOfPractice({ grade: 'consultant', specialty: 'emergency-medicine' }, 'emergency')).toBeNull();
  });

  it('accepts an SAS doctor in their specialty', () => {
    expect(checkScopeOfPractice({ grade: 'sas', specialty: 'intensive-care-medicine' }, 'intensive-care')).toBeNull();
  });

  it.each(['resident-doctor', 'nurse', 'other', 'foundation'])('refuses the %s grade even in the right specialty', (grade) => {
    const violation = checkScopeOfPractice({ grade, specialty: 'emergency-medicine' }, 'emergency');
    expect(violation).toEqual({ code: 'SCOPE_OF_PRACTICE', message: expect.stringContaining(`"${grade}"`) });
  });

  it('refuses a consultant outside the department specialties and names the allowed ones', () => {
    const violation = checkScopeOfPractice({ grade: 'consultant', specialty: 'dermatology' }, 'maternity');
    expect(violation?.code).toBe('SCOPE_OF_PRACTICE');
    expect(violation?.message).toContain('obstetrics-gynaecology, anaesthetics');
  });

  it.each<[string, DepartmentKind, boolean]>([
    ['anaesthetics', 'intensive-care', true],
    ['anaesthetics', 'maternity', true],
    ['anaesthetics', 'theatres', true],
    ['anaesthetics', 'emergency', false],
    ['acute-medicine', 'emergency', true],
    ['general-internal-medicine', 'acute-medicine', true],
    ['paediatrics', 'neonatal', true],
    ['neonatology', 'neonatal', true],
    ['paediatrics', 'intensive-care', false],
    ['general-surgery', 'surgery', true],
    ['general-surgery', 'theatres', true],
    ['obstetrics-gynaecology', 'theatres', true],
    ['obstetrics-gynaecology', 'surgery', false],
    ['cardiology', 'maternity', false],
  ])('decides %s in %s: allowed=%s', (specialty, kind, allowed) => {
    expect(checkScopeOfPractice({ grade: 'consultant', specialty }, kind) === null).toBe(allowed);
  });

  it('matches imported spellings such as "Obstetrics & Gynaecology" and "CONSULTANT"', () => {
    expect(checkScopeOfPractice({ grade: 'CONSULTANT', specialty: 'Obstetrics & Gynaecology' }, 'maternity')).toBeNull();
    expect(checkScopeOfPractice({ grade: 'Consultant', specialty: 'INTENSIVE_CARE_MEDICINE' }, 'intensive-care')).toBeNull();
  });

  it('accepts any recognised specialty in outpatients but not an unknown one', () => {
    expect(checkScopeOfPractice({ grade: 'consultant', specialty: 'cardiology' }, 'outpatients')).toBeNull();
    expect(checkScopeOfPractice({ grade: 'consultant', specialty: 'anaesthetics' }, 'outpatients')).toBeNull();
    expect(checkScopeOfPractice({ grade: 'consultant', specialty: 'astrology' }, 'outpatients')?.code).toBe(
      'SCOPE_OF_PRACTICE',
    );
  });

  it('puts nobody in scope for an unclassified "other" department and says to classify it', () => {
    const violation = checkScopeOfPractice({ grade: 'consultant', specialty: 'emergency-medicine' }, 'other');
    expect(violation?.code).toBe('SCOPE_OF_PRACTICE');
    expect(violation?.message).toContain('classify the department');
  });

  it('has at least one specialty for every department kind except "other"', () => {
    for (const kind of DEPARTMENT_KINDS) {
      expect(allowedSpecialtiesFor(kind).length > 0).toBe(kind !== 'other');
    }
  });
});
