/**
 * A GOV.UK Notify look-alike for integration tests and benchmarks: the official
 * `notifications-node-client` talks to it unchanged (`new NotifyClient(server.baseUrl, server.apiKey)`).
 *
 * It checks what Notify checks (the JWT, the request body, SMS length) and answers with Notify's shapes,
 * so code that passes here has met the real contract. It does not deliver anything: tests move a
 * notification on with `setStatus()`, and script Notify's failure modes with `setBehaviour()`.
 *
 * Templates: unless `templates` is given, every template id is our house "generic" template of its
 * channel — SMS `((body))`, email and letter `((subject))` / `((body))` — which is how this service uses
 * Notify (see messages/render-message.ts).
 *
 * Several services at once (`services: [...]`): each has its own API key (the JWT's `iss` picks the
 * service and its secret is checked), its own templates, its own rate per minute and daily limits
 * (enforced with Notify's 429s), its own notifications and its own received text messages. Every
 * accepted message records the `serviceId` that sent it. The top-level `apiKey`, `received`,
 * `setBehaviour()`… are the first service's, so single-service tests read as before.
 *
 * Only node:http and node:crypto, so benchmarks measure our code and not a mock library.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export type NotifyNotificationType = 'sms' | 'email' | 'letter';

export const NOTIFY_STATUSES = [
  'created',
  'sending',
  'delivered',
  'permanent-failure',
  'temporary-failure',
  'technical-failure',
  'pending',
  'sent',
  'accepted',
  'received',
  'cancelled',
  'pending-virus-check',
  'validation-failed',
  'virus-scan-failed',
] as const;
export type NotifyStatus = (typeof NOTIFY_STATUSES)[number];

/** What Notify accepted, as it arrived, for tests to assert on. */
export interface ReceivedNotification {
  id: string;
  /** The Notify service (JWT issuer) that sent it. */
  serviceId: string;
  type: NotifyNotificationType;
  templateId: string;
  /** The phone number or email address exactly as sent; null for letters. */
  to: string | null;
  personalisation: Record<string, unknown>;
  reference: string | null;
  subject: string | null;
  body: string;
  status: NotifyStatus;
  receivedAt: Date;
  sentAt: Date | null;
  completedAt: Date | null;
}

export interface NotifyTestTemplate {
  type: NotifyNotificationType;
  /** Notify template text with `((placeholders))`. */
  body: string;
  subject?: string;
  version?: number;
}

export type NotifyRateLimitErrorName = 'RateLimitError' | 'TooManyRequestsError';

export interface NotifyTestBehaviour {
  /** Answer 429 to this many of the next send requests. */
  rateLimitNextRequests: number;
  /** RateLimitError is the per-minute limit; TooManyRequestsError the daily one. */
  rateLimitError: NotifyRateLimitErrorName;
  /**
   * Answer 429 when more than this many requests (any endpoint, as Notify counts them) were admitted in the
   * trailing second; rejected requests do not count, so a client that respects the rate always succeeds.
   */
  maxRequestsPerSecond: number | null;
  /** Answer 500 to this many of the next send requests. */
  failNextRequests: number;
  /** Sends to these numbers (any UK format) get Notify's 400 for a recipient it will not send to. */
  rejectedPhoneNumbers: string[];
  /** Delay before each response is written; the request is processed (and timestamped) on arrival. */
  latencyMs: number;
  /**
   * Called for each accepted notification, after it is recorded and before the 201 is written. If it
   * throws, the client gets a 500 although Notify kept the message: the "did it send?" case.
   */
  onAccepted: ((notification: ReceivedNotification) => void | Promise<void>) | null;
  /** Every request of this service is refused with a 429 RateLimitError until this time (epoch ms): a 429 storm. */
  refuseUntil: number | null;
}

/** One text message a member of the public sent to the service's inbound number. */
export interface ReceivedTextMessage {
  id: string;
  serviceId: string;
  notifyNumber: string;
  userNumber: string;
  content: string;
  createdAt: Date;
}

export interface NotifyTestServiceOptions {
  serviceId?: string;
  secret?: string;
  keyName?: string;
  templates?: Record<string, NotifyTestTemplate>;
  behaviour?: Partial<NotifyTestBehaviour>;
  /**
   * Requests admitted in any trailing 60 s (Notify's per-key limit, 3,000 for a live key); beyond it a 429
   * RateLimitError. Rejected requests do not count. Null (default): not enforced.
   */
  ratePerMinute?: number | null;
  /** Messages accepted per UTC day and type; beyond it a 429 TooManyRequestsError. Null: not enforced. */
  dailyLimits?: Partial<Record<NotifyNotificationType, number>> | null;
  /** The inbound number received texts arrive on (null: the service has none). */
  inboundNumber?: string | null;
}

/** One Notify service on the test server. */
export interface NotifyTestService {
  serviceId: string;
  secret: string;
  /** `<keyName>-<serviceId>-<secret>`. */
  apiKey: string;
  /** What this service accepted, in arrival order. */
  received: ReceivedNotification[];
  receivedTexts: ReceivedTextMessage[];
  counts: NotifyTestServerCounts;
  /** Accepted per UTC day and type (the daily limits' count). */
  dailyCounts(): Record<NotifyNotificationType, number>;
  setBehaviour(change: Partial<NotifyTestBehaviour>): void;
  resetBehaviour(): void;
  /** A text arrives on the service's inbound number (newest last; listed newest first as Notify does). */
  receiveText(text: { userNumber: string; content: string; createdAt?: Date }): ReceivedTextMessage;
}

export interface NotifyTestServerOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  serviceId?: string;
  secret?: string;
  keyName?: string;
  /** When given, only these template ids exist (others get Notify's "Template not found"). */
  templates?: Record<string, NotifyTestTemplate>;
  behaviour?: Partial<NotifyTestBehaviour>;
  /** Several services at once; when given, the single-service options above are ignored. */
  services?: NotifyTestServiceOptions[];
}

export interface NotifyTestServerCounts {
  requests: number;
  accepted: number;
  rateLimited: number;
  failed: number;
  rejected: number;
  unauthorised: number;
}

export interface NotifyTestServer {
  baseUrl: string;
  /** `<keyName>-<serviceId>-<secret>`, the format Notify issues and the client parses. */
  apiKey: string;
  serviceId: string;
  secret: string;
  /** Accepted notifications in arrival order. */
  received: ReceivedNotification[];
  counts: NotifyTestServerCounts;
  /** Merges into the current behaviour; counters (`…NextRequests`) count down as they fire. */
  setBehaviour(change: Partial<NotifyTestBehaviour>): void;
  resetBehaviour(): void;
  /** Moves a notification on, as Notify would after trying to deliver it. */
  setStatus(notificationId: string, status: NotifyStatus): void;
  /** Every service, in the order given (one when `services` was not given). */
  services: NotifyTestService[];
  service(serviceId: string): NotifyTestService;
  /** Accepted notifications of every service, in arrival order. */
  allReceived(): ReceivedNotification[];
  close(): Promise<void>;
}

const SMS_MAX_CHARACTERS = 918;
const CLOCK_TOLERANCE_SECONDS = 30;
const MAX_BODY_BYTES = 1024 * 1024;
const LIST_PAGE_SIZE = 250;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UK_POSTCODE_PATTERN = /^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$/i;
const EMAIL_PATTERN = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@([^.@\s][^@\s]*\.[^@\s]+)$/;

const GENERIC_TEMPLATES: Record<NotifyNotificationType, NotifyTestTemplate> = {
  sms: { type: 'sms', body: '((body))' },
  email: { type: 'email', subject: '((subject))', body: '((body))' },
  letter: { type: 'letter', subject: '((subject))', body: '((body))' },
};

function defaultBehaviour(): NotifyTestBehaviour {
  return {
    rateLimitNextRequests: 0,
    rateLimitError: 'RateLimitError',
    maxRequestsPerSecond: null,
    failNextRequests: 0,
    rejectedPhoneNumbers: [],
    latencyMs: 0,
    onAccepted: null,
    refuseUntil: null,
  };
}

interface NotifyErrorItem {
  error: string;
  message: string;
}

class NotifyHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errors: NotifyErrorItem[],
  ) {
    super(errors.map((e) => e.message).join('; '));
  }

  static single(statusCode: number, error: string, message: string): NotifyHttpError {
    return new NotifyHttpError(statusCode, [{ error, message }]);
  }
}

const authError = (statusCode: number, message: string) => NotifyHttpError.single(statusCode, 'AuthError', message);
const validationError = (message: string) => NotifyHttpError.single(400, 'ValidationError', message);
const badRequest = (message: string) => NotifyHttpError.single(400, 'BadRequestError', message);

/** Notify accepts UK mobiles written many ways; compare them in one form. */
export function normaliseUkMobileForNotify(phoneNumber: string): string | null {
  const compact = phoneNumber.replace(/[\s()\-.]/g, '');
  const match = /^(?:\+44|0044|44|0)(7\d{9})$/.exec(compact);
  return match ? `+44${match[1]}` : null;
}

function base64UrlDecode(segment: string): Buffer {
  return Buffer.from(segment, 'base64url');
}

function parseJsonSegment(segment: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(base64UrlDecode(segment).toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The checks Notify's API makes on each request's JWT (HS256, iss = service id, iat within 30 s); returns the service. */
function verifyBearerToken<S extends { serviceId: string; secret: string }>(header: string | undefined, services: ReadonlyMap<string, S>): S {
  if (!header) throw authError(401, 'Unauthorized: authentication token must be provided');
  if (header.slice(0, 7).toLowerCase() !== 'bearer ') {
    throw authError(401, 'Unauthorized: authentication bearer scheme must be used');
  }
  const token = header.slice(7).trim();
  const parts = token.split('.');
  const jwtHeader = parts.length === 3 ? parseJsonSegment(parts[0]) : null;
  const claims = parts.length === 3 ? parseJsonSegment(parts[1]) : null;
  if (!jwtHeader || !claims) throw authError(403, 'Invalid token: signature, api token is not valid');
  if (jwtHeader.alg !== 'HS256') throw authError(403, 'Invalid token: algorithm used is not HS256');
  if (typeof claims.iss !== 'string' || claims.iss === '') throw authError(403, 'Invalid token: iss field not provided');
  const service = services.get(claims.iss);
  if (!service) throw authError(403, 'Invalid token: service not found');

  const expected = createHmac('sha256', service.secret).update(`${parts[0]}.${parts[1]}`).digest();
  const actual = base64UrlDecode(parts[2]);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw authError(403, 'Invalid token: API key not found');
  }
  if (typeof claims.iat !== 'number') throw authError(403, 'Invalid token: iat field not provided');
  if (Math.abs(Date.now() / 1000 - claims.iat) > CLOCK_TOLERANCE_SECONDS) {
    throw authError(403, 'Error: Your system clock must be accurate to within 30 seconds');
  }
  return service;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(NotifyHttpError.single(413, 'BadRequestError', 'Request body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function parseJsonBody(raw: Buffer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(raw.toString('utf8') || 'null');
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // falls through to Notify's own message
  }
  throw badRequest('Invalid JSON supplied in POST data');
}

function fillPlaceholders(text: string, personalisation: Record<string, unknown>, missing: Set<string>): string {
  return text.replace(/\(\(([^()]+?)\)\)/g, (_placeholder, rawName: string) => {
    const name = rawName.trim();
    const key = Object.keys(personalisation).find((k) => k.toLowerCase() === name.toLowerCase());
    const value = key === undefined ? undefined : personalisation[key];
    if (value === undefined || value === null) {
      missing.add(name);
      return '';
    }
    return Array.isArray(value) ? value.map((item) => `* ${String(item)}`).join('\n') : String(value);
  });
}

const ADDRESS_LINE_KEYS = [1, 2, 3, 4, 5, 6, 7].map((n) => `address_line_${n}`);

function addressLines(personalisation: Record<string, unknown>): string[] {
  return ADDRESS_LINE_KEYS.map((key) => personalisation[key])
    .filter((value): value is string | number => (typeof value === 'string' && value.trim() !== '') || typeof value === 'number')
    .map((value) => String(value).trim());
}

interface ServiceState {
  serviceId: string;
  secret: string;
  keyName: string;
  templates: Record<string, NotifyTestTemplate> | undefined;
  behaviour: NotifyTestBehaviour;
  received: ReceivedNotification[];
  byId: Map<string, ReceivedNotification>;
  receivedTexts: ReceivedTextMessage[];
  counts: NotifyTestServerCounts;
  /** Admitted in the trailing second (behaviour.maxRequestsPerSecond). */
  admittedAt: number[];
  /** Admitted in the trailing minute (ratePerMinute); a ring would do, an array is plenty at 3,000. */
  minuteAt: number[];
  ratePerMinute: number | null;
  dailyLimits: Partial<Record<NotifyNotificationType, number>> | null;
  daily: { day: string; counts: Record<NotifyNotificationType, number> };
  inboundNumber: string | null;
}

function newCounts(): NotifyTestServerCounts {
  return { requests: 0, accepted: 0, rateLimited: 0, failed: 0, rejected: 0, unauthorised: 0 };
}

const utcDayOf = (now: number) => new Date(now).toISOString().slice(0, 10);

export async function startNotifyTestServer(options: NotifyTestServerOptions = {}): Promise<NotifyTestServer> {
  const serviceOptions: NotifyTestServiceOptions[] = options.services?.length
    ? options.services
    : [{ serviceId: options.serviceId, secret: options.secret, keyName: options.keyName, templates: options.templates, behaviour: options.behaviour }];
  const states: ServiceState[] = serviceOptions.map((service) => ({
    serviceId: service.serviceId ?? randomUUID(),
    secret: service.secret ?? randomUUID(),
    keyName: service.keyName ?? 'strike_ops_test',
    templates: service.templates,
    behaviour: { ...defaultBehaviour(), ...service.behaviour },
    received: [],
    byId: new Map(),
    receivedTexts: [],
    counts: newCounts(),
    admittedAt: [],
    minuteAt: [],
    ratePerMinute: service.ratePerMinute ?? null,
    dailyLimits: service.dailyLimits ?? null,
    daily: { day: '', counts: { sms: 0, email: 0, letter: 0 } },
    inboundNumber: service.inboundNumber ?? null,
  }));
  const byServiceId = new Map(states.map((state) => [state.serviceId, state]));
  if (byServiceId.size !== states.length) throw new Error('Notify test server: two services with the same id');
  const counts = newCounts();
  const allReceived: ReceivedNotification[] = [];
  let baseUrl = '';

  const templateUri = (state: ServiceState, templateId: string) => `${baseUrl}/services/${state.serviceId}/templates/${templateId}`;

  function findTemplate(state: ServiceState, templateId: string, type: NotifyNotificationType): NotifyTestTemplate {
    if (!state.templates) return GENERIC_TEMPLATES[type];
    const template = state.templates[templateId];
    if (!template) throw badRequest('Template not found');
    if (template.type !== type) throw badRequest(`${template.type} template is not suitable for ${type} notification`);
    return template;
  }

  function admitUnderRateLimits(state: ServiceState, now: number): void {
    const { behaviour } = state;
    if (behaviour.refuseUntil !== null && now < behaviour.refuseUntil) throw rateLimitError(state, state.ratePerMinute ?? 3000);
    while (state.admittedAt.length > 0 && state.admittedAt[0] <= now - 1000) state.admittedAt.shift();
    const limit = behaviour.maxRequestsPerSecond;
    if (limit !== null && state.admittedAt.length >= limit) throw rateLimitError(state, limit * 60);
    if (state.ratePerMinute !== null) {
      // Notify counts a rolling 60 s per key; a refused request is not counted.
      while (state.minuteAt.length > 0 && state.minuteAt[0] <= now - 60_000) state.minuteAt.shift();
      if (state.minuteAt.length >= state.ratePerMinute) throw rateLimitError(state, state.ratePerMinute);
      state.minuteAt.push(now);
    }
    state.admittedAt.push(now);
  }

  function rateLimitError(state: ServiceState, perMinute: number): NotifyHttpError {
    return state.behaviour.rateLimitError === 'TooManyRequestsError'
      ? NotifyHttpError.single(429, 'TooManyRequestsError', 'Exceeded send limits (250000) for today')
      : NotifyHttpError.single(429, 'RateLimitError', `Exceeded rate limit for key type LIVE of ${perMinute} requests per 60 seconds`);
  }

  function dailyCounts(state: ServiceState, now: number): Record<NotifyNotificationType, number> {
    const day = utcDayOf(now);
    if (state.daily.day !== day) state.daily = { day, counts: { sms: 0, email: 0, letter: 0 } };
    return state.daily.counts;
  }

  function checkDailyLimit(state: ServiceState, type: NotifyNotificationType, now: number): void {
    const limit = state.dailyLimits?.[type];
    if (limit === undefined) return;
    if (dailyCounts(state, now)[type] >= limit) {
      throw NotifyHttpError.single(429, 'TooManyRequestsError', `Exceeded send limits (${limit}) for today`);
    }
  }

  function applyScriptedSendFailures(state: ServiceState): void {
    const { behaviour } = state;
    if (behaviour.rateLimitNextRequests > 0) {
      behaviour.rateLimitNextRequests -= 1;
      throw rateLimitError(state, 3000);
    }
    if (behaviour.failNextRequests > 0) {
      behaviour.failNextRequests -= 1;
      throw NotifyHttpError.single(500, 'Exception', 'Internal server error');
    }
  }

  function validateSend(type: NotifyNotificationType, body: Record<string, unknown>) {
    const errors: NotifyErrorItem[] = [];
    const invalid = (message: string) => errors.push({ error: 'ValidationError', message });
    const templateId = body.template_id;
    if (templateId === undefined) invalid('template_id is a required property');
    else if (typeof templateId !== 'string' || !UUID_PATTERN.test(templateId)) invalid('template_id is not a valid UUID');

    const reference = body.reference;
    if (reference !== undefined && reference !== null && typeof reference !== 'string') {
      invalid(`reference ${JSON.stringify(reference)} is not of type string, null`);
    }
    const personalisation = body.personalisation ?? {};
    if (typeof personalisation !== 'object' || Array.isArray(personalisation) || personalisation === null) {
      invalid(`personalisation ${JSON.stringify(personalisation)} is not of type object`);
    }

    let to: string | null = null;
    if (type === 'sms') {
      if (body.phone_number === undefined) invalid('phone_number is a required property');
      else if (typeof body.phone_number !== 'string' || !normaliseUkMobileForNotify(body.phone_number)) {
        invalid('phone_number Not a UK mobile number');
      } else to = body.phone_number;
    }
    if (type === 'email') {
      if (body.email_address === undefined) invalid('email_address is a required property');
      else if (typeof body.email_address !== 'string' || !EMAIL_PATTERN.test(body.email_address.trim())) {
        invalid('email_address Not a valid email address');
      } else to = body.email_address;
    }
    if (type === 'letter') {
      const fields = personalisation as Record<string, unknown>;
      if (body.personalisation === undefined) invalid('personalisation is a required property');
      else if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
        // already reported as not an object
      } else if (fields.address_line_1 === undefined) invalid('personalisation address_line_1 is a required property');
      else {
        const lines = addressLines(fields);
        if (lines.length < 3) invalid('Address must be at least 3 lines');
        else if (!UK_POSTCODE_PATTERN.test(lines[lines.length - 1])) invalid('Last line of address must be a real UK postcode');
      }
    }
    if (errors.length > 0) throw new NotifyHttpError(400, errors);
    return {
      templateId: templateId as string,
      reference: (reference as string | null | undefined) ?? null,
      personalisation: personalisation as Record<string, unknown>,
      to,
    };
  }

  async function send(state: ServiceState, type: NotifyNotificationType, body: Record<string, unknown>, now: number) {
    const { behaviour } = state;
    const request = validateSend(type, body);
    const template = findTemplate(state, request.templateId, type);
    const missing = new Set<string>();
    const content = fillPlaceholders(template.body, request.personalisation, missing);
    const subject = template.subject === undefined ? null : fillPlaceholders(template.subject, request.personalisation, missing);
    if (missing.size > 0) throw badRequest(`Missing personalisation: ${[...missing].join(', ')}`);
    if (type === 'sms' && content.length > SMS_MAX_CHARACTERS) {
      throw badRequest(
        `Your message is too long. Text messages cannot be longer than ${SMS_MAX_CHARACTERS} characters. ` +
          `Your message is ${content.length} characters long.`,
      );
    }
    if (type === 'sms' && request.to !== null) {
      const recipient = normaliseUkMobileForNotify(request.to);
      const rejected = behaviour.rejectedPhoneNumbers.map(normaliseUkMobileForNotify);
      if (rejected.includes(recipient)) throw badRequest("Can't send to this recipient using a team-only API key");
    }
    checkDailyLimit(state, type, now);

    const notification: ReceivedNotification = {
      id: randomUUID(),
      serviceId: state.serviceId,
      type,
      templateId: request.templateId,
      to: request.to,
      personalisation: request.personalisation,
      reference: request.reference,
      subject,
      body: content,
      status: 'created',
      receivedAt: new Date(now),
      sentAt: null,
      completedAt: null,
    };
    state.received.push(notification);
    state.byId.set(notification.id, notification);
    allReceived.push(notification);
    dailyCounts(state, now)[type] += 1;
    state.counts.accepted += 1;
    counts.accepted += 1;
    if (behaviour.onAccepted) await behaviour.onAccepted(notification);

    const templateRef = { id: request.templateId, version: template.version ?? 1, uri: templateUri(state, request.templateId) };
    const uri = `${baseUrl}/v2/notifications/${notification.id}`;
    const shared = { id: notification.id, reference: notification.reference, uri, template: templateRef, scheduled_for: null };
    if (type === 'sms') return { ...shared, content: { body: content, from_number: 'NHS' } };
    if (type === 'email') {
      return {
        ...shared,
        content: { body: content, subject, from_email: 'strike.ops@notifications.service.gov.uk', one_click_unsubscribe_url: null },
      };
    }
    return { ...shared, content: { body: content, subject }, postage: 'second' };
  }

  function toNotificationResponse(state: ServiceState, notification: ReceivedNotification) {
    const lines = notification.type === 'letter' ? addressLines(notification.personalisation) : [];
    const line = (index: number) => lines[index] ?? null;
    return {
      id: notification.id,
      reference: notification.reference,
      email_address: notification.type === 'email' ? notification.to : null,
      phone_number: notification.type === 'sms' ? notification.to : null,
      line_1: line(0),
      line_2: line(1),
      line_3: line(2),
      line_4: line(3),
      line_5: line(4),
      line_6: line(5),
      line_7: line(6),
      postcode: notification.type === 'letter' ? lines[lines.length - 1] ?? null : null,
      postage: notification.type === 'letter' ? 'second' : null,
      type: notification.type,
      status: notification.status,
      template: {
        id: notification.templateId,
        version: state.templates?.[notification.templateId]?.version ?? 1,
        uri: templateUri(state, notification.templateId),
      },
      body: notification.body,
      subject: notification.subject,
      created_at: notification.receivedAt.toISOString(),
      created_by_name: null,
      sent_at: notification.sentAt?.toISOString() ?? null,
      completed_at: notification.completedAt?.toISOString() ?? null,
      scheduled_for: null,
      one_click_unsubscribe: null,
      is_cost_data_ready: notification.completedAt !== null,
      cost_in_pounds: notification.completedAt !== null ? 0 : null,
      cost_details: {},
    };
  }

  function getNotification(state: ServiceState, id: string) {
    if (!UUID_PATTERN.test(id)) throw validationError('notification_id is not a valid UUID');
    // Notify scopes every read to the calling service: another service's notification is "not found".
    const notification = state.byId.get(id);
    if (!notification) throw NotifyHttpError.single(404, 'NoResultFound', 'No result found');
    return toNotificationResponse(state, notification);
  }

  /** GET /v2/template/:id, as the client's getTemplateById calls it: the service's own templates only. */
  function getTemplate(state: ServiceState, id: string) {
    if (!UUID_PATTERN.test(id)) throw validationError('id is not a valid UUID');
    const template = state.templates ? state.templates[id] : GENERIC_TEMPLATES.sms;
    if (!template) throw NotifyHttpError.single(404, 'NoResultFound', 'No result found');
    const now = new Date().toISOString();
    return {
      id,
      name: `Template ${id.slice(0, 8)}`,
      type: template.type,
      created_at: now,
      updated_at: null,
      created_by: 'test@notify.test',
      version: template.version ?? 1,
      body: template.body,
      subject: template.subject ?? null,
      letter_contact_block: null,
      postage: template.type === 'letter' ? 'second' : null,
    };
  }

  function listNotifications(state: ServiceState, query: URLSearchParams) {
    const templateType = query.get('template_type');
    if (templateType !== null && !(['sms', 'email', 'letter'] as string[]).includes(templateType)) {
      throw validationError(`template_type ${templateType} is not one of [sms, email, letter]`);
    }
    const statuses = query.getAll('status').flatMap((status) =>
      status === 'failed' ? ['permanent-failure', 'temporary-failure', 'technical-failure'] : [status],
    );
    const unknownStatus = statuses.find((status) => !(NOTIFY_STATUSES as readonly string[]).includes(status));
    if (unknownStatus !== undefined) throw validationError(`status ${unknownStatus} is not one of [${NOTIFY_STATUSES.join(', ')}]`);
    const reference = query.get('reference');
    const olderThan = query.get('older_than');

    let newestFirst = [...state.received].reverse();
    if (olderThan !== null) {
      const index = newestFirst.findIndex((notification) => notification.id === olderThan);
      newestFirst = index === -1 ? [] : newestFirst.slice(index + 1);
    }
    const page = newestFirst
      .filter((n) => templateType === null || n.type === templateType)
      .filter((n) => statuses.length === 0 || statuses.includes(n.status))
      .filter((n) => reference === null || n.reference === reference)
      .slice(0, LIST_PAGE_SIZE);

    const current = `${baseUrl}/v2/notifications${query.toString() ? `?${query.toString()}` : ''}`;
    const links: { current: string; next?: string } = { current };
    if (page.length === LIST_PAGE_SIZE) {
      const next = new URLSearchParams(query);
      next.set('older_than', page[page.length - 1].id);
      links.next = `${baseUrl}/v2/notifications?${next.toString()}`;
    }
    return { notifications: page.map((n) => toNotificationResponse(state, n)), links };
  }

  /** GET /v2/received-text-messages: newest first, 250 a page, `older_than` an id (as Notify pages them). */
  function listReceivedTexts(state: ServiceState, query: URLSearchParams) {
    let newestFirst = [...state.receivedTexts].reverse();
    const olderThan = query.get('older_than');
    if (olderThan !== null) {
      const index = newestFirst.findIndex((text) => text.id === olderThan);
      newestFirst = index === -1 ? [] : newestFirst.slice(index + 1);
    }
    const page = newestFirst.slice(0, LIST_PAGE_SIZE);
    const links: { current: string; next?: string } = { current: `${baseUrl}/v2/received-text-messages${query.toString() ? `?${query.toString()}` : ''}` };
    if (page.length === LIST_PAGE_SIZE) links.next = `${baseUrl}/v2/received-text-messages?older_than=${page[page.length - 1].id}`;
    return {
      received_text_messages: page.map((text) => ({
        id: text.id,
        created_at: text.createdAt.toISOString(),
        service_id: text.serviceId,
        notify_number: text.notifyNumber,
        user_number: text.userNumber,
        content: text.content,
      })),
      links,
    };
  }

  async function route(request: IncomingMessage, now: number): Promise<{ state: ServiceState | null; status: number; body: unknown }> {
    const url = new URL(request.url ?? '/', 'http://notify.test');
    const path = url.pathname.replace(/\/+$/, '');
    const sendMatch = /^\/v2\/notifications\/(sms|email|letter)$/.exec(path);
    const getMatch = /^\/v2\/notifications\/([^/]+)$/.exec(path);
    const templateMatch = /^\/v2\/template\/([^/]+)$/.exec(path);
    const isList = path === '/v2/notifications';
    const isReceivedTexts = path === '/v2/received-text-messages';
    if (!sendMatch && !getMatch && !isList && !templateMatch && !isReceivedTexts) throw NotifyHttpError.single(404, 'NotFound', 'Not Found');

    // Read the body first so an early error answer never leaves half a request on a kept-alive socket.
    const rawBody = request.method === 'POST' ? await readBody(request) : Buffer.alloc(0);
    const state = verifyBearerToken(request.headers.authorization, byServiceId);
    state.counts.requests += 1;
    try {
      admitUnderRateLimits(state, now);
      if (sendMatch && request.method === 'POST') {
        applyScriptedSendFailures(state);
        const body = parseJsonBody(rawBody);
        return { state, status: 201, body: await send(state, sendMatch[1] as NotifyNotificationType, body, now) };
      }
      if (request.method !== 'GET') throw NotifyHttpError.single(405, 'MethodNotAllowed', 'The method is not allowed for the requested URL.');
      if (templateMatch) return { state, status: 200, body: getTemplate(state, templateMatch[1]) };
      if (isReceivedTexts) return { state, status: 200, body: listReceivedTexts(state, url.searchParams) };
      if (getMatch) return { state, status: 200, body: getNotification(state, getMatch[1]) };
      return { state, status: 200, body: listNotifications(state, url.searchParams) };
    } catch (error) {
      if (error instanceof NotifyHttpError) (error as NotifyHttpError & { state?: ServiceState }).state = state;
      throw error;
    }
  }

  function countOutcome(target: NotifyTestServerCounts, status: number): void {
    if (status === 429) target.rateLimited += 1;
    else if (status === 401 || status === 403) target.unauthorised += 1;
    else if (status >= 500) target.failed += 1;
    else if (status >= 400) target.rejected += 1;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    counts.requests += 1;
    const now = Date.now();
    let outcome: { state: ServiceState | null; status: number; body: unknown };
    try {
      outcome = await route(request, now);
    } catch (error) {
      const notifyError =
        error instanceof NotifyHttpError ? error : NotifyHttpError.single(500, 'Exception', 'Internal server error');
      const state = (error as { state?: ServiceState }).state ?? null;
      outcome = { state, status: notifyError.statusCode, body: { status_code: notifyError.statusCode, errors: notifyError.errors } };
    }
    countOutcome(counts, outcome.status);
    if (outcome.state) countOutcome(outcome.state.counts, outcome.status);
    const latencyMs = (outcome.state ?? states[0]).behaviour.latencyMs;
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const payload = JSON.stringify(outcome.body);
    response.writeHead(outcome.status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
    });
    response.end(payload);
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  baseUrl = `http://${host}:${address.port}`;

  const services: NotifyTestService[] = states.map((state) => ({
    serviceId: state.serviceId,
    secret: state.secret,
    apiKey: `${state.keyName}-${state.serviceId}-${state.secret}`,
    received: state.received,
    receivedTexts: state.receivedTexts,
    counts: state.counts,
    dailyCounts: () => ({ ...dailyCounts(state, Date.now()) }),
    setBehaviour(change) {
      state.behaviour = { ...state.behaviour, ...change };
    },
    resetBehaviour() {
      state.behaviour = defaultBehaviour();
      state.admittedAt.length = 0;
    },
    receiveText(text) {
      if (!state.inboundNumber) throw new Error(`Service ${state.serviceId} has no inbound number on the Notify test server`);
      const message: ReceivedTextMessage = {
        id: randomUUID(),
        serviceId: state.serviceId,
        notifyNumber: state.inboundNumber,
        userNumber: text.userNumber,
        content: text.content,
        createdAt: text.createdAt ?? new Date(),
      };
      state.receivedTexts.push(message);
      return message;
    },
  }));
  const first = services[0];

  return {
    baseUrl,
    apiKey: first.apiKey,
    serviceId: first.serviceId,
    secret: first.secret,
    received: first.received,
    counts,
    setBehaviour: first.setBehaviour,
    resetBehaviour: first.resetBehaviour,
    services,
    service(serviceId) {
      const found = services.find((service) => service.serviceId === serviceId);
      if (!found) throw new Error(`No service ${serviceId} on the Notify test server`);
      return found;
    },
    allReceived: () => allReceived,
    setStatus(notificationId, status) {
      const notification = states.map((state) => state.byId.get(notificationId)).find((n) => n !== undefined);
      if (!notification) throw new Error(`No notification ${notificationId} on the Notify test server`);
      const now = new Date();
      notification.status = status;
      if (status !== 'created' && notification.sentAt === null) notification.sentAt = now;
      if (!['created', 'sending', 'pending', 'accepted'].includes(status)) notification.completedAt = now;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
