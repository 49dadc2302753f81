'use strict';
// Loads the compiled addon. `napi build` and scripts/install.js both put it beside package.json
// under one name, so there is one place to look.
const path = require('node:path');

// NAPI_RS_NATIVE_LIBRARY_PATH (the napi-rs loaders' override) points at another build, e.g. a release
// build for a benchmark.
const file = process.env.NAPI_RS_NATIVE_LIBRARY_PATH || path.join(__dirname, '..', 'partnercentral-selling.node');
let native;
try {
  native = require(file);
} catch (err) {
  const hint = err && err.code === 'MODULE_NOT_FOUND'
    ? 'The native addon is not built. Run `npm install` (or `npm run build:debug`) in the package folder; it needs cargo on PATH.'
    : 'The native addon exists but failed to load.';
  throw new Error(`partnercentral-selling: cannot load ${file}. ${hint}`, { cause: err });
}
module.exports = native;
