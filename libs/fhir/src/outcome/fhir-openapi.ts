import type { OpenAPIObject } from '@nestjs/swagger';
import { FHIR_JSON } from '../engine/systems';
import { OPERATION_OUTCOME_SCHEMA } from './operation-outcome';

export const OPERATION_OUTCOME = 'OperationOutcome';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * The FHIR routes answer errors as an OperationOutcome (fhir-error-responder): their error responses
 * in the document say so, with the same statuses and `x-error-codes` as every other route.
 */
export function fhirOpenApi(document: OpenAPIObject): OpenAPIObject {
  document.components = document.components ?? {};
  document.components.schemas = { ...document.components.schemas, [OPERATION_OUTCOME]: OPERATION_OUTCOME_SCHEMA };
  for (const [path, item] of Object.entries(document.paths)) {
    if (!/^\/api\/v1\/trusts\/\{trustId\}\/fhir\/R4(\/|$)/.test(path)) continue;
    for (const method of METHODS) {
      const responses = (item[method]?.responses ?? {}) as Record<string, { content?: Record<string, unknown> }>;
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) >= 400) response.content = { [FHIR_JSON]: { schema: { $ref: `#/components/schemas/${OPERATION_OUTCOME}` } } };
      }
    }
  }
  return document;
}
