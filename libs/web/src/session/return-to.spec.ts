import { safeReturnTo, signInPath } from './return-to';

describe('safeReturnTo', () => {
  it('keeps console and queue dashboard paths with their query', () => {
    expect(safeReturnTo('/console')).toBe('/console');
    expect(safeReturnTo('/console/trusts/abc?tab=cover')).toBe('/console/trusts/abc?tab=cover');
    expect(safeReturnTo('/admin/queues')).toBe('/admin/queues');
    expect(safeReturnTo('/admin/queues/queue/notices')).toBe('/admin/queues/queue/notices');
  });

  it.each([
    'https://evil.example/console',
    '//evil.example/console',
    '/\\evil.example/console',
    '/\t/evil.example',
    'javascript:alert(1)',
    'console',
    '/api/v1/trusts',
    '/consoles',
    '/console/login',
    '/console/login?returnTo=/console',
    '/console/logout',
    '/console/../api/v1/users',
    '',
    undefined,
    ['/console'],
  ])('refuses %j', (value) => {
    expect(safeReturnTo(value)).toBeNull();
  });

  it('resolves dot segments before checking the prefix', () => {
    expect(safeReturnTo('/console/./trusts')).toBe('/console/trusts');
  });
});

describe('signInPath', () => {
  it('carries returnTo and the reason, encoded', () => {
    expect(signInPath(null)).toBe('/console/login');
    expect(signInPath('/console/trusts/a?x=1&y=2', 'expired')).toBe('/console/login?returnTo=%2Fconsole%2Ftrusts%2Fa%3Fx%3D1%26y%3D2&notice=expired');
  });
});
