import { ValidationOptions, registerDecorator } from 'class-validator';
import { isIsoInstantWithOffset } from '../time/london-time';
import { isValidGmcNumber, isValidNhsNumber, isValidSiteOdsCode, isValidTrustOdsCode, isValidUkMobile, KEBAB_CASE } from './identifiers';

function rule(name: string, test: (value: unknown) => boolean, message: string) {
  return (options?: ValidationOptions) =>
    (target: object, propertyName: string): void =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName,
        options: { message, ...options },
        validator: { validate: (value: unknown) => test(value) },
      });
}

const isString = (value: unknown): value is string => typeof value === 'string';

export const IsNhsNumber = rule('isNhsNumber', (v) => isString(v) && isValidNhsNumber(v), 'must be a valid 10-digit NHS number (modulus 11 check digit)');
export const IsTrustOdsCode = rule('isTrustOdsCode', (v) => isString(v) && isValidTrustOdsCode(v), 'must be a 3-character ODS trust code such as RQM');
export const IsSiteOdsCode = rule('isSiteOdsCode', (v) => isString(v) && isValidSiteOdsCode(v), 'must be a 5-character ODS site code such as RQM01');
export const IsUkMobile = rule('isUkMobile', (v) => isString(v) && isValidUkMobile(v), 'must be a UK mobile number (07… or +447…)');
export const IsGmcNumber = rule('isGmcNumber', (v) => isString(v) && isValidGmcNumber(v), 'must be a 7-digit GMC number');
export const IsKebabCase = rule('isKebabCase', (v) => isString(v) && KEBAB_CASE.test(v), 'must be kebab-case, e.g. emergency-medicine');
export const IsInstantWithOffset = rule(
  'isInstantWithOffset',
  (v) => isIsoInstantWithOffset(v),
  'must be an ISO 8601 date-time with an offset, e.g. 2026-01-12T08:00:00+00:00',
);
