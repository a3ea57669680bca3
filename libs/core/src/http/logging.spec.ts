import { Global, Logger as NestLogger, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import { APP_CONFIG } from '../config/config.module';
import { captureLogLines, LoggingModule, pinoOptions } from './logging';
import { runWithRequestContext } from './request-context';

@Global()
@Module({ providers: [{ provide: APP_CONFIG, useValue: { logLevel: 'info' } }], exports: [APP_CONFIG] })
class TestConfigModule {}

describe('the JSON logger (nestjs-pino)', () => {
  const lines: Record<string, unknown>[] = [];
  let release: () => void;
  let logger: NestLogger;

  beforeAll(async () => {
    release = captureLogLines((line) => lines.push(JSON.parse(line)));
    const moduleRef = await Test.createTestingModule({ imports: [TestConfigModule, LoggingModule.forService('api')] }).compile();
    moduleRef.useLogger(moduleRef.get(Logger));
    logger = new NestLogger('Test');
  });
  afterAll(() => release());
  beforeEach(() => {
    lines.length = 0;
  });

  it('writes one JSON object per line with the service, level, time, context and request id', () => {
    runWithRequestContext({ requestId: 'req-1' }, () => new NestLogger('Http').log({ msg: 'request', status: 200 }));
    expect(lines).toEqual([{ level: 'info', time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), service: 'api', requestId: 'req-1', context: 'Http', msg: 'request', status: 200 }]);
  });

  it('drops lines below its level', () => {
    const written: string[] = [];
    const warnOnly = pino(pinoOptions('api', 'warn'), { write: (line: string) => written.push(line) });
    warnOnly.info('hidden');
    warnOnly.debug('hidden');
    warnOnly.warn('shown');
    expect(written.map((line) => JSON.parse(line).msg)).toEqual(['shown']);
  });

  it('never writes credentials or tokens, at the top level or one level down', () => {
    logger.log({ msg: 'x', password: 'hunter2', token: 'abc', nested: { accessToken: 'eyJ', authorization: 'Bearer x' } });
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toMatch(/hunter2|abc|eyJ|Bearer/);
  });

  it('censors every personal field and cookie, at the top level, one level down and in request headers', () => {
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
    new NestLogger('Errors').error({ msg: 'request failed', err: new Error('boom') });
    expect(lines[0]).toEqual(expect.objectContaining({ level: 'error', msg: 'request failed', context: 'Errors', err: expect.objectContaining({ message: 'boom', stack: expect.stringContaining('boom') }) }));
  });

  it("keeps Nest's own (message, stack, context) error calls", () => {
    new NestLogger('ExceptionsHandler').error('boom', new Error('boom').stack);
    expect(lines[0]).toEqual(expect.objectContaining({ level: 'error', context: 'ExceptionsHandler', err: expect.objectContaining({ stack: expect.stringContaining('boom') }) }));
  });
});
