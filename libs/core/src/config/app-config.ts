import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { SecretBoxError, parseSecretKey } from '../secrets/secret-box';

/**
 * The validated configuration of a process. Every environment variable is parsed here and nowhere
 * else, so a wrong value stops start-up with one message naming the variable.
 */
export type NotifyProviderName = 'log' | 'govuk-notify';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  databaseUrl: string;
  dbMigrate: boolean;
  redisUrl: string;
  /** Signs access tokens, and nothing else (the login throttle's keyed hashes derive from it; see login-throttle.service.ts). */
  jwtSecret: string;
  jwtExpiresInSeconds: number;
  /**
   * CALENDAR_LINK_KEY: the server key of consultants' calendar links (libs/cover calendar-token.ts). Its
   * own secret, so rotating JWT_SECRET (say after a leak) does not break every subscribed calendar, and
   * a calendar key leaked does not sign access tokens.
   */
  calendarLinkKey: string;
  /** Connections per process in the PostgreSQL pool (DB_POOL_SIZE). */
  dbPoolSize: number;
  /** COVER_RATE_CARD as given (JSON, or null for the BMA 2023 card); libs/cover validates its shape at start-up. */
  coverRateCard: string | null;
  /** COVER_REQUEST_EXPIRY_HOURS: how long a consultant has to answer a cover request (never past the shift's start). */
  coverRequestExpiryHours: number;
  bootstrapAdmin: { email: string; password: string } | null;
  publicBaseUrl: string;
  /**
   * Browsers reach the service over https (PUBLIC_BASE_URL starts with https://): only then are HSTS and
   * the CSP's upgrade-insecure-requests sent, since over plain http they make every form post fail.
   */
  servedOverHttps: boolean;
  logLevel: LogLevel;
  notify: {
    provider: NotifyProviderName;
    apiKey: string | null;
    baseUrl: string | null;
    callbackToken: string | null;
    ratePerMinute: number;
    /** NOTIFY_INBOUND_SMS: the deployment's own Notify service has an inbound number (texts can be answered). */
    inboundSms: boolean;
    /** Generic template per channel (see libs/notifications messages), with optional per-purpose overrides. */
    templates: NotifyTemplates;
    /** GOV.UK Notify's messages per service per UTC day; sending stops (messages wait) before Notify refuses. */
    dailyLimits: Record<NotifyChannelName, number>;
    /** What one SMS fragment costs after the free allowance, for the send estimate (docs/domain.md "Channels, wording and statuses"). */
    smsPrice: { pencePerFragment: number; vatPercent: number };
    /** The mobile networks' caps on texts to one number per rolling hour: in all, and with the same content. */
    numberCaps: { perHour: number; identicalPerHour: number };
    /**
     * How often the worker asks Notify for received texts, per service with an inbound number (a fallback
     * for callbacks that are not configured or were missed); 0 turns polling off.
     */
    receivedTextPollSeconds: number;
  };
  /** Keys sealing secrets at rest (docs/secrets.md); null in production when SECRETS_KEY is not set. */
  secrets: { current: Buffer; previous: Buffer | null } | null;
  messaging: MessagingLimits;
  /** How long an Idempotency-Key's first answer is kept (at least a day). */
  idempotencyKeyTtlHours: number;
  /** REBOOKING_HOLD_HOURS: how long a rebooking offer holds its alternative places for the patient's choice (docs/domain.md "Choice and holds"). */
  rebookingHoldHours: number;
  /** How long the worker may take to stop on SIGTERM before it exits anyway (work in flight stays recoverable). */
  workerShutdownGraceMs: number;
  defaultTimeZone: string;
  /**
   * Which proxies' `X-Forwarded-For` to believe, in Fastify's `trustProxy` terms: `false` (the socket's
   * peer is the client) or the addresses/CIDRs of the proxies.
   */
  trustProxy: TrustProxySetting;
  loginRatePerMinute: number;
  loginLockout: LoginLockoutPolicy;
  /** Absolute lifetime of a sign-in: refresh tokens rotate within it and never extend it. */
  refreshTokenLifetimeSeconds: number;
  /** How long one API process may reuse what it read about a session (revocation, disabled user). */
  authCacheSeconds: number;
  bodyLimitBytes: number;
  importBodyLimitBytes: number;
  queuePrefix: string;
  /** Password of the users `npm run seed:demo` creates; null: its development default (refused in production). */
  demoPassword: string | null;
  /** The console's browser sessions (libs/web). */
  consoleSession: {
    /** Signed out after this long without a request. */
    idleMinutes: number;
    /** Signed out this long after signing in, however busy. */
    maxHours: number;
    /** Cookies only over https: on when PUBLIC_BASE_URL is https (as HSTS). */
    secureCookies: boolean;
  };
}

export type TrustProxySetting = false | string[];

/** Failed sign-ins per account: `threshold` failures lock it for `baseSeconds`, doubling per further failure up to `maxSeconds`. */
export interface LoginLockoutPolicy {
  threshold: number;
  baseSeconds: number;
  maxSeconds: number;
  /** A quiet spell this long after the last failure forgets the count. */
  resetAfterSeconds: number;
}

export type NotifyChannelName = 'sms' | 'email' | 'letter';

/** A budget of messages a trust may queue per clock hour and per UTC day. */
export interface MessageBudgetLimits {
  perHour: number;
  perDay: number;
}

export interface MessagingLimits {
  /** Patient notices (postponement, rebooking offer, confirmation) per trust. */
  patientNotices: MessageBudgetLimits;
  /** Staff messages other than recall (cover shifts and their cancellations) per trust. */
  staffMessages: MessageBudgetLimits;
  /** A second major-incident recall of a person within this many minutes of the first is coalesced (0: never). */
  recallCoalesceMinutes: number;
  /** Stand-down messages wait this long, so a stand-down followed at once by a new declaration sends nothing. */
  standDownHoldSeconds: number;
  /** Cover shift notices wait this long, so a shift assigned and removed by mistake sends nothing. */
  coverNoticeHoldSeconds: number;
}

export interface NotifyTemplates {
  sms: string | null;
  email: string | null;
  letter: string | null;
  byPurpose: Record<string, Partial<Record<NotifyChannelName, string>>>;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

const DEV_JWT_SECRET = 'dev-only-secret-change-me-0123456789abcdef';
const DEV_CALENDAR_LINK_KEY = 'dev-only-calendar-link-key-change-me-0123456789';

function text(env: Env, name: string, fallback: string): string {
  const value = env[name];
  return value === undefined || value === '' ? fallback : value;
}

function optionalText(env: Env, name: string): string | null {
  const value = env[name];
  return value === undefined || value === '' ? null : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function oneOf<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const value = text(env, name, fallback);
  if (!(allowed as readonly string[]).includes(value)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

function url(env: Env, name: string, fallback: string, protocols: string[]): string {
  const value = text(env, name, fallback);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `must be a URL, got "${value}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
  }
  return value.replace(/\/+$/, '');
}

function timeZone(env: Env, name: string, fallback: string): string {
  const value = text(env, name, fallback);
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: value });
  } catch {
    throw new ConfigError(name, `must be an IANA time zone such as Europe/London, got "${value}"`);
  }
  return value;
}

/** GOV.UK Notify keys look like `name-<service uuid>-<secret uuid>`; the client needs the last 73 chars. */
const NOTIFY_KEY = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnvRaw = text(env, 'NODE_ENV', 'development');
  if (!['development', 'test', 'production'].includes(nodeEnvRaw)) {
    throw new ConfigError('NODE_ENV', `must be development, test or production, got "${nodeEnvRaw}"`);
  }
  const nodeEnv = nodeEnvRaw as AppConfig['nodeEnv'];
  const production = nodeEnv === 'production';

  const jwtSecret = text(env, 'JWT_SECRET', production ? '' : DEV_JWT_SECRET);
  if (jwtSecret === '') throw new ConfigError('JWT_SECRET', 'is required in production (set it in .env or the environment; make one with: openssl rand -hex 32)');
  if (jwtSecret.length < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 characters');

  const calendarLinkKey = text(env, 'CALENDAR_LINK_KEY', production ? '' : DEV_CALENDAR_LINK_KEY);
  if (calendarLinkKey === '') throw new ConfigError('CALENDAR_LINK_KEY', 'is required in production (its own secret, not JWT_SECRET; make one with: openssl rand -hex 32)');
  if (calendarLinkKey.length < 32) throw new ConfigError('CALENDAR_LINK_KEY', 'must be at least 32 characters');
  if (calendarLinkKey === jwtSecret) throw new ConfigError('CALENDAR_LINK_KEY', 'must differ from JWT_SECRET: each secret has one purpose');

  const adminEmail = optionalText(env, 'BOOTSTRAP_ADMIN_EMAIL');
  const adminPassword = optionalText(env, 'BOOTSTRAP_ADMIN_PASSWORD');
  if ((adminEmail === null) !== (adminPassword === null)) {
    throw new ConfigError(adminEmail ? 'BOOTSTRAP_ADMIN_PASSWORD' : 'BOOTSTRAP_ADMIN_EMAIL', 'must be set together with its pair');
  }
  if (adminEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(adminEmail)) {
    throw new ConfigError('BOOTSTRAP_ADMIN_EMAIL', 'must be an email address');
  }
  if (adminPassword && adminPassword.length < 12) {
    throw new ConfigError('BOOTSTRAP_ADMIN_PASSWORD', 'must be at least 12 characters');
  }

  const apiKey = optionalText(env, 'NOTIFY_API_KEY');
  if (apiKey && !NOTIFY_KEY.test(apiKey)) {
    throw new ConfigError('NOTIFY_API_KEY', 'is not a GOV.UK Notify API key (name-serviceId-secret)');
  }
  const providerRaw = text(env, 'NOTIFY_PROVIDER', apiKey ? 'govuk-notify' : 'log');
  if (providerRaw !== 'log' && providerRaw !== 'govuk-notify') {
    throw new ConfigError('NOTIFY_PROVIDER', `must be log or govuk-notify, got "${providerRaw}"`);
  }
  if (providerRaw === 'govuk-notify' && !apiKey) {
    throw new ConfigError('NOTIFY_API_KEY', 'is required when NOTIFY_PROVIDER=govuk-notify');
  }
  const callbackToken = optionalText(env, 'NOTIFY_CALLBACK_TOKEN');
  if (production && providerRaw === 'govuk-notify' && !callbackToken) {
    throw new ConfigError('NOTIFY_CALLBACK_TOKEN', 'is required in production with govuk-notify');
  }

  const publicBaseUrl = url(env, 'PUBLIC_BASE_URL', 'http://localhost:3000', ['http:', 'https:']);
  const templates = notifyTemplates(env);
  if (providerRaw === 'govuk-notify') {
    for (const [channel, name] of [['sms', 'NOTIFY_SMS_TEMPLATE_ID'], ['email', 'NOTIFY_EMAIL_TEMPLATE_ID']] as const) {
      if (!templates[channel]) throw new ConfigError(name, 'is required when NOTIFY_PROVIDER=govuk-notify');
    }
  }

  return {
    nodeEnv,
    port: integer(env, 'PORT', 3000, 1, 65535),
    databaseUrl: url(env, 'DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/strike_ops', ['postgres:', 'postgresql:']),
    dbMigrate: boolean(env, 'DB_MIGRATE', true),
    redisUrl: url(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    jwtSecret,
    jwtExpiresInSeconds: integer(env, 'JWT_EXPIRES_IN_SECONDS', 3600, 60, 86400),
    calendarLinkKey,
    dbPoolSize: integer(env, 'DB_POOL_SIZE', 10, 1, 1000),
    coverRateCard: optionalText(env, 'COVER_RATE_CARD'),
    coverRequestExpiryHours: integer(env, 'COVER_REQUEST_EXPIRY_HOURS', 24, 1, 14 * 24),
    bootstrapAdmin: adminEmail && adminPassword ? { email: adminEmail.toLowerCase(), password: adminPassword } : null,
    publicBaseUrl,
    servedOverHttps: publicBaseUrl.startsWith('https:'),
    logLevel: oneOf(env, 'LOG_LEVEL', 'info', LOG_LEVELS),
    notify: {
      provider: providerRaw,
      apiKey,
      baseUrl: optionalText(env, 'NOTIFY_BASE_URL') === null ? null : url(env, 'NOTIFY_BASE_URL', '', ['http:', 'https:']),
      callbackToken,
      ratePerMinute: integer(env, 'NOTIFY_RATE_PER_MINUTE', 3000, 1, 1_000_000),
      inboundSms: boolean(env, 'NOTIFY_INBOUND_SMS', false),
      templates,
      dailyLimits: {
        sms: integer(env, 'NOTIFY_DAILY_SMS_LIMIT', 250_000, 1, 100_000_000),
        email: integer(env, 'NOTIFY_DAILY_EMAIL_LIMIT', 250_000, 1, 100_000_000),
        letter: integer(env, 'NOTIFY_DAILY_LETTER_LIMIT', 20_000, 1, 100_000_000),
      },
      smsPrice: { pencePerFragment: decimal(env, 'NOTIFY_SMS_PENCE_PER_FRAGMENT', 2.4, 0, 100), vatPercent: decimal(env, 'NOTIFY_VAT_PERCENT', 20, 0, 100) },
      numberCaps: {
        perHour: integer(env, 'NOTIFY_SMS_PER_NUMBER_PER_HOUR', 100, 1, 10_000_000),
        identicalPerHour: integer(env, 'NOTIFY_SMS_IDENTICAL_PER_NUMBER_PER_HOUR', 20, 1, 10_000_000),
      },
      receivedTextPollSeconds: integer(env, 'NOTIFY_RECEIVED_TEXT_POLL_SECONDS', 60, 0, 86_400),
    },
    secrets: secretKeys(env, production),
    messaging: messagingLimits(env),
    idempotencyKeyTtlHours: integer(env, 'IDEMPOTENCY_KEY_TTL_HOURS', 24, 24, 720),
    rebookingHoldHours: integer(env, 'REBOOKING_HOLD_HOURS', 72, 1, 720),
    workerShutdownGraceMs: integer(env, 'WORKER_SHUTDOWN_GRACE_SECONDS', 10, 1, 600) * 1000,
    defaultTimeZone: timeZone(env, 'TZ_DEFAULT', 'Europe/London'),
    trustProxy: trustProxy(env, 'TRUST_PROXY'),
    loginRatePerMinute: integer(env, 'LOGIN_RATE_PER_MINUTE', 10, 1, 100_000),
    loginLockout: loginLockout(env),
    refreshTokenLifetimeSeconds: integer(env, 'REFRESH_TOKEN_LIFETIME_SECONDS', 43_200, 300, 30 * 86_400),
    authCacheSeconds: integer(env, 'AUTH_CACHE_SECONDS', 5, 0, 60),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1_048_576, 1024, 1_073_741_824),
    importBodyLimitBytes: integer(env, 'IMPORT_BODY_LIMIT_BYTES', 52_428_800, 1024, 1_073_741_824),
    queuePrefix: text(env, 'QUEUE_PREFIX', 'strike-ops'),
    consoleSession: consoleSession(env, publicBaseUrl),
    demoPassword: demoPassword(env),
  };
}

/** Names proxy-addr (Fastify's trust check) understands as address ranges. */
const TRUST_PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrRange(value: string): boolean {
  if (TRUST_PROXY_NAMES.includes(value)) return true;
  const [address, prefix, extra] = value.split('/');
  const family = isIP(address);
  if (!family || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Off unless set. Refused on purpose: `true` (believing every proxy lets any client choose its own
 * address, which is exactly how a per-address limit is bypassed) and hop counts (Fastify 5 no longer
 * honours them — a number silently trusts nothing — because a count cannot tell a proxy from a client
 * that sends its own X-Forwarded-For entries).
 */
function trustProxy(env: Env, name: string): TrustProxySetting {
  const raw = (env[name] ?? '').trim();
  if (raw === '' || raw === 'false' || raw === 'off') return false;
  const usage = 'must be off, or a comma-separated list of the proxies\' addresses/CIDRs (e.g. 10.0.0.0/8,127.0.0.1; also loopback, linklocal, uniquelocal)';
  if (raw === 'true') throw new ConfigError(name, `${usage}; "true" would let any client pick its own address`);
  if (/^\d+$/.test(raw)) throw new ConfigError(name, `${usage}; a hop count ("${raw}") cannot tell a proxy from a client, so list the proxies' addresses instead`);
  const entries = raw.split(',').map((entry) => entry.trim());
  const wrong = entries.filter((entry) => !isAddressOrRange(entry));
  if (wrong.length) throw new ConfigError(name, `${usage}; not an address or CIDR: "${wrong.join('", "')}"`);
  return entries;
}

function loginLockout(env: Env): LoginLockoutPolicy {
  const threshold = integer(env, 'LOGIN_LOCKOUT_THRESHOLD', 5, 1, 100);
  const baseSeconds = integer(env, 'LOGIN_LOCKOUT_SECONDS', 60, 1, 86_400);
  const maxSeconds = integer(env, 'LOGIN_LOCKOUT_MAX_SECONDS', 900, 1, 86_400);
  if (maxSeconds < baseSeconds) throw new ConfigError('LOGIN_LOCKOUT_MAX_SECONDS', `must be at least LOGIN_LOCKOUT_SECONDS (${baseSeconds}), got ${maxSeconds}`);
  return { threshold, baseSeconds, maxSeconds, resetAfterSeconds: 86_400 };
}

function demoPassword(env: Env): string | null {
  const value = optionalText(env, 'DEMO_PASSWORD');
  if (value !== null && value.length < 12) throw new ConfigError('DEMO_PASSWORD', 'must be at least 12 characters');
  return value;
}

/**
 * Defaults sized for real emergencies, not for the average day: a large trust postpones ~10,000
 * appointments at once and offers as many new dates soon after (a national walkout is ~122,500 notices
 * over 20 trusts), so 30,000 patient notices an hour and 100,000 a day leave room for both and a repeat.
 * Cover rotas run to hundreds of shifts per walkout. Recall traffic has no budget at all (see
 * libs/notifications message-budget.ts): it is coalesced instead.
 */
function messagingLimits(env: Env): MessagingLimits {
  const budget = (name: string, perHour: number, perDay: number): MessageBudgetLimits => {
    const limits = { perHour: integer(env, `${name}_PER_HOUR`, perHour, 1, 10_000_000), perDay: integer(env, `${name}_PER_DAY`, perDay, 1, 100_000_000) };
    if (limits.perDay < limits.perHour) throw new ConfigError(`${name}_PER_DAY`, `must be at least ${name}_PER_HOUR (${limits.perHour}), got ${limits.perDay}`);
    return limits;
  };
  return {
    patientNotices: budget('MESSAGE_BUDGET_PATIENT', 30_000, 100_000),
    staffMessages: budget('MESSAGE_BUDGET_STAFF', 2_000, 10_000),
    recallCoalesceMinutes: integer(env, 'RECALL_COALESCE_MINUTES', 15, 0, 1_440),
    standDownHoldSeconds: integer(env, 'RECALL_STAND_DOWN_HOLD_SECONDS', 60, 0, 3_600),
    coverNoticeHoldSeconds: integer(env, 'COVER_NOTICE_HOLD_SECONDS', 120, 0, 86_400),
  };
}

function consoleSession(env: Env, publicBaseUrl: string): AppConfig['consoleSession'] {
  const idleMinutes = integer(env, 'CONSOLE_SESSION_IDLE_MINUTES', 60, 5, 24 * 60);
  const maxHours = integer(env, 'CONSOLE_SESSION_MAX_HOURS', 12, 1, 7 * 24);
  if (idleMinutes > maxHours * 60) {
    throw new ConfigError('CONSOLE_SESSION_IDLE_MINUTES', `must not be longer than CONSOLE_SESSION_MAX_HOURS (${maxHours} h), got ${idleMinutes} minutes`);
  }
  // Like HSTS: a Secure cookie over plain http is never sent back, and nobody could sign in at all.
  return { idleMinutes, maxHours, secureCookies: publicBaseUrl.startsWith('https:') };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function templateId(env: Env, name: string): string | null {
  const value = optionalText(env, name);
  if (value !== null && !UUID.test(value)) throw new ConfigError(name, `must be a GOV.UK Notify template id (a UUID), got "${value}"`);
  return value;
}

function notifyTemplates(env: Env): NotifyTemplates {
  const raw = optionalText(env, 'NOTIFY_TEMPLATES');
  let byPurpose: NotifyTemplates['byPurpose'] = {};
  if (raw !== null) {
    try {
      byPurpose = JSON.parse(raw);
    } catch {
      throw new ConfigError('NOTIFY_TEMPLATES', 'must be JSON like {"recall":{"sms":"<template id>"}}');
    }
    const valid =
      typeof byPurpose === 'object' &&
      byPurpose !== null &&
      Object.values(byPurpose).every(
        (channels) => typeof channels === 'object' && channels !== null && Object.entries(channels).every(([channel, id]) => ['sms', 'email', 'letter'].includes(channel) && typeof id === 'string' && UUID.test(id)),
      );
    if (!valid) throw new ConfigError('NOTIFY_TEMPLATES', 'must map purposes to {sms|email|letter: template id}');
  }
  return {
    sms: templateId(env, 'NOTIFY_SMS_TEMPLATE_ID'),
    email: templateId(env, 'NOTIFY_EMAIL_TEMPLATE_ID'),
    letter: templateId(env, 'NOTIFY_LETTER_TEMPLATE_ID'),
    byPurpose,
  };
}

/**
 * Start-up guard for the apps: a bad variable ends the process with one line naming it, not a stack
 * trace from deep inside the framework.
 */
export function loadConfigOrExit(env: Env = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * For a script that starts the app in its own process (seed:demo, docs:errors): set these variables
 * before the configuration is parsed. `defaults` fill only what the environment leaves unset; `overrides`
 * win over it. Here, so that the environment is read and written in one module.
 */
export function presetEnv(settings: { defaults?: Env; overrides?: Env }): void {
  for (const [name, value] of Object.entries(settings.defaults ?? {})) if (process.env[name] === undefined && value !== undefined) process.env[name] = value;
  for (const [name, value] of Object.entries(settings.overrides ?? {})) if (value !== undefined) process.env[name] = value;
}

/**
 * A local run's settings from `.env` in the working directory (copied from `.env.example`), read before
 * the configuration is parsed. Variables already set in the environment win over the file.
 */
export function loadEnvFile(path = '.env'): boolean {
  if (!existsSync(path)) return false;
  process.loadEnvFile(path);
  return true;
}

function decimal(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+(\.\d+)?$/.test(raw)) throw new ConfigError(name, `must be a number such as 2.4, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** A fixed development key (never for real secrets): production refuses it. */
const DEV_SECRETS_KEY = 'ZGV2LW9ubHktc2VjcmV0cy1rZXktY2hhbmdlLW1lISE=';

function secretKey(env: Env, name: string): Buffer | null {
  const raw = optionalText(env, name);
  if (raw === null) return null;
  try {
    return parseSecretKey(raw);
  } catch (error) {
    if (error instanceof SecretBoxError) throw new ConfigError(name, error.message);
    throw error;
  }
}

function secretKeys(env: Env, production: boolean): AppConfig['secrets'] {
  const current = secretKey(env, 'SECRETS_KEY');
  const previous = secretKey(env, 'SECRETS_KEY_PREVIOUS');
  if (previous && !current) throw new ConfigError('SECRETS_KEY_PREVIOUS', 'is only used with SECRETS_KEY (the new key) during a rotation');
  if (current && production && current.equals(Buffer.from(DEV_SECRETS_KEY, 'base64'))) throw new ConfigError('SECRETS_KEY', 'must not be the development key in production (make one with: openssl rand -base64 32)');
  if (current) return { current, previous };
  return production ? null : { current: Buffer.from(DEV_SECRETS_KEY, 'base64'), previous: null };
}
