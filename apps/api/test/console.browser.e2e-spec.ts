import { Role } from '@app/core';
import { Page } from 'playwright-core';
import { Browser, expectGoodPage, focusedElementId, launchBrowser, listen, problemsOn, removeElement, signInWithBrowser } from './support/browser';
import { ConsoleUser, createConsoleUser } from './support/console-users';
import { createTrust, TrustFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

jest.setTimeout(180_000);

const SUITE = 'console';

describe('console sign-in, landing pages and the queue dashboard (Chromium)', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let trust: TrustFixture;
  let other: TrustFixture;
  let national: ConsoleUser;
  let trustAdmin: ConsoleUser;
  let page: Page;

  beforeAll(async () => {
    t = await startTestApp();
    const nationalToken = await t.bearer(Role.NationalAdmin);
    trust = await createTrust(t, nationalToken, 'Chelsea and Westminster Hospital NHS Foundation Trust');
    other = await createTrust(t, nationalToken, 'Imperial College Healthcare NHS Trust');
    national = await createConsoleUser(t, Role.NationalAdmin);
    trustAdmin = await createConsoleUser(t, Role.TrustAdmin, trust.trustId);
    baseUrl = await listen(t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  beforeEach(async () => {
    await browser.context.clearCookies();
    page = await browser.newPage();
  });
  afterEach(() => page.close());

  it('signs a national admin in, shows the trust picker, opens a trust, and signs out', async () => {
    await page.goto(`${baseUrl}/console`);
    await page.waitForURL(`${baseUrl}/console/login?returnTo=%2Fconsole`);
    await expect(page.title()).resolves.toBe('Sign in – Strike operations – NHS');
    await expectGoodPage(page, SUITE, 'sign-in');

    await signInWithBrowser(page, baseUrl, national, '/console/login?returnTo=%2Fconsole');
    expect(new URL(page.url()).pathname).toBe('/console');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Choose a trust');
    await expect(page.locator('.nhsuk-header__account').textContent()).resolves.toContain(national.email);
    await expectGoodPage(page, SUITE, 'trust-picker');

    await page.getByRole('link', { name: 'Chelsea and Westminster Hospital NHS Foundation Trust' }).click();
    await page.waitForURL(`${baseUrl}/console/trusts/${trust.trustId}`);
    await expect(page.locator('.nhsuk-header__organisation-name').textContent()).resolves.toContain('Chelsea and Westminster Hospital NHS Foundation Trust');
    await expectGoodPage(page, SUITE, 'trust-home-national');

    await Promise.all([page.waitForURL(`${baseUrl}/console/login?notice=signed-out`), page.getByRole('button', { name: 'Sign out' }).click()]);
    await expect(page.getByText('You have signed out.').isVisible()).resolves.toBe(true);
    await expectGoodPage(page, SUITE, 'signed-out');
    // The session is gone on the server: the old page now asks to sign in again.
    await page.goto(`${baseUrl}/console/trusts/${trust.trustId}`);
    expect(new URL(page.url()).pathname).toBe('/console/login');
    const [{ sessions }] = await t.dataSource.query(`SELECT count(*)::int AS sessions FROM console_session WHERE email = $1`, [national.email]);
    expect(sessions).toBe(0);
  });

  it('takes a trust admin straight to their trust, and comes back to the page asked for after sign-in', async () => {
    await page.goto(`${baseUrl}/console/trusts/${trust.trustId}?tab=cover`);
    expect(page.url()).toBe(`${baseUrl}/console/login?returnTo=${encodeURIComponent(`/console/trusts/${trust.trustId}?tab=cover`)}`);
    await signInWithBrowser(page, baseUrl, trustAdmin, new URL(page.url()).pathname + new URL(page.url()).search);
    expect(page.url()).toBe(`${baseUrl}/console/trusts/${trust.trustId}?tab=cover`);

    await page.goto(`${baseUrl}/console`);
    expect(page.url()).toBe(`${baseUrl}/console/trusts/${trust.trustId}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Walkouts');
    await expect(page.locator('main').textContent()).resolves.toContain('(trust administrator)');
    await expectGoodPage(page, SUITE, 'trust-home');
  });

  it('tells someone whose session ended why they are asked to sign in again', async () => {
    await signInWithBrowser(page, baseUrl, trustAdmin);
    const signedInAt = t.clock.now();
    t.clock.set(new Date(signedInAt.getTime() + 13 * 60 * 60_000));
    try {
      await page.goto(`${baseUrl}/console/trusts/${trust.trustId}`);
      expect(page.url()).toBe(`${baseUrl}/console/login?returnTo=${encodeURIComponent(`/console/trusts/${trust.trustId}`)}&notice=expired`);
      await expect(page.getByText('You were signed out because your session ended').isVisible()).resolves.toBe(true);
      await expectGoodPage(page, SUITE, 'sign-in-session-ended');
    } finally {
      t.clock.set(signedInAt);
    }
  });

  it('shows the NHS error summary for a wrong password, linking to the field', async () => {
    await page.goto(`${baseUrl}/console/login`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    await expect(page.title()).resolves.toBe('Error: Sign in – Strike operations – NHS');
    await expect(page.locator('.nhsuk-error-summary__list a').allTextContents()).resolves.toEqual([expect.stringContaining('Enter your email address'), expect.stringContaining('Enter your password')]);
    await expectGoodPage(page, SUITE, 'sign-in-empty');

    await page.getByLabel('Email address').fill(trustAdmin.email);
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    const link = page.locator('.nhsuk-error-summary__list a');
    await expect(link.allTextContents()).resolves.toEqual([expect.stringContaining('Enter a correct email address and password')]);
    await expect(link.getAttribute('href')).resolves.toBe('#email');
    await expect(page.locator('#email-error').textContent()).resolves.toContain('Enter a correct email address and password');
    await expect(page.getByLabel('Email address').inputValue()).resolves.toBe(trustAdmin.email);
    await link.click();
    await expect(focusedElementId(page)).resolves.toBe('email');
    await expectGoodPage(page, SUITE, 'sign-in-wrong-password');
  });

  it('refuses a form sent without its CSRF token with a 403 page, and changes nothing', async () => {
    await signInWithBrowser(page, baseUrl, national);
    await removeElement(page, 'form[action="/console/logout"] input[name="_csrf"]');
    const [response] = await Promise.all([page.waitForResponse((r) => r.url() === `${baseUrl}/console/logout`), page.getByRole('button', { name: 'Sign out' }).click()]);
    expect(response.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Your form could not be sent');
    await expectGoodPage(page, SUITE, 'csrf-refused');
    // Still signed in: the forged sign-out did nothing.
    await page.goto(`${baseUrl}/console`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Choose a trust');

    // The sign-in form too: a post without the token of the sign-in page is refused before any password check.
    await browser.context.clearCookies();
    await page.goto(`${baseUrl}/console/login`);
    await removeElement(page, 'form[action="/console/login"] input[name="_csrf"]');
    await page.getByLabel('Email address').fill(national.email);
    await page.getByLabel('Password', { exact: true }).fill(national.password);
    const [signIn] = await Promise.all([page.waitForResponse((r) => r.url() === `${baseUrl}/console/login` && r.request().method() === 'POST'), page.getByRole('button', { name: 'Sign in' }).click()]);
    expect(signIn.status()).toBe(403);
  });

  it('shows another trust’s page as not found (404), never as forbidden', async () => {
    await signInWithBrowser(page, baseUrl, trustAdmin);
    const response = await page.goto(`${baseUrl}/console/trusts/${other.trustId}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Page not found');
    await expect(page.textContent('body')).resolves.not.toContain('Imperial College');
    await expectGoodPage(page, SUITE, 'not-found');
    expect((await page.goto(`${baseUrl}/console/trusts/00000000-0000-4000-8000-000000000000`))?.status()).toBe(404);
    expect((await page.goto(`${baseUrl}/console/no-such-page`))?.status()).toBe(404);
  });

  it('opens the queue dashboard for a signed-in national admin, after sign-in if needed', async () => {
    await page.goto(`${baseUrl}/admin/queues`);
    expect(page.url()).toBe(`${baseUrl}/console/login?returnTo=%2Fadmin%2Fqueues`);
    await signInWithBrowser(page, baseUrl, national, '/console/login?returnTo=%2Fadmin%2Fqueues');
    expect(page.url()).toBe(`${baseUrl}/admin/queues`);
    // Bull Board draws its queues with its own script, from its own API, under the session.
    await page.getByText('staff-alerts').first().waitFor();
    // No script error, no refused request, and no CSP violation: its font stylesheet is allowed on its path.
    expect(problemsOn(page)).toEqual([]);
  });

  it('does not open the queue dashboard for a trust admin', async () => {
    await signInWithBrowser(page, baseUrl, trustAdmin);
    const response = await page.goto(`${baseUrl}/admin/queues`);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('You do not have access to this page');
    await expectGoodPage(page, SUITE, 'forbidden');
  });
});
