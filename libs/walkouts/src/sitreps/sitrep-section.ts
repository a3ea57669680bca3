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

/** RFC 4180: quote a field holding a comma, quote or line break; double the quotes inside. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function sitrepCsv(trustOdsCode: string, walkoutId: string, sections: { key: string; rows: SitrepCsvRow[] }[]): string {
  const lines = [SITREP_CSV_HEADER.join(',')];
  for (const section of sections) {
    for (const row of section.rows) {
      lines.push([trustOdsCode, walkoutId, section.key, row.day, row.category, row.measure, row.value].map(csvField).join(','));
    }
  }
  return lines.join('\r\n') + '\r\n';
}
