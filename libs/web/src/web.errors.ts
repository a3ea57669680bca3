import { defineErrors } from '@app/core';

export enum WebErrorCode {
  /** A console page without a session: the browser is sent to sign in. */
  SignInRequired = 'SIGN_IN_REQUIRED',
  /** The session cookie names a session that ended (idle, too old, signed out elsewhere). */
  SessionEnded = 'SESSION_ENDED',
  /** A form posted without this session's CSRF token (or with another one). */
  CsrfTokenInvalid = 'CSRF_TOKEN_INVALID',
}

export class WebError extends defineErrors<WebErrorCode>({
  [WebErrorCode.SignInRequired]: 401,
  [WebErrorCode.SessionEnded]: 401,
  [WebErrorCode.CsrfTokenInvalid]: 403,
}) {}
