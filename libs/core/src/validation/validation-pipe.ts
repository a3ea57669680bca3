import { ValidationError, ValidationPipe } from '@nestjs/common';
import { CommonError, ErrorDetail } from '../errors/domain-error';

/** `items[3].nhsNumber` style paths, so a client can find the bad row of a 10,000-row import. */
export function flattenValidationErrors(errors: ValidationError[], parentPath = ''): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const error of errors) {
    const path = /^\d+$/.test(error.property)
      ? `${parentPath}[${error.property}]`
      : parentPath
        ? `${parentPath}.${error.property}`
        : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      details.push({ field: path, message: humanise(message, error.property) });
    }
    if (error.children?.length) details.push(...flattenValidationErrors(error.children, path));
  }
  return details;
}

/** class-validator messages start with the property name; the detail already names the field. */
function humanise(message: string, property: string): string {
  if (message === `property ${property} should not exist`) return 'is not a known field';
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors);
      return CommonError.validation(details.length ? details : [{ field: 'body', message: 'must be a JSON object' }]);
    },
  });
}
