// The core lib's testing surface (`@app/core/testing`): real PostgreSQL databases for tests, each cloned
// from a migrated template. Test-only: excluded from the build.
export * from './test-data-source';
export * from './test-database';
export * from './seeded-random';
