'use strict';
// The package as a user installs it: require() and import both load it, the install script skips
// a built addon, and `npm install <path>` from another project works.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { pkg, pkgDir } = require('./helpers');

test('require() and import give the same objects', async () => {
  const esm = await import(path.join(pkgDir, 'index.mjs'));
  for (const name of Object.keys(pkg)) assert.equal(esm[name], pkg[name], name);
  assert.equal(esm.default, pkg);
  const manifest = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  assert.equal(manifest.name, 'partnercentral-selling');
  assert.equal(manifest.exports['.'].import, './index.mjs');
  assert.equal(manifest.exports['.'].require, './index.js');
  assert.equal(manifest.exports['.'].types, './index.d.ts');
});

test('the install script skips the build when the addon exists', () => {
  const r = spawnSync(process.execPath, [path.join(pkgDir, 'scripts', 'install.js')], { cwd: pkgDir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /native addon present, skipping the build/);
});

test('npm install <path> from another project: require and import by name both work', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcs-consumer-'));
  try {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--offline', pkgDir], { cwd: dir, encoding: 'utf8', input: '' });
    assert.equal(npm.status, 0, npm.stdout + npm.stderr);
    const cjs = spawnSync(process.execPath, ['-e', "const p = require('partnercentral-selling'); console.log(typeof p.PartnerCentralSellingClient, p.validate({}).length > 0)"], { cwd: dir, encoding: 'utf8' });
    assert.equal(cjs.stdout.trim(), 'function true', cjs.stderr);
    const mjs = spawnSync(process.execPath, ['--input-type=module', '-e', "import { PartnerCentralSellingClient, ValidationError } from 'partnercentral-selling'; console.log(typeof PartnerCentralSellingClient, ValidationError.name)"], { cwd: dir, encoding: 'utf8' });
    assert.equal(mjs.stdout.trim(), 'function ValidationError', mjs.stderr);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
