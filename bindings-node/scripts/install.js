#!/usr/bin/env node
'use strict';
// `npm install` hook: builds the native addon with this machine's cargo. It has no npm dependencies
// of its own because `npm install <path>` from another project runs it without installing ours.
// Skips the build when the addon is already there; uses @napi-rs/cli when present; otherwise runs
// `cargo build --release` and copies the library into place.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const addon = path.join(root, 'partnercentral-selling.node');

function run(cmd, args, env) {
  console.log(`partnercentral-selling: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} exited with ${r.status}`);
}

function hostTriple() {
  const r = spawnSync('rustc', ['-vV'], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const m = /^host: (\S+)$/m.exec(r.stdout);
  return m ? m[1] : undefined;
}

function libraryName() {
  if (process.platform === 'win32') return 'partnercentral_selling_node.dll';
  if (process.platform === 'darwin') return 'libpartnercentral_selling_node.dylib';
  return 'libpartnercentral_selling_node.so';
}

function buildWithCargo() {
  const triple = process.env.CARGO_BUILD_TARGET || hostTriple();
  // The crate lives in a workspace; cargo finds its target directory from the manifest.
  const meta = spawnSync('cargo', ['metadata', '--format-version', '1', '--no-deps', '--manifest-path', path.join(root, 'Cargo.toml')], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (meta.status !== 0) throw new Error(`cargo metadata failed: ${meta.stderr}`);
  const targetDir = process.env.CARGO_TARGET_DIR || JSON.parse(meta.stdout).target_directory;
  run('cargo', ['build', '--release', '--manifest-path', path.join(root, 'Cargo.toml'), ...(triple ? ['--target', triple] : [])]);
  const built = path.join(targetDir, ...(triple ? [triple] : []), 'release', libraryName());
  fs.copyFileSync(built, addon);
}

function main() {
  if (fs.existsSync(addon)) {
    console.log('partnercentral-selling: native addon present, skipping the build');
    return;
  }
  const cli = path.join(root, 'node_modules', '@napi-rs', 'cli', 'dist', 'cli.js');
  if (fs.existsSync(cli)) {
    run(process.execPath, [cli, 'build', '--release', '--no-js', '--dts', 'native.d.ts', '--output-dir', '.']);
  } else {
    buildWithCargo();
  }
  if (!fs.existsSync(addon)) throw new Error(`the build finished but ${addon} is missing`);
}

try {
  main();
} catch (err) {
  console.error(`partnercentral-selling: building the native addon failed: ${err.message}`);
  console.error('It needs a Rust toolchain (cargo) on PATH: https://rustup.rs');
  process.exit(1);
}
