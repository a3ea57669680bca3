/**
 * Writes docs/errors.md, the catalogue of every error code, from the code itself:
 *
 * - the OpenAPI document the API serves (`/docs-json`): every code an operation can answer, its status
 *   and the operations that list it (`x-error-codes` on each error response);
 * - the error classes each lib exports through its index: which lib owns a code, and the codes no
 *   operation lists because the HTTP pipeline answers them before any route (404 for an unknown route,
 *   405, 408, 431, 500);
 * - MEANINGS below, one plain sentence per code — the only hand-written part.
 *
 * `npm run docs:errors` runs it (it starts the API in-process, so PostgreSQL must be up, as for
 * `npm start`). `test/docs.e2e-spec.ts` renders the catalogue from a test app the same way and fails
 * when docs/errors.md differs, when a code has no meaning here, or when a meaning is left for a code that
 * no longer exists.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ModulesContainer } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
export const ERRORS_DOC = join(ROOT, 'docs', 'errors.md');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const CODE_SHAPE = /^[A-Z][A-Z0-9_]*$/;
/** Routes under a trust are written `…/rest` in the table, to keep it readable. */
const TRUST_PREFIX = '/api/v1/trusts/{trustId}';
/** A code listed on more operations than this is summarised by count instead of listed. */
const MAX_LISTED_OPERATIONS = 6;

/**
 * What each code means, for someone reading a refusal. Keep to one sentence; say when it happens, not
 * how the code decides it. A new code fails the docs test until it has an entry here.
 */
export const MEANINGS: Readonly<Record<string, string>> = {
  // core: the HTTP pipeline and validation
  VALIDATION_FAILED: 'A field, query or path parameter is not valid, or a request string holds a control character; `details` names each one.',
  MALFORMED_JSON: 'The body is not JSON (or is empty with a JSON content type).',
  BODY_TOO_DEEP: 'The JSON nests more than 32 levels; refused before it is parsed.',
  MALFORMED_REQUEST: 'The URL is not valid percent-encoding, or the HTTP request itself is malformed.',
  PAYLOAD_TOO_LARGE: 'The body is larger than the route accepts (`BODY_LIMIT_BYTES`, or `IMPORT_BODY_LIMIT_BYTES` on imports).',
  UNSUPPORTED_MEDIA_TYPE: 'The body is of a type no parser reads (JSON, forms and plain text are read).',
  NOT_FOUND: 'An id that does not exist, or a trust that is not yours: another trust’s data is never revealed.',
  ROUTE_NOT_FOUND: 'No such route; answered before the body is read, so no operation lists it.',
  METHOD_NOT_ALLOWED: 'The path exists with other methods, listed in the `Allow` header; no operation lists it.',
  URI_TOO_LONG: 'A path parameter is longer than 100 characters.',
  HEADERS_TOO_LARGE: 'The request headers are too large for the HTTP parser; answered on the socket, before any route.',
  REQUEST_TIMEOUT: 'The request took too long to arrive; answered on the socket, before any route.',
  UNAUTHENTICATED: 'No bearer token (or console session), or an invalid, expired or revoked one.',
  FORBIDDEN: 'Your role does not allow this: writes need a trust admin, national routes a national admin.',
  CONFLICT: 'Conflicts with what is stored (a database constraint refused it, or a concurrent change); the libs’ own codes are more precise.',
  RATE_LIMITED: 'Too many sign-in attempts from one client address (`LOGIN_RATE_PER_MINUTE`); wait for `Retry-After`.',
  SERVICE_UNAVAILABLE: 'This instance is shutting down (`Retry-After: 5`), or the database or Redis is down.',
  INTERNAL_ERROR: 'A fault of ours, logged with its stack; quote the `requestId`. Never the answer to anything a client sent.',
  // core: sign-in and accounts
  INVALID_CREDENTIALS: 'The email or password is wrong (the same answer whether or not the email has an account).',
  ACCOUNT_DISABLED: 'The user is disabled: sign-in is refused, and their still-valid tokens stop working at once.',
  ACCOUNT_LOCKED: 'Too many failed sign-ins for this email from any address; locked for `Retry-After` seconds, doubling up to `LOGIN_LOCKOUT_MAX_SECONDS`.',
  INVALID_REFRESH_TOKEN: 'The refresh token is unknown, used, expired or revoked; a used one presented again also ends the sign-in.',
  CURRENT_PASSWORD_WRONG: 'A password change with the wrong current password (it counts against the account lockout).',
  EMAIL_TAKEN: 'Another user already has this email.',
  TRUST_REQUIRED: 'A trust admin or trust viewer must belong to a trust (`trustId`).',
  ROLE_NOT_ALLOWED: 'A trust admin may create only trust admins and viewers of their own trust.',
  CANNOT_DISABLE_SELF: 'Nobody can disable their own account.',
  // core: idempotency
  IDEMPOTENCY_KEY_REUSED: 'The `Idempotency-Key` was used before for another request (method, path or body).',
  IDEMPOTENCY_REQUEST_IN_PROGRESS: 'The first request with this `Idempotency-Key` is still running (`Retry-After: 1`).',
  IDEMPOTENCY_KEY_IN_DOUBT: 'The first request with this `Idempotency-Key` failed unexpectedly and may have taken effect: check the state, then use a new key.',
  // web
  SIGN_IN_REQUIRED: 'A console page without a session: the browser is sent to `/console/login` (303).',
  SESSION_ENDED: 'The console session ended (idle, too old, signed out, or the user disabled): the browser is sent to sign in again.',
  CSRF_TOKEN_INVALID: 'A console form posted without this session’s CSRF token, or with another one.',
  // organisations
  TRUST_NOT_FOUND: 'No such trust, or not yours.',
  SITE_NOT_FOUND: 'No such site in this trust.',
  ODS_CODE_TAKEN: 'A trust or site already has this ODS code.',
  DEPARTMENT_NAME_TAKEN: 'The site already has a department of this name.',
  // walkouts
  WALKOUT_NOT_FOUND: 'No such walkout in this trust.',
  WALKOUT_ALREADY_CALLED_OFF: 'The walkout was called off: it can no longer be changed, called off again, or have participation recorded.',
  WALKOUT_ALREADY_ENDED: 'The walkout has ended: it can no longer be called off.',
  WALKOUT_ALREADY_STARTED: 'The walkout has started: its times, staff groups, sites and notice date are history.',
  WALKOUT_CHANGE_BLOCKED: 'A change to an announced walkout waits while work under its old times runs (a rebooking run; `conflict.runId`).',
  UNKNOWN_STAFF: 'A staff number the request names is not on the trust’s staff list; `details` names each one.',
  // rebooking
  APPOINTMENT_NOT_FOUND: 'No such appointment in this trust.',
  REBOOKING_RUN_NOT_FOUND: 'No such rebooking run in this trust.',
  LINK_NOT_FOUND: 'The patient’s rebooking link is unknown or no longer open.',
  CONCURRENT_CHANGE: 'Another change to the same appointment happened at the same time; try again.',
  // fhir
  FHIR_RESOURCE_NOT_FOUND: 'No such Appointment or Slot on this trust’s FHIR base (answered as an OperationOutcome).',
  SLOT_OVERBOOKED: 'An appointment import would put more bookings in a slot than its capacity.',
  SLOT_CAPACITY_BELOW_BOOKINGS: 'A slot import would lower a slot’s capacity below the bookings it already holds.',
  WALKOUT_CALLED_OFF: 'The walkout was called off: nothing more is postponed, rebooked or rostered for it.',
  REBOOKING_RUN_IN_PROGRESS: 'A rebooking run of this walkout is already queued or running (`conflict.runId`).',
  QUEUE_UNAVAILABLE: 'Redis is down, so a rebooking run cannot be queued; nothing was started.',
  // cover
  COVER_REQUIREMENT_NOT_FOUND: 'No such cover requirement for this walkout.',
  COVER_ASSIGNMENT_NOT_FOUND: 'No such cover shift for this walkout.',
  COVER_CALENDAR_NOT_FOUND: 'The calendar link is unknown.',
  COVER_REQUEST_LINK_NOT_FOUND: 'The cover request link is unknown (or malformed).',
  COVER_AVAILABILITY_NOT_FOUND: 'No such availability window in this trust.',
  COVER_AVAILABILITY_OVERLAP: 'The window overlaps one the consultant already declared; withdraw that one first.',
  COVER_AVAILABILITY_ALREADY_WITHDRAWN: 'The availability window has already been withdrawn.',
  COVER_CALL_IN_NOT_ON_CALL: 'Call-ins are recorded only against an accepted, active non-resident on-call period.',
  COVER_CALL_IN_OUTSIDE_ON_CALL: 'A call-in must lie within its on-call period.',
  COVER_CALL_IN_OVERLAP: 'The call-in overlaps one already recorded for the on-call period.',
  UNKNOWN_DEPARTMENT: 'The department is not one of the trust’s.',
  CONSENT_NOT_RECORDED: 'Cover is extra-contractual: a shift needs the consultant’s consent recorded (`consentRecorded: true`), an availability window of theirs that holds it, or `requestConsent: true` to ask them.',
  COVER_ASSIGNMENT_ALREADY_CANCELLED: 'The cover shift was already removed.',
  SHIFT_OVERLAP: 'The shift overlaps another active cover shift of the same person, at any site.',
  COVER_ROTA_CHANGED: 'Autofill `?apply=true` found the rota changed since its proposals were made; nothing was saved.',
  OUTSIDE_WALKOUT: 'A cover requirement or shift must lie within the walkout.',
  TAKING_PART_IN_WALKOUT: 'The person declared they are striking, or the notice names their staff group at their site.',
  SCOPE_OF_PRACTICE: 'The person’s grade or specialty may not cover this kind of department.',
  WORKING_TIME_SHIFT_TOO_LONG: 'The shift is longer than 13 hours.',
  WORKING_TIME_REST: 'Less than 11 hours’ rest before or after another shift of the same person.',
  WORKING_TIME_WEEKLY_LIMIT: 'More than 72 hours’ work in some 7 days with this shift.',
  // recall
  INCIDENT_NOT_FOUND: 'No such major incident in this trust.',
  DEROGATION_NOT_FOUND: 'No such derogation request in this trust.',
  RECALL_LINK_NOT_FOUND: 'The recall link is unknown, or its incident or derogation has ended.',
  DECLARATION_LINK_NOT_FOUND: 'The daily declaration link is unknown, or the walkout day it asks about is over, called off or no longer part of the walkout.',
  ILLEGAL_INCIDENT_TRANSITION: 'The incident’s state does not allow this action (declare from standby; stand down from declared; cancel from standby or declared).',
  ILLEGAL_DEROGATION_TRANSITION: 'The derogation request’s state does not allow this action (draft → submitted → pending → approved / declined / withdrawn; approved → revoked); `details` says what is allowed.',
  DEROGATION_STAFF_GROUP_NOT_ON_STRIKE: 'The request names a grade the walkout’s notice does not name: those staff are not on strike.',
  DEROGATION_NOT_DECLINED: 'Harm or a near miss after a decision is reported on a declined request only.',
  DEROGATION_WALKOUT_OVER: 'The walkout the derogation is for has ended or was called off.',
  // notifications
  NOTIFICATION_NOT_FOUND: 'No such notification in this trust (or walkout).',
  CALLBACK_UNAUTHORISED: 'A GOV.UK Notify callback without a known bearer token (a trust’s `callbackToken` or `NOTIFY_CALLBACK_TOKEN`).',
  NOTIFY_SERVICE_NOT_CONNECTED: 'The trust has not connected its own GOV.UK Notify service: it sends through the deployment’s.',
  NOTIFY_SERVICE_REJECTED: 'GOV.UK Notify refused the API key, a template id or the test message; `details[].field` names which. Nothing changed.',
  CALLBACK_TOKEN_TAKEN: 'Another trust already uses this callback token: each token speaks for one trust only.',
  NOTIFY_UNAVAILABLE: 'GOV.UK Notify could not be reached to check the service or send the test; nothing changed (`Retry-After`).',
  SECRETS_KEY_MISSING: 'This deployment has no `SECRETS_KEY`, so it cannot store a trust’s Notify key (docs/secrets.md).',
  INVALID_DELIVERY_RECEIPT: 'A delivery receipt that is not the shape GOV.UK Notify sends.',
  INVALID_RECEIVED_TEXT: 'A received-text callback that is not the shape GOV.UK Notify sends (`details` name the fields).',
  MESSAGE_TOO_LONG: 'Text written into a message would make its SMS longer than GOV.UK Notify’s 918 characters (`details` name the field); nothing is written.',
  MESSAGE_BUDGET_EXCEEDED: 'The command would queue more messages than the trust’s hourly or daily budget allows; nothing changed (`conflict` says which budget; `Retry-After`).',
};

export interface CatalogueRow {
  code: string;
  status: number;
  libs: string[];
  meaning: string;
  operations: string[];
}

type LibExports = Record<string, unknown>;
type ErrorClass = new (code: string, message: string) => { httpStatus: number };

/** The libs, as the path aliases name them: `@app/<name>` → libs/<name>/src. */
export function libNames(): string[] {
  const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
  return Object.keys(tsconfig.compilerOptions.paths)
    .map((alias) => /^@app\/([a-z][a-z0-9-]*)$/.exec(alias)?.[1])
    .filter((name): name is string => !!name);
}

/** Every lib's public surface (its index), by lib name. */
export function loadLibs(names = libNames()): Map<string, LibExports> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lib list comes from tsconfig
  return new Map(names.map((name) => [name, require(`@app/${name}`) as LibExports]));
}

function errorClassesOf(exports: LibExports, base: abstract new (...args: never[]) => unknown): ErrorClass[] {
  return Object.values(exports).filter((value): value is ErrorClass => typeof value === 'function' && value.prototype instanceof base);
}

/**
 * Codes a lib exports: upper-snake strings as enum members or constant lists, and the keys of a
 * code → status table (`{ WALKOUT_NOT_FOUND: 404 }`). The codes its error classes may map.
 */
function exportedCodes(exports: LibExports): string[] {
  const codes: string[] = [];
  for (const value of Object.values(exports)) {
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'string' && CODE_SHAPE.test(item)) codes.push(item);
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      if (typeof item === 'string' && CODE_SHAPE.test(item)) codes.push(item);
      if (typeof item === 'number' && CODE_SHAPE.test(key)) codes.push(key);
    }
  }
  return codes;
}

/** The status an error class gives a code through its own mapping, or null when the code is not one of its. */
function statusOf(errorClass: ErrorClass, code: string): number | null {
  try {
    const status = new errorClass(code, '').httpStatus;
    return Number.isInteger(status) && status >= 400 && status < 600 ? status : null;
  } catch {
    return null;
  }
}

/**
 * Which lib serves each operation, by operation id: a module class a lib's index exports belongs to that
 * lib, and so do the modules it imports that no index exports (a lib's internal modules); an operation id
 * is the one `@ApiOperation` gives, or Nest's default `<Controller>_<method>`.
 */
function operationLibs(app: INestApplication, libs: Map<string, LibExports>): Map<string, string> {
  const libOfClass = new Map<unknown, string>();
  for (const [name, exports] of libs) for (const value of Object.values(exports)) if (typeof value === 'function') libOfClass.set(value, name);
  const modules = [...app.get(ModulesContainer).values()];
  const libOfModule = new Map<(typeof modules)[number], string>();
  for (const module of modules) {
    const lib = libOfClass.get(module.metatype);
    if (lib) libOfModule.set(module, lib);
  }
  const queue = [...libOfModule.keys()];
  for (let next = queue.shift(); next; next = queue.shift()) {
    for (const imported of next.imports) {
      if (libOfModule.has(imported) || libOfClass.has(imported.metatype)) continue;
      libOfModule.set(imported, libOfModule.get(next)!);
      queue.push(imported);
    }
  }
  const byOperation = new Map<string, string>();
  for (const [module, lib] of libOfModule) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype;
      if (typeof controller !== 'function') continue;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        if (method === 'constructor') continue;
        const handler = Object.getOwnPropertyDescriptor(controller.prototype, method)?.value;
        if (typeof handler !== 'function') continue;
        const declared: { operationId?: string } | undefined = Reflect.getMetadata(DECORATORS.API_OPERATION, handler);
        byOperation.set(declared?.operationId ?? `${controller.name}_${method}`, lib);
      }
    }
  }
  return byOperation;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the OpenAPI document is JSON */
function shortRoute(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.startsWith(`${TRUST_PREFIX}/`) ? `…${path.slice(TRUST_PREFIX.length)}` : path}`;
}

/**
 * The catalogue rows: one per code and status, from the document's `x-error-codes` and the exported
 * error classes. Throws when the code and this file disagree (a code without a meaning, a meaning
 * without a code, a status the owning class does not give, a code nobody owns).
 */
export function catalogueRows(app: INestApplication, document: any, meanings: Readonly<Record<string, string>> = MEANINGS, libs = loadLibs()): CatalogueRow[] {
  const { DomainError } = libs.get('core') as { DomainError: abstract new (...args: never[]) => unknown };
  const operations = operationLibs(app, libs);
  const documented = new Map<string, { operations: Set<string>; operationLibs: Set<string> }>();
  for (const [path, item] of Object.entries<any>(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      for (const [status, response] of Object.entries<any>(operation.responses ?? {})) {
        for (const code of response['x-error-codes'] ?? []) {
          const key = `${code} ${status}`;
          const entry = documented.get(key) ?? { operations: new Set<string>(), operationLibs: new Set<string>() };
          entry.operations.add(shortRoute(method, path));
          const lib = operations.get(String(operation.operationId ?? ''));
          if (lib) entry.operationLibs.add(lib);
          documented.set(key, entry);
        }
      }
    }
  }

  const documentedCodes = [...documented.keys()].map((key) => key.split(' ')[0]);
  const declared = new Map<string, Set<string>>();
  for (const [lib, exports] of libs) {
    const candidates = new Set([...exportedCodes(exports), ...documentedCodes]);
    for (const errorClass of errorClassesOf(exports, DomainError)) {
      for (const code of candidates) {
        const status = statusOf(errorClass, code);
        if (status === null) continue;
        const key = `${code} ${status}`;
        declared.set(key, (declared.get(key) ?? new Set()).add(lib));
      }
    }
  }

  const problems: string[] = [];
  const rows: CatalogueRow[] = [];
  for (const key of new Set([...documented.keys(), ...declared.keys()])) {
    const [code, statusText] = key.split(' ');
    const status = Number(statusText);
    const owners = declared.get(key) ?? documented.get(key)?.operationLibs ?? new Set<string>();
    if (documented.has(key) && !declared.has(key) && [...declared.keys()].some((other) => other.startsWith(`${code} `))) {
      problems.push(`${code}: the document lists it as ${status}, but the class that declares it gives ${[...declared.keys()].filter((k) => k.startsWith(`${code} `)).map((k) => k.split(' ')[1]).join(', ')}`);
    }
    if (!owners.size) problems.push(`${code} ${status}: no lib's exported error class maps it and no lib's route lists it`);
    const meaning = meanings[code];
    if (!meaning) problems.push(`${code}: add a meaning for it to MEANINGS in scripts/error-catalogue.ts`);
    rows.push({ code, status, libs: [...owners].sort(), meaning: meaning ?? '', operations: [...(documented.get(key)?.operations ?? [])].sort() });
  }
  const codes = new Set(rows.map((row) => row.code));
  for (const code of Object.keys(meanings)) if (!codes.has(code)) problems.push(`${code}: MEANINGS describes a code the code no longer has; remove it`);
  if (problems.length) throw new Error(`The error catalogue does not match the code:\n- ${problems.join('\n- ')}`);
  return rows.sort((a, b) => a.status - b.status || a.code.localeCompare(b.code) || a.libs.join().localeCompare(b.libs.join()));
}
/* eslint-enable @typescript-eslint/no-explicit-any */

function answeredBy(row: CatalogueRow, operationCount: number): string {
  if (!row.operations.length) return 'no operation (see meaning)';
  if (row.operations.length === operationCount) return `every operation (${operationCount})`;
  if (row.operations.length > MAX_LISTED_OPERATIONS) return `${row.operations.length} operations`;
  return row.operations.map((operation) => `\`${operation}\``).join('<br>');
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** docs/errors.md for these rows. */
export function renderErrorCatalogue(rows: CatalogueRow[], operationCount: number): string {
  const lines = [
    '# Error codes',
    '',
    '<!-- Generated by `npm run docs:errors` (scripts/error-catalogue.ts). Do not edit by hand: test/docs.e2e-spec.ts fails when this file and the code disagree. -->',
    '',
    'Every code the service can answer, with its HTTP status, the lib that owns it and what it means. Every',
    'error has the one error body described in [api.md](api.md#errors); `code` is stable and is what a client',
    'should act on, `message` is for people.',
    '',
    'How this table is made, so you know what to trust in it:',
    '',
    '- **status** and **answered by** come from the OpenAPI document the service serves (`/docs-json`): each',
    '  error response lists its codes in `x-error-codes`. `…` stands for `/api/v1/trusts/{trustId}`.',
    '- **lib** is the lib whose error class (exported through its `index.ts`) maps the code to that status;',
    '  for a code whose class the lib keeps private, it is the lib whose routes answer it.',
    '- **meaning** is written by hand in `MEANINGS` in `scripts/error-catalogue.ts`.',
    '- Codes no operation lists are answered by the HTTP pipeline before any route runs, or are declared',
    '  and never reach a client; the meaning says which.',
    '',
    'A status the pipeline meets with no code of its own is answered as `HTTP_<status>` (for example',
    '`HTTP_418`); none of our routes does that on purpose.',
    '',
    `${rows.length} codes. After adding or changing a code, run \`npm run docs:errors\` and commit the result.`,
    '',
    '| status | code | lib | meaning | answered by |',
    '|---|---|---|---|---|',
    ...rows.map((row) => `| ${row.status} | \`${row.code}\` | ${row.libs.join(', ')} | ${cell(row.meaning)} | ${answeredBy(row, operationCount)} |`),
    '',
  ];
  return lines.join('\n');
}

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- the OpenAPI document is JSON */
export function operationCount(document: any): number {
  return Object.values<Record<string, unknown>>(document.paths).reduce((sum, item) => sum + METHODS.filter((method) => item[method]).length, 0);
}

/** The catalogue of a running app (its own OpenAPI document, fetched in-process). */
export async function errorCatalogueOf(app: NestFastifyApplication): Promise<string> {
  const document = JSON.parse((await app.inject({ method: 'GET', url: '/docs-json' })).body);
  return renderErrorCatalogue(catalogueRows(app, document), operationCount(document));
}

async function main(): Promise<void> {
  // The API as `npm start` builds it, minus what start-up would change: no migrations, no bootstrap admin.
  const { loadEnvFile, presetEnv } = await import('@app/core');
  presetEnv({ overrides: { DB_MIGRATE: 'false', BOOTSTRAP_ADMIN_EMAIL: '', BOOTSTRAP_ADMIN_PASSWORD: '' } });
  loadEnvFile();
  const { ApiModule } = await import('../apps/api/src/api.module');
  const { createHttpApp } = await import('../apps/api/src/http-app');
  const app = await createHttpApp(ApiModule, { logger: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  try {
    const catalogue = await errorCatalogueOf(app);
    writeFileSync(ERRORS_DOC, catalogue);
    process.stdout.write(`wrote ${ERRORS_DOC}\n`);
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`docs:errors failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
