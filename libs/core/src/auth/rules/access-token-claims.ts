import { ROLES, Role } from '../role';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * What an access token says, and nothing more: ids and the role. The email is not in it (a token is
 * readable by anyone who holds it); whoever needs the email loads the user.
 */
export interface AccessTokenClaims {
  sub: string;
  /** The sign-in (auth_session) the token belongs to: revoking it stops the token. */
  sid: string;
  role: Role;
  trustId: string | null;
  iat: number;
  exp: number;
}

export interface AccessTokenLimits {
  nowSeconds: number;
  /** Longest lifetime we issue (JWT_EXPIRES_IN_SECONDS): a longer one was not minted by this service's rules. */
  maxLifetimeSeconds: number;
  /** Tolerated clock difference between API hosts. */
  skewSeconds: number;
}

/**
 * Accepts a signature-checked payload only if it has every claim we issue: `exp` and `iat` included
 * (a token without `exp` would never expire), `iat` not in the future beyond the skew, and a lifetime
 * no longer than ours. Returns null for anything else.
 */
export function acceptAccessTokenClaims(payload: unknown, limits: AccessTokenLimits): AccessTokenClaims | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const { sub, sid, role, trustId, iat, exp } = payload as Record<string, unknown>;
  if (typeof sub !== 'string' || !UUID.test(sub) || typeof sid !== 'string' || !UUID.test(sid)) return null;
  if (!ROLES.includes(role as Role)) return null;
  if (!(trustId === null || (typeof trustId === 'string' && UUID.test(trustId)))) return null;
  if ((role === Role.NationalAdmin) !== (trustId === null)) return null;
  if (!Number.isInteger(iat) || !Number.isInteger(exp)) return null;
  const issued = iat as number;
  const expires = exp as number;
  if (issued > limits.nowSeconds + limits.skewSeconds) return null;
  if (expires <= limits.nowSeconds - limits.skewSeconds) return null;
  if (expires <= issued || expires - issued > limits.maxLifetimeSeconds) return null;
  return { sub, sid, role: role as Role, trustId: trustId as string | null, iat: issued, exp: expires };
}
