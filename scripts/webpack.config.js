// `nest build scripts`: the operational scripts (migrations, demo seed) bundled like the apps, into
// dist/scripts/*.js, so the production image can run them with plain `node` (no ts-node there).
module.exports = (options) => ({
  ...options,
  entry: { migrate: './scripts/migrate.ts', 'seed-demo': './scripts/seed-demo.ts', 'reseal-secrets': './scripts/reseal-secrets.ts' },
  output: { ...options.output, filename: 'scripts/[name].js' },
});
