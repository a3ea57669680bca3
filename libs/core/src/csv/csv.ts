import { stringify } from 'csv-stringify/sync';

/** A cell of a CSV export: text, a number, or nothing (an empty cell). */
export type CsvCell = string | number | null | undefined;

/**
 * A spreadsheet runs a cell that starts with = + - @ as a formula (CSV injection); a leading tab or CR can
 * do the same in some. A leading single quote makes it text. Applied to every text cell, ours too:
 * nothing we write legitimately starts with those. Numbers are written as numbers (a number is never a
 * formula, and a negative figure must stay one).
 */
export function formulaSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * The one CSV writer of every export (roll-calls, sitreps, the console's downloads), over csv-stringify:
 * RFC 4180 — CRLF after every record (the last too), a field holding a comma, quote, CR or LF quoted with
 * its quotes doubled — and every text cell formula-safe. The first row is the header.
 */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  const cells = rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : typeof cell === 'number' ? String(cell) : formulaSafe(cell))));
  return stringify(cells, { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}
