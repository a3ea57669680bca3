import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives local-machine defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/strike_ops');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.notify.provider).toBe('log');
    expect(config.notify.ratePerMinute).toBe(3000);
    expect(config.defaultTimeZone).toBe('Europe/London');
    expect(config.dbMigrate).toBe(true);
  });

  it('defaults the message limits to sizes a real walkout and a real major incident fit in', () => {
    const config = loadConfig({});
    expect(config.messaging).toEqual({
      patientNotices: { perHour: 30_000, perDay: 100_000 },
      staffMessages: { perHour: 2_000, perDay: 10_000 },
      recallCoalesceMinutes: 15,
      standDownHoldSeconds: 60,
      coverNoticeHoldSeconds: 120,
    });
    expect(config.notify.dailyLimits).toEqual({ sms: 250_000, email: 250_000, letter: 20_000 });
    expect(config.idempotencyKeyTtlHours).toBe(24);
    expect(config.workerShutdownGraceMs).toBe(10_000);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'nope' }, 'REDIS_URL'],
    [{ NOTIFY_PROVIDER: 'carrier-pigeon' }, 'NOTIFY_PROVIDER'],
    [{ NOTIFY_PROVIDER: 'govuk-notify' }, 'NOTIFY_API_KEY'],
    [{ NOTIFY_API_KEY: 'not-a-key' }, 'NOTIFY_API_KEY'],
    [{ NOTIFY_RATE_PER_MINUTE: '0' }, 'NOTIFY_RATE_PER_MINUTE'],
    [{ TZ_DEFAULT: 'Mars/Olympus' }, 'TZ_DEFAULT'],
    [{ DB_MIGRATE: 'maybe' }, 'DB_MIGRATE'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ BOOTSTRAP_ADMIN_EMAIL: 'a@b.nhs.uk' }, 'BOOTSTRAP_ADMIN_PASSWORD'],
    [{ PUBLIC_BASE_URL: 'ftp://x' }, 'PUBLIC_BASE_URL'],
    [{ NOTIFY_SMS_TEMPLATE_ID: 'sms-template' }, 'NOTIFY_SMS_TEMPLATE_ID'],
    [{ NOTIFY_TEMPLATES: '{"recall":{"pigeon":"x"}}' }, 'NOTIFY_TEMPLATES'],
    [{ NOTIFY_API_KEY: 'test_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0' }, 'NOTIFY_SMS_TEMPLATE_ID'],
    [{ MESSAGE_BUDGET_PATIENT_PER_HOUR: '0' }, 'MESSAGE_BUDGET_PATIENT_PER_HOUR'],
    [{ MESSAGE_BUDGET_STAFF_PER_HOUR: '500', MESSAGE_BUDGET_STAFF_PER_DAY: '100' }, 'MESSAGE_BUDGET_STAFF_PER_DAY'],
    [{ NOTIFY_DAILY_SMS_LIMIT: 'lots' }, 'NOTIFY_DAILY_SMS_LIMIT'],
    [{ RECALL_COALESCE_MINUTES: '-1' }, 'RECALL_COALESCE_MINUTES'],
    [{ IDEMPOTENCY_KEY_TTL_HOURS: '12' }, 'IDEMPOTENCY_KEY_TTL_HOURS'],
    [{ WORKER_SHUTDOWN_GRACE_SECONDS: '0' }, 'WORKER_SHUTDOWN_GRACE_SECONDS'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as ConfigError).variable).toBe(variable);
      expect((error as Error).message).toContain(variable);
    }
  });

  it('selects GOV.UK Notify when an API key is given', () => {
    const key = 'test_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0';
    const config = loadConfig({
      NOTIFY_API_KEY: key,
      NOTIFY_SMS_TEMPLATE_ID: 'a1b2c3d4-0000-4000-8000-000000000001',
      NOTIFY_EMAIL_TEMPLATE_ID: 'a1b2c3d4-0000-4000-8000-000000000002',
    });
    expect(config.notify.provider).toBe('govuk-notify');
    expect(config.notify.apiKey).toBe(key);
  });

  it('strips a trailing slash from PUBLIC_BASE_URL so links are built cleanly', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://strike.example.nhs.uk/' }).publicBaseUrl).toBe('https://strike.example.nhs.uk');
  });
});
