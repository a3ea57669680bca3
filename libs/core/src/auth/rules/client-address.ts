import { createHash } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * The key a client address is limited under. IPv4 addresses (also when mapped into IPv6) count one by
 * one; an IPv6 client counts as its /64, because one home or cloud host is routinely given a whole /64
 * and could otherwise rotate through 2^64 addresses.
 */
export function addressLimitKey(address: string): string {
  const plain = address.split('%')[0];
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(plain);
  if (mapped) return mapped[1];
  const family = isIP(plain);
  // Only a trusted proxy can hand us something else; it is still limited, under a bounded key.
  if (family === 0) return `other:${createHash('sha256').update(address).digest('hex').slice(0, 32)}`;
  if (family === 4) return plain;
  return `${expandIpv6(plain).slice(0, 4).join(':')}::/64`;
}

/** Eight 4-digit groups, lower case; an embedded IPv4 tail (`64:ff9b::1.2.3.4`) becomes two groups. */
function expandIpv6(address: string): string[] {
  let text = address.toLowerCase();
  const ipv4Tail = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (ipv4Tail) {
    const [a, b, c, d] = ipv4Tail.slice(1).map(Number);
    text = text.slice(0, ipv4Tail.index) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16);
  }
  const [head, tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail === undefined ? [] : tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array(missing).fill('0'), ...tailGroups];
  return groups.map((group) => group.padStart(4, '0'));
}
