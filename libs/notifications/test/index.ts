// The notifications lib's testing surface (`@app/notifications/testing`): a GOV.UK Notify-compatible
// server for tests and benchmarks. Test-only: excluded from the build.
export * from './notify-test-server';
