import { APP_CONFIG, AppConfig } from '@app/core';
import { Inject, Injectable } from '@nestjs/common';

/** The parts of Fastify's request and reply (with @fastify/cookie) the cookies need. */
export interface CookieRequest {
  cookies?: Record<string, string | undefined>;
}
export interface CookieReply {
  setCookie(name: string, value: string, options: CookieOptions): unknown;
  clearCookie(name: string, options: CookieOptions): unknown;
}
interface CookieOptions {
  path: string;
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'lax' | 'strict';
  maxAge?: number;
}

const SIGN_IN_TOKEN_SECONDS = 2 * 60 * 60;

/**
 * The console's cookies. The session cookie is the random session id: HttpOnly, SameSite=Lax (a link
 * from an email opens the console signed in, a cross-site form post does not carry it), Path=/, and
 * Secure with the `__Host-` prefix whenever the service is served over https, so no subdomain and no
 * http page can set or read it. It has no Max-Age: it ends with the browser, and the server ends the
 * session itself on idle and absolute expiry.
 */
@Injectable()
export class SessionCookies {
  readonly sessionName: string;
  private readonly secure: boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.secure = config.consoleSession.secureCookies;
    this.sessionName = this.secure ? '__Host-strike-ops-session' : 'strike-ops-session';
  }

  session(request: CookieRequest): string | undefined {
    return request.cookies?.[this.sessionName];
  }

  setSession(reply: CookieReply, value: string): void {
    reply.setCookie(this.sessionName, value, { path: '/', httpOnly: true, secure: this.secure, sameSite: 'lax' });
  }

  clearSession(reply: CookieReply): void {
    reply.clearCookie(this.sessionName, { path: '/', httpOnly: true, secure: this.secure, sameSite: 'lax' });
  }

  /**
   * Before sign-in there is no session to hold a CSRF token, so the sign-in form is a double submit:
   * the token is in a cookie only this path receives (SameSite=Strict) and in the form, and the two
   * must match. Another site can post a form but cannot read or set this cookie.
   */
  signInToken(request: CookieRequest): string | undefined {
    return request.cookies?.['strike-ops-sign-in'];
  }

  setSignInToken(reply: CookieReply, token: string): void {
    reply.setCookie('strike-ops-sign-in', token, { path: '/console/login', httpOnly: true, secure: this.secure, sameSite: 'strict', maxAge: SIGN_IN_TOKEN_SECONDS });
  }

  clearSignInToken(reply: CookieReply): void {
    reply.clearCookie('strike-ops-sign-in', { path: '/console/login', httpOnly: true, secure: this.secure, sameSite: 'strict' });
  }

  /**
   * The queue dashboard is a script page whose requests we do not write: its HTTP client (axios) sends
   * the `XSRF-TOKEN` cookie back as an `X-XSRF-TOKEN` header on same-origin requests. The value is the
   * session's own CSRF token, so the one check applies; readable by scripts on that path only.
   */
  setDashboardXsrf(reply: CookieReply, path: string, token: string): void {
    reply.setCookie('XSRF-TOKEN', token, { path, httpOnly: false, secure: this.secure, sameSite: 'strict' });
  }
}
