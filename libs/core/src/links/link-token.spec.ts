import { createHash } from 'node:crypto';
import { hashLinkToken, looksLikeLinkToken, newLinkTokens } from './link-token';

describe('link tokens', () => {
  it('makes distinct 256-bit tokens and stores only their SHA-256', () => {
    const tokens = newLinkTokens(1000);
    expect(new Set(tokens.map((t) => t.token)).size).toBe(1000);
    for (const { token, hash } of tokens.slice(0, 5)) {
      expect(looksLikeLinkToken(token)).toBe(true);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
      expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
      expect(hashLinkToken(token)).toBe(hash);
    }
  });

  it('recognises only the shape it issues', () => {
    expect(looksLikeLinkToken('short')).toBe(false);
    expect(looksLikeLinkToken(`${'A'.repeat(42)}=`)).toBe(false);
    expect(looksLikeLinkToken('A'.repeat(43))).toBe(true);
    expect(looksLikeLinkToken(undefined)).toBe(false);
    expect(looksLikeLinkToken(42)).toBe(false);
  });
});
