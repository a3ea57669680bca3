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

/**
 * A UK mobile number in +44 form (which Notify accepts and which compares reliably), written as
 * 07…, +44 7…, 0044 7… or 44 7… with spaces, dashes, dots or brackets; null when it is not one. UK
 * mobiles are 07 + 9 digits (Ofcom); 070 is personal numbering and 076 paging (07624 aside, the Isle of
 * Man's mobiles): neither reliably takes a text, so neither counts as a mobile.
 */
export function normaliseUkMobile(value: string): string | null {
  const compact = value.replace(/[\s()\-.]/g, '');
  const match = /^(?:\+44|0044|44|0)(7\d{9})$/.exec(compact);
  if (!match) return null;
  const national = match[1];
  if (national.startsWith('70') || (national.startsWith('76') && !national.startsWith('7624'))) return null;
  return `+44${national}`;
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
