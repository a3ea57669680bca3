import { stringify } from 'csv-stringify';

/** A CSV download (header row, then the rows), written by csv-stringify. */
export function csvText(header: string[], rows: (string | number)[][]): Promise<string> {
  return new Promise((resolve, reject) => stringify([header, ...rows], { record_delimiter: 'windows' }, (error, output) => (error ? reject(error) : resolve(output))));
}
