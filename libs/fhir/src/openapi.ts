import { applyDecorators } from '@nestjs/common';
import { ApiQuery, ApiResponse, ApiResponseOptions } from '@nestjs/swagger';
import { FHIR_JSON } from './engine/systems';

/** A FHIR JSON body in the OpenAPI document (`application/fhir+json`, and `application/json` too). */
export function fhirContent(resourceType: string): Record<string, { schema: Record<string, unknown> }> {
  const schema = {
    type: 'object',
    description: `A FHIR R4 ${resourceType} (docs/fhir.md has the mapping)`,
    required: ['resourceType'],
    properties: { resourceType: { type: 'string', enum: [resourceType] } },
    additionalProperties: true,
  };
  return { [FHIR_JSON]: { schema }, 'application/json': { schema } };
}

export function fhirOk(resourceType: string, description: string): ApiResponseOptions {
  return { status: 200, description, content: fhirContent(resourceType) };
}

/** The paging and change-feed parameters every FHIR search takes, and its searchset answer. */
export function FhirSearchPage(): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: '_lastUpdated', required: false, isArray: true, type: String, description: 'ge, gt, le or lt and an instant with its offset or a day' }),
    ApiQuery({ name: '_count', required: false, type: Number, description: 'Page size, 1–500 (50 by default)' }),
    ApiQuery({ name: '_cursor', required: false, description: 'From the next link of the previous page' }),
    ApiResponse(fhirOk('Bundle', 'A searchset Bundle of one page, with self and next links')),
  );
}
