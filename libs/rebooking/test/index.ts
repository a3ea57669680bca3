// The rebooking lib's testing surface (`@app/rebooking/testing`): engine factories, the seeded synthetic
// national walkout, and the exact min-cost oracle the greedy engine is measured against. Test-only:
// excluded from the build.
export * from './engine-test-factories';
export * from './optimal';
export * from './quality';
export * from './synthetic-rebooking-input';
