import { hashRecallToken, isRecallTokenShape, issueRecallToken } from './recall-token';

describe('recall link tokens', () => {
  it('issues 256-bit url-safe tokens that are all different', () => {
    const tokens = Array.from({ length: 1_000 }, () => issueRecallToken().token);
    expect(new Set(tokens).size).toBe(1_000);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    }
  });

  it('keeps only the SHA-256 of the token, which does not contain the token', () => {
    const { token, hash } = issueRecallToken();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashRecallToken(token));
    expect(hash).not.toContain(token);
  });

  it('recognises only the token shape, so junk in the path never reaches the database', () => {
    expect(isRecallTokenShape(issueRecallToken().token)).toBe(true);
    for (const junk of ['', 'abc', 'a'.repeat(44), `${'a'.repeat(42)}=`, `${'a'.repeat(42)}/`, null, 42, undefined]) {
      expect(isRecallTokenShape(junk)).toBe(false);
    }
  });
});
