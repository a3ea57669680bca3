import { JsonLogger } from './json-logger';
import { runWithRequestContext } from './request-context';

function capture(level?: 'debug' | 'info' | 'warn' | 'error') {
  const lines: Record<string, unknown>[] = [];
  const logger = new JsonLogger('api', level, (line) => lines.push(JSON.parse(line)));
  return { logger, lines };
}

describe('JsonLogger', () => {
  it('writes one JSON object per line with the service, level, time, context and request id', () => {
    const { logger, lines } = capture();
    runWithRequestContext({ requestId: 'req-1' }, () => logger.log({ msg: 'request', status: 200 }, 'Http'));
    expect(lines).toEqual([{ level: 'info', time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), service: 'api', requestId: 'req-1', context: 'Http', msg: 'request', status: 200 }]);
  });

  it('drops lines below its level', () => {
    const { logger, lines } = capture('warn');
    logger.log('hidden');
    logger.debug('hidden');
    logger.warn('shown');
    expect(lines.map((l) => l.msg)).toEqual(['shown']);
  });

  it('never writes credentials or tokens, at the top level or one level down', () => {
    const { logger, lines } = capture();
    logger.log({ msg: 'x', password: 'hunter2', token: 'abc', nested: { accessToken: 'eyJ', authorization: 'Bearer x' } });
    expect(JSON.stringify(lines)).not.toMatch(/hunter2|abc|eyJ|Bearer/);
  });

  it('censors every personal field and cookie, at the top level, one level down and in request headers', () => {
    const { logger, lines } = capture();
    const person = {
      nhsNumber: '9434765919',
      name: 'Asha Patel',
      firstName: 'Asha',
      lastName: 'Patel',
      mobile: '+447700900123',
      phone: '07700 900123',
      email: 'asha.patel@example.com',
      address: '1 Hospital Road',
      addressLines: ['1 Hospital Road', 'Leeds'],
      postcode: 'LS1 3EX',
      refreshToken: 'refresh-secret',
      personalisation: { appointment: 'Tuesday at 9am' },
    };
    logger.log({ msg: 'x', ...person, cookie: 'strike_session=s3cret', patient: person, req: { headers: { authorization: 'Bearer eyJabc', cookie: 'strike_session=s3cret' } }, res: { 'set-cookie': 'strike_session=s3cret' } });
    const written = JSON.stringify(lines);
    expect(written).not.toMatch(/9434765919|Asha|Patel|7700|example\.com|Hospital Road|LS1 3EX|refresh-secret|9am|s3cret|eyJabc/);
    expect(lines[0]).toEqual(expect.objectContaining({ msg: 'x', nhsNumber: '[redacted]', email: '[redacted]', cookie: '[redacted]', patient: expect.objectContaining({ name: '[redacted]', postcode: '[redacted]' }) }));
  });

  it('keeps an error stack', () => {
    const { logger, lines } = capture();
    logger.error({ msg: 'request failed' }, new Error('boom').stack, 'Errors');
    expect(lines[0]).toEqual(expect.objectContaining({ level: 'error', msg: 'request failed', context: 'Errors', stack: expect.stringContaining('boom') }));
  });
});
