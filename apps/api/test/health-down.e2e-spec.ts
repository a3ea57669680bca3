import { startTestApp, TestApp } from './support/test-app';

describe('health when Redis is down (e2e)', () => {
  let t: TestApp;

  // Nothing listens on this port: the API must still start and report Redis as down.
  beforeAll(async () => {
    t = await startTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:6399' } });
  });
  afterAll(async () => {
    await t.close();
    delete process.env.REDIS_URL;
  });

  it('answers 503 naming the dependency that is down', async () => {
    const health = await t.request('GET', '/health');
    expect(health.status).toBe(503);
    expect(health.body).toEqual({
      status: 'unavailable',
      checks: { database: 'up', redis: 'down' },
      statusCode: 503,
      code: 'SERVICE_UNAVAILABLE',
      message: 'Not ready: redis is down',
      details: [{ message: 'redis is down' }],
      requestId: health.headers['x-request-id'],
    });
  });
});
