import { Client } from 'pg';
import { PgErrorCode } from './pg-errors';

/**
 * A start-up problem with the database that the operator must fix (not a bug): the apps print its
 * message alone, without a stack trace.
 */
export class DatabaseSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseSetupError';
  }
}

/** Databases every PostgreSQL server has, to connect to while ours does not exist yet. */
const MAINTENANCE_DATABASES = ['postgres', 'template1'];

const CONNECT_TIMEOUT_MS = 5_000;
/** Any constant; the same in every process of this service (next to the migration lock's). */
const CREATE_DATABASE_LOCK_KEY = 7_313_370_003;

/**
 * Creates the database of DATABASE_URL when the server does not have it, so a first run needs no
 * `createdb`. Only when the URL's user may create databases; otherwise a message that says what to do.
 * Returns whether it created the database.
 */
export async function ensureDatabaseExists(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!name) throw new DatabaseSetupError('DATABASE_URL names no database (add /strike_ops at its end)');
  if ((await probe(databaseUrl)) !== 'missing') return false;

  const server = await connectToMaintenanceDatabase(url);
  try {
    // The API and the worker often start together: one creates, the other waits and finds it.
    await server.query('SELECT pg_advisory_lock($1)', [CREATE_DATABASE_LOCK_KEY]);
    const found = await server.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    await server.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
    return true;
  } catch (error) {
    if (hasSqlState(error, PgErrorCode.InsufficientPrivilege)) {
      const user = decodeURIComponent(url.username) || 'the DATABASE_URL user';
      throw new DatabaseSetupError(
        `Database "${name}" does not exist on ${url.host}, and ${user} may not create it (no CREATEDB). ` +
          `Create it once as an administrator (createdb -h ${url.hostname} -p ${url.port || '5432'} -O ${user} ${name}), or grant CREATEDB.`,
      );
    }
    throw error;
  } finally {
    // Ending the session releases the advisory lock.
    await server.end().catch(() => undefined);
  }
}

/**
 * `missing` only when the server says the database does not exist. Any other failure (server down, bad
 * password) is left to the connection that follows, which retries and reports it in its own words.
 */
async function probe(databaseUrl: string): Promise<'answers' | 'missing' | 'unreachable'> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
    return 'answers';
  } catch (error) {
    return hasSqlState(error, PgErrorCode.InvalidCatalogName) ? 'missing' : 'unreachable';
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function connectToMaintenanceDatabase(url: URL): Promise<Client> {
  for (const database of MAINTENANCE_DATABASES) {
    const maintenance = new URL(url.toString());
    maintenance.pathname = `/${database}`;
    const client = new Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (!hasSqlState(error, PgErrorCode.InvalidCatalogName)) throw error;
    }
  }
  throw new DatabaseSetupError(`Database "${url.pathname.slice(1)}" does not exist on ${url.host}, and neither does a "postgres" or "template1" database to create it from`);
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The driver's own errors (no TypeORM around them here) carry the SQLSTATE in `code`. */
function hasSqlState(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
