import { ApiResponseOptions } from '@nestjs/swagger';
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
