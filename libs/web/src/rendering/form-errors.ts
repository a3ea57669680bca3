/**
 * A problem with one field of a form, as services report them (`ErrorDetail` in the API's error body);
 * without a field it is about the form as a whole.
 */
export interface FieldProblem {
  field?: string;
  message: string;
}

/** What the NHS.UK error summary and the fields' error messages need. */
export interface FormErrors {
  /** For the error summary: each problem once, linking to its field (when it has one), in the order of the form. */
  summary: { text: string; href?: string }[];
  /** For each field's `errorMessage`: its first problem. */
  byField: Record<string, { text: string }>;
}

/**
 * Turns problems into the NHS.UK error pattern: a summary at the top whose links move focus to the
 * field, and the same message next to the field. `fieldIds` maps a field to the id of the input the
 * link should focus (a radio group's first radio, a date's day box); otherwise the field name is the id.
 */
export function formErrors(problems: FieldProblem[], fieldIds: Record<string, string> = {}): FormErrors {
  const summary: FormErrors['summary'] = [];
  const byField: FormErrors['byField'] = {};
  for (const problem of problems) {
    if (problem.field === undefined) {
      summary.push({ text: problem.message });
      continue;
    }
    if (byField[problem.field]) continue;
    byField[problem.field] = { text: problem.message };
    summary.push({ text: problem.message, href: `#${fieldIds[problem.field] ?? problem.field}` });
  }
  return { summary, byField };
}
