import { DomainError } from '../errors/domain-error';

export const API_ERRORS = 'openapi:error-codes';

export interface DocumentedError {
  status: number;
  code: string;
}

type DomainErrorClass<Code extends string> = new (code: Code, message: string) => DomainError<Code>;

/**
 * The domain error codes an operation can answer, from the lib's own error class (so the status comes
 * from its exhaustive switch, never written twice). Stack one per error class. The codes every route
 * of a kind can answer (401 without a token, 404 for an unknown id, 413, 415, 503…) are added to every
 * operation by `completeOpenApiDocument`; this decorator names only what is particular to the route.
 */
export function ApiErrors<Code extends string>(errorClass: DomainErrorClass<Code>, ...codes: Code[]): MethodDecorator {
  const documented = codes.map((code): DocumentedError => ({ code, status: new errorClass(code, '').httpStatus }));
  return (_target, _key, descriptor) => {
    const handler = descriptor.value as object;
    const existing: DocumentedError[] = Reflect.getMetadata(API_ERRORS, handler) ?? [];
    Reflect.defineMetadata(API_ERRORS, [...existing, ...documented], handler);
    return descriptor;
  };
}
