#!/usr/bin/env bash
# Node tests: installs the package's dev dependencies by name (package.json / package-lock.json:
# @napi-rs/cli, typescript, @aws-sdk/client-partnercentral-selling), builds the addon in debug into
# the shared target directory, then runs node:test over tests/node against the emulator on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
export CI="${CI:-true}"

# index.d.ts and index.mjs come from the model through codegen: fail when they drift.
cargo run -q -p partnercentral-selling-codegen -- --check </dev/null

cd bindings-node
if [ -f package-lock.json ]; then
  npm ci --ignore-scripts --no-audit --no-fund </dev/null
else
  npm install --ignore-scripts --no-audit --no-fund </dev/null
fi
# Debug build into $CARGO_TARGET_DIR/$CARGO_BUILD_TARGET, shared with the other builds; never --strip
# (it changes RUSTFLAGS and rebuilds everything).
npx --no-install napi build --no-js --dts native.d.ts --output-dir . --features test-hooks </dev/null
cd ..

# Two files at a time: the hostile-value sweep is long and mostly native work, the rest overlaps it.
node --test --test-concurrency=2 --test-reporter=spec tests/node/*.test.js tests/node/*.test.mjs </dev/null
