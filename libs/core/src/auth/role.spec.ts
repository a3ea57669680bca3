import { Role, canSeeTrust, roleAllows } from './role';

describe('roles', () => {
  it('lets viewers read but not write, and keeps national routes for national admins', () => {
    expect(roleAllows(Role.TrustViewer, 'read')).toBe(true);
    expect(roleAllows(Role.TrustViewer, 'write')).toBe(false);
    expect(roleAllows(Role.TrustAdmin, 'write')).toBe(true);
    expect(roleAllows(Role.TrustAdmin, 'national')).toBe(false);
    expect(roleAllows(Role.NationalAdmin, 'national')).toBe(true);
  });

  it('scopes trust users to their own trust only', () => {
    const user = { role: Role.TrustAdmin, trustId: 'trust-a' };
    expect(canSeeTrust(user, 'trust-a')).toBe(true);
    expect(canSeeTrust(user, 'trust-b')).toBe(false);
    expect(canSeeTrust({ ...user, role: Role.NationalAdmin, trustId: null }, 'trust-b')).toBe(true);
  });
});
