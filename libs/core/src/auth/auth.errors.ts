import { defineErrors } from '../errors/domain-error';

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

export class AuthError extends defineErrors<AuthErrorCode>({
  [AuthErrorCode.InvalidCredentials]: 401,
  [AuthErrorCode.AccountDisabled]: 401,
  [AuthErrorCode.InvalidRefreshToken]: 401,
  [AuthErrorCode.CurrentPasswordWrong]: 400,
  [AuthErrorCode.TrustRequired]: 400,
  [AuthErrorCode.RoleNotAllowed]: 403,
  [AuthErrorCode.EmailTaken]: 409,
  [AuthErrorCode.CannotDisableSelf]: 422,
  [AuthErrorCode.AccountLocked]: 429,
}) {}
