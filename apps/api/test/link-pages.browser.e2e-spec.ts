import { Role } from '@app/core';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Page } from 'playwright-core';
import { WorkerModule } from '../../worker/src/worker.module';
import { Browser, expectGoodPage, focusedElementId, launchBrowser, listen, signInWithBrowser } from './support/browser';
import { ConsoleUser, createConsoleUser } from './support/console-users';
import { createTrust, TrustFixture } from './support/fixtures';
import { offerScenario, OfferScenario, recallScenario, RecallScenario } from './support/link-scenario';
import { startTestApp, TestApp } from './support/test-app';

jest.setTimeout(240_000);

const SUITE = 'links';
/** The real clock's minute: a worker started by the last test sends on the real clock. */
const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000);

describe('patient offer and staff recall links, and the development message viewer (Chromium)', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let noScript: Browser;
  let trust: TrustFixture;
  let other: TrustFixture;
  let offers: OfferScenario;
  let recall: RecallScenario;
  let worker: INestApplicationContext | null = null;

  beforeAll(async () => {
    t = await startTestApp({ now: NOW });
    const national = await t.bearer(Role.NationalAdmin);
    trust = await createTrust(t, national, 'Chelsea and Westminster Hospital NHS Foundation Trust');
    other = await createTrust(t, national, 'Imperial College Healthcare NHS Trust');
    offers = await offerScenario(t, trust, NOW, 4);
    recall = await recallScenario(t, trust, NOW, ['R1', 'R2']);
    baseUrl = await listen(t);
    browser = await launchBrowser();
    noScript = await launchBrowser({ javaScriptEnabled: false });
  });
  afterAll(async () => {
    await worker?.close();
    await browser?.close();
    await noScript?.close();
    await t?.close();
  });

  async function open(on: Browser, path: string): Promise<Page> {
    const page = await on.newPage();
    await page.goto(`${baseUrl}${path}`);
    return page;
  }

  it('lets a patient confirm an offer, then check the confirmed appointment again on the same link', async () => {
    const page = await open(browser, `/r/${offers.offerTokens.A1}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Your new appointment');
    await expect(page.locator('.nhsuk-header__organisation-name').textContent()).resolves.toContain('Chelsea and Westminster Hospital NHS Foundation Trust');
    await expect(page.title()).resolves.toBe('Your new appointment – Your appointment – NHS');
    await expectGoodPage(page, SUITE, 'offer');

    await Promise.all([page.waitForURL(`${baseUrl}/r/${offers.offerTokens.A1}/confirm`), page.getByRole('button', { name: 'Confirm this appointment' }).click()]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Appointment confirmed');
    await expectGoodPage(page, SUITE, 'offer-confirmed');

    const again = await page.goto(`${baseUrl}/r/${offers.offerTokens.A1}`);
    expect(again?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Your confirmed appointment');
    const details = await page.locator('.nhsuk-summary-list').textContent();
    for (const label of ['Date', 'Time', 'Place', 'Appointment']) expect(details).toContain(label);
    expect(details).toContain('site 1');
    await expect(page.locator('form').count()).resolves.toBe(0);
    await expectGoodPage(page, SUITE, 'offer-recheck');
    await page.close();
  });

  it('lets a patient confirm an offer without JavaScript', async () => {
    const page = await open(noScript, `/r/${offers.offerTokens.A4}`);
    await Promise.all([page.waitForURL(`${baseUrl}/r/${offers.offerTokens.A4}/confirm`), page.getByRole('button', { name: 'Confirm this appointment' }).click()]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Appointment confirmed');
    const [{ status }] = await t.dataSource.query(
      `SELECT a.status FROM appointment a JOIN appointment src ON src.id = a.rebooked_from_id WHERE src.external_ref = 'A4' AND src.trust_id = $1`,
      [trust.trustId],
    );
    expect(status).toBe('confirmed');
    await page.close();
  });

  it('lets a patient ask for another date', async () => {
    const page = await open(browser, `/r/${offers.offerTokens.A2}`);
    await Promise.all([page.waitForURL(`${baseUrl}/r/${offers.offerTokens.A2}/decline`), page.getByRole('button', { name: /I cannot come/ }).click()]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('We will offer you another date');
    await expectGoodPage(page, SUITE, 'offer-declined');
    const [{ status }] = await t.dataSource.query(
      `SELECT a.status FROM appointment a JOIN appointment src ON src.id = a.rebooked_from_id WHERE src.external_ref = 'A2' AND src.trust_id = $1`,
      [trust.trustId],
    );
    expect(status).toBe('declined');
    // A declined offer's link does not work any more.
    expect((await page.goto(`${baseUrl}/r/${offers.offerTokens.A2}`))?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('This link does not work any more');
    await expectGoodPage(page, SUITE, 'offer-link-not-found');
    await page.close();
  });

  it('takes a staff member’s answer on the recall link, showing problems the NHS way first', async () => {
    const page = await open(browser, `/s/${recall.recallTokens.R1}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Major incident: can you come in?');
    await expect(page.locator('.nhsuk-header__organisation-name').textContent()).resolves.toContain('Chelsea and Westminster Hospital NHS Foundation Trust');
    await expectGoodPage(page, SUITE, 'recall');

    await page.getByRole('button', { name: 'Send my answer' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    await expect(page.title()).resolves.toBe('Error: Major incident: can you come in? – Staff recall – NHS');
    await expect(page.locator('.nhsuk-error-summary__list a').getAttribute('href')).resolves.toBe('#attending-yes');
    await expectGoodPage(page, SUITE, 'recall-error');
    await page.locator('.nhsuk-error-summary__list a').click();
    await expect(focusedElementId(page)).resolves.toBe('attending-yes');

    await page.getByLabel('Yes, I am coming in').check();
    await page.getByLabel('If you are coming, how many minutes until you arrive?').fill('30');
    await page.getByRole('button', { name: 'Send my answer' }).click();
    await page.getByText('Thank you, we have your answer').waitFor();
    await expect(page.getByText('You told us you are coming in and will arrive in about 30 minutes.').first().isVisible()).resolves.toBe(true);
    await expectGoodPage(page, SUITE, 'recall-answered');
    const [answer] = await t.dataSource.query(`SELECT r.attending, r.eta_minutes FROM recall r JOIN staff s ON s.id = r.staff_id WHERE s.staff_number = 'R1' AND r.incident_id = $1`, [recall.incidentId]);
    expect(answer).toEqual({ attending: true, eta_minutes: 30 });
    await page.close();
  });

  it('explains a recall link that is not (or no longer) active', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${baseUrl}/s/${'A'.repeat(43)}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('This recall link is not active');
    await expectGoodPage(page, SUITE, 'recall-not-found');
    await page.close();
  });

  it('takes a recall answer without JavaScript', async () => {
    const page = await open(noScript, `/s/${recall.recallTokens.R2}`);
    await page.getByLabel('No, I cannot come in').check();
    await page.getByRole('button', { name: 'Send my answer' }).click();
    await page.getByText('You told us you cannot come in.').first().waitFor();
    const [answer] = await t.dataSource.query(`SELECT r.attending FROM recall r JOIN staff s ON s.id = r.staff_id WHERE s.staff_number = 'R2' AND r.incident_id = $1`, [recall.incidentId]);
    expect(answer.attending).toBe(false);
    await page.close();
  });

  it('shows the messages the log provider sent in the development viewer, and their links open', async () => {
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
    await waitFor(async () => {
      const [row] = await t.dataSource.query(`SELECT status FROM notification WHERE id = $1`, [offers.offerMessages.A3]);
      return row.status === 'sent';
    }, 'the worker to send the offer through the log provider');

    const admin: ConsoleUser = await createConsoleUser(t, Role.TrustAdmin, trust.trustId);
    const page = await browser.newPage();
    await signInWithBrowser(page, baseUrl, admin, '/console/login?returnTo=%2Fconsole%2Fdev%2Fmessages');
    expect(new URL(page.url()).pathname).toBe('/console/dev/messages');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Messages sent in development');
    await expectGoodPage(page, SUITE, 'dev-messages');

    await page.locator(`a[href="/console/dev/messages/${offers.offerMessages.A3}"]`).click();
    await page.waitForURL(`${baseUrl}/console/dev/messages/${offers.offerMessages.A3}`);
    await expect(page.locator('.app-message-body').textContent()).resolves.toContain(`/r/${offers.offerTokens.A3}`);
    await expectGoodPage(page, SUITE, 'dev-message');

    await Promise.all([page.waitForURL(`${baseUrl}/r/${offers.offerTokens.A3}`), page.getByRole('link', { name: 'Open the patient’s offer page' }).click()]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Your new appointment');
    await page.close();
  });

  it('keeps another trust’s messages out of its admins’ viewer (404, not 403)', async () => {
    const outsider = await createConsoleUser(t, Role.TrustAdmin, other.trustId);
    const page = await browser.newPage();
    await browser.context.clearCookies();
    await signInWithBrowser(page, baseUrl, outsider, '/console/login?returnTo=%2Fconsole%2Fdev%2Fmessages');
    await expect(page.locator(`a[href^="/console/dev/messages/"]`).count()).resolves.toBe(0);
    const response = await page.goto(`${baseUrl}/console/dev/messages/${offers.offerMessages.A3}`);
    expect(response?.status()).toBe(404);
    await expect(page.textContent('body')).resolves.not.toContain(offers.offerTokens.A3);
    await expectGoodPage(page, SUITE, 'dev-message-not-found');
    await page.close();
  });
});

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
