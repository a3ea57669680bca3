/**
 * The house rules of docs/architecture.md, checked against the source tree (read as text, nothing runs).
 *
 * A rule broken today on main is listed in KNOWN_VIOLATIONS, as `rule: where`. The test fails on a
 * violation that is not listed, and also on a listed one that no longer occurs, so the list only ever
 * shrinks: fix one, delete its line.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(__dirname, '..');
const LIBS = readdirSync(join(ROOT, 'libs')).filter((name) => existsSync(join(ROOT, 'libs', name, 'src')));

/**
 * Which lib owns each table: only that lib's code names the table in SQL. docs/architecture.md lists the
 * same map (checked below), and every table the migrations create must be in it.
 */
export const TABLE_OWNERS: Readonly<Record<string, string>> = {
  app_user: 'core',
  auth_audit: 'core',
  auth_refresh_token: 'core',
  auth_session: 'core',
  idempotency_key: 'core',
  login_account_failure: 'core',
  login_address_attempt: 'core',
  console_session: 'web',
  trust: 'organisations',
  site: 'organisations',
  department: 'organisations',
  staff: 'organisations',
  patient: 'organisations',
  walkout: 'walkouts',
  walkout_site: 'walkouts',
  walkout_participation: 'walkouts',
  walkout_participation_day: 'walkouts',
  participation_declaration: 'walkouts',
  walkout_activity_cancellation: 'walkouts',
  slot: 'rebooking',
  appointment: 'rebooking',
  rebooking_run: 'rebooking',
  rebooking_link: 'rebooking',
  rebooking_hold: 'rebooking',
  walkout_activity_tally: 'rebooking',
  cover_requirement: 'cover',
  cover_assignment: 'cover',
  cover_calendar_token: 'cover',
  cover_request: 'cover',
  cover_availability: 'cover',
  cover_call_in: 'cover',
  cover_trust_settings: 'cover',
  major_incident: 'recall',
  major_incident_site: 'recall',
  major_incident_department: 'recall',
  incident_audit: 'recall',
  recall: 'recall',
  recall_link: 'recall',
  derogation: 'recall',
  derogation_staff: 'recall',
  recall_unmatched_reply: 'recall',
  derogation_transition: 'recall',
  major_incident_need: 'recall',
  notification: 'notifications',
  message_budget_usage: 'notifications',
  notify_daily_usage: 'notifications',
  received_text: 'notifications',
  received_text_cursor: 'notifications',
  notify_service: 'notifications',
  notify_service_audit: 'notifications',
};

/** What is broken on main at the branch point of this test; the lead empties it as the fixes land. */
/**
 * Libs that raise no error of their own, so have no `<lib>.errors.ts`: each with the reason. A lib that
 * gains an error code gets the file and leaves this list.
 */
const LIBS_WITHOUT_ERROR_CODES: Readonly<Record<string, string>> = {
  console: 'its pages call the other libs\' services and show their errors (and web\'s sign-in and CSRF errors) on the form',
};

const KNOWN_VIOLATIONS: readonly string[] = [
];

const SPEC = /\.(spec|int-spec|e2e-spec)\.ts$/;
const TEST_SUPPORT_NAME = /(test-helpers|factories|synthetic|test-server)/;
// Spelled in parts so this file does not cite them itself.
const EXTERNAL_SPECS = new RegExp(['API', 'PRODUCT', 'ARCHITECTURE'].map((name) => `\\b${name}\\.md\\b`).join('|'));

function filesUnder(directory: string): string[] {
  if (!existsSync(directory)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(directory)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) found.push(...filesUnder(path));
    else if (path.endsWith('.ts')) found.push(path);
  }
  return found;
}

const rel = (path: string) => relative(ROOT, path).split(sep).join('/');
const SOURCES = ['apps', 'libs', 'scripts', 'bench', 'test'].flatMap((top) => filesUnder(join(ROOT, top))).map(rel).sort();
const text = new Map(SOURCES.map((file) => [file, readFileSync(join(ROOT, file), 'utf8')]));

/** `libs/<lib>/…` → lib name; anything else → null. */
function libOf(file: string): string | null {
  const match = /^libs\/([^/]+)\//.exec(file);
  return match ? match[1] : null;
}

const inLibSrc = (file: string) => /^libs\/[^/]+\/src\//.test(file);
const inAppSrc = (file: string) => /^apps\/[^/]+\/src\//.test(file);

interface ImportSite {
  file: string;
  specifier: string;
}

function importsOf(file: string): ImportSite[] {
  const source = text.get(file)!;
  const sites: ImportSite[] = [];
  const pattern = /(?:^|\n)\s*(?:import|export)\s[^'"`;]*?from\s+['"]([^'"]+)['"]|(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) sites.push({ file, specifier: match[1] ?? match[2] });
  return sites;
}

/** The repository file an import names, or null for a package. */
function resolveImport(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith('.')) base = rel(resolve(ROOT, dirname(from), specifier));
  else {
    const alias = /^@app\/([^/]+)(?:\/(.*))?$/.exec(specifier);
    if (!alias) return null;
    base = alias[2] === 'testing' ? `libs/${alias[1]}/test` : alias[2] ? `libs/${alias[1]}/src/${alias[2]}` : `libs/${alias[1]}/src`;
  }
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) if (text.has(candidate)) return candidate;
  return null;
}

/** Comment text of a TypeScript file: line and block comments, roughly (enough for citations). */
function commentLines(source: string): { line: number; text: string }[] {
  const found: { line: number; text: string }[] = [];
  const pattern = /\/\/[^\n]*|\/\*[\s\S]*?\*\//g;
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    const line = source.slice(0, match.index).split('\n').length;
    found.push({ line, text: match[0] });
  }
  return found;
}

function findViolations(): string[] {
  const violations: string[] = [];
  const self = rel(__filename);

  for (const [file, source] of text) {
    if (file === self) continue;
    const spec = SPEC.test(file);
    const productionCode = (inLibSrc(file) || inAppSrc(file) || file.startsWith('scripts/')) && !spec;

    // Configuration is read in one place.
    if (productionCode && !file.startsWith('libs/core/src/config/') && /process\.env\b/.test(source)) violations.push(`process-env: ${file}`);

    // Test support never ships in src/ (by name here; by who imports it below).
    if ((inLibSrc(file) || inAppSrc(file)) && !spec && TEST_SUPPORT_NAME.test(file.split('/').pop()!)) violations.push(`test-support-in-src: ${file}`);

    // Comments point into docs/, not at specifications outside the repository.
    for (const comment of commentLines(source)) if (EXTERNAL_SPECS.test(comment.text)) violations.push(`external-spec-citation: ${file}:${comment.line}`);

    // Services never name TypeORM: repositories own SQL and the transaction handle is core's UnitOfWork.
    if (file.endsWith('.service.ts') && /from\s+['"]typeorm['"]/.test(source)) violations.push(`service-imports-typeorm: ${file}`);

    // Job data is typed end to end.
    if (!spec && /\.data\s+as\s+never\b/.test(source)) violations.push(`job-data-as-never: ${file}`);

    // Libs are used through their public surface.
    const lib = libOf(file);
    for (const site of importsOf(file)) {
      const deep = /^@app\/([^/]+)\/(.+)$/.exec(site.specifier);
      if (deep && deep[2] !== 'testing') violations.push(`deep-import: ${file} → ${site.specifier}`);
      if (site.specifier.startsWith('.')) {
        const target = rel(resolve(ROOT, dirname(file), site.specifier));
        const targetLib = libOf(`${target}/`);
        if (targetLib && targetLib !== lib) violations.push(`relative-import-into-lib: ${file} → ${site.specifier}`);
      }
    }
  }

  // Test support by use: a src/ module that only specs import.
  const importers = new Map<string, Set<string>>();
  for (const file of text.keys()) {
    for (const site of importsOf(file)) {
      const target = resolveImport(file, site.specifier);
      if (target) importers.set(target, (importers.get(target) ?? new Set()).add(file));
    }
  }
  for (const file of text.keys()) {
    if (!(inLibSrc(file) || inAppSrc(file)) || SPEC.test(file) || file.includes('/migrations/')) continue;
    const by = [...(importers.get(file) ?? [])];
    if (by.length && by.every((importer) => SPEC.test(importer) || !(inLibSrc(importer) || inAppSrc(importer))) && !TEST_SUPPORT_NAME.test(file)) {
      violations.push(`test-support-in-src: ${file} (imported only by tests, benches or scripts)`);
    }
  }

  // No cycles between libs.
  const graph = new Map<string, Set<string>>(LIBS.map((name) => [name, new Set<string>()]));
  for (const file of text.keys()) {
    const lib = libOf(file);
    if (!lib || !inLibSrc(file) || SPEC.test(file)) continue;
    for (const site of importsOf(file)) {
      const target = /^@app\/([^/]+)/.exec(site.specifier)?.[1];
      if (target && target !== lib && graph.has(target) && !site.specifier.endsWith('/testing')) graph.get(lib)!.add(target);
    }
  }
  const cycles = new Set<string>();
  const visit = (lib: string, path: string[]) => {
    for (const next of graph.get(lib) ?? []) {
      const at = path.indexOf(next);
      if (at >= 0) {
        const cycle = path.slice(at);
        const start = cycle.indexOf([...cycle].sort()[0]);
        cycles.add([...cycle.slice(start), ...cycle.slice(0, start), cycle[start]].join(' → '));
      } else visit(next, [...path, next]);
    }
  };
  for (const lib of LIBS) visit(lib, [lib]);
  for (const cycle of cycles) violations.push(`lib-cycle: ${cycle}`);

  // Each table is named in SQL only by its owning lib.
  const tables = Object.keys(TABLE_OWNERS).join('|');
  const sqlTable = new RegExp(`\\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\\s+"?(${tables})"?(?![\\w.(])`, 'g');
  for (const [file, source] of text) {
    const lib = libOf(file);
    if (!lib || !inLibSrc(file) || SPEC.test(file) || file.includes('/database/migrations/')) continue;
    const seen = new Set<string>();
    for (let match = sqlTable.exec(source); match; match = sqlTable.exec(source)) {
      const table = match[1];
      if (TABLE_OWNERS[table] !== lib && !seen.has(table)) {
        seen.add(table);
        violations.push(`table-outside-owner: ${file} names ${table} (owned by ${TABLE_OWNERS[table]})`);
      }
    }
  }

  // Every lib has the template.
  for (const lib of LIBS) {
    const src = join(ROOT, 'libs', lib, 'src');
    // core is the kit every lib builds on: a module per concern (config/, database/, queue/, auth/…), each
    // with its own errors file, rather than one core.module.ts (docs/architecture.md "The lib template").
    const required = lib === 'core' ? ['index.ts'] : ['index.ts', `${lib}.module.ts`, ...(lib in LIBS_WITHOUT_ERROR_CODES ? [] : [`${lib}.errors.ts`])];
    for (const file of required) {
      if (!existsSync(join(src, file))) violations.push(`lib-template: libs/${lib}/src/${file} missing`);
    }
    for (const entry of readdirSync(src)) {
      if (/\.(controller|service|repository)\.ts$/.test(entry)) violations.push(`lib-template: libs/${lib}/src/${entry} at the src root`);
    }
  }

  return [...new Set(violations)].sort();
}

describe('architecture', () => {
  const violations = findViolations();
  // `ARCHITECTURE_VIOLATIONS_OUT=/tmp/v.json npx jest test/architecture.spec.ts` writes the current list.
  const out = process.env.ARCHITECTURE_VIOLATIONS_OUT;
  if (out) writeFileSync(out, `${JSON.stringify(violations, null, 2)}\n`);

  it('breaks no house rule that is not already known', () => {
    expect(violations.filter((v) => !KNOWN_VIOLATIONS.includes(v))).toEqual([]);
  });

  it('lists only violations that still occur, so the known list only shrinks', () => {
    expect(KNOWN_VIOLATIONS.filter((v) => !violations.includes(v))).toEqual([]);
  });

  it('gives every table the migrations create exactly one owner, as docs/architecture.md lists them', () => {
    const migrations = filesUnder(join(ROOT, 'libs/core/src/database/migrations')).map((file) => readFileSync(file, 'utf8')).join('\n');
    const created = [...migrations.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?([a-z_]+)"?/gi)].map((match) => match[1]);
    expect([...new Set(created)].filter((table) => !(table in TABLE_OWNERS))).toEqual([]);
    const doc = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
    const documented = [...doc.matchAll(/^\| `([a-z_]+)` \| ([a-z]+) \|/gm)].map((match) => `${match[1]}→${match[2]}`).sort();
    expect(documented).toEqual(Object.entries(TABLE_OWNERS).map(([table, lib]) => `${table}→${lib}`).sort());
  });

  it('finds what it looks for (the checks are not vacuous)', () => {
    expect(SOURCES.length).toBeGreaterThan(300);
    expect(LIBS).toEqual(expect.arrayContaining(['core', 'walkouts', 'notifications']));
    expect(importsOf('libs/walkouts/src/index.ts').length).toBeGreaterThan(3);
  });
});
