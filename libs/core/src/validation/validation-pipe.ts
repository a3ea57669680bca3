import { ValidationError, ValidationPipe } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import { CommonError, ErrorDetail } from '../errors/domain-error';
import { childPath, singleLineProblems } from './text-rules';

/** `items[3].nhsNumber` style paths, so a client can find the bad row of a 10,000-row import. */
export function flattenValidationErrors(errors: ValidationError[], parentPath = ''): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const error of errors) {
    // A text-rule error already carries its full path; anything else is one step below its parent.
    const path = error.constraints?.singleLine !== undefined ? error.property : childPath(parentPath, /^\d+$/.test(error.property) ? Number(error.property) : error.property);
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

/**
 * class-validator's rules, then the one text rule every DTO shares: a string field is one line of text
 * unless it is marked `@MultilineText()`. Both kinds of problem come back in one answer.
 */
class ApiValidationPipe extends ValidationPipe {
  protected override async validate(object: object, validatorOptions?: ValidatorOptions): Promise<ValidationError[]> {
    const errors = await super.validate(object, validatorOptions);
    // A detail's field is already the full path; flattenValidationErrors keeps it as it is.
    const textErrors = singleLineProblems(object).map(({ field, message }): ValidationError => ({ property: field ?? 'body', constraints: { singleLine: message }, children: [] }));
    return [...errors, ...textErrors];
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
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
