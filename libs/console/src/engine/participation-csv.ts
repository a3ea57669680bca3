import type { ParticipationAnswer } from '@app/walkouts';
import { parse } from 'csv-parse';

/**
 * The participation upload: a CSV with a header row naming `staff number` and `intends to strike`
 * (any case; spaces, dashes and underscores ignored, so a spreadsheet's `Staff Number` or the API's
 * `staffNumber` both do), one row per person, answers yes / no / unknown (y, n and blank too).
 * Problems name the CSV line, as the person fixing the spreadsheet sees it.
 */
export interface ParticipationRow {
  /** 1-based line of the CSV file (the header is line 1). */
  line: number;
  staffNumber: string;
  intendsToStrike: ParticipationAnswer;
}

export type ParticipationCsv = { ok: true; rows: ParticipationRow[] } | { ok: false; problems: string[] };

/** The most rows one upload takes (the API's participation limit). */
export const MAX_PARTICIPATION_ROWS = 50_000;
/** At most this many problems are listed; the count says how many more there were. */
const MAX_LISTED = 20;

const HEADERS = { staffNumber: ['staffnumber', 'staffno', 'staff'], intendsToStrike: ['intendstostrike', 'takingpart', 'striking', 'participation', 'answer'] };
const ANSWERS: Record<string, ParticipationAnswer> = { yes: 'yes', y: 'yes', no: 'no', n: 'no', unknown: 'unknown', '': 'unknown', 'not known': 'unknown', 'don’t know': 'unknown', "don't know": 'unknown' };

const normalise = (header: string) => header.toLowerCase().replace(/[\s_-]+/g, '');

export async function parseParticipationCsv(text: string): Promise<ParticipationCsv> {
  if (!text.trim()) return { ok: false, problems: ['The file is empty'] };
  let records: string[][];
  try {
    records = await new Promise<string[][]>((resolve, reject) =>
      parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, trim: true, max_record_size: 10_000 }, (error, output: string[][]) => (error ? reject(error) : resolve(output))),
    );
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return { ok: false, problems: [`The file is not a CSV file that can be read${line ? ` (line ${line})` : ''}: save it from your spreadsheet as “CSV (comma delimited)” and try again`] };
  }
  const [header, ...body] = records;
  const columns = header.map(normalise);
  const staffColumn = columns.findIndex((c) => HEADERS.staffNumber.includes(c));
  const answerColumn = columns.findIndex((c) => HEADERS.intendsToStrike.includes(c));
  if (staffColumn === -1 || answerColumn === -1) {
    return { ok: false, problems: ['The first line must name the columns: staff number, intends to strike'] };
  }
  if (body.length === 0) return { ok: false, problems: ['The file has a header line but no staff'] };
  if (body.length > MAX_PARTICIPATION_ROWS) return { ok: false, problems: [`The file has ${body.length.toLocaleString('en-GB')} staff; upload at most ${MAX_PARTICIPATION_ROWS.toLocaleString('en-GB')} at a time`] };

  const rows: ParticipationRow[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  body.forEach((record, index) => {
    const line = index + 2;
    const staffNumber = (record[staffColumn] ?? '').trim();
    const answer = ANSWERS[(record[answerColumn] ?? '').trim().toLowerCase()];
    if (!/^[A-Za-z0-9-]{1,32}$/.test(staffNumber)) problems.push(`Line ${line}: the staff number must be 1 to 32 letters, digits or dashes`);
    else if (seen.has(staffNumber)) problems.push(`Line ${line}: staff number ${staffNumber} is already on line ${seen.get(staffNumber)}`);
    if (answer === undefined) problems.push(`Line ${line}: intends to strike must be yes, no or unknown`);
    if (staffNumber) seen.set(staffNumber, seen.get(staffNumber) ?? line);
    if (answer !== undefined) rows.push({ line, staffNumber, intendsToStrike: answer });
  });
  if (problems.length) return { ok: false, problems: listed(problems) };
  return { ok: true, rows };
}

export function listed(problems: string[]): string[] {
  return problems.length > MAX_LISTED ? [...problems.slice(0, MAX_LISTED), `and ${problems.length - MAX_LISTED} more problems`] : problems;
}
