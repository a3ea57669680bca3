import { Role } from '@app/core';
import { RebookingRunService } from '@app/rebooking';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { Browser, expectGoodPage, launchBrowser, listen, removeElement, SCREENSHOT_DIRECTORY, signInWithBrowser } from './support/browser';
import { CONSOLE_NOW, consoleScenario, ConsoleScenario, coverRequirements } from './support/console-scenario';
import { startTestApp, TestApp } from './support/test-app';

jest.setTimeout(600_000);

const SUITE = 'console-flows';

/** Fills the NHS.UK date input and the time box of `field`. */
async function fillDateTime(page: Page, field: string, day: string, month: string, year: string, time: string): Promise<void> {
  await page.locator(`#${field}-day`).fill(day);
  await page.locator(`#${field}-month`).fill(month);
  await page.locator(`#${field}-year`).fill(year);
  await page.locator(`#${field}-time`).fill(time);
}

async function submit(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), page.getByRole('button', { name: button }).click()]);
}

describe('the strike cell’s console, end to end (Chromium)', () => {
  let t: TestApp;
  let s: ConsoleScenario;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestApp({ now: CONSOLE_NOW });
    s = await consoleScenario(t);
    baseUrl = await listen(t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('records a walkout, postpones, rebooks, plans cover, declares a major incident and watches the roll-call live', async () => {
    const page = await browser.newPage();
    await signInWithBrowser(page, baseUrl, s.admin);
    expect(new URL(page.url()).pathname).toBe(`/console/trusts/${s.trust.trustId}`);
    await expectGoodPage(page, SUITE, 'trust-home');

    // Record a walkout: first without a union, to see the error summary.
    await page.getByRole('button', { name: 'Record a walkout' }).click();
    await page.waitForURL(/\/walkouts\/new$/);
    await expectGoodPage(page, SUITE, 'record-walkout');
    await page.locator('#union').fill('');
    await submit(page, 'Record walkout');
    await expect(page.locator('.nhsuk-error-summary').textContent()).resolves.toContain('Enter the union that gave notice');
    await expectGoodPage(page, SUITE, 'record-walkout-errors');
    await page.locator('#union').fill('BMA');
    await fillDateTime(page, 'startsAt', '12', '1', '2026', '07:00');
    await fillDateTime(page, 'endsAt', '14', '1', '2026', '07:00');
    await fillDateTime(page, 'noticeReceivedAt', '20', '12', '2025', '');
    await submit(page, 'Record walkout');
    await expect(page.locator('.nhsuk-notification-banner').textContent()).resolves.toContain('The walkout has been recorded.');
    const walkoutUrl = page.url().split('?')[0];
    const walkoutId = /walkouts\/([0-9a-f-]{36})/.exec(walkoutUrl)![1];
    await expectGoodPage(page, SUITE, 'walkout');

    // Dry run, then postpone.
    await page.getByRole('button', { name: 'Postpone appointments' }).click();
    await page.waitForURL(/\/postpone$/);
    await expect(page.locator('main').textContent()).resolves.toContain('This is a preview: nothing has changed yet.');
    await expectGoodPage(page, SUITE, 'postpone-preview');
    const [{ n: beforeConfirm }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM appointment WHERE walkout_id = $1`, [walkoutId]);
    expect(beforeConfirm).toBe(0);
    await submit(page, 'Confirm and postpone 10 appointments');
    await expect(page.locator('.nhsuk-notification-banner').textContent()).resolves.toContain('The appointments have been postponed');

    // Rebooking: start it, let the worker's code run it, and see the outcome without reloading.
    await submit(page, 'Start rebooking');
    await expect(page.locator('#rebooking-run').textContent()).resolves.toContain('Waiting to start');
    const [run] = await t.dataSource.query(`SELECT id FROM rebooking_run WHERE walkout_id = $1`, [walkoutId]);
    await t.app.get(RebookingRunService).execute(run.id);
    await page.locator('#rebooking-run [data-figure="unplaced"]').waitFor();
    await expect(page.locator('#rebooking-run [data-figure="unplaced"] dd').textContent()).resolves.toBe('2');
    await expect(page.locator('#rebooking-run [data-figure="breaches28Day"] dd').textContent()).resolves.toBe('2');
    await expectGoodPage(page, SUITE, 'walkout-rebooked');
    // The README's picture of the walkout page.
    mkdirSync(join(__dirname, '..', '..', '..', 'docs', 'images'), { recursive: true });
    copyFileSync(join(SCREENSHOT_DIRECTORY, SUITE, 'walkout-rebooked-1280x800.png'), join(__dirname, '..', '..', '..', 'test-output', 'console-walkout.png'));
    await Promise.all([page.waitForURL(/follow-up$/), page.getByRole('link', { name: 'See the patients to follow up' }).click()]);
    await expect(page.getByRole('heading', { level: 2, name: 'No new date yet (2)' }).isVisible()).resolves.toBe(true);
    await expectGoodPage(page, SUITE, 'follow-up');

    // Cover: a shift, then one that breaks the rest rule, named next to its field.
    await coverRequirements(t, s.trust, walkoutId, ['2026-01-12', '2026-01-13']);
    await page.goto(`${walkoutUrl}/cover`);
    // A table for each London day of the walkout, the first one drawn on opening the page.
    await expect(page.getByRole('region', { name: /^Monday 12 January: \d+ department-hours short$/ }).getByRole('table').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('navigation', { name: 'Days of the walkout' }).getByRole('link').allTextContents()).resolves.toEqual(expect.arrayContaining(['Monday 12 January']));
    await expectGoodPage(page, SUITE, 'cover');
    await Promise.all([page.waitForURL(/assignments\/new$/), page.getByRole('button', { name: 'Add a cover shift' }).click()]);
    await expectGoodPage(page, SUITE, 'cover-assignment');
    await page.getByLabel('Consultant', { exact: true }).selectOption('C1');
    await page.getByLabel('Department', { exact: true }).selectOption(s.trust.departmentIds[0]);
    await fillDateTime(page, 'startsAt', '12', '1', '2026', '08:00');
    await fillDateTime(page, 'endsAt', '12', '1', '2026', '20:00');
    await page.getByLabel('The consultant has agreed to this shift').check();
    await submit(page, 'Add shift');
    await expect(page.locator('.nhsuk-notification-banner').textContent()).resolves.toContain('The cover shift has been added');
    await Promise.all([page.waitForURL(/assignments\/new$/), page.getByRole('button', { name: 'Add a cover shift' }).click()]);
    await page.getByLabel('Consultant', { exact: true }).selectOption('C1');
    await page.getByLabel('Department', { exact: true }).selectOption(s.trust.departmentIds[0]);
    await fillDateTime(page, 'startsAt', '13', '1', '2026', '02:00');
    await fillDateTime(page, 'endsAt', '13', '1', '2026', '07:00');
    await page.getByLabel('The consultant has agreed to this shift').check();
    await submit(page, 'Add shift');
    await expect(page.locator('.nhsuk-error-summary').textContent()).resolves.toContain('Rest between shifts');
    await expect(page.locator('#startsAt-day-error, .nhsuk-form-group--error .nhsuk-error-message').first().textContent()).resolves.toContain('Rest between shifts');
    await expectGoodPage(page, SUITE, 'cover-assignment-rest-rule');

    // Autofill: preview, then apply.
    await page.goto(`${walkoutUrl}/cover/autofill`);
    await expect(page.locator('main').textContent()).resolves.toContain('This is a preview: nothing has been saved.');
    await expectGoodPage(page, SUITE, 'cover-autofill');
    await submit(page, await page.getByRole('button', { name: /^Add these \d+ shifts$/ }).textContent().then((text) => text!.trim()));
    await expect(page.locator('.nhsuk-notification-banner').textContent()).resolves.toContain('The consultants have been asked to cover the proposed shifts');
    const [{ n: autofilled }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM cover_assignment WHERE walkout_id = $1 AND source = 'autofill'`, [walkoutId]);
    expect(autofilled).toBeGreaterThan(0);
    await expectGoodPage(page, SUITE, 'cover-filled');

    // A major incident during the walkout in progress: declare, then watch the board.
    await page.goto(`${baseUrl}/console/trusts/${s.trust.trustId}/incidents`);
    await expectGoodPage(page, SUITE, 'incidents');
    await Promise.all([page.waitForURL(/incidents\/new$/), page.getByRole('button', { name: 'Declare an incident' }).click()]);
    await expectGoodPage(page, SUITE, 'declare-incident');
    await page.getByLabel('Major incident', { exact: true }).check();
    await page.getByLabel('Declare now').check();
    await page.getByLabel('Chelsea and Westminster Hospital NHS Foundation Trust site 1', { exact: true }).check();
    await page.getByLabel('What has happened?').fill('Multiple casualties from a bus collision on the A4');
    for (const [name, value] of Object.entries({ majorIncident: 'Declared', exactLocation: 'A4 Cromwell Road eastbound', typeOfIncident: 'Bus and lorry collision', hazards: 'Fuel spill', access: 'Staff entrance on Fulham Road', numberOfCasualties: 'About 40', emergencyServices: 'LAS, LFB, Met Police' })) {
      await page.locator(`#methane-${name}`).fill(value);
    }
    await submit(page, 'Record incident');
    await expect(page.locator('.nhsuk-notification-banner').textContent()).resolves.toContain('The incident has been recorded');
    await expect(page.locator('[data-figure="no-answer"] .app-board-figure__value').textContent()).resolves.toBe('3');
    await expectGoodPage(page, SUITE, 'incident-board');
    const incidentId = /incidents\/([0-9a-f-]{36})/.exec(page.url())![1];

    // R1 answers on their link in another tab; the board shows it without a reload.
    const [link] = await t.dataSource.query(
      `SELECT n.personalisation->>'linkToken' AS token FROM notification n JOIN staff s ON s.id = n.staff_id WHERE n.subject_id = $1 AND n.purpose = 'recall' AND s.staff_number = 'R1'`,
      [incidentId],
    );
    const staffPage = await browser.newPage();
    await staffPage.goto(`${baseUrl}/s/${link.token}`);
    await staffPage.getByLabel('Yes, I am coming in').check();
    await staffPage.getByLabel('If you are coming, how many minutes until you arrive?').fill('20');
    await Promise.all([staffPage.waitForNavigation(), staffPage.getByRole('button', { name: 'Send my answer' }).click()]);
    await staffPage.close();
    let navigated = false;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigated = true;
    });
    await page.locator('#roll-call-people', { hasText: 'Attending, ETA 20 min' }).waitFor();
    await expect(page.locator('[data-figure="attending"] .app-board-figure__value').textContent()).resolves.toBe('1');
    expect(navigated).toBe(false);
    await expectGoodPage(page, SUITE, 'incident-board-answered');

    await submit(page, 'Stand down');
    await expect(page.locator('.nhsuk-notification-banner').textContent()).resolves.toContain('The incident has been stood down');
    await expect(page.locator('main').textContent()).resolves.toMatch(/Stand-down sent to \d+ staff/);
    await expectGoodPage(page, SUITE, 'incident-stood-down');

    // The messages page and the national view.
    await page.goto(`${baseUrl}/console/trusts/${s.trust.trustId}/messages?walkout=${walkoutId}`);
    await expectGoodPage(page, SUITE, 'messages');
    await page.close();
  });

  it('lets a trust viewer see but not change, answers another trust’s page with 404, and refuses a form without its CSRF token', async () => {
    await browser.context.clearCookies();
    const page = await browser.newPage();
    await signInWithBrowser(page, baseUrl, s.viewer);
    await page.goto(`${baseUrl}/console/trusts/${s.trust.trustId}/walkouts/${s.liveWalkoutId}`);
    await expect(page.getByRole('button', { name: 'Postpone appointments' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Start rebooking' }).count()).resolves.toBe(0);
    await expectGoodPage(page, SUITE, 'walkout-viewer');
    const refused = await page.goto(`${baseUrl}/console/trusts/${s.trust.trustId}/messages`);
    expect(refused!.status()).toBe(403);
    await expectGoodPage(page, SUITE, 'messages-viewer-403');
    const missing = await page.goto(`${baseUrl}/console/trusts/${s.other.trustId}`);
    expect(missing!.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Page not found');
    await expectGoodPage(page, SUITE, 'other-trust-404');
    await page.close();

    await browser.context.clearCookies();
    const adminPage = await browser.newPage();
    await signInWithBrowser(adminPage, baseUrl, s.admin);
    await adminPage.goto(`${baseUrl}/console/trusts/${s.trust.trustId}/walkouts/${s.liveWalkoutId}/call-off`);
    await adminPage.locator('#reason').fill('Union suspended action after talks');
    await removeElement(adminPage, 'main form input[name="_csrf"]');
    const [response] = await Promise.all([adminPage.waitForResponse((r) => r.request().method() === 'POST'), adminPage.getByRole('button', { name: 'Call off walkout' }).click()]);
    expect(response.status()).toBe(403);
    await adminPage.waitForLoadState('load');
    await expect(adminPage.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Your form could not be sent');
    const [walkout] = await t.dataSource.query(`SELECT called_off_at FROM walkout WHERE id = $1`, [s.liveWalkoutId]);
    expect(walkout.called_off_at).toBeNull();

    const national = await browser.newPage();
    await browser.context.clearCookies();
    await signInWithBrowser(national, baseUrl, s.national);
    await national.goto(`${baseUrl}/console/national`);
    await expect(national.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('National view');
    await expectGoodPage(national, SUITE, 'national');
    expect(Role.TrustViewer).toBe('trust-viewer');
  });
});
