import IORedis from 'ioredis';
import { Client } from 'pg';
import { prepareTemplateDatabase, serverUrl } from './test-database';

const START_COMMANDS = [
  'PostgreSQL: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
  'Redis:      redis-server --daemonize yes --port 6379 --save "" --appendonly no',
  '(or: docker compose up -d postgres redis)',
].join('\n  ');

async function postgresAnswers(): Promise<string | null> {
  const client = new Client({ connectionString: serverUrl(), connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return `PostgreSQL at ${serverUrl()} is not answering (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function redisAnswers(): Promise<string | null> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3_000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (error) {
    return `Redis at ${url} is not answering (${(error as Error).message})`;
  } finally {
    redis.disconnect();
  }
}

/** Fails fast, naming the commands that start what is missing, instead of 100 confusing test failures. */
export default async function globalSetup(): Promise<void> {
  const problems = (await Promise.all([postgresAnswers(), redisAnswers()])).filter((p): p is string => p !== null);
  if (problems.length) {
    throw new Error(`\n\nThe tests need PostgreSQL and Redis.\n  ${problems.join('\n  ')}\nStart them with:\n  ${START_COMMANDS}\n`);
  }
  await prepareTemplateDatabase();
}
