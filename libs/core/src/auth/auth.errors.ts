import { DomainError } from '../errors/domain-error';

export enum AuthErrorCode {
  InvalidCredentials = 'INVALID_CREDENTIALS',
  EmailTaken = 'EMAIL_TAKEN',
  TrustRequired = 'TRUST_REQUIRED',
  RoleNotAllowed = 'ROLE_NOT_ALLOWED',
}

export class AuthError extends DomainError<AuthErrorCode> {
  get httpStatus(): number {
    switch (this.code) {
      case AuthErrorCode.InvalidCredentials:
        return 401;
      case AuthErrorCode.EmailTaken:
        return 409;
      case AuthErrorCode.TrustRequired:
        return 400;
      case AuthErrorCode.RoleNotAllowed:
        return 403;
    }
  }
}
