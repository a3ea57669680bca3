import { CsvCell, toCsv } from '@app/core';
import { WalkoutView } from '../walkouts/walkout.service';

/** One line of the sitrep CSV: long format, so every section shares one header and files stack. */
export interface SitrepCsvRow {
  /** Europe/London date (YYYY-MM-DD) the figure is for; null for whole-walkout figures. */
  day: string | null;
  /** What is counted: a staff group, an activity kind, or `all`. */
  category: string;
  measure: string;
  value: number | null;
}

export interface SitrepSectionResult {
  json: unknown;
  csvRows: SitrepCsvRow[];
}

/**
 * A part of the walkout sitrep. Workforce is built in; another lib adds its own (e.g. rescheduled
 * activity) by implementing this and calling `SitrepService.register(section)` from its module's
 * onModuleInit, so walkouts never imports the libs that report on it (no cycle).
 */
export interface SitrepSection {
  /** The property of the JSON sitrep and the `section` column of the CSV. */
  readonly key: string;
  build(trustId: string, walkout: WalkoutView): Promise<SitrepSectionResult>;
}

export const SITREP_CSV_HEADER = ['trust_ods_code', 'walkout_id', 'section', 'day', 'category', 'measure', 'value'] as const;

/** Written by core's toCsv (RFC 4180, formula-safe), like every export. */
export function sitrepCsv(trustOdsCode: string, walkoutId: string, sections: { key: string; rows: SitrepCsvRow[] }[]): string {
  const records: CsvCell[][] = [[...SITREP_CSV_HEADER]];
  for (const section of sections) {
    for (const row of section.rows) records.push([trustOdsCode, walkoutId, section.key, row.day, row.category, row.measure, row.value]);
  }
  return toCsv(records);
}
