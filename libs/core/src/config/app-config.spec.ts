import { ConfigError, loadConfig, presetEnv } from './app-config';

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
    expect(config.coverRequestExpiryHours).toBe(24);
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
    [{ COVER_REQUEST_EXPIRY_HOURS: '0' }, 'COVER_REQUEST_EXPIRY_HOURS'],
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
    [{ NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(32) }, 'CALENDAR_LINK_KEY'],
    [{ CALENDAR_LINK_KEY: 'short' }, 'CALENDAR_LINK_KEY'],
    [{ JWT_SECRET: 's'.repeat(32), CALENDAR_LINK_KEY: 's'.repeat(32) }, 'CALENDAR_LINK_KEY'],
    [{ DB_POOL_SIZE: '0' }, 'DB_POOL_SIZE'],
    [{ BOOTSTRAP_ADMIN_EMAIL: 'a@b.nhs.uk' }, 'BOOTSTRAP_ADMIN_PASSWORD'],
    [{ PUBLIC_BASE_URL: 'ftp://x' }, 'PUBLIC_BASE_URL'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    [{ LOG_LEVEL: 'INFO' }, 'LOG_LEVEL'],
    [{ NOTIFY_SMS_TEMPLATE_ID: 'sms-template' }, 'NOTIFY_SMS_TEMPLATE_ID'],
    [{ NOTIFY_TEMPLATES: '{"recall":{"pigeon":"x"}}' }, 'NOTIFY_TEMPLATES'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '1' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '127.0.0.1,proxy.internal' }, 'TRUST_PROXY'],
    [{ LOGIN_LOCKOUT_THRESHOLD: '0' }, 'LOGIN_LOCKOUT_THRESHOLD'],
    [{ LOGIN_LOCKOUT_SECONDS: '600', LOGIN_LOCKOUT_MAX_SECONDS: '60' }, 'LOGIN_LOCKOUT_MAX_SECONDS'],
    [{ REFRESH_TOKEN_LIFETIME_SECONDS: '60' }, 'REFRESH_TOKEN_LIFETIME_SECONDS'],
    [{ AUTH_CACHE_SECONDS: '600' }, 'AUTH_CACHE_SECONDS'],
    [{ CONSOLE_SESSION_IDLE_MINUTES: '1' }, 'CONSOLE_SESSION_IDLE_MINUTES'],
    [{ CONSOLE_SESSION_MAX_HOURS: '0' }, 'CONSOLE_SESSION_MAX_HOURS'],
    [{ CONSOLE_SESSION_IDLE_MINUTES: '180', CONSOLE_SESSION_MAX_HOURS: '2' }, 'CONSOLE_SESSION_IDLE_MINUTES'],
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

  it('trusts no proxy unless TRUST_PROXY lists them, and accepts addresses, CIDRs and proxy-addr names', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1,fd00::/8,loopback' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8', 'loopback']);
  });

  it('explains why a hop count is refused', () => {
    expect(() => loadConfig({ TRUST_PROXY: '2' })).toThrow(/hop count .* list the proxies' addresses/);
  });

  it('defaults the sign-in limits and token lifetimes', () => {
    const config = loadConfig({});
    expect(config.loginLockout).toEqual({ threshold: 5, baseSeconds: 60, maxSeconds: 900, resetAfterSeconds: 86_400 });
    expect(config.jwtExpiresInSeconds).toBe(3600);
    expect(config.refreshTokenLifetimeSeconds).toBe(43_200);
    expect(config.authCacheSeconds).toBe(5);
  });

  it('reads LOG_LEVEL, info by default', () => {
    expect(loadConfig({}).logLevel).toBe('info');
    expect(loadConfig({ LOG_LEVEL: 'warn' }).logLevel).toBe('warn');
  });

  it('sends the https-only headers only when PUBLIC_BASE_URL is https', () => {
    expect(loadConfig({}).servedOverHttps).toBe(false);
    expect(loadConfig({ PUBLIC_BASE_URL: 'http://10.0.0.5:3000' }).servedOverHttps).toBe(false);
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://strike.example.nhs.uk' }).servedOverHttps).toBe(true);
  });

  it('keeps console session cookies to https when the service is served over https', () => {
    expect(loadConfig({}).consoleSession).toEqual({ idleMinutes: 60, maxHours: 12, secureCookies: false });
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://strike.example.nhs.uk' }).consoleSession.secureCookies).toBe(true);
    // A production deployment on plain http (a ward network trial) must still be able to sign in.
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), CALENDAR_LINK_KEY: 'c'.repeat(32) }).consoleSession.secureCookies).toBe(false);
  });
});

describe('presetEnv (scripts that start the app in their own process)', () => {
  const names = ['PRESET_TEST_DEFAULT', 'PRESET_TEST_OVERRIDE'];
  afterEach(() => names.forEach((name) => delete process.env[name]));

  it('fills a default only where the environment is silent, and an override always wins', () => {
    process.env.PRESET_TEST_DEFAULT = 'from the shell';
    process.env.PRESET_TEST_OVERRIDE = 'from the shell';
    presetEnv({ defaults: { PRESET_TEST_DEFAULT: 'default' }, overrides: { PRESET_TEST_OVERRIDE: 'override' } });
    expect([process.env.PRESET_TEST_DEFAULT, process.env.PRESET_TEST_OVERRIDE]).toEqual(['from the shell', 'override']);
    delete process.env.PRESET_TEST_DEFAULT;
    presetEnv({ defaults: { PRESET_TEST_DEFAULT: 'default' } });
    expect(process.env.PRESET_TEST_DEFAULT).toBe('default');
  });
});
