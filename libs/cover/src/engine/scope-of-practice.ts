import type { DepartmentKind } from '@app/organisations';
import { CoverRuleViolation } from './cover-rule-violation';

/** Consultant emergency cover is senior cover: resident doctors are the ones on strike, and nurses or
 * other staff cannot stand in for a consultant, so only these grades may be rostered. */
export const COVER_GRADES = ['consultant', 'sas'] as const;
export type CoverGrade = (typeof COVER_GRADES)[number];

const SURGICAL_SPECIALTIES = [
  'general-surgery',
  'trauma-orthopaedics',
  'urology',
  'vascular-surgery',
  'plastic-surgery',
  'cardiothoracic-surgery',
  'neurosurgery',
  'otolaryngology',
  'oral-maxillofacial-surgery',
  'paediatric-surgery',
] as const;

const ACUTE_MEDICAL_SPECIALTIES = [
  'acute-medicine',
  'general-internal-medicine',
  'geriatric-medicine',
  'respiratory-medicine',
  'cardiology',
  'gastroenterology',
  'endocrinology-diabetes',
] as const;

/**
 * The single reviewed table of who may cover where. It is deliberately conservative: a specialty is
 * listed only where its consultants routinely carry that department's emergency workload, because
 * autofill trusts this table without a human in the loop. Changes need clinical sign-off.
 *
 * - outpatients: departments carry no specialty, and a consultant runs a clinic in their own
 *   specialty, so any specialty in this table qualifies; only the grade rule bites there.
 * - other: nothing is known about the department, so nobody is in scope until it is classified.
 *   Autofill then reports NO_ELIGIBLE_CONSULTANT instead of guessing.
 */
export const SPECIALTIES_BY_DEPARTMENT_KIND: Readonly<Record<Exclude<DepartmentKind, 'outpatients'>, readonly string[]>> = {
  emergency: ['emergency-medicine', 'paediatric-emergency-medicine', 'acute-medicine'],
  maternity: ['obstetrics-gynaecology', 'anaesthetics'],
  'intensive-care': ['intensive-care-medicine', 'anaesthetics'],
  neonatal: ['neonatology', 'paediatrics'],
  'acute-medicine': ACUTE_MEDICAL_SPECIALTIES,
  surgery: SURGICAL_SPECIALTIES,
  // Obstetric theatres belong to the theatre suite in most trusts, so O&G consultants may cover there.
  theatres: ['anaesthetics', 'obstetrics-gynaecology', ...SURGICAL_SPECIALTIES],
  other: [],
};

const ALL_RECOGNISED_SPECIALTIES: readonly string[] = [
  ...new Set(Object.values(SPECIALTIES_BY_DEPARTMENT_KIND).flat()),
].sort();

export function allowedSpecialtiesFor(departmentKind: DepartmentKind): readonly string[] {
  if (departmentKind === 'outpatients') return ALL_RECOGNISED_SPECIALTIES;
  return SPECIALTIES_BY_DEPARTMENT_KIND[departmentKind] ?? [];
}

/** Staff records come from trust imports ("Obstetrics & Gynaecology", "ACUTE_MEDICINE"), so compare a
 * canonical kebab-case form rather than trusting every import to match the table's spelling. */
export function toKebabCaseTerm(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function isCoverGrade(grade: string): boolean {
  return (COVER_GRADES as readonly string[]).includes(toKebabCaseTerm(grade));
}

export function isSpecialtyInScope(specialty: string, departmentKind: DepartmentKind): boolean {
  return allowedSpecialtiesFor(departmentKind).includes(toKebabCaseTerm(specialty));
}

export interface CoverPractitioner {
  grade: string;
  specialty: string;
}

export function checkScopeOfPractice(
  practitioner: CoverPractitioner,
  departmentKind: DepartmentKind,
): CoverRuleViolation | null {
  if (!isCoverGrade(practitioner.grade)) {
    return {
      code: 'SCOPE_OF_PRACTICE',
      message: `Grade "${practitioner.grade}" cannot provide consultant emergency cover; only ${COVER_GRADES.join(
        ' or ',
      )} doctors may be rostered.`,
    };
  }
  if (!isSpecialtyInScope(practitioner.specialty, departmentKind)) {
    const allowed = allowedSpecialtiesFor(departmentKind);
    const allowedText = allowed.length
      ? `allowed specialties: ${allowed.join(', ')}`
      : 'no specialty is approved for this department kind; classify the department first';
    return {
      code: 'SCOPE_OF_PRACTICE',
      message: `Specialty "${practitioner.specialty}" is outside the scope of practice for a ${departmentKind} department (${allowedText}).`,
    };
  }
  return null;
}
