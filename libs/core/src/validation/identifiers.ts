/**
 * NHS and UK identifiers (docs/domain.md "Identifiers and standards"). Pure functions, used by the DTO
 * decorators and by imports; the database repeats the important ones as CHECK constraints.
 */

/** 10 digits; check digit = 11 − (Σ digit×weight mod 11) with weights 10..2; 11 → 0; 10 → invalid. */
export function isValidNhsNumber(value: string): boolean {
  const digits = value.replace(/\s+/g, '');
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const remainder = 11 - (sum % 11);
  const check = remainder === 11 ? 0 : remainder;
  return check !== 10 && check === Number(digits[9]);
}

/** Accepts the common "943 476 5919" formatting and returns the 10 bare digits. */
export function normaliseNhsNumber(value: string): string {
  return value.replace(/\s+/g, '');
}

export function isValidTrustOdsCode(value: string): boolean {
  return /^[A-Z0-9]{3}$/.test(value);
}

export function isValidSiteOdsCode(value: string): boolean {
  return /^[A-Z0-9]{5}$/.test(value);
}

/** UK mobile numbers: 07xxx xxxxxx or +44 7xxx xxxxxx (spaces, dashes and brackets ignored). */
export function normaliseUkMobile(value: string): string | null {
  const compact = value.replace(/[\s()-]/g, '');
  if (/^07\d{9}$/.test(compact)) return '+44' + compact.slice(1);
  if (/^\+447\d{9}$/.test(compact)) return compact;
  if (/^00447\d{9}$/.test(compact)) return '+' + compact.slice(2);
  return null;
}

export function isValidUkMobile(value: string): boolean {
  return normaliseUkMobile(value) !== null;
}

export function isValidGmcNumber(value: string): boolean {
  return /^\d{7}$/.test(value);
}

/** A UK postcode in its usual written forms (e.g. SW10 9NH, W1A 1AA); normalised to upper case with one space. */
export function normaliseUkPostcode(value: string): string | null {
  const compact = value.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/.test(compact)) return null;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

export const KEBAB_CASE = /^[a-z]+(-[a-z]+)*$/;
