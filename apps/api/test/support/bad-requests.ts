import fc from 'fast-check';

/* eslint-disable @typescript-eslint/no-explicit-any -- OpenAPI schemas and generated bodies are JSON */

/**
 * Generated requests for one OpenAPI operation: mostly plausible ones (so they reach the rules behind
 * validation), each with one thing wrong — a wrong type, a missing or extra field, a huge or NUL-bearing
 * string, deep nesting, an invalid id or date, a reversed range, another trust's id, a wrong role.
 */

export interface Operation {
  method: string;
  path: string;
  operation: any;
}

export interface GeneratedRequest {
  method: string;
  url: string;
  role: string;
  headers: Record<string, string>;
  payload?: string;
  /** What was done to it, for the failure message. */
  mutation: string;
}

/** Ids that exist, by the name of the path parameter or field that takes them (both trusts mixed in). */
export type IdPool = Record<string, string[]>;

const CLOCK = Date.parse('2026-01-01T12:00:00Z');
const HOUR = 3_600_000;

const BAD_STRINGS = [
  'nul\u0000inside',
  'escape\u001b[31m',
  'c1\u0085control',
  'line\nbreak',
  'tab\there',
  'half \ud83d surrogate',
  '',
  ' ',
  "'; DROP TABLE trust; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '\u202eevil',
  'x'.repeat(100_000),
];
const BAD_IDS = ['nope', '', '00000000-0000-0000-0000-00000000000g', '1 OR 1=1', 'a'.repeat(40), '\u0000', '6f1c2a3e-0000-4000-8000-0000000000001'];
const BAD_DATES = ['2026-02-30T10:00:00Z', 'tomorrow', '2026-01-12T08:00:00', '2026-01-12', '+275760-09-13T00:00:00Z', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59+14:00', '2026-13-01T00:00:00Z'];
const WRONG_TYPES: unknown[] = [123, -1, 1.5, true, null, {}, [], ['x'], { a: 1 }, 1e308, 2 ** 53 + 1];
const BAD_PATH_VALUES = ['nope', 'x'.repeat(150), '%00', '%E0%A4%A', '..', '%2F', encodeURIComponent('ä'), '-1', '0'];

function deepArrays(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

function resolve(schema: any, document: any): any {
  let current = schema;
  for (let hops = 0; current?.$ref && hops < 10; hops++) current = current.$ref.split('/').slice(1).reduce((node: any, key: string) => node?.[key], document);
  return current ?? {};
}

function isInstantField(name: string, schema: any): boolean {
  return schema.format === 'date-time' || /(At|Deadline)$/.test(name) || name === 'from' || name === 'to' || /^\d{4}-\d{2}-\d{2}T/.test(String(schema.example ?? ''));
}

function idsFor(name: string, ids: IdPool): string[] {
  const key = name.replace(/s$/, '');
  return ids[key] ?? ids[name] ?? ids.any ?? [];
}

/** A plausible value for a schema: valid in shape, often valid in content. */
function plausible(schema: any, document: any, ids: IdPool, name = '', depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, document);
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.oneOf) return fc.oneof(...s.oneOf.map((option: any) => plausible(option, document, ids, name, depth)));
  const type = s.type ?? (s.properties ? 'object' : undefined);
  switch (type) {
    case 'string': {
      if (s.format === 'uuid') return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...(idsFor(name, ids).length ? idsFor(name, ids) : ['6f1c2a3e-0000-4000-8000-000000000001'])) }, { weight: 1, arbitrary: fc.uuid() });
      if (isInstantField(name, s)) return fc.integer({ min: -30 * 24, max: 60 * 24 }).map((hours) => new Date(CLOCK + hours * HOUR).toISOString());
      if (/^\d{4}-\d{2}-\d{2}$/.test(String(s.example ?? ''))) return fc.constantFrom(String(s.example), '2025-06-01', '1990-02-28');
      const options: fc.Arbitrary<string>[] = [fc.string({ minLength: 1, maxLength: 24 })];
      if (s.example !== undefined && typeof s.example === 'string') options.push(fc.constant(s.example), fc.constant(s.example));
      return fc.oneof(...options);
    }
    case 'integer':
    case 'number':
      return fc.integer({ min: s.minimum ?? 0, max: Math.min(s.maximum ?? 1_000, 100_000) });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 4 ? fc.constant([]) : fc.array(plausible(s.items ?? {}, document, ids, name, depth + 1), { minLength: s.minItems ?? 0, maxLength: 3 });
    case 'object': {
      if (depth > 4 || !s.properties) return fc.constant({});
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, property] of Object.entries(s.properties)) model[key] = plausible(property, document, ids, key, depth + 1);
      return fc.record(model, { requiredKeys: (s.required ?? []).filter((key: string) => key in model) });
    }
    default:
      return fc.constantFrom('x', 1, true);
  }
}

type Path = (string | number)[];

function leafPaths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) value.forEach((item, index) => leafPaths(item, [...prefix, index], out));
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) leafPaths(item, [...prefix, key], out);
  if (prefix.length) out.push(prefix);
  return out;
}

function setAt(value: any, path: Path, replacement: unknown): any {
  if (!path.length) return replacement;
  const copy = Array.isArray(value) ? [...value] : { ...value };
  copy[path[0] as any] = setAt(copy[path[0] as any], path.slice(1), replacement);
  return copy;
}

function removeAt(value: any, path: Path): any {
  if (path.length === 1) {
    if (Array.isArray(value)) return value.filter((_, index) => index !== path[0]);
    const { [path[0] as string]: _removed, ...rest } = value;
    return rest;
  }
  const copy = Array.isArray(value) ? [...value] : { ...value };
  copy[path[0] as any] = removeAt(copy[path[0] as any], path.slice(1));
  return copy;
}

/** One thing wrong with a plausible body, as [description, body text]. */
function mutatedBody(valid: unknown): fc.Arbitrary<[string, string]> {
  const paths = leafPaths(valid);
  const at = paths.length ? fc.constantFrom(...paths) : fc.constant<Path>([]);
  const stringPaths = paths.filter((path) => typeof path.reduce((node: any, key) => node?.[key], valid) === 'string');
  const valueAt = (path: Path) => path.reduce((node: any, key) => node?.[key], valid);
  const label = (path: Path) => path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
  const json = (value: unknown) => JSON.stringify(value);
  // A body with no text field at all (answers, flags) gets another bad string where the control character would go.
  const unstorable = stringPaths.length
    ? fc.tuple(fc.constantFrom(...stringPaths), fc.constantFrom('\u0000', '\u001b', '\u0085', '\n', '\ud83d')).map(([path, bad]): [string, string] => [`${JSON.stringify(bad)} in ${label(path)}`, json(setAt(valid, path, `${String(valueAt(path))}${bad}`))])
    : fc.tuple(at, fc.constantFrom(...BAD_STRINGS)).map(([path, bad]): [string, string] => [`bad string at ${label(path)}`, json(setAt(valid, path, bad))]);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant<[string, string]>(['plausible', json(valid)]) },
    { weight: 2, arbitrary: fc.tuple(at, fc.constantFrom(...WRONG_TYPES)).map(([path, wrong]): [string, string] => [`wrong type at ${label(path)}`, json(setAt(valid, path, wrong))]) },
    { weight: 2, arbitrary: fc.tuple(at, fc.constantFrom(...BAD_STRINGS)).map(([path, bad]): [string, string] => [`bad string at ${label(path)}`, json(setAt(valid, path, bad))]) },
    // The same valid text with one character that cannot be stored: everything else about it still passes validation.
    { weight: 2, arbitrary: unstorable },
    { weight: 1, arbitrary: fc.tuple(at, fc.constantFrom(...BAD_IDS)).map(([path, bad]): [string, string] => [`bad id at ${label(path)}`, json(setAt(valid, path, bad))]) },
    { weight: 1, arbitrary: fc.tuple(at, fc.constantFrom(...BAD_DATES)).map(([path, bad]): [string, string] => [`bad date at ${label(path)}`, json(setAt(valid, path, bad))]) },
    { weight: 1, arbitrary: at.map((path): [string, string] => [`missing ${label(path)}`, json(path.length ? removeAt(valid, path) : {})]) },
    { weight: 1, arbitrary: fc.constant<[string, string]>(['extra field', json(valid && typeof valid === 'object' && !Array.isArray(valid) ? { ...valid, notAField: 'x' } : { notAField: 'x' })]) },
    { weight: 1, arbitrary: fc.constant<[string, string]>(['reversed range', json(reversed(valid))]) },
    { weight: 1, arbitrary: fc.tuple(at, fc.constantFrom(40, 6_000)).map(([path, depth]): [string, string] => [`nested ${depth} deep at ${label(path)}`, json(setAt(valid, path, '@@DEEP@@')).replace('"@@DEEP@@"', deepArrays(depth))]) },
    { weight: 1, arbitrary: fc.constantFrom<[string, string]>(['body is an array', '[]'], ['body is a string', '"x"'], ['body is null', 'null'], ['body is a number', '42'], ['body nested 5000 deep', deepArrays(5_000)], ['truncated JSON', '{"a":'], ['empty body', '']) },
  );
}

/** Swaps startsAt/endsAt (and from/to) wherever both appear. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (!value || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = reversed(item);
  for (const [a, b] of [['startsAt', 'endsAt'], ['from', 'to']]) if (a in copy && b in copy) [copy[a], copy[b]] = [copy[b], copy[a]];
  return copy;
}

function queryArbitrary(parameters: any[], document: any, ids: IdPool): fc.Arbitrary<[string, string]> {
  const query = parameters.filter((p) => p.in === 'query');
  if (!query.length) {
    return fc.oneof(
      { weight: 6, arbitrary: fc.constant<[string, string]>(['', '']) },
      { weight: 1, arbitrary: fc.constantFrom<[string, string]>(['unknown', '?unknown=%00'], ['x', '?x=' + 'y'.repeat(3_000)], ['limit', '?limit=abc']) },
    );
  }
  const model: Record<string, fc.Arbitrary<string | undefined>> = {};
  for (const parameter of query) {
    const valid = plausible(parameter.schema ?? {}, document, ids, parameter.name).map(String);
    model[parameter.name] = fc.oneof(
      { weight: 2, arbitrary: fc.constant(undefined) },
      { weight: 3, arbitrary: valid },
      { weight: 1, arbitrary: fc.constantFrom(...BAD_STRINGS.map((s) => s.slice(0, 3_000)), ...BAD_DATES, ...BAD_IDS, '-1', '1e9', 'NaN', '0') },
    );
  }
  return fc.tuple(fc.record(model, { requiredKeys: [] }), fc.boolean()).map(([values, reverse]): [string, string] => {
    if (reverse && values.from !== undefined && values.to !== undefined) [values.from, values.to] = [values.to, values.from];
    const entries = Object.entries(values).filter(([, value]) => value !== undefined) as [string, string][];
    const text = entries.map(([key, value]) => `${key}=${encodeQueryValue(value)}`).join('&');
    return [entries.map(([key]) => key).join(',') + (reverse && values.from && values.to ? ' (reversed)' : ''), text ? `?${text}` : ''];
  });
}

/** encodeURIComponent, except that a lone surrogate is sent as the (invalid UTF-8) bytes a careless client would send. */
function encodeQueryValue(value: string): string {
  let out = '';
  for (const character of value) {
    try {
      out += encodeURIComponent(character);
    } catch {
      out += '%ED%A0%BD';
    }
  }
  return out;
}

function pathArbitrary(path: string, ids: IdPool): fc.Arbitrary<string> {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
  if (!names.length) return fc.constant(path);
  const model: Record<string, fc.Arbitrary<string>> = {};
  for (const name of names) {
    const known = name === 'token' ? ids.token ?? [] : idsFor(name, ids);
    const real = known.length ? fc.constantFrom(...known) : fc.uuid();
    model[name] = fc.oneof({ weight: 6, arbitrary: real }, { weight: 1, arbitrary: fc.uuid() }, { weight: 1, arbitrary: fc.constantFrom(...BAD_PATH_VALUES) });
  }
  return fc.record(model).map((values) => path.replace(/\{(\w+)\}/g, (_, name) => (BAD_PATH_VALUES.includes(values[name]) ? values[name] : encodeURIComponent(values[name]))));
}

export function requestsFor({ method, path, operation }: Operation, document: any, ids: IdPool, roles: string[], runs: number, seed: number): GeneratedRequest[] {
  const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
  const takesBody = ['post', 'put', 'patch', 'delete'].includes(method);
  const body: fc.Arbitrary<[string, string] | null> = bodySchema
    ? plausible(bodySchema, document, ids).chain((valid) => mutatedBody(valid))
    : takesBody
      ? fc.constantFrom<[string, string] | null>(null, ['unexpected body', '{"a":1}'], ['body nested 5000 deep', deepArrays(5_000)])
      : fc.constant(null);
  const contentType = fc.oneof({ weight: 12, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x') });
  const request = fc.record({
    url: pathArbitrary(path, ids),
    query: queryArbitrary(operation.parameters ?? [], document, ids),
    role: fc.constantFrom(...roles),
    body,
    contentType,
    idempotencyKey: fc.option(fc.constantFrom('k-1', 'k'.repeat(300), 'same-key'), { freq: 4 }),
  });
  return fc.sample(request, { seed, numRuns: runs }).map(({ url, query, role, body: generatedBody, contentType: type, idempotencyKey }) => ({
    method: method.toUpperCase(),
    url: url + query[1],
    role,
    headers: { ...(generatedBody ? { 'content-type': type } : {}), ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
    payload: generatedBody?.[1],
    mutation: `${generatedBody?.[0] ?? 'no body'}${query[0] ? `; query ${query[0]}` : ''}${type !== 'application/json' && generatedBody ? `; as ${type}` : ''}`,
  }));
}

/** A stable seed per operation, so adding a route does not change what the others are sent. */
export function seedOf(text: string, base: number): number {
  let hash = base;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}
