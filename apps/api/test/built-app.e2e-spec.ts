import { createTestDatabase, dropTestDatabase } from '@app/core/testing';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

jest.setTimeout(600_000);

/**
 * What production runs is the webpack bundle, which carries no template or browser file unless the
 * build copies them (nest-cli.json `assets`). This starts `node dist/apps/api/main.js` — building it
 * first when the sources are newer — from another working directory, and asks it for pages.
 */
const ROOT = join(__dirname, '..', '..', '..');
const MAIN = join(ROOT, 'dist', 'apps', 'api', 'main.js');

function newestSource(directory: string): number {
  let newest = 0;
  for (const name of readdirSync(directory)) {
    const path = join(directory, name);
    const stat = statSync(path);
    if (stat.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|njk|css|mjs)$/.test(name) && !/spec\.ts$/.test(name)) newest = Math.max(newest, stat.mtimeMs);
  }
  return newest;
}

function ensureBuilt(): void {
  const sources = Math.max(newestSource(join(ROOT, 'apps', 'api', 'src')), newestSource(join(ROOT, 'libs')));
  if (existsSync(MAIN) && statSync(MAIN).mtimeMs >= sources) return;
  try {
    execFileSync('npx', ['nest', 'build', 'api'], { cwd: ROOT, stdio: 'pipe', encoding: 'utf8' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`npx nest build api failed:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('the built app (node dist/apps/api/main.js)', () => {
  let api: ChildProcess;
  let database: { name: string; url: string };
  let base: string;
  let output = '';

  beforeAll(async () => {
    ensureBuilt();
    database = await createTestDatabase();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = spawn(process.execPath, [MAIN], {
      cwd: tmpdir(),
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        JWT_SECRET: randomBytes(24).toString('hex'),
        CALENDAR_LINK_KEY: randomBytes(24).toString('hex'),
        PORT: String(port),
        DATABASE_URL: database.url,
        DB_MIGRATE: 'false',
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        QUEUE_PREFIX: `test-${randomBytes(4).toString('hex')}`,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    api.stdout?.on('data', (chunk) => (output += chunk));
    api.stderr?.on('data', (chunk) => (output += chunk));
    const giveUpAt = Date.now() + 180_000;
    for (;;) {
      if (api.exitCode !== null) throw new Error(`the built API exited: ${output}`);
      const health = await fetch(`${base}/health`).catch(() => null);
      if (health?.status === 200) break;
      if (Date.now() > giveUpAt) throw new Error(`the built API did not answer: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
  afterAll(async () => {
    if (api && api.exitCode === null) {
      const exited = new Promise((resolve) => api.once('exit', resolve));
      api.kill('SIGTERM');
      await exited;
    }
    if (database) await dropTestDatabase(database.name);
  });

  it('serves the sign-in page from its templates, with the design system’s assets', async () => {
    const page = await fetch(`${base}/console/login`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<title>Sign in – Strike operations – NHS</title>');
    expect(html).toContain('nhsuk-header');
    const stylesheet = /<link rel="stylesheet" href="([^"]+nhsuk-frontend\.min\.css)">/.exec(html)?.[1];
    const script = /<script type="module" src="([^"]+)">/.exec(html)?.[1];
    for (const asset of [stylesheet, script]) {
      const response = await fetch(`${base}${asset}`);
      expect({ asset, status: response.status, cache: response.headers.get('cache-control') }).toEqual({ asset, status: 200, cache: 'public, max-age=31536000, immutable' });
    }
  });

  it('serves the patient link pages of the rebooking lib', async () => {
    const page = await fetch(`${base}/r/${'A'.repeat(43)}`);
    expect(page.status).toBe(404);
    await expect(page.text()).resolves.toContain('This link does not work any more');
  });

  it('serves the staff declaration pages of the walkouts lib', async () => {
    const page = await fetch(`${base}/d/${'A'.repeat(43)}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(404);
    await expect(page.text()).resolves.toContain('The link is not known, or the day of industrial action it asks about is over');
  });

  it('has no development message viewer in production', async () => {
    const viewer = await fetch(`${base}/console/dev/messages`, { redirect: 'manual' });
    expect(viewer.status).toBe(404);
  });
});
