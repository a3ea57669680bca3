import { DomainError } from '../errors/domain-error';

export enum AuthErrorCode {
  InvalidCredentials = 'INVALID_CREDENTIALS',
  AccountDisabled = 'ACCOUNT_DISABLED',
  AccountLocked = 'ACCOUNT_LOCKED',
  InvalidRefreshToken = 'INVALID_REFRESH_TOKEN',
  CurrentPasswordWrong = 'CURRENT_PASSWORD_WRONG',
  EmailTaken = 'EMAIL_TAKEN',
  TrustRequired = 'TRUST_REQUIRED',
  RoleNotAllowed = 'ROLE_NOT_ALLOWED',
  CannotDisableSelf = 'CANNOT_DISABLE_SELF',
}

export class AuthError extends DomainError<AuthErrorCode> {
  get httpStatus(): number {
    switch (this.code) {
      case AuthErrorCode.InvalidCredentials:
      case AuthErrorCode.AccountDisabled:
      case AuthErrorCode.InvalidRefreshToken:
        return 401;
      case AuthErrorCode.CurrentPasswordWrong:
      case AuthErrorCode.TrustRequired:
        return 400;
      case AuthErrorCode.RoleNotAllowed:
        return 403;
      case AuthErrorCode.EmailTaken:
        return 409;
      case AuthErrorCode.CannotDisableSelf:
        return 422;
      case AuthErrorCode.AccountLocked:
        return 429;
    }
  }
}
