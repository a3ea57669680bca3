// The web lib's testing surface (`@app/web/testing`). Test-only: excluded from the build.
export * from './test-renderer';
