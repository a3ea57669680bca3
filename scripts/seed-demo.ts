/**
 * `npm run seed:demo` (or `node dist/scripts/seed-demo.js` in the image): demo data that drives every
 * main flow, relative to today in Europe/London, for the trusts and hospitals of the 2016 dispute:
 * - an announced walkout about three weeks ahead, with clinics and theatre lists booked across every
 *   kind, urgency and priority during it and free capacity in the four weeks after it, cover
 *   requirements and consultants (one already rostered, so the working-time rules bite);
 * - a walkout in progress now, with staff at its sites saying whether they strike, so a major incident
 *   can be declared and the recall goes out;
 * - a walkout the union suspended (called off), and the 2016 walkouts as history;
 * - patients with fictional contact details, a trust admin per trust and a national admin.
 * Everything goes through the service's own HTTP API, in-process, so the data passes the same rules as
 * a client's. Safe to run twice: what exists is found and reused, imports upsert.
 */
import 'reflect-metadata';
import { AuthService, Clock, loadConfigOrExit, loadEnvFile, presetEnv, Role, UserService } from '@app/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiModule } from '../apps/api/src/api.module';
import { createHttpApp } from '../apps/api/src/http-app';
import {
  DEMO_TRUSTS,
  DEMO_WALKOUTS_2016,
  DemoWalkout,
  DepartmentKind,
  demoBookings,
  demoCoverRequirements,
  demoNhsNumbers,
  demoPatients,
  demoStaff,
  demoWalkouts,
  london,
  londonDate,
  PATIENTS_PER_TRUST,
} from './demo-data';

const NATIONAL_EMAIL = 'national.admin@example.com';
const DEVELOPMENT_PASSWORD = 'demo-password-2016';
/** The seed's own identity when it creates the first users (no one is signed in yet). */

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers of our own API

class ApiFailure extends Error {}

/** The API in-process: every write is validated and stored exactly as a client's would be. */
class InProcessApi {
  constructor(
    private readonly app: NestFastifyApplication,
    private token = '',
  ) {}

  signIn(token: string): void {
    this.token = token;
  }

  async call(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown, accept: number[] = []): Promise<{ status: number; body: Json }> {
    const response = await this.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    const parsed = response.body ? JSON.parse(response.body) : undefined;
    if (response.statusCode >= 300 && !accept.includes(response.statusCode)) {
      throw new ApiFailure(`${method} ${url} → ${response.statusCode} ${response.body}`);
    }
    return { status: response.statusCode, body: parsed };
  }

  /** Every item of a paginated list. */
  async all(url: string): Promise<Json[]> {
    const items: Json[] = [];
    let cursor: string | null = null;
    do {
      const separator = url.includes('?') ? '&' : '?';
      const page: Json = (await this.call('GET', `${url}${separator}limit=500${cursor ? `&cursor=${cursor}` : ''}`)).body;
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }
}

interface TrustSummary {
  odsCode: string;
  trustId: string;
  admin: string;
  announcedWalkoutId: string;
  inProgressWalkoutId: string;
  calledOffWalkoutId: string;
  sites: number;
  departments: number;
  staff: number;
  patients: number;
  slots: number;
  appointments: number;
  coverRequirements: number;
  participation: { yes: number; no: number; unknown: number };
}

async function main(): Promise<void> {
  loadEnvFile();
  const config = loadConfigOrExit();
  if (config.nodeEnv === 'production' && !config.demoPassword) {
    process.stderr.write('seed:demo creates users: set DEMO_PASSWORD (12+ characters) for them in production\n');
    process.exit(1);
  }
  const password = config.demoPassword ?? DEVELOPMENT_PASSWORD;
  // Warnings and errors only, unless LOG_LEVEL says otherwise.
  presetEnv({ defaults: { LOG_LEVEL: 'warn' } });
  const app = await createHttpApp(ApiModule);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  try {
    const api = new InProcessApi(app);
    const auth: Accounts = { auth: app.get(AuthService), users: app.get(UserService) };
    api.signIn(await signInOrCreate(auth, NATIONAL_EMAIL, password, Role.NationalAdmin, null));
    const now = app.get(Clock).now();
    const summaries: TrustSummary[] = [];
    for (const [index, demo] of DEMO_TRUSTS.entries()) summaries.push(await seedTrust(api, auth, index, demo, password, now));
    report(summaries, password, now, config.publicBaseUrl);
  } finally {
    await app.close();
  }
}

/**
 * A token for the user, creating them first if the email is free. Straight from the services rather
 * than a password sign-in, which the sign-in limits would rightly refuse after a few trusts.
 */
async function signInOrCreate(accounts: Accounts, email: string, password: string, role: Role, trustId: string | null): Promise<string> {
  const { user, passwordMatches } = await accounts.users.ensureUser({ email, password, role, trustId });
  if (!passwordMatches) throw new ApiFailure(`${email} exists with another password: set DEMO_PASSWORD to it, or use another database`);
  return (await accounts.auth.startSession(user)).tokens.accessToken;
}

interface Accounts {
  auth: AuthService;
  users: UserService;
}

async function seedTrust(api: InProcessApi, auth: Accounts, index: number, demo: (typeof DEMO_TRUSTS)[number], password: string, now: Date): Promise<TrustSummary> {
  const trusts = await api.all('/trusts');
  const trustId: string = trusts.find((t) => t.odsCode === demo.odsCode)?.id ?? (await api.call('POST', '/trusts', { odsCode: demo.odsCode, name: demo.name })).body.id;
  const base = `/trusts/${trustId}`;

  const existingSites = await api.all(`${base}/sites`);
  const existingDepartments = await api.all(`${base}/departments`);
  const sites: { id: string; departments: Partial<Record<DepartmentKind, string>> }[] = [];
  const departments: { id: string; kind: DepartmentKind }[] = [];
  for (const site of demo.sites) {
    const siteId: string =
      existingSites.find((s) => s.odsSiteCode === site.odsSiteCode)?.id ?? (await api.call('POST', `${base}/sites`, { odsSiteCode: site.odsSiteCode, name: site.name })).body.id;
    const byKind: Partial<Record<DepartmentKind, string>> = {};
    for (const department of site.departments) {
      const id: string =
        existingDepartments.find((d) => d.siteId === siteId && d.name === department.name)?.id ??
        (await api.call('POST', `${base}/departments`, { siteId, name: department.name, kind: department.kind })).body.id;
      byKind[department.kind] = id;
      departments.push({ id, kind: department.kind });
    }
    sites.push({ id: siteId, departments: byKind });
  }

  const staff = demoStaff(index, departments);
  await api.call('POST', `${base}/staff/import`, { items: staff });
  await api.call('POST', `${base}/patients/import`, { items: demoPatients(index) });
  const admin = `${demo.odsCode.toLowerCase()}.strike-cell@example.com`;
  await signInOrCreate(auth, admin, password, Role.TrustAdmin, trustId);

  const walkouts = await api.all(`${base}/walkouts`);
  const record = async (walkout: DemoWalkout): Promise<string> => (await api.call('POST', `${base}/walkouts`, walkout)).body.id;
  const has2016 = (w: DemoWalkout) => walkouts.some((existing) => new Date(existing.startsAt).getTime() === new Date(w.startsAt).getTime());
  for (const walkout of DEMO_WALKOUTS_2016) if (!has2016(walkout)) await record(walkout);

  const wanted = demoWalkouts(now);
  // Reused while it lasts: the announced one until it starts, the running one until it ends.
  const announcedWalkoutId: string = walkouts.find((w) => w.status === 'announced' && w.union === 'BMA' && w.mode === 'full-walkout')?.id ?? (await record(wanted.announced));
  const inProgressWalkoutId: string = walkouts.find((w) => w.status === 'in-progress')?.id ?? (await record(wanted.inProgress));
  let calledOffWalkoutId: string | undefined = walkouts.find((w) => w.status === 'called-off' && new Date(w.startsAt) > now)?.id;
  if (!calledOffWalkoutId) {
    calledOffWalkoutId = await record(wanted.suspended);
    await api.call('POST', `${base}/walkouts/${calledOffWalkoutId}/call-off`, { reason: 'BMA suspended the action to allow further talks' });
  }
  const announced = (await api.call('GET', `${base}/walkouts/${announcedWalkoutId}`)).body;

  // Clinics and theatre lists during the announced walkout and after it.
  const { slots, appointments } = demoBookings(
    announced,
    sites.map((s) => ({ id: s.id, outpatientsId: s.departments.outpatients, theatresId: s.departments.theatres })),
    demoNhsNumbers(index, PATIENTS_PER_TRUST),
  );
  await api.call('POST', `${base}/slots/import`, { items: slots });
  await api.call('POST', `${base}/appointments/import`, { items: appointments });

  // Cover: what each department needs, and one consultant already rostered on the first day.
  const requirements = demoCoverRequirements(
    announced,
    sites.map((s) => ({ emergencyId: s.departments.emergency, intensiveCareId: s.departments['intensive-care'] })),
  );
  const existingRequirements = await api.all(`${base}/walkouts/${announcedWalkoutId}/cover-requirements`);
  for (const requirement of requirements) {
    const exists = existingRequirements.some((r) => r.departmentId === requirement.departmentId && new Date(r.startsAt).getTime() === new Date(requirement.startsAt).getTime());
    if (!exists) await api.call('POST', `${base}/walkouts/${announcedWalkoutId}/cover-requirements`, requirement);
  }
  const emergency = sites[0].departments.emergency;
  const rostered = staff.find((s) => s.grade === 'consultant' && s.departmentId === emergency);
  if (emergency && rostered) {
    const first = londonDate(new Date(announced.startsAt));
    const shift = { staffNumber: rostered.staffNumber, departmentId: emergency, startsAt: london(first, '08:00'), endsAt: london(first, '20:00'), consentRecorded: true };
    const existing = await api.all(`${base}/walkouts/${announcedWalkoutId}/cover-assignments?status=active`);
    if (!existing.some((a) => a.staffNumber === rostered.staffNumber)) await api.call('POST', `${base}/walkouts/${announcedWalkoutId}/cover-assignments`, shift);
  }

  // Who strikes in the walkout under way: most resident doctors say yes, some no, a few have not said.
  const residents = staff.filter((s) => s.grade === 'resident-doctor');
  const answers = residents.map((s, n) => ({ staffNumber: s.staffNumber, intendsToStrike: n % 8 === 6 ? 'no' : n % 8 === 7 ? 'unknown' : 'yes' }));
  const participation = (await api.call('PUT', `${base}/walkouts/${inProgressWalkoutId}/participation`, { items: answers })).body;

  return {
    odsCode: demo.odsCode,
    trustId,
    admin,
    announcedWalkoutId,
    inProgressWalkoutId,
    calledOffWalkoutId,
    sites: sites.length,
    departments: departments.length,
    staff: staff.length,
    patients: PATIENTS_PER_TRUST,
    slots: slots.length,
    appointments: appointments.length,
    coverRequirements: requirements.length,
    participation,
  };
}

function report(summaries: TrustSummary[], password: string, now: Date, publicBaseUrl: string): void {
  const lines = [`Demo data as of ${now.toISOString()} (Europe/London dates):`, ''];
  for (const s of summaries) {
    lines.push(
      `${s.odsCode}  trust ${s.trustId}`,
      `     ${s.sites} site(s), ${s.departments} departments, ${s.staff} staff, ${s.patients} patients, ${s.slots} slots, ${s.appointments} appointments, ${s.coverRequirements} cover requirements`,
      `     announced walkout ${s.announcedWalkoutId}  (postpone, rebook, cover)`,
      `     walkout in progress ${s.inProgressWalkoutId}  (participation yes ${s.participation.yes} / no ${s.participation.no} / unknown ${s.participation.unknown}: declare a major incident)`,
      `     called-off walkout ${s.calledOffWalkoutId}`,
      `     trust admin: ${s.admin}`,
    );
  }
  lines.push('', `Sign in (POST /api/v1/auth/token) as ${NATIONAL_EMAIL} (national admin) or a trust admin above, password "${password}".`);
  lines.push(`The console: ${publicBaseUrl}/console/login with the same email addresses and password.`);
  lines.push(`Walk through them: DEMO_TRUST=${summaries[0]?.odsCode ?? 'RQM'} bash scripts/walkthrough.sh (see README.md).`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`seed:demo failed: ${error instanceof ApiFailure ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
