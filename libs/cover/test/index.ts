// The cover lib's testing surface (`@app/cover/testing`): London wall-clock times, shifts and a seeded
// random for the rules' specs. Test-only: excluded from the build.
export * from './cover-test-helpers';
