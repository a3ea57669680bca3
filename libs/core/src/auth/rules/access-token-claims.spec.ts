import { Role } from '../role';
import { acceptAccessTokenClaims } from './access-token-claims';

const now = 1_800_000_000;
const limits = { nowSeconds: now, maxLifetimeSeconds: 3600, skewSeconds: 30 };
const valid = {
  sub: '1b7bb2ff-51b9-42bc-ba89-19f6dc765ddd',
  sid: '2c8cc3aa-51b9-42bc-ba89-19f6dc765eee',
  role: Role.TrustAdmin,
  trustId: '3d9dd4bb-51b9-42bc-ba89-19f6dc765fff',
  iat: now - 10,
  exp: now + 3590,
};

describe('access token claims', () => {
  it('accepts the claims this service issues', () => {
    expect(acceptAccessTokenClaims(valid, limits)).toEqual(valid);
    expect(acceptAccessTokenClaims({ ...valid, role: Role.NationalAdmin, trustId: null }, limits)).not.toBeNull();
  });

  it.each([
    ['no exp', { exp: undefined }],
    ['no iat', { iat: undefined }],
    ['exp as text', { exp: String(now + 60) }],
    ['iat in the future beyond the skew', { iat: now + 31, exp: now + 3000 }],
    ['expired', { iat: now - 4000, exp: now - 400 }],
    ['a lifetime longer than we issue', { iat: now - 10, exp: now + 7200 }],
    ['exp before iat', { iat: now, exp: now - 1 }],
    ['no session id', { sid: undefined }],
    ['a subject that is not a user id', { sub: 'admin@example.nhs.uk' }],
    ['an unknown role', { role: 'root' }],
    ['a national admin with a trust', { role: Role.NationalAdmin }],
    ['a trust user without a trust', { trustId: null }],
  ])('refuses a token with %s', (_name, change) => {
    expect(acceptAccessTokenClaims({ ...valid, ...change }, limits)).toBeNull();
  });

  it('tolerates a host clock a few seconds behind the issuer', () => {
    expect(acceptAccessTokenClaims({ ...valid, iat: now + 20, exp: now + 3620 }, limits)).not.toBeNull();
  });
});
