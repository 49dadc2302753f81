'use strict';
// The same snippet with @aws-sdk/client-partnercentral-selling and with this package, against the
// emulator: the same keys, values and error names.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { pkg, pkgDir, validInput } = require('./helpers');

const sdk = require(path.join(pkgDir, 'node_modules', '@aws-sdk', 'client-partnercentral-selling'));

let emu;
test.before(async () => {
  emu = await pkg.startEmulator();
});
test.after(async () => {
  await emu.stop();
});

function clients() {
  const config = { region: 'us-east-1', endpoint: emu.url, credentials: emu.credentials, maxAttempts: 1 };
  return [
    ['aws-sdk', new sdk.PartnerCentralSellingClient(config), sdk],
    ['ours', new pkg.PartnerCentralSellingClient({ ...config, parameterValidation: false }), pkg],
  ];
}

async function settle(promise) {
  try {
    return { ok: await promise };
  } catch (err) {
    return { err };
  }
}

test('success: same keys, the same invitation for the same ClientToken, same $metadata keys', async () => {
  const results = [];
  for (const [, client, mod] of clients()) {
    const r = await settle(client.send(new mod.CreateEngagementInvitationCommand(validInput({ ClientToken: 'parity-token-1' }))));
    assert.ok(r.ok, r.err && `${r.err.name}: ${r.err.message}`);
    results.push(r.ok);
  }
  const [theirs, ours] = results;
  assert.deepEqual(Object.keys(ours).sort(), Object.keys(theirs).sort());
  assert.deepEqual(Object.keys(ours.$metadata).sort(), Object.keys(theirs.$metadata).sort());
  assert.equal(ours.Id, theirs.Id);
  assert.equal(ours.Arn, theirs.Arn);
  assert.equal(ours.$metadata.httpStatusCode, theirs.$metadata.httpStatusCode);
  assert.equal(ours.$metadata.attempts, theirs.$metadata.attempts);
  assert.equal(ours.$metadata.totalRetryDelay, theirs.$metadata.totalRetryDelay);
});

const failing = [
  ['unknown engagement', () => validInput({ EngagementIdentifier: 'eng-zzzzzzzzzzzzzz' })],
  ['bad enum value', () => {
    const i = validInput();
    i.Invitation.Payload.OpportunityInvitation.Customer.CountryCode = 'USA';
    return i;
  }],
  ['conflicting ClientToken', () => {
    const i = validInput({ ClientToken: 'parity-token-1' });
    i.Invitation.Message = 'Not the first message';
    return i;
  }],
];

for (const [name, make] of failing) {
  test(`error parity: ${name}`, async () => {
    const errs = [];
    for (const [, client, mod] of clients()) {
      const r = await settle(client.send(new mod.CreateEngagementInvitationCommand(make())));
      assert.ok(r.err, 'expected a rejection');
      errs.push(r.err);
    }
    const [theirs, ours] = errs;
    assert.equal(ours.name, theirs.name);
    assert.equal(ours.message, theirs.message);
    assert.equal(ours.$fault, theirs.$fault);
    assert.equal(ours.$metadata.httpStatusCode, theirs.$metadata.httpStatusCode);
    assert.equal(ours.Reason, theirs.Reason);
    assert.deepEqual(ours.ErrorList, theirs.ErrorList);
    // `__type` is the JS SDK copying the wire's type tag onto the error; not part of the model.
    const visible = (e) => Object.keys(e).filter((k) => !k.startsWith('$') && k !== '__type' && e[k] !== undefined).sort();
    assert.deepEqual(visible(ours), visible(theirs));
    // Both are instances of their package's own class for that name.
    assert.ok(ours instanceof pkg[ours.name]);
    assert.ok(theirs instanceof sdk[theirs.name]);
  });
}
