import { databaseUrl, serverUrl } from '@app/core/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DatabaseSetupError, ensureDatabaseExists } from './ensure-database';

/** Names the abandoned-database sweep of the test harness recognises (pid of this process). */
function scratchName(): string {
  return `strike_ops_test_p${process.pid}_${randomBytes(4).toString('hex')}`;
}

async function asServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const exists = (name: string) => asServer(async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);

describe('ensureDatabaseExists (first run without createdb)', () => {
  const created: string[] = [];
  const role = `strike_ops_nocreate_${randomBytes(3).toString('hex')}`;

  beforeAll(() => asServer((c) => c.query(`CREATE ROLE ${role} LOGIN NOCREATEDB`)));
  afterAll(async () => {
    await asServer(async (c) => {
      for (const name of created) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.query(`DROP ROLE IF EXISTS ${role}`);
    });
  });

  it('creates the database of the URL when the server does not have it, and leaves it alone the second time', async () => {
    const name = scratchName();
    created.push(name);
    expect(await exists(name)).toBe(false);
    expect(await ensureDatabaseExists(databaseUrl(name))).toBe(true);
    expect(await exists(name)).toBe(true);
    expect(await ensureDatabaseExists(databaseUrl(name))).toBe(false);
  });

  it('survives two processes creating it at once (one creates, the other finds it)', async () => {
    const name = scratchName();
    created.push(name);
    const results = await Promise.all([ensureDatabaseExists(databaseUrl(name)), ensureDatabaseExists(databaseUrl(name))]);
    expect(results.sort()).toEqual([false, true]);
    expect(await exists(name)).toBe(true);
  });

  it('says what to do when the URL’s user may not create databases', async () => {
    const name = scratchName();
    const url = new URL(databaseUrl(name));
    url.username = role;
    url.password = '';
    const attempt = ensureDatabaseExists(url.toString());
    await expect(attempt).rejects.toBeInstanceOf(DatabaseSetupError);
    await expect(attempt).rejects.toThrow(`Database "${name}" does not exist on ${url.host}, and ${role} may not create it (no CREATEDB)`);
    expect(await exists(name)).toBe(false);
  });
});
