/**
 * Order of ids by UTF-16 code units, not localeCompare: the same on every machine and locale, so equal
 * inputs always give equal outputs.
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
