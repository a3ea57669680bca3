// The FHIR lib's testing surface (`@app/fhir/testing`): bundles as a trust would send them, and the R4
// validator every returned resource is checked with. Test-only: excluded from the build.
export * from './bundle-builder';
export * from './fhir-validator';
