import { Role } from '@app/core';
import { hashPassword } from '@app/core';
import { randomBytes } from 'node:crypto';
import { TestApp } from './test-app';

export interface ConsoleUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  trustId: string | null;
}

/** A user who can sign in to the console with a real password (the API's own users table). */
export async function createConsoleUser(t: TestApp, role: Role, trustId: string | null = null): Promise<ConsoleUser> {
  const email = `${role}-${randomBytes(4).toString('hex')}@test.nhs.uk`;
  const password = `password-${randomBytes(6).toString('hex')}`;
  const scopedTrust = role === Role.NationalAdmin ? null : trustId;
  const [row] = await t.dataSource.query(`INSERT INTO app_user (email, password_hash, role, trust_id) VALUES ($1, $2, $3, $4) RETURNING id`, [email, await hashPassword(password), role, scopedTrust]);
  return { id: row.id, email, password, role, trustId: scopedTrust };
}

export interface SignedInSession {
  /** The Cookie header value to send. */
  cookie: string;
  csrfToken: string;
}

function cookiesOf(headers: Record<string, unknown>): string[] {
  const raw = headers['set-cookie'];
  const lines = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? [raw] : [];
  return lines.map((line) => line.split(';')[0]).filter((pair) => !pair.endsWith('='));
}

export function csrfTokenIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1];
}

/** Signs in through the console's own forms (in-process, no browser): the cookie and the session's CSRF token. */
export async function signInToConsole(t: TestApp, user: ConsoleUser): Promise<SignedInSession> {
  const form = await t.app.inject({ method: 'GET', url: '/console/login' });
  const signInCookie = cookiesOf(form.headers).join('; ');
  const response = await t.app.inject({
    method: 'POST',
    url: '/console/login',
    headers: { cookie: signInCookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfTokenIn(form.body), email: user.email, password: user.password }).toString(),
  });
  if (response.statusCode !== 303) throw new Error(`sign-in: ${response.statusCode} ${response.body.slice(0, 300)}`);
  const cookie = cookiesOf(response.headers).join('; ');
  const landing = await t.app.inject({ method: 'GET', url: user.trustId ? `/console/trusts/${user.trustId}` : '/console', headers: { cookie } });
  return { cookie, csrfToken: csrfTokenIn(landing.body) };
}
