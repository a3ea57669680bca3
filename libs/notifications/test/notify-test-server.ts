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
 * Only node:http and node:crypto, so benchmarks measure our code and not a mock library.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { InjectedText, ReceivedTextCallback, ReceivedTexts, StoredReceivedText } from './notify-test-inbound';

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
  /** Where received texts are POSTed (Notify's received-text callback); none unless given. */
  receivedTextCallback?: ReceivedTextCallback;
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
  /** A text someone sent to the service's inbound number: listed by the API, and called back if configured. */
  receiveText(text: InjectedText): Promise<StoredReceivedText>;
  /** Received texts, oldest first, and the callback's outcomes. */
  inbound: ReceivedTexts;
  /** Moves a notification on, as Notify would after trying to deliver it. */
  setStatus(notificationId: string, status: NotifyStatus): void;
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

/** The checks Notify's API makes on each request's JWT (HS256, iss = service id, iat within 30 s). */
function verifyBearerToken(header: string | undefined, serviceId: string, secret: string): void {
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
  if (claims.iss !== serviceId) throw authError(403, 'Invalid token: service not found');

  const expected = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
  const actual = base64UrlDecode(parts[2]);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw authError(403, 'Invalid token: API key not found');
  }
  if (typeof claims.iat !== 'number') throw authError(403, 'Invalid token: iat field not provided');
  if (Math.abs(Date.now() / 1000 - claims.iat) > CLOCK_TOLERANCE_SECONDS) {
    throw authError(403, 'Error: Your system clock must be accurate to within 30 seconds');
  }
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

export async function startNotifyTestServer(options: NotifyTestServerOptions = {}): Promise<NotifyTestServer> {
  const serviceId = options.serviceId ?? randomUUID();
  const secret = options.secret ?? randomUUID();
  const keyName = options.keyName ?? 'strike_ops_test';
  let behaviour: NotifyTestBehaviour = { ...defaultBehaviour(), ...options.behaviour };
  const received: ReceivedNotification[] = [];
  const byId = new Map<string, ReceivedNotification>();
  const counts: NotifyTestServerCounts = { requests: 0, accepted: 0, rateLimited: 0, failed: 0, rejected: 0, unauthorised: 0 };
  const admittedAt: number[] = [];
  const inbound = new ReceivedTexts(serviceId);
  inbound.callback = options.receivedTextCallback ?? null;
  let baseUrl = '';

  const templateUri = (templateId: string) => `${baseUrl}/services/${serviceId}/templates/${templateId}`;

  function findTemplate(templateId: string, type: NotifyNotificationType): NotifyTestTemplate {
    if (!options.templates) return GENERIC_TEMPLATES[type];
    const template = options.templates[templateId];
    if (!template) throw badRequest('Template not found');
    if (template.type !== type) throw badRequest(`${template.type} template is not suitable for ${type} notification`);
    return template;
  }

  function admitUnderPerSecondLimit(now: number): void {
    while (admittedAt.length > 0 && admittedAt[0] <= now - 1000) admittedAt.shift();
    const limit = behaviour.maxRequestsPerSecond;
    if (limit !== null && admittedAt.length >= limit) {
      throw rateLimitError(limit * 60);
    }
    admittedAt.push(now);
  }

  function rateLimitError(perMinute: number): NotifyHttpError {
    return behaviour.rateLimitError === 'TooManyRequestsError'
      ? NotifyHttpError.single(429, 'TooManyRequestsError', 'Exceeded send limits (250000) for today')
      : NotifyHttpError.single(429, 'RateLimitError', `Exceeded rate limit for key type LIVE of ${perMinute} requests per 60 seconds`);
  }

  function applyScriptedSendFailures(): void {
    if (behaviour.rateLimitNextRequests > 0) {
      behaviour.rateLimitNextRequests -= 1;
      throw rateLimitError(3000);
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

  async function send(type: NotifyNotificationType, body: Record<string, unknown>, now: number) {
    const request = validateSend(type, body);
    const template = findTemplate(request.templateId, type);
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

    const notification: ReceivedNotification = {
      id: randomUUID(),
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
    received.push(notification);
    byId.set(notification.id, notification);
    counts.accepted += 1;
    if (behaviour.onAccepted) await behaviour.onAccepted(notification);

    const templateRef = { id: request.templateId, version: template.version ?? 1, uri: templateUri(request.templateId) };
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

  function toNotificationResponse(notification: ReceivedNotification) {
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
        version: options.templates?.[notification.templateId]?.version ?? 1,
        uri: templateUri(notification.templateId),
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

  function getNotification(id: string) {
    if (!UUID_PATTERN.test(id)) throw validationError('notification_id is not a valid UUID');
    const notification = byId.get(id);
    if (!notification) throw NotifyHttpError.single(404, 'NoResultFound', 'No result found');
    return toNotificationResponse(notification);
  }

  function listNotifications(query: URLSearchParams) {
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

    let newestFirst = [...received].reverse();
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
    return { notifications: page.map(toNotificationResponse), links };
  }

  async function route(request: IncomingMessage, now: number): Promise<{ status: number; body: unknown }> {
    const url = new URL(request.url ?? '/', 'http://notify.test');
    const path = url.pathname.replace(/\/+$/, '');
    const sendMatch = /^\/v2\/notifications\/(sms|email|letter)$/.exec(path);
    const getMatch = /^\/v2\/notifications\/([^/]+)$/.exec(path);
    const isList = path === '/v2/notifications';
    const isReceivedTexts = path === '/v2/received-text-messages';
    if (!sendMatch && !getMatch && !isList && !isReceivedTexts) throw NotifyHttpError.single(404, 'NotFound', 'Not Found');

    // Read the body first so an early error answer never leaves half a request on a kept-alive socket.
    const rawBody = request.method === 'POST' ? await readBody(request) : Buffer.alloc(0);
    verifyBearerToken(request.headers.authorization, serviceId, secret);
    admitUnderPerSecondLimit(now);

    if (sendMatch && request.method === 'POST') {
      applyScriptedSendFailures();
      const body = parseJsonBody(rawBody);
      return { status: 201, body: await send(sendMatch[1] as NotifyNotificationType, body, now) };
    }
    if (getMatch && request.method === 'GET') return { status: 200, body: getNotification(getMatch[1]) };
    if (isList && request.method === 'GET') return { status: 200, body: listNotifications(url.searchParams) };
    if (isReceivedTexts && request.method === 'GET') return { status: 200, body: inbound.list(baseUrl, url.searchParams.get('older_than')) };
    throw NotifyHttpError.single(405, 'MethodNotAllowed', 'The method is not allowed for the requested URL.');
  }

  function countOutcome(status: number): void {
    if (status === 429) counts.rateLimited += 1;
    else if (status === 401 || status === 403) counts.unauthorised += 1;
    else if (status >= 500) counts.failed += 1;
    else if (status >= 400) counts.rejected += 1;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    counts.requests += 1;
    const now = Date.now();
    let outcome: { status: number; body: unknown };
    try {
      outcome = await route(request, now);
    } catch (error) {
      const notifyError =
        error instanceof NotifyHttpError ? error : NotifyHttpError.single(500, 'Exception', 'Internal server error');
      outcome = { status: notifyError.statusCode, body: { status_code: notifyError.statusCode, errors: notifyError.errors } };
    }
    countOutcome(outcome.status);
    if (behaviour.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, behaviour.latencyMs));
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

  return {
    baseUrl,
    apiKey: `${keyName}-${serviceId}-${secret}`,
    serviceId,
    secret,
    received,
    counts,
    inbound,
    receiveText: (text) => inbound.receive(text),
    setBehaviour(change) {
      behaviour = { ...behaviour, ...change };
    },
    resetBehaviour() {
      behaviour = defaultBehaviour();
      admittedAt.length = 0;
    },
    setStatus(notificationId, status) {
      const notification = byId.get(notificationId);
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
