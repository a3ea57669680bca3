/**
 * `npm run seed:demo`: the trusts and hospitals named in coverage of the 2016 junior doctors' dispute,
 * with departments, a few hundred staff and patients, and that dispute's walkouts (including the ones
 * the BMA suspended). Safe to run twice: trusts and sites that exist are reused, people are upserted.
 */
import 'reflect-metadata';
import { JsonLogger, Role, UserService } from '@app/core';
import { OrganisationService, PeopleService } from '@app/organisations';
import { WalkoutService } from '@app/walkouts';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { ApiModule } from '../apps/api/src/api.module';
import { DEMO_TRUSTS, DEMO_WALKOUTS_2016, demoPatients, demoStaff } from './demo-data';

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(ApiModule, { logger: new JsonLogger('seed', 'warn') });
  const dataSource = app.get(DataSource);
  const organisations = app.get(OrganisationService);
  const people = app.get(PeopleService);
  const walkouts = app.get(WalkoutService);
  const users = app.get(UserService);

  const nationalEmail = process.env.BOOTSTRAP_ADMIN_EMAIL || 'national@demo.nhs.uk';
  const password = process.env.DEMO_PASSWORD || 'demo-password-2016';
  const national = await ensureUser(dataSource, users, nationalEmail, password, Role.NationalAdmin, null);

  for (const [index, demo] of DEMO_TRUSTS.entries()) {
    const [existing] = await dataSource.query(`SELECT id FROM trust WHERE ods_code = $1`, [demo.odsCode]);
    const trustId: string = existing?.id ?? (await organisations.createTrust(demo.odsCode, demo.name)).id;
    const siteIds: string[] = [];
    const departmentIds: string[] = [];
    for (const site of demo.sites) {
      const [existingSite] = await dataSource.query(`SELECT id FROM site WHERE ods_site_code = $1`, [site.odsSiteCode]);
      const siteId: string = existingSite?.id ?? (await organisations.createSite(trustId, site.odsSiteCode, site.name)).id;
      siteIds.push(siteId);
      for (const department of site.departments) {
        const [existingDepartment] = await dataSource.query(`SELECT id FROM department WHERE site_id = $1 AND name = $2`, [siteId, department.name]);
        departmentIds.push(existingDepartment?.id ?? (await organisations.createDepartment(trustId, siteId, department.name, department.kind)).id);
      }
    }
    await people.importStaff(trustId, demoStaff(index, departmentIds));
    await people.importPatients(trustId, demoPatients(index));
    await ensureUser(dataSource, users, `cell@${demo.odsCode.toLowerCase()}.demo.nhs.uk`, password, Role.TrustAdmin, trustId);

    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM walkout WHERE trust_id = $1`, [trustId]);
    if (count === 0) {
      for (const walkout of DEMO_WALKOUTS_2016) {
        const recorded = await walkouts.record(trustId, walkout, national);
        if (walkout.calledOff) await dataSource.query(`UPDATE walkout SET called_off_at = $2, call_off_reason = $3 WHERE id = $1`, [recorded.id, walkout.calledOff.at, walkout.calledOff.reason]);
      }
    }
    console.log(`${demo.odsCode} ${demo.name}: ${demo.sites.length} sites, ${departmentIds.length} departments, staff, patients and ${DEMO_WALKOUTS_2016.length} walkouts`);
  }
  console.log(`\nSign in as ${nationalEmail} (national admin) or cell@rqm.demo.nhs.uk (trust admin), password "${password}".`);
  await app.close();
}

/** Creates the user unless the email exists (a national admin acting through the same rules as the API). */
async function ensureUser(dataSource: DataSource, users: UserService, email: string, password: string, role: Role, trustId: string | null): Promise<string> {
  const [existing] = await dataSource.query(`SELECT id FROM app_user WHERE email = $1`, [email]);
  if (existing) return existing.id;
  // null actor: the service itself, recorded as such in the account audit.
  return (await users.createUser(null, { email, password, role, trustId })).id;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
