import { widenContentSecurityPolicy } from './queue-dashboard';

describe('widenContentSecurityPolicy', () => {
  it('adds sources to the named directives and keeps every other directive as it was', () => {
    const policy = "default-src 'self';script-src 'self' 'sha256-x';style-src 'self';upgrade-insecure-requests";
    expect(widenContentSecurityPolicy(policy, { 'style-src': ["'unsafe-inline'", 'https://fonts.googleapis.com'], 'font-src': ['https://fonts.gstatic.com'] })).toBe(
      "default-src 'self';script-src 'self' 'sha256-x';style-src 'self' 'unsafe-inline' https://fonts.googleapis.com;upgrade-insecure-requests;font-src 'self' https://fonts.gstatic.com",
    );
  });

  it('does not repeat a source already allowed', () => {
    expect(widenContentSecurityPolicy("font-src 'self' https://a", { 'font-src': ['https://a', 'https://b'] })).toBe("font-src 'self' https://a https://b");
  });
});
