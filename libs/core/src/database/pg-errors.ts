import { QueryFailedError } from 'typeorm';

/** PostgreSQL SQLSTATE codes this service reacts to. */
export const PgErrorCode = {
  UniqueViolation: '23505',
  ForeignKeyViolation: '23503',
  CheckViolation: '23514',
  NotNullViolation: '23502',
  ExclusionViolation: '23P01',
  InvalidTextRepresentation: '22P02',
  InvalidDatetimeFormat: '22007',
  DatetimeFieldOverflow: '22008',
  StringDataRightTruncation: '22001',
  NumericValueOutOfRange: '22003',
  SerializationFailure: '40001',
  DeadlockDetected: '40P01',
  InvalidCatalogName: '3D000',
  InsufficientPrivilege: '42501',
} as const;

export interface PgErrorInfo {
  code: string;
  constraint?: string;
  detail?: string;
}

export function pgErrorOf(error: unknown): PgErrorInfo | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = (error as QueryFailedError & { driverError?: PgErrorInfo }).driverError;
  return driverError?.code ? driverError : null;
}

export function isPgError(error: unknown, code: string, constraint?: string): boolean {
  const info = pgErrorOf(error);
  return !!info && info.code === code && (constraint === undefined || info.constraint === constraint);
}
