import { randomBytes } from 'node:crypto';
import { loadConfig } from './app-config';

const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), CALENDAR_LINK_KEY: 'c'.repeat(32) };

describe('loadConfig: secrets at rest and SMS price', () => {
  it('gives a development key outside production, and no key in production until SECRETS_KEY is set', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).secrets?.current).toHaveLength(32);
    expect(loadConfig(PRODUCTION).secrets).toBeNull();
    const key = randomBytes(32);
    const previous = randomBytes(32);
    expect(loadConfig({ ...PRODUCTION, SECRETS_KEY: key.toString('base64'), SECRETS_KEY_PREVIOUS: previous.toString('base64') }).secrets).toEqual({ current: key, previous });
  });

  it('refuses a key that is not 32 bytes of base64, naming the variable', () => {
    expect(() => loadConfig({ SECRETS_KEY: randomBytes(16).toString('base64') })).toThrow(/SECRETS_KEY.*32 bytes/);
    expect(() => loadConfig({ SECRETS_KEY: 'not base64!' })).toThrow(/SECRETS_KEY.*base64/);
    expect(() => loadConfig({ SECRETS_KEY_PREVIOUS: randomBytes(32).toString('base64') })).toThrow(/SECRETS_KEY_PREVIOUS/);
    const devKey = loadConfig({ NODE_ENV: 'test' }).secrets!.current.toString('base64');
    expect(() => loadConfig({ ...PRODUCTION, SECRETS_KEY: devKey })).toThrow(/SECRETS_KEY.*development key/);
  });

  it('prices an SMS fragment at 2.4p plus 20% VAT unless configured', () => {
    expect(loadConfig({}).notify.smsPrice).toEqual({ pencePerFragment: 2.4, vatPercent: 20 });
    expect(loadConfig({ NOTIFY_SMS_PENCE_PER_FRAGMENT: '1.97', NOTIFY_VAT_PERCENT: '0' }).notify.smsPrice).toEqual({ pencePerFragment: 1.97, vatPercent: 0 });
    expect(() => loadConfig({ NOTIFY_SMS_PENCE_PER_FRAGMENT: '2,4' })).toThrow(/NOTIFY_SMS_PENCE_PER_FRAGMENT.*2\.4/);
    expect(() => loadConfig({ NOTIFY_VAT_PERCENT: '120' })).toThrow(/NOTIFY_VAT_PERCENT.*between 0 and 100/);
  });
});
