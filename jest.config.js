/**
 * One suite, three kinds of test (see docs/architecture.md):
 *   *.spec.ts      pure/unit tests beside the code
 *   *.int-spec.ts  integration tests against real PostgreSQL and Redis
 *   *.e2e-spec.ts  HTTP end-to-end tests (apps/api/test)
 * globalSetup checks the services answer and builds a migrated template database;
 * every integration/e2e file clones its own database from that template.
 */
const aliases = ['core', 'organisations', 'walkouts', 'rebooking', 'cover', 'recall', 'notifications', 'web', 'console', 'fhir'];
const moduleNameMapper = {};
for (const name of aliases) {
  moduleNameMapper[`^@app/${name}$`] = `<rootDir>/libs/${name}/src`;
  // Test support lives beside a lib, outside its src/, behind `@app/<lib>/testing` (never built).
  moduleNameMapper[`^@app/${name}/testing$`] = `<rootDir>/libs/${name}/test`;
  moduleNameMapper[`^@app/${name}/(.*)$`] = `<rootDir>/libs/${name}/src/$1`;
}

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testRegex: '.*\\.(spec|int-spec|e2e-spec)\\.ts$',
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.spec.json', diagnostics: false }],
    // @fastify/cookie is CommonJS but loads the ES-module-only `cookie` with import(): see the transformer.
    '/node_modules/@fastify/cookie/.+\\.js$': ['<rootDir>/test/esm-to-commonjs.transformer.js', { dynamicImport: true }],
    '^.+\\.m?js$': '<rootDir>/test/esm-to-commonjs.transformer.js',
  },
  // Dependencies are compiled too (see the transformer): NestJS 12 is published as ES modules only.
  transformIgnorePatterns: [],
  moduleNameMapper,
  globalSetup: '<rootDir>/libs/core/test/jest-global-setup.ts',
  testSequencer: '<rootDir>/test/test-sequencer.js',
  setupFiles: ['reflect-metadata'],
  testTimeout: 30000,
  maxWorkers: 2,
};
