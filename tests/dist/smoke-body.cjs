'use strict';
// The installed npm tarballs, as a user gets them: the bundled emulator, a call through send() and
// through the aggregated client, local validation, a refused request and a panic; run by smoke.cjs (require)
// and smoke.mjs (import), each copied into the fresh install folder by scripts/test-dist.sh.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

module.exports = async function smoke(pkg, how) {
  const input = JSON.parse(fs.readFileSync(path.join(__dirname, 'input.json'), 'utf8'));
  const version = process.argv[2];
  const manifest = require('partnercentral-selling/package.json');
  assert.equal(manifest.version, version);
  // The addon comes from the platform package, not from a build inside the main package.
  const mainDir = path.dirname(require.resolve('partnercentral-selling/package.json'));
  assert.deepEqual(fs.readdirSync(mainDir).filter((f) => f.endsWith('.node')), []);
  const platform = require.resolve('partnercentral-selling-linux-x64-gnu');
  assert.ok(platform.endsWith('partnercentral-selling.linux-x64-gnu.node'), platform);

  const emu = await pkg.startEmulator();
  try {
    const config = { region: emu.region, endpoint: emu.url, credentials: emu.credentials };
    const client = new pkg.PartnerCentralSellingClient(config);
    const out = await client.send(new pkg.CreateEngagementInvitationCommand(input));
    assert.match(out.Id, /^engi-/);
    assert.equal(out.$metadata.httpStatusCode, 200);
    const out2 = await new pkg.PartnerCentralSelling(config).createEngagementInvitation(input);
    assert.match(out2.Id, /^engi-/);
    assert.notEqual(out2.Id, out.Id);

    const bad = { ...input, Catalog: 'not a catalog!' };
    assert.deepEqual(pkg.validate(bad).map((v) => v.path), ['Catalog']);
    await assert.rejects(client.send(new pkg.CreateEngagementInvitationCommand(bad)), (err) => {
      assert.ok(err instanceof pkg.ValidationError, String(err));
      return true;
    });
    assert.equal(emu.invitationCount(), 2);
  } finally {
    await emu.stop();
  }
  // A Rust panic unwinds to a rejected Promise (the addon is linked by zig, with its unwinder).
  await assert.rejects(require(platform).panicForTest('smoke panic'), /panic/i);
  console.log(`node smoke (${how}): ok (send, aggregated client, validation, panic; addon from ${path.basename(path.dirname(platform))})`);
};
