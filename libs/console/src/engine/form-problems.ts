import type { FieldProblem } from '@app/web';

/** Where a request field of a service or DTO lives on a console form, and how the form names it. */
export interface FormField {
  /** The id of the input the error summary links to (a date's day box, a radio group's first radio). */
  id: string;
  /** The thing as the form's label names it, to start a sentence: "The union", "The start". */
  label: string;
}

export type FormFieldMap = Record<string, FormField>;

/** A problem as services and DTOs report them: the API's `details` (a rule code in place of a field for cover rules). */
export interface ServiceProblem {
  field?: string;
  code?: string;
  message: string;
}

/**
 * Service and DTO problems in the form's words: each on the input it is about. A field path is matched
 * whole, then by its first part (`siteIds[2]` → `siteIds`); a rule code (cover's working-time rules)
 * through `byCode`; the rest stay on the form as a whole. A message naming the field by its API name
 * ("must be after startsAt") is written with the form's labels instead.
 */
export function formProblems(problems: readonly ServiceProblem[], fields: FormFieldMap, byCode: Record<string, string> = {}): FieldProblem[] {
  return problems.map((problem) => {
    const key = problem.field !== undefined ? (fields[problem.field] ? problem.field : problem.field.split(/[.[]/)[0]) : problem.code !== undefined ? byCode[problem.code] : undefined;
    const target = key !== undefined ? fields[key] : undefined;
    if (!target) return { message: plainMessage(problem.message, fields) };
    const message = plainMessage(problem.message, fields);
    return { field: target.id, message: /^(must|is|are|should|has)\b/.test(message) ? `${target.label} ${message}` : message };
  });
}

function plainMessage(message: string, fields: FormFieldMap): string {
  let text = message;
  for (const [name, field] of Object.entries(fields)) text = text.replace(new RegExp(`\\b${name}\\b`, 'g'), lowerFirst(field.label));
  // class-validator's list rules: "each value in staffGroups must be one of …".
  return text.replace(/^each value in (.+?) must/, (_match, what: string) => `Each of ${what} must`);
}

function lowerFirst(value: string): string {
  return /^The\b/.test(value) ? value.charAt(0).toLowerCase() + value.slice(1) : value;
}

/**
 * Several rules can refuse one field (a cover shift too long and too close to the last one): the NHS.UK
 * pattern shows one message per field, so they are joined into one, each sentence naming its rule.
 */
export function joinByField(problems: readonly FieldProblem[]): FieldProblem[] {
  const joined: FieldProblem[] = [];
  const byField = new Map<string, FieldProblem>();
  for (const problem of problems) {
    if (problem.field === undefined) {
      joined.push(problem);
      continue;
    }
    const existing = byField.get(problem.field);
    if (existing) existing.message = `${existing.message} ${problem.message}`;
    else {
      const copy = { ...problem };
      byField.set(problem.field, copy);
      joined.push(copy);
    }
  }
  return joined;
}
