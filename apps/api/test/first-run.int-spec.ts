import { databaseUrl, dropTestDatabase } from '@app/core/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

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

/**
 * A newcomer's first start, as README's "Running without Docker" does it: the real API entry point in
 * its own process, settings only from a `.env` in the working directory, and a database that does not
 * exist yet. It must create the database, migrate it, create the admin the file names, and say where it
 * listens.
 */
describe('first run of the API (own process, .env, no database yet)', () => {
  const database = `strike_ops_test_p${process.pid}_${randomBytes(4).toString('hex')}`;
  const workDir = mkdtempSync(join(tmpdir(), 'strike-ops-first-run-'));
  let child: ChildProcess | undefined;
  let output = '';
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    writeFileSync(
      join(workDir, '.env'),
      [
        '# as copied from .env.example',
        `PORT=${port}`,
        `DATABASE_URL=${databaseUrl(database)}`,
        `QUEUE_PREFIX=test-first-run-${randomBytes(3).toString('hex')}`,
        'BOOTSTRAP_ADMIN_EMAIL=first.admin@example.nhs.uk',
        'BOOTSTRAP_ADMIN_PASSWORD=a long first-run password',
        '',
      ].join('\n'),
    );
    // Nothing from this test process's own settings: only the file speaks.
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), LOG_LEVEL: 'info' };
    child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(ROOT, 'apps/api/src/main.ts')], {
      cwd: workDir,
      env: { ...env, NODE_PATH: join(ROOT, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`API did not start in 120 s:\n${output.slice(-3000)}`)), 120_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('API listening on')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child!.stdout!.on('data', onData);
      child!.stderr!.on('data', onData);
      child!.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`API exited with ${code}:\n${output.slice(-3000)}`));
      });
    });
    child.removeAllListeners('exit');
  }, 150_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      await new Promise<void>((resolve) => {
        child!.once('exit', () => resolve());
        child!.kill('SIGTERM');
      });
    }
    await dropTestDatabase(database);
    rmSync(workDir, { recursive: true, force: true });
  });

  it('creates the missing database and logs that it did', () => {
    expect(output).toContain('"database created"');
  });

  it('says where it listens, with the port from .env', () => {
    expect(output).toContain(`API listening on http://localhost:${port}`);
  });

  it('answers on that port, migrated, with the admin named in .env able to sign in', async () => {
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'first.admin@example.nhs.uk', password: 'a long first-run password' }),
    });
    expect(login.status).toBe(200);
    expect(typeof ((await login.json()) as { accessToken?: unknown }).accessToken).toBe('string');
  });
});
