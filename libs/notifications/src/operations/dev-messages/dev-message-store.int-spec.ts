import { loadConfig } from '@app/core';
import IORedis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { createNotificationProvider } from '../../providers/provider-factory';
import { OutgoingMessage } from '../../providers/notification-provider';
import { DEV_MESSAGES_KEPT, DevMessageStore } from './dev-message-store';

const message = (n: number): OutgoingMessage => ({
  sender: { serviceId: 'deployment', apiKey: null },
  reference: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  channel: 'sms',
  templateId: 'log-template',
  to: '07700900123',
  personalisation: { body: `Message ${n}: confirm at http://localhost:3000/r/${'A'.repeat(43)}` },
});

describe('the development message viewer’s store (real Redis)', () => {
  const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  const prefix = `test-${randomBytes(4).toString('hex')}`;
  afterAll(async () => {
    await redis.del(`${prefix}:dev-messages`, `${prefix}-prod:dev-messages`);
    redis.disconnect();
  });

  it('keeps every message the log provider sends outside production, newest first, with its wording', async () => {
    const provider = createNotificationProvider(loadConfig({ NODE_ENV: 'development', QUEUE_PREFIX: prefix }), redis);
    await provider.send(message(1));
    await provider.send(message(2));
    const kept = await new DevMessageStore(redis, prefix).list();
    expect(kept.map((m) => m.id)).toEqual([message(2).reference, message(1).reference]);
    expect(kept[0]).toEqual(expect.objectContaining({ channel: 'sms', to: '07700900123', subject: null, body: message(2).personalisation.body }));
    // It expires on its own, so a forgotten development machine does not keep personal details for ever.
    expect(await redis.ttl(`${prefix}:dev-messages`)).toBeGreaterThan(0);
  });

  it('keeps only the last messages', async () => {
    const store = new DevMessageStore(redis, prefix);
    for (let n = 0; n < DEV_MESSAGES_KEPT + 5; n++) await store.record({ id: String(n), channel: 'sms', to: 'x', subject: null, body: String(n), sentAt: new Date().toISOString() });
    const kept = await store.list();
    expect(kept).toHaveLength(DEV_MESSAGES_KEPT);
    expect(kept[0].id).toBe(String(DEV_MESSAGES_KEPT + 4));
  });

  it('writes nothing in production', async () => {
    const provider = createNotificationProvider(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), CALENDAR_LINK_KEY: 'c'.repeat(32), QUEUE_PREFIX: `${prefix}-prod` }), redis);
    await expect(provider.send(message(3))).resolves.toEqual({ providerId: expect.stringMatching(/^log-/) });
    expect(await redis.exists(`${prefix}-prod:dev-messages`)).toBe(0);
  });
});
