'use strict';
// Loads the compiled addon, in this order:
// 1. NAPI_RS_NATIVE_LIBRARY_PATH (the napi-rs loaders' override), e.g. a release build for a benchmark;
// 2. a build from source beside package.json (`napi build` and scripts/install.js put it there);
// 3. the prebuilt platform package npm installed as an optional dependency (the napi-rs layout:
//    `partnercentral-selling-linux-x64-gnu` holds `partnercentral-selling.linux-x64-gnu.node`).
const fs = require('node:fs');
const path = require('node:path');

// Platform packages published with this version (scripts/dist.sh builds them), by process.platform-arch.
const PREBUILT = { 'linux-x64': 'partnercentral-selling-linux-x64-gnu' };

function load() {
  const override = process.env.NAPI_RS_NATIVE_LIBRARY_PATH;
  if (override) return [override, () => require(override)];
  const local = path.join(__dirname, '..', 'partnercentral-selling.node');
  if (fs.existsSync(local)) return [local, () => require(local)];
  const pkg = PREBUILT[`${process.platform}-${process.arch}`];
  if (pkg) return [pkg, () => require(pkg)];
  throw new Error(
    `partnercentral-selling: no prebuilt addon for ${process.platform}-${process.arch} ` +
      `(prebuilt: ${Object.keys(PREBUILT).join(', ')}). Build it from source: in a clone of the ` +
      'repository run `npm install` in bindings-node (needs cargo on PATH), then install that folder.',
  );
}

const [from, loadIt] = load();
let native;
try {
  native = loadIt();
} catch (err) {
  let hint = 'It exists but failed to load (a glibc older than 2.17, or musl, cannot load the prebuilt addon).';
  if (err && err.code === 'MODULE_NOT_FOUND') {
    hint = from.startsWith('partnercentral-selling-')
      ? `npm did not install the optional dependency ${from}: reinstall without --no-optional/--omit=optional, ` +
        'or build from source (`npm install` in bindings-node of a clone; needs cargo on PATH).'
      : 'The native addon is not built. Run `npm install` (or `npm run build:debug`) in the package folder; it needs cargo on PATH.';
  }
  throw new Error(`partnercentral-selling: cannot load the native addon from ${from}. ${hint}`, { cause: err });
}
module.exports = native;
