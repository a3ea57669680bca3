import { ErrorDetail } from '../errors/domain-error';

/**
 * What text a client may send. Two layers, both applied to every route by the HTTP pipeline so a new
 * route cannot forget them:
 *
 * 1. `findUnacceptableText` scans every string (and key) of the parsed body, query and path before
 *    anything else sees them: no NUL (PostgreSQL cannot store it), no other C0/C1 control character
 *    except tab and line breaks, no unpaired UTF-16 surrogate (it would be stored as U+FFFD, silently
 *    changing what was sent).
 * 2. `singleLineProblems` runs in the validation pipe over the validated DTO: a string field is one line
 *    of text (names, codes, reasons: no tab or line break either) unless its DTO marks it
 *    `@MultilineText()` (descriptions, notes, evidence).
 */

// C0 controls other than tab (09), line feed (0A) and carriage return (0D); DEL; C1 controls.
const CONTROL_EXCEPT_TAB_AND_LINE_BREAKS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// Everything a single line of text cannot hold: every C0/C1 control, and the Unicode line separators.
const NOT_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function describe(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Why a string may not be stored at all, or null when it may. */
export function unacceptableTextReason(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain a NUL character (U+0000)';
  const control = CONTROL_EXCEPT_TAB_AND_LINE_BREAKS.exec(value);
  if (control) return `must not contain control characters (found ${describe(control[0])})`;
  if (UNPAIRED_SURROGATE.test(value)) return 'must be valid Unicode text (it has an unpaired surrogate)';
  return null;
}

/** Why a string is not one line of text, or null when it is. */
export function notSingleLineReason(value: string): string | null {
  const found = NOT_SINGLE_LINE.exec(value);
  if (!found) return null;
  if (found[0] === '\t') return 'must be one line of text without tabs';
  if (found[0] === '\n' || found[0] === '\r' || found[0] === '\u2028' || found[0] === '\u2029') return 'must be one line of text without line breaks';
  return unacceptableTextReason(value) ?? `must not contain control characters (found ${describe(found[0])})`;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `items[3].givenName`, the path style of the validation errors; odd keys are quoted. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (IDENTIFIER.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

/**
 * Every string (value or key) in a parsed request part that may not be stored, by path. Iterative:
 * the value has not been depth-checked when it does not come from the JSON parser.
 */
export function findUnacceptableText(value: unknown, root = ''): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  // Entries are a value to look at, or a problem already found (kept in place so details come in document order).
  const stack: Array<{ value: unknown; path: string } | { problem: ErrorDetail }> = [{ value, path: root }];
  const seen = new Set<object>();
  while (stack.length) {
    const entry = stack.pop()!;
    if ('problem' in entry) {
      problems.push(entry.problem);
      continue;
    }
    const { value: current, path } = entry;
    if (typeof current === 'string') {
      const reason = unacceptableTextReason(current);
      if (reason) problems.push({ field: path || 'body', message: reason });
      continue;
    }
    if (current === null || typeof current !== 'object' || seen.has(current) || ArrayBuffer.isView(current)) continue;
    seen.add(current);
    if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) stack.push({ value: current[index], path: childPath(path, index) });
      continue;
    }
    const keys = Object.keys(current);
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index];
      const reason = unacceptableTextReason(key);
      // The key itself is not repeated back: the detail names the object that holds it.
      if (reason) stack.push({ problem: { field: path || 'body', message: `has a field name that ${reason}` } });
      else stack.push({ value: (current as Record<string, unknown>)[key], path: childPath(path, key) });
    }
  }
  return problems;
}

const MULTILINE_TEXT = Symbol('validation:multiline-text');

/** This string field is free text that may keep line breaks and tabs (descriptions, notes, evidence). */
export function MultilineText(): PropertyDecorator {
  return (target, propertyKey) => {
    Reflect.defineMetadata(MULTILINE_TEXT, true, target, propertyKey);
  };
}

function isMultiline(owner: object, key: string): boolean {
  return Reflect.getMetadata(MULTILINE_TEXT, owner, key) === true;
}

/**
 * Strings of a validated DTO that are not one line of text and whose field is not `@MultilineText()`.
 * Strings inside plain objects and arrays take the rule of the DTO field that holds them.
 */
export function singleLineProblems(dto: unknown, root = ''): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const stack: Array<[unknown, string, boolean]> = [[dto, root, false]];
  const seen = new Set<object>();
  while (stack.length) {
    const [current, path, multiline] = stack.pop()!;
    if (typeof current === 'string') {
      const reason = multiline ? unacceptableTextReason(current) : notSingleLineReason(current);
      if (reason) problems.push({ field: path || 'body', message: reason });
      continue;
    }
    if (current === null || typeof current !== 'object' || seen.has(current) || current instanceof Date || ArrayBuffer.isView(current)) continue;
    seen.add(current);
    if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) stack.push([current[index], childPath(path, index), multiline]);
      continue;
    }
    const keys = Object.keys(current);
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index];
      stack.push([(current as Record<string, unknown>)[key], childPath(path, key), multiline || isMultiline(current, key)]);
    }
  }
  return problems;
}
