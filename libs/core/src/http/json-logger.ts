import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger } from 'pino';
import type { LogLevel } from '../config/app-config';
import { currentRequestId } from './request-context';

/**
 * Keys whose values never reach a log line, at the top level or one level down, wherever a caller puts
 * them: credentials, link tokens, cookies, and every personal field of a patient or member of staff.
 * Callers log ids only; this is the second line of defence for the day one forgets. Request lines carry
 * the user's id, never their email.
 */
export const REDACTED_KEYS = [
  // credentials and tokens
  'password',
  'accessToken',
  'refreshToken',
  'token',
  'authorization',
  'cookie',
  '["set-cookie"]',
  'apiKey',
  'callbackToken',
  // personal details
  'nhsNumber',
  'name',
  'firstName',
  'lastName',
  'givenName',
  'familyName',
  'fullName',
  'mobile',
  'phone',
  'phoneNumber',
  'email',
  'emailAddress',
  'address',
  'addressLines',
  'postcode',
  'personalisation',
] as const;

const REDACTED_PATHS = [...REDACTED_KEYS, ...REDACTED_KEYS.map((key) => (key.startsWith('[') ? `*${key}` : `*.${key}`)), '*.headers.authorization', '*.headers.cookie'];

/**
 * Nest's logger interface over pino: one JSON object per line, with the request id of the request (or
 * job) that caused it. Logs carry ids only: callers must never pass patient details.
 */
export class JsonLogger implements LoggerService {
  private readonly pino: Logger;

  constructor(service: string, level: LogLevel = 'info', write?: (line: string) => void) {
    const destination: DestinationStream | undefined = write ? { write: (line: string) => write(line.replace(/\n$/, '')) } : undefined;
    this.pino = pino(
      {
        level,
        base: { service },
        messageKey: 'msg',
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        mixin: () => ({ requestId: currentRequestId() }),
        redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      },
      destination ?? pino.destination({ dest: 1, sync: true }),
    );
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }

  private emit(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    // Nest passes the context (class name) last; an error's stack comes before it.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const extra = rest.slice(0, context ? -1 : undefined);
    const entry: Record<string, unknown> = { context };
    if (message instanceof Error) {
      entry.msg = message.message;
      entry.stack = message.stack;
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(entry, message);
    } else {
      entry.msg = String(message);
    }
    for (const item of extra) {
      if (typeof item === 'string') entry.stack = item;
      else if (item instanceof Error) entry.stack = item.stack;
      else if (item && typeof item === 'object') Object.assign(entry, item);
    }
    this.pino[level](entry);
  }
}
