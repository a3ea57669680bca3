import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { ConsoleUser } from './console-users';
import { TestApp } from './test-app';

/**
 * Browser tests: Debian's Chromium driven by playwright-core (no browser is ever downloaded), against
 * the real app listening on a random port. Each page a test visits is checked with axe-core (no
 * serious or critical violation) and photographed at a phone's and a laptop's size into
 * `test-output/screenshots/` (git-ignored) for a reviewer to look at.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const SCREENSHOT_DIRECTORY = join(__dirname, '..', '..', '..', '..', 'test-output', 'screenshots');
export const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/**
 * Fonts the pages load from elsewhere — the NHS.UK stylesheet's from the NHS's asset server, Bull
 * Board's from Google Fonts — are answered locally (empty) so the tests stay offline.
 */
const FONT_HOSTS = ['https://assets.nhs.uk/', 'https://fonts.googleapis.com/', 'https://fonts.gstatic.com/'];
const isFontHost = (url: string) => FONT_HOSTS.some((host) => url.startsWith(host));
/** Generous: the machine runs other suites too. Nothing here measures time. */
const ACTION_TIMEOUT_MS = 60_000;

/** The app on 127.0.0.1 with a random port; returns its base URL. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

export interface Browser {
  context: BrowserContext;
  /** A new tab that records console errors, CSP violations and failed requests (see `problems`). */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

const problemsByPage = new WeakMap<Page, string[]>();
/** axe runs as a script in the page: pages of a browser without JavaScript are checked in one with it. */
const pagesWithoutScript = new WeakSet<Page>();

export async function launchBrowser(options: { javaScriptEnabled?: boolean } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The browser tests need Chromium at ${CHROMIUM}: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'strike-ops-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: VIEWPORTS[1],
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  for (const host of FONT_HOSTS) {
    await context.route(`${host}**`, (route) => route.fulfill({ status: 200, contentType: host.includes('googleapis') ? 'text/css' : 'font/woff2', body: '' }));
  }
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      if (options.javaScriptEnabled === false) pagesWithoutScript.add(page);
      const problems: string[] = [];
      problemsByPage.set(page, problems);
      page.on('console', (message) => {
        // A page answered 4xx on purpose (a 404 page) is logged as a failed load: responses are checked below.
        if (message.type() !== 'error' || message.text().startsWith('Failed to load resource')) return;
        problems.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
      page.on('requestfailed', (request) => {
        const reason = request.failure()?.errorText ?? '';
        // ERR_ABORTED: the browser dropped a request because the page moved on (a favicon mid-navigation).
        if (!isFontHost(request.url()) && !reason.includes('ERR_ABORTED')) problems.push(`request failed: ${request.url()} ${reason}`);
      });
      page.on('response', (response) => {
        if (response.status() >= 400 && response.request().resourceType() !== 'document') problems.push(`${response.status()} for ${response.url()}`);
      });
      return page;
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Console errors, CSP violations and failed requests seen on the page so far. */
export function problemsOn(page: Page): string[] {
  return [...(problemsByPage.get(page) ?? [])];
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core's serious and critical violations on the page as it is now, in words (none is the aim). */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, not a <script> tag: the page's CSP stays as it is.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as { axe: { run(context: unknown, options: object): Promise<{ violations: AxeViolation[] }> }; document: unknown };
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.impact} ${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** The page's document, as far as the tests reach into it (the test code is not compiled with the DOM's types). */
interface PageDocument {
  activeElement: { id: string } | null;
  querySelector(selector: string): { remove(): void } | null;
}

/** The id of the element that has the keyboard focus. */
export function focusedElementId(page: Page): Promise<string | undefined> {
  return page.evaluate(() => (globalThis as unknown as { document: PageDocument }).document.activeElement?.id);
}

/** Takes an element out of the page, as a forged or broken form would be without it. */
export function removeElement(page: Page, selector: string): Promise<void> {
  return page.evaluate((css) => (globalThis as unknown as { document: PageDocument }).document.querySelector(css)?.remove(), selector);
}

/** Full-page screenshots at each viewport, then back to the laptop size. */
export async function screenshot(page: Page, suite: string, name: string): Promise<void> {
  const directory = join(SCREENSHOT_DIRECTORY, suite);
  mkdirSync(directory, { recursive: true });
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: join(directory, `${name}-${viewport.width}x${viewport.height}.png`), fullPage: true });
  }
  await page.setViewportSize(VIEWPORTS[1]);
}

/**
 * What every page a test visits must pass: no serious or critical axe violation (at both sizes: the
 * phone layout differs), no console error or CSP violation; and a screenshot at each size.
 */
export async function expectGoodPage(page: Page, suite: string, name: string): Promise<void> {
  if (pagesWithoutScript.has(page)) throw new Error(`${name}: axe-core needs JavaScript; check this page in a browser with JavaScript on`);
  const found: string[] = [];
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    found.push(...(await seriousAccessibilityViolations(page)).map((v) => `${viewport.width}px: ${v}`));
    // Wide content (the heat map, tables) scrolls in its own region; the page itself never scrolls sideways.
    const pageWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
    if (pageWidth > viewport.width) found.push(`${viewport.width}px: the page is ${pageWidth}px wide and scrolls sideways`);
  }
  await screenshot(page, suite, name);
  expect({ page: name, accessibility: found, problems: problemsOn(page) }).toEqual({ page: name, accessibility: [], problems: [] });
}

/** Signs in through the sign-in page as a person would. */
export async function signInWithBrowser(page: Page, baseUrl: string, user: Pick<ConsoleUser, 'email' | 'password'>, path = '/console/login'): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/console/login')), page.getByRole('button', { name: 'Sign in' }).click()]);
}
