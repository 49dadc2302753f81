#!/usr/bin/env node
'use strict';
// Packs the npm packages in the napi-rs layout (what `napi prepublish` does for @napi-rs/cli projects):
//   partnercentral-selling                JavaScript, types and the loader (bindings-node/lib/native.js),
//                                         with the platform package as an optional dependency;
//   partnercentral-selling-linux-x64-gnu  the .node addon only (bindings-node/npm/linux-x64-gnu/).
// The repository's bindings-node/package.json stays the source-build manifest (its `install` script
// compiles with cargo); the published main package drops that script, the Rust sources and the dev
// dependencies, and gains `optionalDependencies`.
//
// usage: node scripts/dist/npm-pack.js --addon <built .so> --version <x.y.z> --out <dir> --stage <dir>
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const node = path.join(root, 'bindings-node');

function args() {
  const out = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) out[argv[i].replace(/^--/, '')] = argv[i + 1];
  for (const k of ['addon', 'version', 'out', 'stage']) {
    if (!out[k]) throw new Error(`npm-pack.js: --${k} is required (usage in the file's header)`);
  }
  return out;
}

function copy(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.cpSync(from, to, { recursive: true });
}

function writeJson(file, data) {
  fs.writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
}

function pack(dir, out) {
  const json = execFileSync('npm', ['pack', '--json', '--pack-destination', out], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [info] = JSON.parse(json);
  return path.join(out, info.filename);
}

function main() {
  const { addon, version, out, stage } = args();
  if (!fs.existsSync(addon)) throw new Error(`npm-pack.js: the addon ${addon} does not exist; build it first (scripts/dist.sh does)`);
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const legal = ['LICENSE', 'NOTICE'];

  // The platform package.
  const platformSrc = path.join(node, 'npm', 'linux-x64-gnu');
  const platformManifest = JSON.parse(fs.readFileSync(path.join(platformSrc, 'package.json'), 'utf8'));
  const platformDir = path.join(stage, platformManifest.name);
  copy(path.join(platformSrc, 'README.md'), path.join(platformDir, 'README.md'));
  copy(addon, path.join(platformDir, platformManifest.main));
  for (const f of legal) copy(path.join(root, f), path.join(platformDir, f));
  writeJson(path.join(platformDir, 'package.json'), { ...platformManifest, version });

  // The main package.
  const manifest = JSON.parse(fs.readFileSync(path.join(node, 'package.json'), 'utf8'));
  const mainDir = path.join(stage, manifest.name);
  const files = ['index.js', 'index.mjs', 'index.d.ts', 'lib'];
  for (const f of files) copy(path.join(node, f), path.join(mainDir, f));
  copy(path.join(node, 'README.md'), path.join(mainDir, 'README.md'));
  for (const f of legal) copy(path.join(root, f), path.join(mainDir, f));
  const published = { ...manifest, version, files: [...files.map((f) => (f === 'lib' ? 'lib/' : f)), ...legal] };
  delete published.scripts;
  delete published.devDependencies;
  published.optionalDependencies = { [platformManifest.name]: version };
  writeJson(path.join(mainDir, 'package.json'), published);

  for (const dir of [platformDir, mainDir]) console.log(pack(dir, out));
}

try {
  main();
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
