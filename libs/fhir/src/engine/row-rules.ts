import { flattenValidationErrors, singleLineProblems } from '@app/core';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { BundleProblem } from './bundle-reader';

type Constructor = new () => object;

/**
 * The JSON imports' own row rules (their DTO classes, with the same validator options as the HTTP
 * pipe) applied to the rows read from a bundle, each problem moved to the FHIRPath of the element it came
 * from. A field with no element of its own (e.g. a site that came through a reference) falls back to
 * the entry's resource.
 */
export function rowProblems<Row extends object>(dto: Constructor, rows: { item: Row; paths: Record<string, string>; at: string; skip?: Set<string> }[]): BundleProblem[] {
  const problems: BundleProblem[] = [];
  for (const row of rows) {
    const instance = plainToInstance(dto, row.item);
    const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false, value: false } });
    const details = [...flattenValidationErrors(errors), ...singleLineProblems(instance)];
    for (const detail of details) {
      if (detail.field && row.skip?.has(detail.field)) continue;
      problems.push({ expression: fhirPathOf(detail.field, row.paths, row.at), message: detail.message, issue: 'value' });
    }
  }
  return problems;
}

/** An import field (`address.lines[0]`) → FHIRPath, by the longest mapped prefix. */
export function fhirPathOf(field: string | undefined, paths: Record<string, string>, fallback: string): string {
  if (!field) return fallback;
  if (paths[field]) return paths[field];
  let best = '';
  for (const key of Object.keys(paths)) {
    if ((field.startsWith(`${key}.`) || field.startsWith(`${key}[`)) && key.length > best.length) best = key;
  }
  return best ? `${paths[best]}${field.slice(best.length)}` : fallback;
}
