/**
 * NestJS 12 ships as ES modules only. Node 20 loads them from our CommonJS build natively
 * (require(esm)), but Jest on Node 20 cannot, so in tests only we compile dependency ES modules to
 * CommonJS. `import.meta.url` (used by a few packages for createRequire) maps to the file's URL.
 * Files that are not ES modules pass through untouched, unless jest.config.js names them for
 * `dynamicImport`: CommonJS files that load an ES module with `import()`, which Jest cannot run without
 * --experimental-vm-modules; their `import()` becomes a `require` (of the compiled module).
 */
const babel = require('@babel/core');
const crypto = require('node:crypto');

const ESM_SYNTAX = /^\s*(import\s*[\w{*'"]|export\s)/m;

function dynamicImportsToRequire(source, filename) {
  return babel.transformSync(source, {
    filename,
    babelrc: false,
    configFile: false,
    sourceType: 'script',
    compact: false,
    plugins: [require.resolve('@babel/plugin-transform-dynamic-import'), [require.resolve('@babel/plugin-transform-modules-commonjs'), { loose: false }]],
  }).code;
}

function toCommonJs(source, filename) {
  if (!ESM_SYNTAX.test(source)) return source;
  const prepared = source
    // `const require = createRequire(import.meta.url)` would redeclare the CommonJS require.
    .replace(/^\s*const\s+require\s*=\s*createRequire\(import\.meta\.url\);?\s*$/gm, '')
    .replace(/createRequire\(import\.meta\.url\)/g, 'require')
    .replace(/import\.meta\.url/g, 'require("node:url").pathToFileURL(__filename).href')
    .replace(/import\.meta\.dirname/g, '__dirname')
    .replace(/import\.meta\.filename/g, '__filename');
  return babel.transformSync(prepared, {
    filename,
    babelrc: false,
    configFile: false,
    sourceType: 'module',
    compact: false,
    plugins: [require.resolve('@babel/plugin-transform-dynamic-import'), [require.resolve('@babel/plugin-transform-modules-commonjs'), { loose: false }]],
  }).code;
}

module.exports = {
  process(source, filename, options) {
    const dynamicImport = options?.transformerConfig?.dynamicImport === true;
    return { code: dynamicImport && !ESM_SYNTAX.test(source) ? dynamicImportsToRequire(source, filename) : toCommonJs(source, filename) };
  },
  getCacheKey(source, filename, options) {
    const mode = options?.transformerConfig?.dynamicImport === true ? 'dynamic-import' : 'esm';
    return crypto.createHash('sha1').update('esm-to-cjs-v2').update(mode).update(filename).update(source).digest('hex');
  },
};
