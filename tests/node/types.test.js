'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const pkgDir = path.resolve(__dirname, '..', '..', 'bindings-node');

const tsc = path.join(pkgDir, 'node_modules', 'typescript', 'bin', 'tsc');

function compile(file) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcs-tsc-'));
  const config = {
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: 'es2022',
      module: 'commonjs',
      lib: ['es2022', 'dom'],
      types: [],
      baseUrl: '.',
      paths: { 'partnercentral-selling': [path.join(pkgDir, 'index.d.ts')] },
    },
    files: [path.join(__dirname, 'fixtures', file)],
  };
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config));
  const r = spawnSync(process.execPath, [tsc, '-p', dir, '--pretty', 'false'], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: r.status, output: r.stdout + r.stderr };
}

test('index.d.ts matches what scripts/gen-types.js makes from the model', () => {
  const r = spawnSync(process.execPath, [path.join(pkgDir, 'scripts', 'gen-types.js'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('index.d.ts declares every enum value of the model as a string-literal union', () => {
  const dts = fs.readFileSync(path.join(pkgDir, 'index.d.ts'), 'utf8');
  const model = JSON.parse(fs.readFileSync(path.join(pkgDir, '..', 'core', 'model', 'create-engagement-invitation.model.json'), 'utf8'));
  for (const [name, shape] of Object.entries(model.shapes)) {
    if (!shape.enum) continue;
    const block = new RegExp(`export type ${name} =([^;]*);`).exec(dts);
    assert.ok(block, `no union for ${name}`);
    for (const value of shape.enum) assert.ok(block[1].includes(JSON.stringify(value)), `${name} lacks ${value}`);
  }
});

test('tsc --strict accepts a correct TypeScript program', () => {
  const r = compile('good.ts');
  assert.equal(r.status, 0, r.output);
});

test('tsc --strict rejects a misspelt member and a bad enum value, naming both', () => {
  const r = compile('bad.ts');
  assert.notEqual(r.status, 0);
  assert.match(r.output, /'SourceNmae' does not exist/);
  assert.match(r.output, /Type '"XX"' is not assignable to type 'CountryCode'/);
});
