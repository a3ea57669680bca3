export enum Role {
  NationalAdmin = 'national-admin',
  TrustAdmin = 'trust-admin',
  TrustViewer = 'trust-viewer',
}

export const ROLES = Object.values(Role);

/**
 * Who is calling, as proven by their token (ids and role only; load the user for anything else).
 * National admins have no trust: they see every trust.
 */
export interface AuthUser {
  id: string;
  role: Role;
  trustId: string | null;
  /** The sign-in the token belongs to (signing out revokes it). */
  sessionId: string;
}

/** Who acts in a service call: a signed-in user (their session does not matter there). */
export type Actor = Pick<AuthUser, 'id' | 'role' | 'trustId'>;

/**
 * What a route needs: `read` any signed-in role (scoped to the caller's trust), `write` a trust-admin
 * of that trust or a national admin, `national` national admins only.
 */
export type Access = 'read' | 'write' | 'national';

export function roleAllows(role: Role, access: Access): boolean {
  switch (access) {
    case 'read':
      return true;
    case 'write':
      return role === Role.NationalAdmin || role === Role.TrustAdmin;
    case 'national':
      return role === Role.NationalAdmin;
  }
}

/** A trust user sees only their own trust; national admins see all. */
export function canSeeTrust(user: Pick<AuthUser, 'role' | 'trustId'>, trustId: string): boolean {
  return user.role === Role.NationalAdmin || user.trustId === trustId;
}
