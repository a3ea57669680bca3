// The public surface of the FHIR lib: the module, the OperationOutcome error answer of its routes
// (plugged into the HTTP app's error pipeline), and the parsing of FHIR JSON bodies.
export * from './fhir.module';
export { FhirErrorResponder, firstResponder, FHIR_PATH_PATTERN } from './outcome/fhir-error-responder';
export { OPERATION_OUTCOME_SCHEMA, toOperationOutcome } from './outcome/operation-outcome';
export type { OperationOutcome, OperationOutcomeIssue } from './outcome/operation-outcome';
export { FhirError, FhirErrorCode } from './fhir.errors';
export { fhirOpenApi } from './outcome/fhir-openapi';
export { CANCELLATION_REASON, EXTENSION, FHIR_CONTENT_TYPE, FHIR_JSON, FHIR_LOCAL_BASE, SYSTEM } from './engine/systems';
