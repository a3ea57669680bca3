/**
 * A trust's Notify service: the pure rules (shape of a key, a token, templates), no I/O. See
 * docs/domain.md "A trust's Notify service".
 */
import { ErrorDetail } from '@app/core';
import { createHash } from 'node:crypto';
import { NOTIFY_PURPOSES, NotifyChannel, NotifyPurpose } from '../messages/notify-purpose';

export type LetterPostage = 'first' | 'second' | 'economy';
export const LETTER_POSTAGES: readonly LetterPostage[] = ['first', 'second', 'economy'];
export const DEFAULT_SERVICE_RATE_PER_MINUTE = 3000;

/** Template ids per channel (SMS and email required), with optional per-purpose overrides. */
export interface NotifyServiceTemplates {
  sms: string;
  email: string;
  letter: string | null;
  byPurpose: Partial<Record<NotifyPurpose, Partial<Record<NotifyChannel, string>>>>;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** `name-<service id>-<secret>`: Notify's key format (the client reads the last 73 characters). */
const NOTIFY_API_KEY = new RegExp(`^[A-Za-z0-9_\\-]+-(${UUID})-(${UUID})$`);
export const UUID_PATTERN = new RegExp(`^${UUID}$`, 'i');
/** A callback token must be unguessable: Notify lets the service choose it; we want at least 32 characters. */
export const MIN_CALLBACK_TOKEN_LENGTH = 32;

/** The Notify service id in a key (its JWT issuer), or null if the key is not in Notify's shape. */
export function serviceIdOfApiKey(apiKey: string): string | null {
  const match = NOTIFY_API_KEY.exec(apiKey.trim());
  return match ? match[1].toLowerCase() : null;
}

/** The callback token's lookup digest: its SHA-256 (the token is long and random, so no salt is needed). */
export function callbackTokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** The bearer of an Authorization header, or null. */
export function bearerOf(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  return match ? match[1].trim() : null;
}

export function checkCallbackToken(token: unknown, field = 'callbackToken'): ErrorDetail[] {
  if (typeof token !== 'string' || token.trim().length < MIN_CALLBACK_TOKEN_LENGTH) {
    return [{ field, message: `must be at least ${MIN_CALLBACK_TOKEN_LENGTH} characters (make one with: openssl rand -hex 32)` }];
  }
  if (/\s/.test(token)) return [{ field, message: 'must not contain spaces' }];
  return [];
}

/** Every template id the service names, with the field it came from and the channel it must be. */
export function templateFields(templates: NotifyServiceTemplates): { field: string; templateId: string; channel: NotifyChannel }[] {
  const fields: { field: string; templateId: string; channel: NotifyChannel }[] = [
    { field: 'templates.sms', templateId: templates.sms, channel: 'sms' },
    { field: 'templates.email', templateId: templates.email, channel: 'email' },
  ];
  if (templates.letter) fields.push({ field: 'templates.letter', templateId: templates.letter, channel: 'letter' });
  for (const purpose of NOTIFY_PURPOSES) {
    const overrides = templates.byPurpose[purpose];
    for (const channel of ['sms', 'email', 'letter'] as const) {
      const templateId = overrides?.[channel];
      if (templateId) fields.push({ field: `templates.byPurpose.${purpose}.${channel}`, templateId, channel });
    }
  }
  return fields;
}

/** What changed between two saves, by field name (secrets by whether they changed, never their values). */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown>): string[] {
  if (!before) return Object.keys(after).sort();
  return Object.keys(after)
    .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .sort();
}

/** `templates.byPurpose` as given: known purposes and channels only, each a template id. */
export function parseByPurpose(raw: unknown): { byPurpose: NotifyServiceTemplates['byPurpose']; problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  const byPurpose: NotifyServiceTemplates['byPurpose'] = {};
  if (raw === undefined || raw === null) return { byPurpose, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { byPurpose, problems: [{ field: 'templates.byPurpose', message: 'must be an object of {purpose: {channel: template id}}' }] };
  for (const [purpose, channels] of Object.entries(raw as Record<string, unknown>)) {
    const field = `templates.byPurpose.${purpose}`;
    if (!(NOTIFY_PURPOSES as readonly string[]).includes(purpose)) {
      problems.push({ field, message: `is not a message purpose (one of ${NOTIFY_PURPOSES.join(', ')})` });
      continue;
    }
    if (!channels || typeof channels !== 'object' || Array.isArray(channels)) {
      problems.push({ field, message: 'must be an object of {sms|email|letter: template id}' });
      continue;
    }
    const entry: Partial<Record<NotifyChannel, string>> = {};
    for (const [channel, templateId] of Object.entries(channels as Record<string, unknown>)) {
      if (!(['sms', 'email', 'letter'] as string[]).includes(channel)) problems.push({ field: `${field}.${channel}`, message: 'is not a channel (sms, email or letter)' });
      else if (typeof templateId !== 'string' || !UUID_PATTERN.test(templateId)) problems.push({ field: `${field}.${channel}`, message: 'must be a GOV.UK Notify template id (a UUID)' });
      else entry[channel as NotifyChannel] = templateId.toLowerCase();
    }
    byPurpose[purpose as NotifyPurpose] = entry;
  }
  return { byPurpose, problems };
}
