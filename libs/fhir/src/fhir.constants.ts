/** The FHIR base of a trust: every FHIR route is below it (docs/fhir.md). */
export const FHIR_BASE_PATH = 'api/v1/trusts/:trustId/fhir/R4';
