import { createHmac, randomUUID } from 'node:crypto';
import { NotifyClient } from 'notifications-node-client';
import { chooseChannel } from '../src/dispatch/channel-fallback';
import { renderMessage } from '../src/messages/render-message';
import { NotifyTestServer, ReceivedNotification, startNotifyTestServer } from './notify-test-server';

const TEMPLATE_ID = '3f1ac5a6-1d55-4d0a-9f0e-5b8f6a1c2d3e';
const LETTER_ADDRESS = {
  address_line_1: 'Amira Patel',
  address_line_2: '369 Fulham Road',
  address_line_3: 'London',
  address_line_4: 'SW10 9NH',
};

function signJwt(claims: Record<string, unknown>, secret: string, header = { typ: 'JWT', alg: 'HS256' }): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode(header)}.${encode(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

async function getWithToken(server: NotifyTestServer, token: string | null) {
  const response = await fetch(`${server.baseUrl}/v2/notifications`, {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

async function rejectionOf(promise: Promise<unknown>): Promise<{ response: { status: number; data: unknown } }> {
  try {
    await promise;
  } catch (error) {
    return error as { response: { status: number; data: unknown } };
  }
  throw new Error('expected the Notify call to fail');
}

describe('Notify test server with the official notifications-node-client', () => {
  let server: NotifyTestServer;
  let client: NotifyClient;

  beforeEach(async () => {
    server = await startNotifyTestServer();
    client = new NotifyClient(server.baseUrl, server.apiKey);
  });

  afterEach(async () => {
    await server.close();
  });

  it('accepts an SMS and answers with the id, reference, content and template Notify returns', async () => {
    const before = Date.now();
    const response = await client.sendSms(TEMPLATE_ID, '07700 900123', {
      personalisation: { body: 'Your appointment is postponed.' },
      reference: 'notify-42',
    });

    expect(response.status).toBe(201);
    expect(response.data).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      reference: 'notify-42',
      content: { body: 'Your appointment is postponed.', from_number: expect.any(String) },
      uri: `${server.baseUrl}/v2/notifications/${response.data.id}`,
      template: { id: TEMPLATE_ID, version: 1, uri: expect.stringContaining(TEMPLATE_ID) },
    });
    expect(server.received).toHaveLength(1);
    expect(server.received[0]).toMatchObject({ type: 'sms', to: '07700 900123', reference: 'notify-42', status: 'created' });
    expect(server.received[0].receivedAt.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('accepts an email and fills the generic template subject and body', async () => {
    const response = await client.sendEmail(TEMPLATE_ID, 'amira.patel@example.org', {
      personalisation: { subject: 'Appointment postponed', body: 'Please do not attend.' },
      reference: 'notify-43',
    });

    expect(response.status).toBe(201);
    expect(response.data.content).toMatchObject({ subject: 'Appointment postponed', body: 'Please do not attend.' });
    expect(server.received[0]).toMatchObject({ type: 'email', to: 'amira.patel@example.org' });
  });

  it('accepts a letter whose address has at least three lines ending in a UK postcode', async () => {
    const response = await client.sendLetter(TEMPLATE_ID, {
      personalisation: { ...LETTER_ADDRESS, subject: 'Appointment postponed', body: 'Please do not attend.' },
      reference: 'notify-44',
    });

    expect(response.status).toBe(201);
    expect(response.data.content).toEqual({ subject: 'Appointment postponed', body: 'Please do not attend.' });
    const lookedUp = await client.getNotificationById(response.data.id);
    expect(lookedUp.data).toMatchObject({ type: 'letter', line_1: 'Amira Patel', line_4: 'SW10 9NH', status: 'created' });
  });

  it('refuses a letter without a postcode on its last line as Notify does', async () => {
    const error = await rejectionOf(
      client.sendLetter(TEMPLATE_ID, {
        personalisation: { address_line_1: 'Amira Patel', address_line_2: '369 Fulham Road', address_line_3: 'London', body: 'x', subject: 'y' },
      }),
    );

    expect(error.response.status).toBe(400);
    expect(error.response.data).toEqual({
      status_code: 400,
      errors: [{ error: 'ValidationError', message: 'Last line of address must be a real UK postcode' }],
    });
    expect(server.received).toHaveLength(0);
  });

  it('refuses an SMS to a number that is not a UK mobile and one without personalisation', async () => {
    const badNumber = await rejectionOf(client.sendSms(TEMPLATE_ID, '020 7946 0000', { personalisation: { body: 'x' } }));
    const noBody = await rejectionOf(client.sendSms(TEMPLATE_ID, '07700900123'));

    expect(badNumber.response.status).toBe(400);
    expect(badNumber.response.data).toMatchObject({ errors: [{ error: 'ValidationError', message: 'phone_number Not a UK mobile number' }] });
    expect(noBody.response.status).toBe(400);
    expect(noBody.response.data).toMatchObject({ errors: [{ error: 'BadRequestError', message: 'Missing personalisation: body' }] });
  });

  it('refuses an SMS longer than 918 characters', async () => {
    const error = await rejectionOf(client.sendSms(TEMPLATE_ID, '07700900123', { personalisation: { body: 'a'.repeat(919) } }));

    expect(error.response.status).toBe(400);
    expect(error.response.data).toMatchObject({ errors: [{ error: 'BadRequestError', message: expect.stringContaining('918 characters') }] });
  });

  it('finds notifications by reference through getNotifications, newest first', async () => {
    await client.sendSms(TEMPLATE_ID, '07700900001', { personalisation: { body: 'one' }, reference: 'notify-1' });
    await client.sendSms(TEMPLATE_ID, '07700900002', { personalisation: { body: 'two' }, reference: 'notify-2' });
    await client.sendEmail(TEMPLATE_ID, 'a@example.org', { personalisation: { body: 'three', subject: 's' }, reference: 'notify-2' });

    const byReference = await client.getNotifications(undefined, undefined, 'notify-2');
    const smsOnly = await client.getNotifications('sms', undefined, 'notify-2');
    const unknown = await client.getNotifications(undefined, undefined, 'notify-999');

    expect(byReference.data.notifications.map((n) => n.body)).toEqual(['three', 'two']);
    expect(smsOnly.data.notifications.map((n) => n.phone_number)).toEqual(['07700900002']);
    expect(unknown.data.notifications).toEqual([]);
    expect(byReference.data.links.current).toContain('reference=notify-2');
  });

  it('reports the status a test moved a notification to', async () => {
    const sent = await client.sendSms(TEMPLATE_ID, '07700900123', { personalisation: { body: 'x' } });
    server.setStatus(sent.data.id, 'delivered');

    const lookedUp = await client.getNotificationById(sent.data.id);
    const delivered = await client.getNotifications(undefined, 'delivered');

    expect(lookedUp.data).toMatchObject({ status: 'delivered', completed_at: expect.any(String) });
    expect(delivered.data.notifications).toHaveLength(1);
  });

  it('answers 404 in Notify shape for an unknown notification id', async () => {
    const error = await rejectionOf(client.getNotificationById(randomUUID()));

    expect(error.response.status).toBe(404);
    expect(error.response.data).toEqual({ status_code: 404, errors: [{ error: 'NoResultFound', message: 'No result found' }] });
  });

  it('rejects a client whose API key carries another secret with 403 AuthError', async () => {
    const wrongKey = new NotifyClient(server.baseUrl, `strike_ops_test-${server.serviceId}-${randomUUID()}`);

    const error = await rejectionOf(wrongKey.sendSms(TEMPLATE_ID, '07700900123', { personalisation: { body: 'x' } }));

    expect(error.response.status).toBe(403);
    expect(error.response.data).toEqual({ status_code: 403, errors: [{ error: 'AuthError', message: 'Invalid token: API key not found' }] });
    expect(server.received).toHaveLength(0);
  });

  it('rejects tokens for another service, from a clock more than 30 seconds out, or unsigned', async () => {
    const now = Math.round(Date.now() / 1000);
    const otherService = await getWithToken(server, signJwt({ iss: randomUUID(), iat: now }, server.secret));
    const stale = await getWithToken(server, signJwt({ iss: server.serviceId, iat: now - 31 }, server.secret));
    const unsigned = await getWithToken(server, signJwt({ iss: server.serviceId, iat: now }, server.secret, { typ: 'JWT', alg: 'none' }));
    const fresh = await getWithToken(server, signJwt({ iss: server.serviceId, iat: now - 20 }, server.secret));

    expect(otherService).toEqual({ status: 403, body: { status_code: 403, errors: [{ error: 'AuthError', message: 'Invalid token: service not found' }] } });
    expect(stale.status).toBe(403);
    expect(stale.body).toMatchObject({ errors: [{ error: 'AuthError', message: expect.stringContaining('30 seconds') }] });
    expect(unsigned.status).toBe(403);
    expect(fresh.status).toBe(200);
  });

  it('answers 401 when no bearer token is sent, as Notify does', async () => {
    const missing = await getWithToken(server, null);

    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ status_code: 401, errors: [{ error: 'AuthError' }] });
  });

  it('surfaces a scripted 429 as a client error with status 429 and RateLimitError, then accepts again', async () => {
    server.setBehaviour({ rateLimitNextRequests: 1 });

    const error = await rejectionOf(client.sendSms(TEMPLATE_ID, '07700900123', { personalisation: { body: 'x' } }));
    const retried = await client.sendSms(TEMPLATE_ID, '07700900123', { personalisation: { body: 'x' } });

    expect(error.response.status).toBe(429);
    expect(error.response.data).toEqual({
      status_code: 429,
      errors: [{ error: 'RateLimitError', message: 'Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds' }],
    });
    expect(retried.status).toBe(201);
    expect(server.counts).toMatchObject({ rateLimited: 1, accepted: 1 });
  });

  it('can answer the daily-limit TooManyRequestsError instead', async () => {
    server.setBehaviour({ rateLimitNextRequests: 1, rateLimitError: 'TooManyRequestsError' });

    const error = await rejectionOf(client.sendSms(TEMPLATE_ID, '07700900123', { personalisation: { body: 'x' } }));

    expect(error.response.status).toBe(429);
    expect(error.response.data).toMatchObject({ errors: [{ error: 'TooManyRequestsError' }] });
  });

  it('answers 429 to requests beyond the scripted rate per second', async () => {
    server.setBehaviour({ maxRequestsPerSecond: 3 });

    const outcomes = await Promise.allSettled(
      [1, 2, 3, 4, 5].map((n) => client.sendSms(TEMPLATE_ID, '07700900123', { personalisation: { body: `${n}` } })),
    );

    const statuses = outcomes.map((o) => (o.status === 'fulfilled' ? o.value.status : (o.reason as { response: { status: number } }).response.status));
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
  });

  it('answers 500 to the next N sends', async () => {
    server.setBehaviour({ failNextRequests: 2 });

    const first = await rejectionOf(client.sendSms(TEMPLATE_ID, '07700900123', { personalisation: { body: 'x' } }));
    const second = await rejectionOf(client.sendSms(TEMPLATE_ID, '07700900123', { personalisation: { body: 'x' } }));
    const third = await client.sendSms(TEMPLATE_ID, '07700900123', { personalisation: { body: 'x' } });

    expect([first.response.status, second.response.status, third.status]).toEqual([500, 500, 201]);
    expect(first.response.data).toEqual({ status_code: 500, errors: [{ error: 'Exception', message: 'Internal server error' }] });
  });

  it('answers 400 for a scripted phone number however it is written', async () => {
    server.setBehaviour({ rejectedPhoneNumbers: ['+447700900666'] });

    const error = await rejectionOf(client.sendSms(TEMPLATE_ID, '07700 900 666', { personalisation: { body: 'x' } }));
    const other = await client.sendSms(TEMPLATE_ID, '07700900667', { personalisation: { body: 'x' } });

    expect(error.response.status).toBe(400);
    expect(error.response.data).toMatchObject({ errors: [{ error: 'BadRequestError' }] });
    expect(other.status).toBe(201);
  });

  it('delays responses by the scripted latency', async () => {
    server.setBehaviour({ latencyMs: 150 });
    const started = Date.now();

    await client.sendSms(TEMPLATE_ID, '07700900123', { personalisation: { body: 'x' } });

    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('calls the hook for each accepted message, and a throwing hook leaves it recorded behind a 500', async () => {
    const seen: ReceivedNotification[] = [];
    server.setBehaviour({ onAccepted: (n) => void seen.push(n) });
    await client.sendSms(TEMPLATE_ID, '07700900123', { personalisation: { body: 'x' }, reference: 'notify-a' });
    server.setBehaviour({
      onAccepted: () => {
        throw new Error('connection lost after Notify stored it');
      },
    });

    const error = await rejectionOf(client.sendSms(TEMPLATE_ID, '07700900123', { personalisation: { body: 'y' }, reference: 'notify-b' }));
    const found = await client.getNotifications(undefined, undefined, 'notify-b');

    expect(seen.map((n) => n.reference)).toEqual(['notify-a']);
    expect(error.response.status).toBe(500);
    expect(found.data.notifications).toHaveLength(1);
  });

  it('only knows the templates it was given, when given some', async () => {
    const smsTemplateId = randomUUID();
    const strict = await startNotifyTestServer({ templates: { [smsTemplateId]: { type: 'sms', body: 'Hello ((name))' } } });
    const strictClient = new NotifyClient(strict.baseUrl, strict.apiKey);
    try {
      const sent = await strictClient.sendSms(smsTemplateId, '07700900123', { personalisation: { name: 'Amira' } });
      const unknown = await rejectionOf(strictClient.sendSms(randomUUID(), '07700900123', { personalisation: { name: 'Amira' } }));
      const wrongChannel = await rejectionOf(strictClient.sendEmail(smsTemplateId, 'a@example.org', { personalisation: { name: 'Amira' } }));

      expect(sent.data.content.body).toBe('Hello Amira');
      expect(unknown.response.data).toMatchObject({ errors: [{ error: 'BadRequestError', message: 'Template not found' }] });
      expect(wrongChannel.response.data).toMatchObject({ errors: [{ message: 'sms template is not suitable for email notification' }] });
    } finally {
      await strict.close();
    }
  });

  it('accepts our rendered wording on every channel, with the letter address chooseChannel builds', async () => {
    const offer = {
      givenName: 'Amira',
      trustName: 'Chelsea and Westminster Hospital NHS Foundation Trust',
      appointment: { startsAt: '2027-01-26T14:00:00Z', description: 'Knee operation', place: 'West Middlesex University Hospital' },
      linkToken: 'tok_123',
      shortNotice: true,
    };
    const letter = chooseChannel({ address: { lines: ['Amira Patel', '369 Fulham Road', 'London'], postcode: 'sw10 9nh' } });
    if (!('channel' in letter) || letter.channel !== 'letter') throw new Error('expected a letter address');
    const publicBaseUrl = 'https://strike-ops.chelwest.nhs.uk';

    const sms = await client.sendSms(TEMPLATE_ID, '07700900123', { personalisation: renderMessage('rebooking-offer', 'sms', offer, publicBaseUrl) });
    const email = await client.sendEmail(TEMPLATE_ID, 'amira@example.org', {
      personalisation: renderMessage('rebooking-offer', 'email', offer, publicBaseUrl),
    });
    const posted = await client.sendLetter(TEMPLATE_ID, {
      personalisation: { ...letter.to, ...renderMessage('rebooking-offer', 'letter', offer, publicBaseUrl) },
    });

    expect(sms.data.content.body).toContain('https://strike-ops.chelwest.nhs.uk/r/tok_123');
    expect(email.data.content.subject).toBe('Your new hospital appointment: please confirm');
    expect(posted.data.content.body).toContain('NHS 111 online');
    expect(server.received.map((n) => n.type)).toEqual(['sms', 'email', 'letter']);
  });
});

describe('Notify test server with several services', () => {
  let server: NotifyTestServer;

  afterEach(async () => {
    await server.close();
  });

  it('routes each request to the service its JWT issuer names, checks that service’s secret, and records the issuer', async () => {
    server = await startNotifyTestServer({ services: [{}, {}] });
    const [a, b] = server.services;
    await new NotifyClient(server.baseUrl, a.apiKey).sendSms(TEMPLATE_ID, '07700 900123', { personalisation: { body: 'A' } });
    await new NotifyClient(server.baseUrl, b.apiKey).sendSms(TEMPLATE_ID, '07700 900124', { personalisation: { body: 'B' } });
    expect(a.received.map((n) => [n.serviceId, n.body])).toEqual([[a.serviceId, 'A']]);
    expect(b.received.map((n) => [n.serviceId, n.body])).toEqual([[b.serviceId, 'B']]);
    expect(server.allReceived().map((n) => n.serviceId)).toEqual([a.serviceId, b.serviceId]);

    // A's service id signed with B's secret is refused; another service's notification is not found.
    const forged = `key-${a.serviceId}-${b.secret}`;
    expect((await rejectionOf(new NotifyClient(server.baseUrl, forged).sendSms(TEMPLATE_ID, '07700 900123', {}))).response.status).toBe(403);
    expect((await rejectionOf(new NotifyClient(server.baseUrl, b.apiKey).getNotificationById(a.received[0].id))).response.status).toBe(404);
  });

  it('enforces each key’s own rate per minute and daily limit with Notify’s 429s, and a storm on one key only', async () => {
    server = await startNotifyTestServer({ services: [{ ratePerMinute: 2 }, { dailyLimits: { sms: 1 } }, {}] });
    const [limited, capped, other] = server.services.map((s) => new NotifyClient(server.baseUrl, s.apiKey));
    await limited.sendSms(TEMPLATE_ID, '07700 900123', { personalisation: { body: '1' } });
    await limited.sendSms(TEMPLATE_ID, '07700 900123', { personalisation: { body: '2' } });
    const rate = await rejectionOf(limited.sendSms(TEMPLATE_ID, '07700 900123', { personalisation: { body: '3' } }));
    expect(rate.response).toMatchObject({ status: 429, data: { errors: [{ error: 'RateLimitError' }] } });

    await capped.sendSms(TEMPLATE_ID, '07700 900123', { personalisation: { body: '1' } });
    const daily = await rejectionOf(capped.sendSms(TEMPLATE_ID, '07700 900123', { personalisation: { body: '2' } }));
    expect(daily.response).toMatchObject({ status: 429, data: { errors: [{ error: 'TooManyRequestsError' }] } });
    expect(server.services[1].dailyCounts().sms).toBe(1);

    server.services[2].setBehaviour({ refuseUntil: Date.now() + 60_000 });
    expect((await rejectionOf(other.sendSms(TEMPLATE_ID, '07700 900123', { personalisation: { body: 'x' } }))).response.status).toBe(429);
    expect(server.services.map((s) => s.counts.rateLimited)).toEqual([1, 1, 1]);
  });

  it('lists a service’s received texts newest first, and looks up its templates', async () => {
    const templateId = randomUUID();
    server = await startNotifyTestServer({ services: [{ inboundNumber: '07700900000', templates: { [templateId]: { type: 'sms', body: '((body))' } } }] });
    const [service] = server.services;
    service.receiveText({ userNumber: '447700900123', content: 'YES 20' });
    service.receiveText({ userNumber: '447700900124', content: 'no' });
    const client = new NotifyClient(server.baseUrl, service.apiKey);
    const texts = await client.getReceivedTexts();
    expect((texts.data as { received_text_messages: { content: string }[] }).received_text_messages.map((t) => t.content)).toEqual(['no', 'YES 20']);
    expect((await client.getTemplateById(templateId)).data).toMatchObject({ id: templateId, type: 'sms' });
    expect((await rejectionOf(client.getTemplateById(randomUUID()))).response.status).toBe(404);
  });
});
