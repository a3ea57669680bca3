import { addressLimitKey } from './client-address';

describe('address limit key', () => {
  it('counts IPv4 addresses one by one, also when mapped into IPv6', () => {
    expect(addressLimitKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressLimitKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  it('counts every address of one IPv6 /64 as one client', () => {
    expect(addressLimitKey('2001:db8:1:2::1')).toBe('2001:0db8:0001:0002::/64');
    expect(addressLimitKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:0db8:0001:0002::/64');
    expect(addressLimitKey('2001:DB8:1:2:0:0:0:7')).toBe('2001:0db8:0001:0002::/64');
    expect(addressLimitKey('2001:db8:1:3::1')).not.toBe(addressLimitKey('2001:db8:1:2::1'));
    expect(addressLimitKey('fe80::1%eth0')).toBe('fe80:0000:0000:0000::/64');
    expect(addressLimitKey('::1')).toBe('0000:0000:0000:0000::/64');
    expect(addressLimitKey('64:ff9b::192.0.2.1')).toBe('0064:ff9b:0000:0000::/64');
  });

  it('keys anything that is not an address (from a misbehaving proxy) by a short hash', () => {
    const key = addressLimitKey('x'.repeat(500));
    expect(key).toMatch(/^other:[0-9a-f]{32}$/);
    expect(addressLimitKey('x'.repeat(500))).toBe(key);
  });
});
