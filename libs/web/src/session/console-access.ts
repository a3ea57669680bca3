import { Access, AuthUser, checkAccess } from '@app/core';
import { Injectable } from '@nestjs/common';
import { WebError, WebErrorCode } from '../web.errors';
import { ConsoleSession, ConsoleSessionService } from './console-session.service';
import { changesState, csrfTokensMatch, submittedCsrfToken } from './csrf';
import { SessionCookies } from './session-cookies';

/** A request to a console page, as far as the check reads and marks it. */
export interface ConsoleRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  params?: unknown;
  body?: unknown;
  cookies?: Record<string, string | undefined>;
  user?: AuthUser;
  consoleSession?: ConsoleSession;
}

export interface ConsoleAccessRule {
  access: Access;
  /** The sign-in form: no session needed, and its CSRF token is the sign-in cookie's. */
  signInForm?: boolean;
}

/**
 * The one check in front of every console page and every state-changing console or dashboard request,
 * used by the Nest guard (ConsoleSessionGuard) and by the Fastify-mounted pages (consolePageHook):
 *
 * 1. a live session (else 401: the page responder sends the browser to sign in),
 * 2. the API's own trust-scope and role rules (`checkAccess`: another trust's page is 404, never 403),
 * 3. for anything but GET/HEAD/OPTIONS, the session's CSRF token in the form or a header (else 403).
 */
@Injectable()
export class ConsoleAccess {
  constructor(
    private readonly sessions: ConsoleSessionService,
    private readonly cookies: SessionCookies,
  ) {}

  async check(request: ConsoleRequest, rule: ConsoleAccessRule): Promise<ConsoleSession | null> {
    const cookie = this.cookies.session(request);
    const session = cookie ? await this.sessions.resolve(cookie) : null;
    if (session) {
      request.user = session.user;
      request.consoleSession = session;
    }
    if (!rule.signInForm) {
      if (!session) throw new WebError(cookie ? WebErrorCode.SessionEnded : WebErrorCode.SignInRequired, 'Sign in to use the console');
      const params = request.params && typeof request.params === 'object' ? (request.params as Record<string, string | undefined>) : {};
      checkAccess(session.user, params.trustId, rule.access);
    }
    if (changesState(request.method)) {
      const expected = rule.signInForm ? this.cookies.signInToken(request) : session!.csrfToken;
      if (!csrfTokensMatch(submittedCsrfToken(request), expected)) {
        throw new WebError(WebErrorCode.CsrfTokenInvalid, 'The form was sent without its security token, or with an old one');
      }
      // The token has done its job; the route's own reading of the form never sees it.
      if (request.body && typeof request.body === 'object') delete (request.body as Record<string, unknown>)._csrf;
    }
    return session;
  }
}
