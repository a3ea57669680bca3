import { DomainError } from '../errors/domain-error';

export enum AuthErrorCode {
  InvalidCredentials = 'INVALID_CREDENTIALS',
  EmailTaken = 'EMAIL_TAKEN',
  TrustRequired = 'TRUST_REQUIRED',
  RoleNotAllowed = 'ROLE_NOT_ALLOWED',
}

export class AuthError extends DomainError {
  constructor(code: AuthErrorCode, message: string, details: { field: string; message: string }[] = []) {
    super(code, message, details);
  }

  get httpStatus(): number {
    switch (this.code as AuthErrorCode) {
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
