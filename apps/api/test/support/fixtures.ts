import { Role } from '@app/core';
import { TestApp } from './test-app';

/** Valid NHS numbers (modulus 11) generated from a seed, so imports can be as large as a test needs. */
export function validNhsNumber(seed: number): string {
  for (let candidate = seed * 10; ; candidate++) {
    const base = String(candidate % 1_000_000_000).padStart(9, '0');
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(base[i]) * (10 - i);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    return base + (check === 11 ? 0 : check);
  }
}

export interface TrustFixture {
  trustId: string;
  siteIds: string[];
  departmentIds: string[];
  admin: string;
  viewer: string;
}

let odsCounter = 0;

/** A trust with two sites and an emergency department at each, plus an admin and a viewer. */
export async function createTrust(t: TestApp, national: string, name = 'Test Trust'): Promise<TrustFixture> {
  const index = odsCounter++;
  const odsCode = `T${String.fromCharCode(65 + Math.floor(index / 26) % 26)}${String.fromCharCode(65 + (index % 26))}`;
  const trust = await t.request('POST', '/api/v1/trusts', { token: national, body: { odsCode, name } });
  if (trust.status !== 201) throw new Error(`trust: ${trust.status} ${trust.text}`);
  const trustId = trust.body.id;
  const admin = await t.bearer(Role.TrustAdmin, trustId);
  const siteIds: string[] = [];
  const departmentIds: string[] = [];
  for (const n of [1, 2]) {
    const site = await t.request('POST', `/api/v1/trusts/${trustId}/sites`, { token: admin, body: { odsSiteCode: `${odsCode}0${n}`, name: `${name} site ${n}` } });
    siteIds.push(site.body.id);
    const department = await t.request('POST', `/api/v1/trusts/${trustId}/departments`, { token: admin, body: { siteId: site.body.id, name: 'Emergency Department', kind: 'emergency' } });
    departmentIds.push(department.body.id);
  }
  return { trustId, siteIds, departmentIds, admin, viewer: await t.bearer(Role.TrustViewer, trustId) };
}

export function walkoutBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    union: 'BMA',
    staffGroups: ['resident-doctor'],
    mode: 'full-walkout',
    startsAt: '2026-01-12T07:00:00+00:00',
    endsAt: '2026-01-14T07:00:00+00:00',
    noticeReceivedAt: '2025-12-20T09:00:00+00:00',
    ...overrides,
  };
}
